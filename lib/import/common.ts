/** What the Sloth and OpenSLO importers share: reading files, reporting with file and path, plain counter queries. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { reservedLabel } from '../model/alert-labels';
import { Metric } from '../model/metric';
import { Problems, show } from '../model/problems';
import { Service, type ServiceProps } from '../model/service';
import { Sli } from '../model/sli';
import { WINDOW_PLACEHOLDER } from '../model/sli';
import type { Matcher, MatchOp } from '../promql/expr';

/** What a Sloth or OpenSLO file does not say about a service. */
export interface ImportProps extends Omit<ServiceProps, 'name' | 'namespace' | 'labels' | 'metrics'> {
  /**
   * Kubernetes namespace of the services.
   * @default the object's `metadata.namespace` (PrometheusServiceLevel); required otherwise
   */
  readonly namespace?: string;
  /**
   * Metrics every imported service declares; plain counter SLIs use these when they name them, and declare a stand-in counter (with a warning) when not.
   * @default []
   */
  readonly metrics?: readonly Metric[];
}

/** One YAML document of an imported file, with its place for messages. */
export interface ImportDoc {
  readonly file: string;
  /** `documents[i]` when the file holds several, else ''. */
  readonly at: string;
  readonly value: unknown;
}

/** Errors (nothing is written) and warnings of one imported file, each naming the file and the path in it. */
export class ImportReport extends Construct {
  private readonly problems: Problems;
  private readonly notes: string[] = [];
  constructor(scope: Construct, readonly file: string) {
    // Two files of one name in different folders get ids of their own.
    const id = (n: number) => `import ${path.basename(file)}${n > 1 ? ` (${n})` : ''}`;
    let n = 1;
    while (scope.node.tryFindChild(id(n))) n++;
    super(scope, id(n));
    this.problems = new Problems(this);
  }
  error(at: string, value: unknown, expected: string): void {
    this.problems.error(`${this.file} ${at}`, value, expected);
  }
  warn(at: string, text: string): void {
    this.notes.push(`${this.file} ${at}: ${text}`);
  }
  /** Hands the warnings to the services, whose warnings synth prints. */
  flush(services: readonly Service[]): void {
    const target = services[0];
    if (target) for (const n of this.notes.splice(0)) target.warn(n);
    else for (const n of this.notes.splice(0)) this.problems.message(`${n} (and no service was imported)`);
  }
}

/** The file's text and its documents (several `---` documents allowed). */
export function readDocs(file: string, report: ImportReport, text?: string): ImportDoc[] {
  let source: string;
  try {
    source = text ?? fs.readFileSync(file, 'utf8');
  } catch (e) {
    report.error('(file)', file, `a readable file (${(e as Error).message})`);
    return [];
  }
  const docs = parseAllDocuments(source);
  if (!Array.isArray(docs)) return [];
  const out: ImportDoc[] = [];
  docs.forEach((d, i) => {
    const at = docs.length > 1 ? `documents[${i}]` : '';
    if (d.errors.length) report.error(at || '(document)', d.errors[0]!.message.split('\n')[0], 'valid YAML');
    else if (d.contents !== null) out.push({ file, at, value: d.toJS() });
  });
  return out;
}

export const join = (at: string, key: string | number): string =>
  typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key;

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Warns about every key of `o` not in `known`: the importer cannot carry it over. */
export function unknownKeys(report: ImportReport, at: string, o: Obj, known: readonly string[], why = 'not a field we know, so it is ignored'): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) report.warn(join(at, k), why);
}

/** A string→string map, or undefined with an error. */
export function stringMap(report: ImportReport, at: string, v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (!isObj(v)) { report.error(at, v, 'a map of strings'); return {}; }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
    else report.error(join(at, k), show(x), 'a string');
  }
  return out;
}

/**
 * Labels without the ones we set ourselves: each dropped with a warning saying why (an imported
 * `severity: critical` on a page alert is what we set anyway).
 */
export function userLabels(report: ImportReport, at: string, labels: Record<string, string>, ours: Readonly<Record<string, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    const reserved = reservedLabel(k);
    if (!reserved) { out[k] = v; continue; }
    const same = ours[k] === v ? ` (we set the same value, ${JSON.stringify(v)})` : ours[k] !== undefined ? ` (we set ${JSON.stringify(ours[k])})` : '';
    report.warn(join(at, k), `dropped ${JSON.stringify(v)}${same}: ${reserved.replace(/^a label name we do not set for you: /, '')}`);
  }
  return out;
}

/** `sum [by (…)] (rate|increase(metric{matchers}[{{.window}}])) [by (…)]`, taken apart; undefined when the query is anything else. */
export interface PlainCounter {
  readonly metric: string;
  readonly matchers: Matcher[];
  readonly by: string[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const BY = String.raw`\s*by\s*\(\s*([a-zA-Z0-9_,\s]*)\)\s*`;
const PLAIN = new RegExp(String.raw`^\s*sum(?:${BY})?\s*\(\s*(?:rate|increase)\s*\(\s*(${NAME})\s*(?:\{([^{}]*)\})?\s*\[\s*\{\{\s*\.window\s*\}\}\s*\]\s*\)\s*\)(?:${BY})?\s*$`);
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

export function plainCounter(query: string): PlainCounter | undefined {
  const m = PLAIN.exec(query);
  if (!m) return undefined;
  const matchers: Matcher[] = [];
  for (const part of (m[3] ?? '').split(',').filter((p) => p.trim() !== '')) {
    const mm = MATCHER.exec(part);
    if (!mm) return undefined;
    matchers.push({ label: mm[1]!, op: mm[2] as MatchOp, value: JSON.parse(`"${mm[3]!}"`) as string });
  }
  const by = (m[1] ?? m[4] ?? '').split(',').map((s) => s.trim()).filter(Boolean).sort();
  return { metric: m[2]!, matchers, by };
}

/** Counter names that are really series of a histogram or summary: a ratio SLI cannot declare them as counters. */
const NOT_A_COUNTER = /_(count|sum|bucket)$/;

/**
 * A Sloth-style events SLI as our ratio SLI on declared counters when both queries are plain, else as
 * a raw SLI; with the group-by labels both queries use.
 */
export function eventsSli(
  report: ImportReport, at: string, service: Service, errorQuery: string, totalQuery: string, declared: readonly Metric[],
): { sli: Sli; groupBy: string[] } {
  const [e, t] = [plainCounter(errorQuery), plainCounter(totalQuery)];
  const raw = (why: string) => {
    report.warn(at, `imported as a raw SLI: ${why}`);
    return { sli: Sli.raw({ errorRatioQuery: `(${errorQuery.trim()})\n/\n(${totalQuery.trim()})` }), groupBy: [] };
  };
  if (!e || !t) return raw('not a plain sum(rate(counter{…}[{{.window}}])) on both sides, so we cannot tell which metrics to declare');
  if (e.by.join() !== t.by.join()) return raw(`the error and total queries group by different labels ([${e.by.join(', ')}] and [${t.by.join(', ')}])`);
  for (const c of [e, t]) if (NOT_A_COUNTER.test(c.metric)) return raw(`"${c.metric}" is a series of a histogram or summary; declare the histogram and use Sli.latency for a structural SLI`);
  const labelsOf = (name: string) => [...new Set([e, t].filter((c) => c.metric === name).flatMap((c) => [...c.matchers.map((m) => m.label), ...c.by]))]
    .filter((l) => !['job', 'instance', 'namespace', 'service', 'team'].includes(l)).sort();
  const metricOf = (name: string) => {
    const own = service.metric(name) ?? declared.find((m) => m.name === name);
    if (own) return own;
    const labels = labelsOf(name);
    const m = Metric.counter({ name, help: `Imported from ${path.basename(report.file)}`, labels });
    service.addMetric(m);
    report.warn(at, `declared counter "${name}" with labels [${labels.join(', ')}] from the query; declare it yourself to give it a help text: ` +
      `Metric.counter({ name: '${name}', help: '…', labels: [${labels.map((l) => `'${l}'`).join(', ')}] }) in the importer's metrics`);
    return m;
  };
  const sli = Sli.ratio({ errors: { metric: metricOf(e.metric), matchers: e.matchers }, total: { metric: metricOf(t.metric), matchers: t.matchers } });
  return { sli, groupBy: e.by };
}

/** A raw error-ratio query must contain the window placeholder (Sloth's rule). */
export const hasWindow = (q: string) => q.includes(WINDOW_PLACEHOLDER);

/** The service of that name in `scope`, created with the import's props on first use. */
export function serviceFor(scope: Construct, name: string, props: ImportProps, namespace: string | undefined, labels: Record<string, string>): Service {
  const existing = scope.node.tryFindChild(name);
  if (existing instanceof Service) return existing;
  return new Service(scope, name, { ...props, name, namespace: namespace ?? props.namespace ?? '', labels, metrics: [...(props.metrics ?? [])] });
}
