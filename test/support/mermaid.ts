/**
 * The real Mermaid parser (the library GitHub renders ```mermaid blocks with), run in Node: Mermaid
 * sanitizes labels with DOMPurify, which needs a window, so happy-dom provides one first.
 */
import { Window } from 'happy-dom';

type Parse = (text: string) => Promise<{ diagramType: string }>;
let parser: Promise<Parse> | undefined;

async function load(): Promise<Parse> {
  const g = globalThis as Record<string, unknown>;
  if (!g.window) {
    const w = new Window();
    g.window = w;
    g.document = w.document;
  }
  const { default: mermaid } = await import('mermaid');
  return (text) => mermaid.parse(text) as Promise<{ diagramType: string }>;
}

/** The diagram type Mermaid parsed the text as; throws Mermaid's parse error. */
export async function mermaidParse(text: string): Promise<string> {
  parser ??= load();
  return (await (await parser)(text)).diagramType;
}

/** The ```mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
}
