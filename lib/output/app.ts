/**
 * The cdk8s App that turns the catalogue into dist/: Kubernetes objects through cdk8s, plain files
 * written after them. Everything is rendered in memory first, so a failure writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { catalogOf, catalogProblems } from '../model/catalog';
import { CatalogError, collectErrors } from '../model/problems';
import { Service } from '../model/service';
import { attachSettings, Settings, type SettingsProps } from '../model/settings';
import type { Manifest, Renderer } from '../renderer';
import { RENDERERS } from './renderers';
import { serialize } from './serialize';

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
}

/** Everything one synth produces, before it is written. */
export interface Output {
  readonly manifests: readonly Manifest[];
  /** Path → file content, sorted by path. */
  readonly files: ReadonlyMap<string, string>;
}

/** Folder of dist/ that holds the Kubernetes manifests, one file per object. */
export const KUBERNETES_CHART = 'kubernetes';

export class MonitoringApp extends App {
  readonly settings: Settings;
  private readonly renderers: readonly Renderer[];
  private chart: Chart | undefined;

  constructor(props: MonitoringAppProps = {}) {
    super({
      ...(props.outdir ? { outdir: props.outdir } : {}),
      yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
      outputFileExtension: '.k8s.yaml',
    });
    this.settings = new Settings(props);
    this.renderers = props.renderers ?? RENDERERS;
    attachSettings(this, this.settings);
  }

  /** Every error in the catalogue, as `[construct path] message`. */
  problems(): string[] {
    return [...collectErrors(this), ...catalogProblems(catalogOf(this))];
  }

  /** Naming-convention warnings, as `[construct path] message`. */
  warnings(): string[] {
    return catalogOf(this).services.flatMap((s: Service) => s.warnings.map((w) => `[${s.node.path}] warning: ${w}`));
  }

  /** Renders every output family in memory; throws CatalogError listing all problems when the catalogue is invalid. */
  render(): Output {
    const problems = this.problems();
    if (problems.length > 0) throw new CatalogError(problems);
    const catalog = catalogOf(this);
    const manifests: Manifest[] = [];
    const files = new Map<string, string>();
    const objectNames = new Set<string>();
    for (const renderer of this.renderers) {
      const out = renderer.render(catalog);
      for (const m of out.manifests ?? []) {
        const key = `${m.kind}.${m.metadata.name}`;
        // dist/kubernetes holds one file per Kind.name, so names must be unique across namespaces too.
        if (objectNames.has(key)) throw new Error(`${renderer.name}: two Kubernetes objects would be written as ${key}; object names must be unique per kind`);
        objectNames.add(key);
        manifests.push(m);
      }
      for (const f of out.files ?? []) {
        if (files.has(f.path)) throw new Error(`${renderer.name}: file ${f.path} is rendered twice`);
        if (f.path.endsWith('.yaml')) throw new Error(`${renderer.name}: ${f.path} must use .yml (cdk8s treats every .yaml file as a manifest)`);
        files.set(f.path, serialize(f));
      }
    }
    const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { manifests, files: sorted };
  }

  synth(): void {
    const output = this.render();
    for (const w of this.warnings()) console.warn(w);
    if (!this.chart) {
      this.chart = new Chart(this, KUBERNETES_CHART);
      for (const m of output.manifests) {
        new ApiObject(this.chart, `${m.kind}-${m.metadata.namespace ?? ''}-${m.metadata.name}`, m);
      }
    }
    super.synth();
    for (const [rel, content] of output.files) {
      const file = path.join(this.outdir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
}
