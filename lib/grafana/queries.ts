/**
 * The PromQL of every panel, built with lib/promql. Selectors of a service's own series always
 * carry the dashboard's `namespace`/`job`/`instance` variables (dashboard-linter's target rules).
 */
import { InfraSeries, Labels, Records, SlothLabels } from '../conventions';
import type { Metric } from '../model/metric';
import type { MetricPanel } from '../model/panels';
import type { RequestMetrics } from '../model/requests';
import {
  agg, and, call, div, eq, histogramQuantile, increase, num, re, rate, render, selector, str, sub, sum, sumBy,
  type Expr, type Matcher, type Selector, withMatchers,
} from '../promql';

export const RATE_INTERVAL = '$__rate_interval';
export const variableRef = (name: string): string => `$${name}`;

/** Matchers that scope a service's series to one service and to the dashboard's variables. */
export function serviceScope(serviceMatcher: Matcher): Matcher[] {
  return [
    serviceMatcher,
    re(Labels.namespace, variableRef(Labels.namespace)),
    re(Labels.job, variableRef(Labels.job)),
    re(Labels.instance, variableRef(Labels.instance)),
  ];
}

/** `sum by (…)`, or a plain `sum` when there is nothing to group by. */
const sumBy_ = (by: readonly string[], e: Expr): Expr => (by.length ? sumBy(by, e) : sum(e));
const sel = (name: string, scope: readonly Matcher[], extra: readonly Matcher[] = []) => withMatchers(selector(name, scope), extra);
const rateOf = (name: string, scope: readonly Matcher[], extra: readonly Matcher[] = []) => rate(sel(name, scope, extra), RATE_INTERVAL);
const sumRate = (by: readonly string[], name: string, scope: readonly Matcher[], extra: readonly Matcher[] = []) =>
  sumBy_(by, rateOf(name, scope, extra));

/** Regex of the 5xx status codes. */
const SERVER_ERROR = '5..';

// ---- RED -----------------------------------------------------------------------------------

/** Request rate by status class (`2xx`, `5xx`…), or in total when the counter has no status label. */
export function requestRateByClass(r: RequestMetrics, scope: readonly Matcher[], classLabel: string): Expr {
  if (r.statusLabel === undefined) return sumRate([], r.total.name, scope);
  const byStatus = sumRate([r.statusLabel], r.total.name, scope);
  return sumBy([classLabel], call('label_replace', byStatus, str(classLabel), str('${1}xx'), str(r.statusLabel), str('([0-9])..')));
}

/** Failed ÷ all requests, grouped by `by` (empty: one series). */
export function errorRatio(r: RequestMetrics, scope: readonly Matcher[], by: readonly string[] = []): Expr {
  const failed = r.errors
    ? sumRate(by, r.errors.name, scope)
    : sumRate(by, r.total.name, scope, [re(r.statusLabel!, SERVER_ERROR)]);
  return div(failed, sumRate(by, r.total.name, scope));
}

export function requestRate(r: RequestMetrics, scope: readonly Matcher[], by: readonly string[] = []): Expr {
  return sumRate(by, r.total.name, scope);
}

export interface LatencyQuery {
  readonly legend: string;
  readonly expr: Expr;
}

/** Latency series: quantiles of a histogram or summary, else the average of a summary's `_sum`/`_count`. */
export function latency(m: Metric, scope: readonly Matcher[], quantiles: readonly number[], by: readonly string[] = []): LatencyQuery[] {
  const legendOf = (q: number) => `p${Math.round(q * 1000) / 10}${by.map((l) => ` {{${l}}}`).join('')}`;
  if (m.type === 'histogram') {
    return quantiles.map((q) => ({
      legend: legendOf(q),
      expr: m.hasBuckets
        ? histogramQuantile(q, sumRate(['le', ...by], `${m.name}_bucket`, scope))
        : histogramQuantile(q, sumRate(by, m.name, scope)),
    }));
  }
  if (m.type === 'summary' && m.quantiles.length > 0) {
    // Summary quantiles cannot be aggregated across instances: show the worst instance.
    return [{ legend: `p{{quantile}}${by.map((l) => ` {{${l}}}`).join('')}`, expr: agg('max', sel(m.name, scope), { by: ['quantile', ...by] }) }];
  }
  return [{ legend: `average${by.map((l) => ` {{${l}}}`).join('')}`, expr: div(sumRate(by, `${m.name}_sum`, scope), sumRate(by, `${m.name}_count`, scope)) }];
}

/** Whether `latency()` shows an average rather than quantiles. */
export const isAverageLatency = (m: Metric): boolean => m.type === 'summary' && m.quantiles.length === 0;

// ---- domain metrics ------------------------------------------------------------------------

export interface PanelQuery {
  readonly legend: string;
  readonly expr: Expr;
}

export function metricPanelQueries(p: MetricPanel, scope: readonly Matcher[]): PanelQuery[] {
  const legend = p.by.length ? p.by.map((l) => `{{${l}}}`).join(' ') : p.title;
  switch (p.metric.type) {
    case 'counter':
      return [{ legend, expr: sumRate(p.by, p.metric.name, scope) }];
    case 'gauge':
      return [{ legend, expr: sumBy_(p.by, sel(p.metric.name, scope)) }];
    case 'histogram':
    case 'summary':
      return latency(p.metric, scope, p.quantiles, p.by);
  }
}

// ---- saturation ----------------------------------------------------------------------------

/** The service's pods: those of its scraped targets (the operator puts `namespace` and `pod` on them). */
function podsOf(serviceMatcher: Matcher): Expr {
  return selector(InfraSeries.up, [serviceMatcher, re(Labels.namespace, variableRef(Labels.namespace)), re(Labels.job, variableRef(Labels.job)), re(Labels.instance, variableRef(Labels.instance))]);
}

const onPod = { card: 'on' as const, labels: [Labels.namespace, Labels.pod] };
const podSeries = (name: string) => selector(name, [re(Labels.namespace, variableRef(Labels.namespace)), { label: Labels.container, op: '!=', value: '' }]);

/**
 * Which pods are the service's: those behind its scrape targets (`serviceMatcher` on `up`), or, for a
 * service that pushes OTLP and so has no `up`, a namespace and pod-name pattern.
 */
export type PodsOf = Matcher | { readonly namespace: string; readonly podPattern: string };

function own(name: string, pods: PodsOf, e: (s: Selector) => Expr): Expr {
  if ('label' in pods) return sumBy([Labels.pod], and(e(podSeries(name)), podsOf(pods), onPod));
  const sel = selector(name, [eq(Labels.namespace, pods.namespace), re(Labels.pod, pods.podPattern), { label: Labels.container, op: '!=', value: '' }]);
  return sumBy([Labels.pod], e(sel));
}

export const podCpu = (pods: PodsOf): Expr => own(InfraSeries.containerCpu, pods, (x) => rate(x, RATE_INTERVAL));
export const podMemory = (pods: PodsOf): Expr => own(InfraSeries.containerMemory, pods, (x) => x);
export const podRestarts = (pods: PodsOf): Expr => own(InfraSeries.containerRestarts, pods, (x) => increase(x, RATE_INTERVAL));

// ---- SLOs (Sloth's recording rules) --------------------------------------------------------

export const sloScope = (id: string): Matcher[] => [eq(SlothLabels.id, id)];
const rec = (name: string, matchers: readonly Matcher[]) => selector(name, matchers);
const ID_LABELS = [SlothLabels.id, SlothLabels.service, SlothLabels.slo];

export const sloObjective = (m: readonly Matcher[]) => rec(Records.objective, m);
export const sloBudgetRemaining = (m: readonly Matcher[]) => rec(Records.periodErrorBudgetRemaining, m);
export const sloCurrentBurn = (m: readonly Matcher[]) => rec(Records.currentBurnRate, m);
export const sloPeriodBurn = (m: readonly Matcher[]) => rec(Records.periodBurnRate, m);
export const sloErrorRatio5m = (m: readonly Matcher[]) => rec(Records.sliError('5m'), m);
export const sloBudget = (m: readonly Matcher[]) => rec(Records.errorBudget, m);

/** SLI over the SLO period = 1 − period burn rate × error budget (works for any period without naming its window). */
export function sloPeriodSli(m: readonly Matcher[], by: readonly string[] = ID_LABELS): Expr {
  const periodErrorRatio = { kind: 'binary' as const, op: '*' as const, lhs: sloPeriodBurn(m), rhs: sloBudget(m), matching: { card: 'on' as const, labels: ID_LABELS } };
  return sub(num(1), sumBy_(by, periodErrorRatio));
}

/** Current SLI = 1 − the 5m error ratio. */
export const sloCurrentSli = (m: readonly Matcher[]) => sub(num(1), agg('max', sloErrorRatio5m(m), { without: [SlothLabels.window] }));

/** Firing alerts of the catalogue's services. */
export function firingAlerts(serviceMatcher: Matcher): Expr {
  return sumBy(['alertname', Labels.service, Labels.severity, Labels.slo], selector(InfraSeries.alerts, [eq('alertstate', 'firing'), serviceMatcher]));
}

/** A Grafana `label_values()` variable query: Grafana syntax around a rendered selector. */
export function labelValues(sel: Expr, label: string): string {
  return `label_values(${render(sel)}, ${label})`;
}

export { render };
