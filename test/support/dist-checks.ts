/**
 * The real-tool checks of one output folder (a dist/ of any catalogue), shared by the conformance tests and
 * the examples: each returns what the tool said, so the caller asserts and reports. promtool test runs
 * go through the bounded pool of test/support/promtool.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Dashboards, Files, InfraSeries } from '../../lib/conventions';
import type { Catalog } from '../../lib/model/catalog';
import { lintDashboard, type LintOptions, type Violation } from './dashboard-lint';
import { readManifests, validateObject } from './schemas';
import { listFiles } from './synth';
import { BUILT, run, type Toolchain, type ToolResult } from './tools';

/** Rule files of an output folder, relative to it. */
export const ruleFiles = (dir: string): string[] => listFiles(dir).filter((f) => f.startsWith(`${path.dirname(Files.ruleFile('x'))}/`));

/** Rules in a rule file, counted from its YAML. */
export function ruleCount(file: string): number {
  const doc = parse(fs.readFileSync(file, 'utf8')) as { groups?: { rules?: unknown[] }[] };
  return (doc.groups ?? []).reduce((n, g) => n + (g.rules?.length ?? 0), 0);
}

/** `promtool check rules --lint=all --lint-fatal` on every rule file of `dir`. */
export const checkRules = (tc: Toolchain, dir: string): ToolResult =>
  run(tc.bin.promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...ruleFiles(dir)], dir);

/** `promtool check config --lint=all --lint-fatal` on the plain prometheus.yml (rule files resolve relative to it). */
export const checkConfig = (tc: Toolchain, dir: string): ToolResult =>
  run(tc.bin.promtool, ['check', 'config', '--lint=all', '--lint-fatal', Files.prometheusConfig], dir);

/** vmalert logs to stderr, one line per event; each `-rule` flag reads one file here. */
export const vmalert = (files: readonly string[]): ToolResult => run(BUILT.vmalert, ['-dryRun', ...files.map((f) => `-rule=${f}`)]);
/** The line vmalert logs for each file it reads. */
export const vmalertReadLine = (file: string) => `found 1 files to read from "Local FS{MatchPattern: \\"${file}\\"}"`;
/** Log lines above info level: a warning such as "no groups found in …" does not fail the run. */
export const complaints = (r: ToolResult): string[] => r.stderr.split('\n').filter((l) => /\t(warn|error|fatal)\t/.test(l));

/** One line of routes.test.tsv: the alert's labels and the receivers it must reach. */
export interface RouteLine {
  readonly labels: string[];
  readonly expected: string;
}

/** The line's `alertname`, when it names one. */
export const alertnameOf = (l: RouteLine): string | undefined => l.labels.find((x) => x.startsWith('alertname='))?.slice('alertname='.length);

/** `alertname → receivers` of every line that names an alert, in table order. */
export const namedRoutes = (lines: readonly RouteLine[]): string[] =>
  lines.filter((l) => alertnameOf(l) !== undefined).map((l) => `${alertnameOf(l)} → ${l.expected}`);

export const routesTable = (dir: string): RouteLine[] =>
  fs.readFileSync(path.join(dir, Files.routesTable), 'utf8').trimEnd().split('\n').map((line) => {
    const [labels, expected] = line.split('\t');
    return { labels: labels!.split(' '), expected: expected! };
  });

/** Lines of the routes table that `amtool config routes test` does not route as expected, with amtool's output. */
export function misrouted(tc: Toolchain, config: string, lines: readonly RouteLine[]): string[] {
  return lines
    .map((l) => ({ l, r: run(tc.bin.amtool, ['config', 'routes', 'test', `--config.file=${config}`, `--verify.receivers=${l.expected}`, ...l.labels]) }))
    .filter(({ r }) => r.status !== 0)
    .map(({ l, r }) => `${l.labels.join(' ')} expected ${l.expected}: ${r.output}`);
}

/** Kinds we generate that have no published schema (so a new kind is a conscious choice). */
export const UNSCHEMATIZED_KINDS: readonly string[] = ['GrafanaDashboard'];

/** Every Kubernetes object of `dir` that fails its schema, or has none, as `file: message`. */
export function schemaProblems(dir: string): string[] {
  return readManifests(dir).flatMap(({ file, object }) => {
    try {
      if (validateObject(object) || UNSCHEMATIZED_KINDS.includes(object.kind)) return [];
      return [`${file}: ${object.apiVersion} ${object.kind} has no schema`];
    } catch (e) {
      return [`${file}: ${(e as Error).message}`];
    }
  });
}

/** Like mixtool's `.lint` exclusions: series whose selectors cannot carry the service's job/instance. */
const LINT_EXCLUSIONS: Record<string, string> = {
  [InfraSeries.containerCpu]: 'cAdvisor series: job is the kubelet; joined to the service by namespace/pod',
  [InfraSeries.containerMemory]: 'cAdvisor series: job is the kubelet; joined to the service by namespace/pod',
  [InfraSeries.containerRestarts]: 'kube-state-metrics series; joined to the service by namespace/pod',
  [InfraSeries.alerts]: 'alerts carry the alert rule\'s labels, not a target\'s',
};

/** A service whose metrics come through the collector has only an instance variable (README "Dashboards"). */
const OTLP_EXEMPT = ['template-namespace-rule', 'template-job-rule'];

/** The dashboard-linter options for a catalogue: its counters, and the exclusions above. */
export function lintOptionsFor(catalog: Catalog): LintOptions {
  const counters = new Set(catalog.services.flatMap((s) => s.metrics.filter((m) => m.type === 'counter').map((m) => m.name)));
  const otlp = new Set(catalog.services.filter((s) => s.metricsVia === 'otlp').map((s) => Dashboards.serviceUid(s.name)));
  return {
    ruleExclusions: (uid, rule) => (otlp.has(uid) && OTLP_EXEMPT.includes(rule) ? 'metricsVia otlp: series carry only job (fixed) and instance' : undefined),
    targetRuleExclusions: (s) => LINT_EXCLUSIONS[s] ?? (s.includes(':') ? 'recording rule: aggregated, no target labels' : undefined),
    isCounter: (s) => counters.has(s) || s === InfraSeries.containerCpu || s === InfraSeries.containerRestarts,
  };
}

/** Dashboard JSON files of an output folder, relative to it. */
export const dashboardFiles = (dir: string): string[] => listFiles(dir).filter((f) => f.startsWith(`${path.dirname(Files.dashboard('x'))}/`));

/** Lint violations per dashboard file of `dir`. */
export function dashboardViolations(dir: string, options: LintOptions): Array<[string, Violation[]]> {
  return dashboardFiles(dir).map((f) => [f, lintDashboard(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), options)]);
}

/** Plain collector configs of an output folder, relative to it. */
export const collectorConfigs = (dir: string): string[] => listFiles(dir).filter((f) => f.startsWith('otel/') && f.endsWith('.yml'));

/** Files cdk8s would read as manifests that are not one object per `kubernetes/<Kind>.<name>.k8s.yaml`. */
export const strayYaml = (dir: string): string[] =>
  listFiles(dir).filter((f) => f.endsWith('.yaml') && !/^kubernetes\/[A-Za-z]+\.[a-z0-9.-]+\.k8s\.yaml$/.test(f));

/** Paths that differ between two trees: missing on either side or with other bytes. */
export function diffTrees(expected: string, actual: string): string[] {
  const fa = listFiles(expected);
  const fb = listFiles(actual);
  const out: string[] = [];
  for (const f of new Set([...fa, ...fb])) {
    if (!fb.includes(f)) out.push(`missing from the fresh synth: ${f}`);
    else if (!fa.includes(f)) out.push(`not committed: ${f}`);
    else if (!fs.readFileSync(path.join(expected, f)).equals(fs.readFileSync(path.join(actual, f)))) out.push(`differs: ${f}`);
  }
  return out.sort();
}
