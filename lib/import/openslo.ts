/**
 * OpenSLO v1 `SLO` documents with their `SLI` (inline or by `indicatorRef`) → services and SLOs. Ratio
 * metrics (good or bad over total) and threshold metrics with a Prometheus source are carried over;
 * alert policies are not (one lookback window per condition does not make multiwindow burn-rate alerts).
 */
import type { Construct } from 'constructs';
import { formatDuration, parseDuration } from '../promql/format';
import type { Service } from '../model/service';
import { Sli } from '../model/sli';
import { WINDOW_PLACEHOLDER } from '../model/sli';
import {
  eventsSli, ImportReport, isObj, join, readDocs, serviceFor, unknownKeys, userLabels, type ImportDoc, type ImportProps, type Obj,
} from './common';
import type { SlothImportSource } from './sloth';

export const OPENSLO_API_VERSION = 'openslo/v1';

/** A single range `[5m]` in an OpenSLO query: the window our rules replace. */
const ONE_RANGE = /\[(\d+(?:ms|[smhdwy]))\]/g;

/** The query with its range as the window placeholder; undefined (with an error) when it has not exactly one. */
function windowed(report: ImportReport, at: string, q: unknown): string | undefined {
  if (typeof q !== 'string') { report.error(at, q, 'a PromQL query'); return undefined; }
  if (q.includes(WINDOW_PLACEHOLDER)) return q;
  const ranges = [...q.matchAll(ONE_RANGE)];
  if (ranges.length !== 1 && new Set(ranges.map((r) => r[1])).size !== 1) {
    report.error(at, q, 'a query with one range (such as [5m]) or {{.window}}: each alert window recomputes it over its own range');
    return undefined;
  }
  report.warn(at, `range [${ranges[0]![1]}] replaced by each alert window`);
  return q.replace(ONE_RANGE, `[${WINDOW_PLACEHOLDER}]`);
}

/** The Prometheus query of a `metricSource`. */
function promQuery(report: ImportReport, at: string, v: unknown, windowedQuery = true): string | undefined {
  const src = isObj(v) && isObj(v.metricSource) ? v.metricSource : undefined;
  if (!src) { report.error(at, v, 'a metric with a metricSource'); return undefined; }
  const sat = join(at, 'metricSource');
  if (String(src.type).toLowerCase() !== 'prometheus') { report.error(join(sat, 'type'), src.type, 'Prometheus: the only source our rules can read'); return undefined; }
  const q = isObj(src.spec) ? src.spec.query : undefined;
  if (!windowedQuery) {
    if (typeof q !== 'string') report.error(join(join(sat, 'spec'), 'query'), q, 'a PromQL query');
    return typeof q === 'string' ? q : undefined;
  }
  return windowed(report, join(join(sat, 'spec'), 'query'), q);
}

const NEGATED: Record<string, string> = { lt: '>=', lte: '>', gt: '<=', gte: '<' };

function sliOf(report: ImportReport, at: string, spec: Obj, service: Service, props: ImportProps, objective: Obj): { sli: Sli; groupBy: string[] } | undefined {
  unknownKeys(report, at, spec, ['description', 'ratioMetric', 'thresholdMetric']);
  if (isObj(spec.ratioMetric)) {
    const r = spec.ratioMetric;
    const rat = join(at, 'ratioMetric');
    unknownKeys(report, rat, r, ['counter', 'good', 'bad', 'total', 'rawType', 'raw']);
    const total = promQuery(report, join(rat, 'total'), r.total);
    if (isObj(r.bad)) {
      const bad = promQuery(report, join(rat, 'bad'), r.bad);
      return bad && total ? eventsSli(report, rat, service, bad, total, props.metrics ?? []) : undefined;
    }
    if (isObj(r.good)) {
      const good = promQuery(report, join(rat, 'good'), r.good);
      if (!good || !total) return undefined;
      report.warn(join(rat, 'good'), 'imported as a raw SLI 1 - good/total; a bad-events query would become a ratio SLI on declared counters');
      return { sli: Sli.raw({ errorRatioQuery: `1 - ((${good.trim()}) / (${total.trim()}))` }), groupBy: [] };
    }
    report.error(rat, Object.keys(r).join(', '), 'good or bad, with total');
    return undefined;
  }
  if (isObj(spec.thresholdMetric)) {
    // The value is compared at each 1m step; the query keeps its own ranges, if any.
    const q = promQuery(report, join(at, 'thresholdMetric'), spec.thresholdMetric, false);
    const op = NEGATED[String(objective.op)];
    if (!op || typeof objective.value !== 'number') { report.error('objectives[0]', `${String(objective.op)} ${String(objective.value)}`, 'op (lt, lte, gt or gte) and a numeric value for a threshold metric'); return undefined; }
    if (!q) return undefined;
    // Bad time: the share of 1m steps where the value breaks the threshold.
    return { sli: Sli.raw({ errorRatioQuery: `avg_over_time(((${q.trim()}) ${op} bool ${objective.value})[${WINDOW_PLACEHOLDER}:1m])` }), groupBy: [] };
  }
  report.error(at, Object.keys(spec).join(', '), 'ratioMetric or thresholdMetric');
  return undefined;
}

/** Declares the services and SLOs of OpenSLO v1 files (SLIs may live in any of them, referenced by name). */
export function importOpenSlo(scope: Construct, sources: ReadonlyArray<string | SlothImportSource>, props: ImportProps): Service[] {
  const docs: Array<{ report: ImportReport; doc: ImportDoc }> = [];
  const reports: ImportReport[] = [];
  for (const source of sources) {
    const src = typeof source === 'string' ? { file: source } : source;
    const report = new ImportReport(scope, src.file);
    reports.push(report);
    for (const doc of readDocs(src.file, report, src.text)) docs.push({ report, doc });
  }
  const kind = (d: ImportDoc) => (isObj(d.value) && d.value.apiVersion === OPENSLO_API_VERSION ? String(d.value.kind) : undefined);
  const nameOf = (d: ImportDoc) => (isObj(d.value) && isObj(d.value.metadata) ? String(d.value.metadata.name) : '');
  const slis = new Map(docs.filter((d) => kind(d.doc) === 'SLI').map((d) => [nameOf(d.doc), d.doc.value as Obj]));
  const services: Service[] = [];
  for (const { report, doc } of docs) {
    const k = kind(doc);
    if (k === 'SLI' || k === 'Service') continue;
    if (k === 'SLO') {
      const s = importSlo(scope, report, doc, slis, props);
      if (s && !services.includes(s)) services.push(s);
    } else if (k === 'AlertPolicy' || k === 'AlertCondition' || k === 'AlertNotificationTarget' || k === 'DataSource') {
      report.warn(doc.at || 'kind', `${k} not carried over: our multiwindow burn-rate alerts and Alertmanager routing replace it`);
    } else {
      report.error(doc.at || '(document)', isObj(doc.value) ? `${String(doc.value.apiVersion)} ${String(doc.value.kind)}` : doc.value, `an ${OPENSLO_API_VERSION} SLO, SLI or Service`);
    }
  }
  for (const r of reports) r.flush(services);
  return services;
}

function importSlo(scope: Construct, report: ImportReport, doc: ImportDoc, slis: ReadonlyMap<string, Obj>, props: ImportProps): Service | undefined {
  const v = doc.value as Obj;
  const meta = isObj(v.metadata) ? v.metadata : {};
  const spec = isObj(v.spec) ? v.spec : {};
  const at = join(doc.at, 'spec');
  unknownKeys(report, at, spec, ['description', 'service', 'indicator', 'indicatorRef', 'timeWindow', 'budgetingMethod', 'objectives', 'alertPolicies']);
  if (typeof spec.service !== 'string') { report.error(join(at, 'service'), spec.service, 'the service name'); return undefined; }
  if (props.namespace === undefined) { report.error(join(at, 'service'), spec.service, 'a namespace for it: pass namespace to the importer'); return undefined; }
  if (spec.budgetingMethod !== undefined && spec.budgetingMethod !== 'Occurrences') {
    report.error(join(at, 'budgetingMethod'), spec.budgetingMethod, 'Occurrences: our error budget counts events (a threshold metric becomes the share of bad minutes)');
    return undefined;
  }
  const windows = Array.isArray(spec.timeWindow) ? spec.timeWindow : [];
  const w = isObj(windows[0]) ? windows[0] : {};
  if (windows.length !== 1) report.error(join(at, 'timeWindow'), windows.length, 'exactly one time window');
  if (w.isRolling === false) report.error(join(join(at, 'timeWindow'), 0), 'calendar', 'a rolling window: our period is rolling');
  const periodMs = parseDuration(String(w.duration ?? ''));
  if (!periodMs) report.error(join(join(join(at, 'timeWindow'), 0), 'duration'), w.duration, 'a duration such as 28d (OpenSLO\'s M and Q calendar units have no fixed length)');
  const objectives = Array.isArray(spec.objectives) ? spec.objectives.filter(isObj) : [];
  if (objectives.length === 0) { report.error(join(at, 'objectives'), spec.objectives, 'at least one objective'); return undefined; }
  let indicator: Obj | undefined = isObj(spec.indicator) ? spec.indicator : undefined;
  let iat = join(at, 'indicator');
  if (!indicator && typeof spec.indicatorRef === 'string') {
    indicator = slis.get(spec.indicatorRef);
    iat = `SLI ${spec.indicatorRef}`;
    if (!indicator) { report.error(join(at, 'indicatorRef'), spec.indicatorRef, `the name of an SLI document among the imported files (${[...slis.keys()].join(', ') || 'none'})`); return undefined; }
  }
  if (!indicator || !isObj(indicator.spec)) { report.error(iat, indicator, 'an SLI with a spec'); return undefined; }
  if (Array.isArray(spec.alertPolicies) && spec.alertPolicies.length) {
    report.warn(join(at, 'alertPolicies'), 'not carried over: an OpenSLO alert condition has one lookback window; our multiwindow burn-rate alerts are generated instead');
  }
  const rawLabels = isObj(meta.labels) ? meta.labels : {};
  const labels: Record<string, string> = {};
  for (const [k, x] of Object.entries(rawLabels)) {
    if (Array.isArray(x)) report.warn(join(join(doc.at, 'metadata'), `labels.${k}`), `a list; joined with "," into one label value`);
    labels[k] = Array.isArray(x) ? x.map(String).join(',') : String(x);
  }
  const service = serviceFor(scope, spec.service, props, undefined, {});
  objectives.forEach((o, i) => {
    const oat = join(join(at, 'objectives'), i);
    const objective = typeof o.target === 'number' ? o.target * 100 : typeof o.targetPercent === 'number' ? o.targetPercent : undefined;
    if (objective === undefined) { report.error(join(oat, 'target'), o.target, 'a target ratio such as 0.999 (or targetPercent)'); return; }
    if (o.timeSliceTarget !== undefined) report.warn(join(oat, 'timeSliceTarget'), 'ignored: we budget by occurrences');
    const sli = sliOf(report, join(iat, 'spec'), indicator!.spec as Obj, service, props, o);
    if (!sli) return;
    const name = String(meta.name) + (objectives.length > 1 ? `-${i}` : '');
    service.addSlo(name, {
      name,
      ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
      objective: Number((objective).toPrecision(12)),
      ...(periodMs ? { period: formatDuration(periodMs) } : {}),
      sli: sli.sli,
      groupBy: sli.groupBy,
      labels: userLabels(report, join(join(doc.at, 'metadata'), 'labels'), labels),
    });
  });
  return service;
}
