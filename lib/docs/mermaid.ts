/**
 * Mermaid flowcharts, the diagram type GitHub renders in ```mermaid blocks. Node ids are generated
 * (`n0`, `n1`… never a keyword such as `end`), every label is quoted, and label text is escaped with
 * Mermaid's entity codes, so user text cannot end a label or be read as HTML or Markdown.
 */

export type Shape = 'box' | 'round' | 'stadium' | 'subroutine' | 'cylinder' | 'hexagon' | 'rhombus';
export type EdgeStyle = 'solid' | 'dotted' | 'thick';

const SHAPES: Record<Shape, readonly [string, string]> = {
  box: ['[', ']'], round: ['(', ')'], stadium: ['([', '])'], subroutine: ['[[', ']]'],
  cylinder: ['[(', ')]'], hexagon: ['{{', '}}'], rhombus: ['{', '}'],
};

/** Mermaid's defaults past which it refuses to draw (`maxTextSize`, `maxEdges`). */
export const MERMAID_LIMITS = { textSize: 50_000, edges: 500 } as const;

/**
 * Text for inside a quoted label: `#`, `"`, `<`, `>`, `&` and backticks as entity codes (`#34;`), newlines
 * as `<br>` (the one HTML tag emitted).
 */
export function mermaidText(s: string): string {
  return s.replace(/[#"<>&`]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\r?\n/g, '<br>');
}

interface Block {
  readonly lines: string[];
}

export class Flowchart {
  private readonly ids = new Map<string, string>();
  private readonly top: Block = { lines: [] };
  private current: Block = this.top;
  private readonly edgeLines: string[] = [];
  private depth = 1;

  constructor(private readonly direction: 'LR' | 'TD' = 'LR') {}

  /** Number of edges drawn so far. */
  get edges(): number {
    return this.edgeLines.length;
  }

  /** Declares a node once per key (in the current subgraph) and returns its id. */
  node(key: string, label: string, shape: Shape = 'box'): string {
    const known = this.ids.get(key);
    if (known) return known;
    const id = `n${this.ids.size}`;
    this.ids.set(key, id);
    const [open, close] = SHAPES[shape];
    this.current.lines.push(`${'  '.repeat(this.depth)}${id}${open}"${mermaidText(label)}"${close}`);
    return id;
  }

  /** The id of a node declared before. */
  id(key: string): string | undefined {
    return this.ids.get(key);
  }

  edge(from: string, to: string, label?: string, style: EdgeStyle = 'solid'): void {
    const arrow = style === 'dotted' ? '-.->' : style === 'thick' ? '==>' : '-->';
    this.edgeLines.push(`  ${from} ${arrow}${label === undefined ? '' : `|"${mermaidText(label)}"|`} ${to}`);
  }

  /** Nodes declared inside `body` are drawn in a titled box. */
  subgraph(key: string, label: string, body: () => void): void {
    const id = `s${this.ids.size}`;
    this.ids.set(`subgraph:${key}`, id);
    const outer = this.current;
    const inner: Block = { lines: [] };
    this.current = inner;
    this.depth++;
    try {
      body();
    } finally {
      this.depth--;
      this.current = outer;
    }
    const pad = '  '.repeat(this.depth);
    outer.lines.push(`${pad}subgraph ${id}["${mermaidText(label)}"]`, ...inner.lines, `${pad}end`);
  }

  /** The diagram's source, without the fence. */
  source(): string {
    return [`flowchart ${this.direction}`, ...this.top.lines, ...this.edgeLines].join('\n');
  }

  /** The fenced block GitHub renders. */
  fenced(): string[] {
    return ['```mermaid', this.source(), '```', ''];
  }
}
