/**
 * The cdk8s App that turns the catalogue into dist/. The whole catalogue is validated first (the
 * series budgets, which count the generated rules, as the rules render); then each renderer's output
 * is serialized and written piece by piece (one service at a time) into a staging folder that
 * replaces the output folder only when everything is written. So memory stays bounded by the
 * largest piece, and a failure leaves the previous output as it was.
 *
 * Kubernetes objects are written here in cdk8s' own layout and form (manifest.ts) rather than
 * through ApiObjects: cdk8s resolves, validates and serializes every object again, which was a
 * third of a large synth. `cdk8s synth` still runs this app and reads the same files.
 */
import { App, YamlOutputType } from 'cdk8s';
import { catalogOf, catalogProblems, emptyCatalogProblems, type Catalog } from '../model/catalog';
import { CatalogError, collectErrors, SETTINGS_PATH } from '../model/problems';
import { Service } from '../model/service';
import type { Dashboard } from '../model/dashboard';
import { attachSettings, Settings, type SettingsProps } from '../model/settings';
import type { Manifest, OutputFile, Renderer, Rendered } from '../renderer';
import { KUBERNETES_DIR, manifestPath } from '../conventions';
import { budgetProblems } from '../slo/cardinality';
import { ruleSetBuilds } from '../slo/rules';
import { sloRenderer } from '../slo';
import { RENDERERS } from './renderers';
import { manifestText, serialize } from './serialize';
import { StagingDir } from './staging';
import { BACKGROUND_AFTER, DocumentWriter, type Document } from './writer';
import { SynthStats } from './stats';

export interface MonitoringAppProps extends SettingsProps {
  /**
   * Output directory.
   * @default $CDK8S_OUTDIR, else 'dist'
   */
  readonly outdir?: string;
  /**
   * Output families to render.
   * @default every family
   */
  readonly renderers?: readonly Renderer[];
  /**
   * Documents the synth writes on the main thread before it starts a writer thread, which serializes
   * and writes the rest while the main thread renders, once it has loaded (about 0.1 s). 0: every
   * document on the thread (the synth waits for it to load); Infinity: no thread.
   * @default 1000
   */
  readonly backgroundWriteAfter?: number;
}

/** Everything one synth produces, before it is written. */
export interface Output {
  readonly manifests: readonly Manifest[];
  /** Path → file content, sorted by path. */
  readonly files: ReadonlyMap<string, string>;
}

/** Folder of dist/ that holds the Kubernetes manifests, one file per object. */
export const KUBERNETES_CHART = KUBERNETES_DIR;

export class MonitoringApp extends App {
  readonly settings: Settings;
  /** What the last synth or render did: counts for the regression guard, bytes and files for the benchmark. */
  stats = new SynthStats();
  private readonly renderers: readonly Renderer[];
  private readonly backgroundWriteAfter: number;

  constructor(props: MonitoringAppProps = {}) {
    super({
      ...(props.outdir ? { outdir: props.outdir } : {}),
      yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
      outputFileExtension: '.k8s.yaml',
    });
    this.settings = new Settings(props);
    this.renderers = props.renderers ?? RENDERERS;
    this.backgroundWriteAfter = props.backgroundWriteAfter ?? BACKGROUND_AFTER;
    attachSettings(this, this.settings);
  }

  /** Every error in the catalogue, as `[construct path] message`. */
  problems(): string[] {
    return this.problemsOf(this.catalog());
  }

  /** Naming-convention warnings, as `[construct path] message`. */
  warnings(): string[] {
    return warningsOf(this.catalog());
  }

  /** Renders every output family in memory (for tests; synth streams instead); throws CatalogError when the catalogue is invalid. */
  render(): Output {
    const manifests: Manifest[] = [];
    const files = new Map<string, string>();
    for (const doc of this.documents()) {
      if (doc.manifest) manifests.push(doc.manifest);
      else files.set(doc.path, doc.text());
    }
    const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { manifests, files: sorted };
  }

  synth(): void {
    const docs = this.documents(true);
    // The first step validates the whole catalogue, before anything touches the disk.
    let next = docs.next();
    const staging = new StagingDir(this.outdir);
    const writer = new DocumentWriter(staging, this.backgroundWriteAfter);
    try {
      for (; !next.done; next = docs.next()) writer.write(next.value);
      const written = writer.finish();
      staging.commit();
      this.stats.bytes = written.bytes;
      this.stats.files = written.files;
      this.stats.documents += writer.background;
      this.stats.threadDocuments = writer.background;
    } catch (e) {
      writer.abort();
      staging.abort();
      throw e;
    }
  }

  /**
   * Every document of the synth, rendered one renderer piece at a time as it is iterated, after the
   * whole catalogue is validated (throws CatalogError listing all problems; the series budgets as the
   * rules render, before their piece is yielded). `printWarnings` (synth) prints the naming warnings
   * then, and refuses a catalogue that declares nothing. `text()` serializes; the benchmark times it apart from rendering.
   */
  *documents(printWarnings = false): Generator<Document> {
    this.stats = new SynthStats();
    const stats = this.stats;
    const builtBefore = ruleSetBuilds();
    const catalog = this.catalog();
    // An empty catalogue renders (tests render parts of one), but a synth of it is a mistake.
    // Series budgets count the generated rules: when the rules renderer runs, they are checked as it
    // builds them (each piece's `problems`), so the rules are not built once more just to be counted.
    const budgetsLater = this.renderers.includes(sloRenderer);
    const problems = [...(printWarnings ? emptyCatalogProblems(catalog) : []), ...this.problemsOf(catalog, budgetsLater)];
    if (problems.length > 0) throw new CatalogError(problems);
    if (printWarnings) for (const w of warningsOf(catalog)) console.warn(w);
    const delivery = this.settings.delivery;
    const objectNames = new Set<string>();
    const paths = new Set<string>();
    // What was written so far: the docs renderer, last, links only files that exist.
    const written = new Set<string>();
    const context = { written };
    const counted = (text: () => string) => () => {
      this.stats.documents++;
      return text();
    };
    for (const renderer of this.renderers) {
      const pieces: Iterable<Rendered> = renderer.renderEach ? renderer.renderEach(catalog, context) : [renderer.render(catalog, context)];
      for (const piece of pieces) {
        // Every service's budget, then, so that one run reports them all (the ones rendered are remembered).
        if (piece.problems?.length) throw new CatalogError(budgetProblems(catalog));
        for (const m of piece.manifests ?? []) {
          const key = `${m.kind}.${m.metadata.name}`;
          // dist/kubernetes holds one file per Kind.name, so names must be unique across namespaces too.
          if (objectNames.has(key)) throw new Error(`${renderer.name}: two Kubernetes objects would be written as ${key}; object names must be unique per kind`);
          objectNames.add(key);
          if (delivery === 'files') continue;
          const at = manifestPath(m.kind, m.metadata.name);
          written.add(at);
          yield { path: at, manifest: m, text: counted(() => manifestText(m)) };
        }
        for (const f of piece.files ?? []) {
          if (paths.has(f.path)) throw new Error(`${renderer.name}: file ${f.path} is rendered twice`);
          if (f.path.endsWith('.yaml')) throw new Error(`${renderer.name}: ${f.path} must use .yml (cdk8s treats every .yaml file as a manifest)`);
          paths.add(f.path);
          if (!delivered(f, delivery)) continue;
          written.add(f.path);
          yield { path: f.path, file: f, text: counted(() => serialize(f)) };
        }
        stats.ruleSets = ruleSetBuilds() - builtBefore;
      }
    }
  }

  private catalog(): Catalog {
    this.stats.treeWalks++;
    return catalogOf(this);
  }

  /** `budgetsLater`: leave the series budgets out when nothing else is wrong (the synth checks them as it renders the rules). */
  private problemsOf(catalog: Catalog, budgetsLater = false): string[] {
    const errors = collectErrors(this, () => this.stats.validations++);
    this.stats.treeWalks++;
    const others = [...errors, ...catalogProblems(catalog)];
    if (budgetsLater && others.length === 0) return [];
    // `[services/x] …` and `[services/x/slo] …` both make service x broken.
    const broken = new Set(catalog.services.map((s) => s.node.path).filter((p) => others.some((e) => e.startsWith(`[${p}]`) || e.startsWith(`[${p}/`))));
    // Budgets are only checked against valid cardinality settings.
    if (others.some((e) => e.startsWith(`[${SETTINGS_PATH}] cardinality.`))) return others;
    return [...others, ...budgetProblems(catalog, broken)];
  }
}

export type { Document };

const delivered = (f: OutputFile, delivery: Settings['delivery']): boolean => f.delivery === 'always' || delivery !== 'operator';

function warningsOf(catalog: Catalog): string[] {
  return [
    ...[...catalog.services, ...catalog.dashboards].flatMap((s: Service | Dashboard) => s.warnings.map((w) => `[${s.node.path}] warning: ${w}`)),
    ...catalog.platformAlerts.flatMap((a) => a.warnings.map((w) => `[${a.node.path}] warning: ${w}`)),
    ...catalog.exporters.flatMap((e) => e.warnings.map((w) => `[${e.node.path}] warning: ${w}`)),
  ];
}
