/**
 * What a declared dashboard gets wrong: its own props (checked when it is built) and what only the
 * whole catalogue can tell (metrics nobody declares, uids used twice, log panels without Loki).
 */
import { collectorDashboardUid } from '../conventions/otel';
import { Dashboards, folderKey, InfraSeries, Records, TARGET_LABELS } from '../conventions';
import { isPattern } from '../promql/expr';
import { logqlShape } from '../promql/logql';
import { expandGrafanaVariables, metricNames, promqlSyntaxError } from '../promql/parse';
import type { Catalog } from './catalog';
import type { Dashboard } from './dashboard';
import {
  AGGREGATIONS, isLogPanel, isPromqlQuery, PANEL_TYPES,
  type Aggregation, type ChartPanelProps, type LogPanelProps, type MetricQueryProps,
} from './dashboard-props';
import { folderProblem } from './grafana-settings';
import { infrastructureMetric } from './infrastructure';
import type { Metric, MetricUnit } from './metric';
import { checkLabelName } from './names';
import { GRAFANA_COLOR, GRAFANA_UNITS } from './panel-units';
import { show } from './problems';

interface Finding {
  readonly subject: string;
  readonly value: unknown;
  readonly expected: string;
}

const UID = /^[a-zA-Z0-9_-]{1,40}$/;
/** Gauges of these units do not add up across series (two 70 °C GPUs are not 140 °C). */
const INTENSIVE: ReadonlySet<MetricUnit> = new Set<MetricUnit>(['ratio', 'percent', 'celsius']);
/** Extra labels a scraped series may carry beside its own (the Kubernetes pod of the target). */
const SCRAPE_LABELS = [...TARGET_LABELS, 'pod'];
/** A plain filter value with these is probably meant as a regular expression. */
const LOOKS_LIKE_REGEX = /\||\.\*|\.\+|^\^|\$$|\[.*\]|\\d/;

/** Prometheus matches label regexes with Go's RE2: no lookaround, no backreferences. */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]/;

function regexProblem(regex: string): string | undefined {
  try { new RegExp(`^(?:${regex})$`); } catch { return 'a valid regular expression'; }
  return NOT_RE2.test(regex) ? 'a regular expression RE2 accepts (Prometheus has no lookaround or backreferences)' : undefined;
}

const list = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(', ');

/** The aggregations that are meaningful for the metric, and why others are not. */
function aggregationsFor(m: Metric): { readonly allowed: readonly Aggregation[]; readonly why: string } {
  if (m.type === 'histogram') return { allowed: ['sum'], why: `for histogram "${m.name}" (its buckets are summed before histogram_quantile)` };
  if (m.type === 'summary' && m.quantiles.length === 0) return { allowed: ['sum'], why: `for summary "${m.name}" (its average is sum of _sum ÷ sum of _count)` };
  if (m.type === 'summary') return { allowed: ['avg', 'max', 'min'], why: `for summary "${m.name}" (quantiles cannot be added or counted)` };
  if (m.type === 'gauge' && INTENSIVE.has(m.unit)) return { allowed: ['avg', 'max', 'min', 'count'], why: `for a ${m.unit} gauge "${m.name}" (its values do not add up across series)` };
  return { allowed: AGGREGATIONS, why: '' };
}

/** The aggregation a metric query uses when none is given. */
export function defaultAggregation(m: Metric): Aggregation {
  if (m.type === 'summary' && m.quantiles.length > 0) return 'max';
  if (m.type === 'gauge' && INTENSIVE.has(m.unit)) return 'avg';
  return 'sum';
}

/** The quantile a histogram or summary query shows when none is given. */
export function defaultQuantile(m: Metric): number | undefined {
  if (m.type === 'histogram') return 0.95;
  if (m.type === 'summary' && m.quantiles.length > 0) return Math.max(...m.quantiles);
  return undefined;
}

function metricQueryProblems(q: MetricQueryProps, at: string, err: (s: string, v: unknown, e: string) => void, warn: (w: string) => void): void {
  const m = q.metric;
  if (!m || typeof m !== 'object' || typeof m.name !== 'string') {
    err(`${at}.metric`, m, 'a Metric (Metric.counter/gauge/histogram/summary, or one of Infrastructure)');
    return;
  }
  const labels = [...new Set([...m.labels, ...SCRAPE_LABELS])];
  const expectLabel = `a label of "${m.name}" or a target label: one of [${list(labels)}]`;
  const agg = q.aggregation;
  if (agg !== undefined) {
    const { allowed, why } = aggregationsFor(m);
    if (!AGGREGATIONS.includes(agg)) err(`${at}.aggregation`, agg, `one of ${list(AGGREGATIONS)}`);
    else if (!allowed.includes(agg)) err(`${at}.aggregation`, agg, `${allowed.length === 1 ? JSON.stringify(allowed[0]) : `one of ${list(allowed)}`} ${why}`);
  }
  for (const l of q.by ?? []) if (!labels.includes(l)) err(`${at}.by`, l, expectLabel);
  for (const [label, value] of Object.entries(q.filters ?? {})) {
    const bad = checkLabelName(label);
    if (bad) { err(`${at}.filters`, label, bad); continue; }
    if (!labels.includes(label)) err(`${at}.filters`, label, expectLabel);
    if (isPattern(value)) {
      const problem = regexProblem(value.regex);
      if (problem) err(`${at}.filters.${label}`, value.regex, problem);
    } else if (typeof value !== 'string') {
      err(`${at}.filters.${label}`, value, 'a label value, or re(...) for a regular expression');
    } else if (LOOKS_LIKE_REGEX.test(value)) {
      warn(`${at}.filters.${label}: "${value}" is matched literally; if it is a regular expression, write re(${JSON.stringify(value)})`);
    }
  }
  if (q.quantile !== undefined) {
    if (m.type === 'counter' || m.type === 'gauge') err(`${at}.quantile`, q.quantile, `no quantile: "${m.name}" is a ${m.type}`);
    else if (m.type === 'histogram' && !(q.quantile > 0 && q.quantile < 1)) err(`${at}.quantile`, q.quantile, 'a quantile between 0 and 1 (exclusive)');
    else if (m.type === 'summary' && !m.quantiles.includes(q.quantile)) {
      err(`${at}.quantile`, q.quantile, m.quantiles.length ? `one of the quantiles "${m.name}" exposes: [${m.quantiles.join(', ')}]` : `no quantile: summary "${m.name}" exposes none (its panel is an average)`);
    }
  }
}

function chartProblems(p: ChartPanelProps, at: string, err: (s: string, v: unknown, e: string) => void, warn: (w: string) => void): void {
  if (p.type !== undefined && !PANEL_TYPES.includes(p.type)) err(`${at}.type`, p.type, `one of ${list([...PANEL_TYPES, 'logs'])}`);
  if (p.unit !== undefined && !GRAFANA_UNITS.has(p.unit)) err(`${at}.unit`, p.unit, 'a Grafana unit such as "short", "percent", "percentunit", "bytes", "s" or "reqps"');
  if (!Array.isArray(p.queries) || p.queries.length === 0) err(`${at}.queries`, p.queries ?? [], 'at least one query');
  (p.queries ?? []).forEach((q, i) => {
    const qa = `${at}.queries[${i}]`;
    if (isPromqlQuery(q)) {
      const e = promqlSyntaxError(expandGrafanaVariables(q.promql));
      if (e) err(`${qa}.promql`, q.promql, `PromQL that parses (${e})`);
    } else metricQueryProblems(q, qa, err, warn);
  });
  const steps = p.thresholds ?? [];
  steps.forEach((s, i) => {
    if (!Number.isFinite(s.value) || (i > 0 && !(s.value > steps[i - 1]!.value))) err(`${at}.thresholds[${i}].value`, s.value, 'a finite number above the previous step');
    if (!GRAFANA_COLOR.test(s.color)) err(`${at}.thresholds[${i}].color`, s.color, 'a Grafana colour: red, orange, yellow, green, blue, purple (optionally dark-, semi-dark-, light-, super-light-), text, or #rrggbb');
  });
  if (p.baseColor !== undefined && !GRAFANA_COLOR.test(p.baseColor)) err(`${at}.baseColor`, p.baseColor, 'a Grafana colour: red, orange, yellow, green, blue, purple (optionally dark-, semi-dark-, light-, super-light-), text, or #rrggbb');
  if (p.min !== undefined && p.max !== undefined && !(p.min < p.max)) err(`${at}.max`, p.max, `a number above min (${p.min})`);
}

function logProblems(p: LogPanelProps, at: string, err: (s: string, v: unknown, e: string) => void): void {
  if (!Array.isArray(p.services) || p.services.length === 0) err(`${at}.services`, [], 'at least one Service whose logs to show');
  const pipeline = p.pipeline ?? '';
  // Parsed behind a stream selector, as it will run.
  const shape = logqlShape(pipeline, '{service="x"} ');
  if (shape.error) err(`${at}.pipeline`, pipeline, `a LogQL pipeline such as '|= "error" | json' (${shape.error})`);
}

/** Problems of a dashboard's own props, reported when it is built. */
export function dashboardPropProblems(d: Dashboard): { errors: Finding[]; warnings: string[] } {
  const errors: Finding[] = [];
  const warnings: string[] = [];
  const err = (subject: string, value: unknown, expected: string) => errors.push({ subject, value, expected });
  const warn = (w: string) => warnings.push(w);
  if (typeof d.title !== 'string' || d.title.trim() === '') err('title', d.title, 'a non-empty title');
  if (!UID.test(d.uid)) err('uid', d.uid, '1 to 40 characters of [a-zA-Z0-9_-]');
  const badFolder = folderProblem(d.folder);
  if (badFolder) err('folder', d.folder, badFolder);
  d.tags.forEach((t, i) => { if (typeof t !== 'string' || t.trim() === '') err(`tags[${i}]`, t, 'a non-empty tag'); });
  if (d.rows.length === 0) err('rows', [], 'at least one row of panels');
  d.rows.forEach((r, i) => {
    if (typeof r.title !== 'string' || r.title.trim() === '') err(`rows[${i}].title`, r.title, 'a non-empty row title');
    if (r.panels.length === 0) err(`rows[${i}].panels`, [], 'at least one panel');
  });
  for (const { path: at, panel: p } of d.panels) {
    if (typeof p.title !== 'string' || p.title.trim() === '') err(`${at}.title`, p.title, 'a non-empty panel title');
    if (p.span !== undefined && !(Number.isInteger(p.span) && p.span >= 1 && p.span <= 24)) err(`${at}.span`, p.span, 'a whole number of grid columns from 1 to 24');
    if (p.height !== undefined && !(Number.isInteger(p.height) && p.height >= 1)) err(`${at}.height`, p.height, 'a whole number of grid rows, at least 1');
    if (isLogPanel(p)) logProblems(p, at, err);
    else chartProblems(p, at, err, warn);
  }
  return { errors, warnings };
}

/** Series a raw PromQL query may read: the catalogue's declared series, infrastructure series, SLO recording rules. */
export function knownSeries(catalog: Catalog): Set<string> {
  const out = new Set<string>([
    ...catalog.services.flatMap((s) => s.metrics.flatMap((m) => m.series)),
    ...catalog.exporters.flatMap((e) => e.metrics.flatMap((m) => m.series)),
    ...Object.values(InfraSeries),
    Records.objective, Records.errorBudget, Records.timePeriodDays, Records.currentBurnRate,
    Records.periodBurnRate, Records.periodErrorBudgetRemaining, Records.info,
  ]);
  for (const slo of catalog.services.flatMap((s) => s.slos)) {
    for (const w of slo.sliWindows) out.add(Records.sliError(w));
    out.add(Records.sliError(slo.period));
  }
  return out;
}

/** The services that declare `m` (the same declaration, or one of the same name and type). */
export function declarersOf(catalog: Catalog, m: Metric): Catalog['services'] {
  return catalog.services.filter((s) => s.metrics.some((x) => x === m || (x.name === m.name && x.type === m.type)));
}

/** The exporters (of services or the platform) that serve `m`: their preset's metrics and the further ones given. */
export function exportersOf(catalog: Catalog, m: Metric): Catalog['exporters'] {
  return catalog.exporters.filter((e) => e.metrics.some((x) => x === m || (x.name === m.name && x.type === m.type)));
}

/** Generated dashboards' uids, to keep declared ones from taking them. */
function generatedUids(catalog: Catalog): Map<string, string> {
  const out = new Map<string, string>([[Dashboards.overviewUid, 'the overview']]);
  for (const s of catalog.services) out.set(Dashboards.serviceUid(s.name), `the dashboard of service ${s.node.path}`);
  for (const c of catalog.collectors) out.set(collectorDashboardUid(c.name), `the dashboard of collector ${c.node.path}`);
  return out;
}

/** Problems only the catalogue shows: undeclared metrics, uid and folder collisions, log panels without Loki. */
export function dashboardCatalogProblems(catalog: Catalog): string[] {
  const out: string[] = [];
  const known = knownSeries(catalog);
  const used = generatedUids(catalog);
  const folders = new Map<string, string>();
  const isDeclared = (m: Metric) => infrastructureMetric(m.name) !== undefined || declarersOf(catalog, m).length > 0 || exportersOf(catalog, m).length > 0;
  for (const d of catalog.dashboards) {
    const err = (subject: string, value: unknown, expected: string) => out.push(`[${d.node.path}] ${subject}: got ${show(value)}, expected ${expected}`);
    const prev = used.get(d.uid);
    if (prev) err('uid', d.uid, `a uid not already used by ${prev}`);
    else used.set(d.uid, `dashboard ${d.node.path}`);
    const key = folderKey(d.folder);
    const other = folderProblem(d.folder) ? undefined : folders.get(key);
    if (other !== undefined && other !== d.folder) err('folder', d.folder, `a folder title whose file-provider key ("${key}") differs from that of folder ${show(other)}`);
    else if (!folderProblem(d.folder)) folders.set(key, d.folder);
    for (const { path: at, panel: p } of d.panels) {
      if (isLogPanel(p)) {
        if (!catalog.settings.grafana.loki) err(`${at}.services`, p.services.map((s) => s.name), 'a Loki datasource for log panels: set grafana.loki in the platform settings');
        continue;
      }
      (p.queries ?? []).forEach((q, i) => {
        if (isPromqlQuery(q)) {
          if (promqlSyntaxError(expandGrafanaVariables(q.promql))) return;
          const unknown = metricNames(expandGrafanaVariables(q.promql)).filter((n) => !known.has(n));
          if (unknown.length) err(`${at}.queries[${i}].promql`, unknown, 'metrics a service of the catalogue or an exporter declares, well-known infrastructure series, or SLO recording rules');
        } else if (q.metric && typeof q.metric.name === 'string' && !isDeclared(q.metric)) {
          err(`${at}.queries[${i}].metric`, q.metric.name, 'a metric a service of the catalogue declares (addMetric or props.metrics), one of an exporter, or one of Infrastructure');
        }
      });
    }
  }
  return out;
}

