/**
 * The contract between renderers and the output writer. A renderer is a function of the catalogue
 * that returns plain objects: Kubernetes manifests and plain files. It never writes anything.
 */
import type { Catalog } from './model/catalog';

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [key: string]: unknown;
}

export interface OutputFile {
  /** Path relative to the output directory; YAML files end in `.yml` (cdk8s reads every `.yaml` as a manifest). */
  readonly path: string;
  readonly format: 'yaml' | 'json' | 'text';
  /** An object for yaml/json, a string (or a LazyText) for text. */
  readonly content: unknown;
  /**
   * `always`: written whatever the `delivery` setting says (documentation for people).
   * @default written only when plain files are delivered
   */
  readonly delivery?: 'always';
}

/**
 * A text made when its first document is serialized, and made once however many documents hold it
 * (a dashboard's JSON is its file and its ConfigMap's value): serializing stays with the writer.
 * Serializers read it through toJSON (YAML, JSON) or toString (plain text).
 */
export class LazyText {
  private text?: string;
  constructor(private readonly make: () => string) {}
  toString(): string {
    return (this.text ??= this.make());
  }
  toJSON(): string {
    return this.toString();
  }
}

export interface Rendered {
  readonly manifests?: readonly Manifest[];
  readonly files?: readonly OutputFile[];
  /**
   * Problems in the catalogue found while rendering this piece (a service over its series budget,
   * counted from the rules just built): the synth fails with every such problem, and writes nothing.
   * @default none
   */
  readonly problems?: readonly string[];
}

/** What the writer tells a renderer about the synth so far. */
export interface RenderContext {
  /**
   * Paths (relative to the output directory) of every file written before this renderer ran,
   * Kubernetes objects included; the docs renderer runs last and links only these.
   */
  readonly written: ReadonlySet<string>;
}

export interface Renderer {
  /** Name of the output family, for error messages. */
  readonly name: string;
  render(catalog: Catalog, context?: RenderContext): Rendered;
  /**
   * The same output in pieces (e.g. one per service), so the writer holds one piece at a time.
   * @default one piece: `render(catalog)`
   */
  renderEach?(catalog: Catalog, context?: RenderContext): Iterable<Rendered>;
}

/** Pieces of output as one. */
export function joined(pieces: Iterable<Rendered>): Rendered {
  const manifests: Manifest[] = [];
  const files: OutputFile[] = [];
  const problems: string[] = [];
  for (const p of pieces) {
    manifests.push(...(p.manifests ?? []));
    files.push(...(p.files ?? []));
    problems.push(...(p.problems ?? []));
  }
  return { manifests, files, ...(problems.length ? { problems } : {}) };
}
