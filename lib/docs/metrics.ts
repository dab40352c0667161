/** The metrics a service declares, with the alerts that read each one (seed 002's metric documentation). */
import type { Metric } from '../model/metric';
import type { CardinalitySettings } from '../model/settings';
import type { SeriesEstimate } from '../slo/cardinality';
import type { Service } from '../model/service';
import type { AlertFacts } from './alerts';
import { code, orDash, table, text } from './markdown';

export interface MetricAlert {
  readonly name: string;
  /** The alert's threshold, prefixed by its tier for burn-rate alerts (`page: 1.44% / 0.6%`). */
  readonly threshold: string;
}

export interface MetricFacts {
  readonly name: string;
  /** `counter`, `gauge`, `summary`, `histogram` (with `native` / `classic + native`). */
  readonly type: string;
  readonly unit: string;
  /** Each label with the values the estimate counts: `method (5)`, `path (≤ 25)`, `user (10, assumed)`. */
  readonly labels: readonly { readonly name: string; readonly values: string }[];
  readonly help: string;
  /** Estimated series per target. */
  readonly cardinality: number;
  /** Alerts whose expression reads the metric, directly or through an SLO's recorded SLI, with their thresholds. */
  readonly alerts: readonly MetricAlert[];
}

function typeOf(m: Metric): string {
  if (m.type === 'histogram') return m.native ? (m.hasBuckets ? 'histogram (classic + native)' : 'histogram (native)') : 'histogram';
  return m.type;
}

function labelValues(m: Metric, c: CardinalitySettings): MetricFacts['labels'] {
  return m.declaredLabels.map((l) => ({ name: l.name, values: l.values ? String(l.values.length) : l.cardinality !== undefined ? `≤ ${l.cardinality}` : `${c.defaultLabelValues}, assumed` }));
}

export function metricFacts(service: Service, alerts: readonly AlertFacts[], estimate: SeriesEstimate, c: CardinalitySettings): MetricFacts[] {
  const perMetric = new Map(estimate.metrics.map((x) => [x.metric, x.series]));
  return service.metrics.map((m) => ({
    name: m.name,
    type: typeOf(m),
    unit: m.unit,
    labels: labelValues(m, c),
    cardinality: perMetric.get(m) ?? 0,
    help: m.help,
    alerts: alerts.filter((a) => a.metrics.includes(m.name)).map((a) => ({ name: a.name, threshold: a.tier ? `${a.tier}: ${a.threshold}` : a.threshold })),
  }));
}

export function metricsSection(metrics: readonly MetricFacts[]): string[] {
  if (metrics.length === 0) return [];
  return [
    '## Metrics',
    '',
    ...table(
      ['Metric', 'Type', 'Unit', 'Labels (values)', 'Help', 'Series/target (est.)', 'Alerts that use it (threshold)'],
      metrics.map((m) => [
        code(m.name), text(m.type), m.unit, orDash(m.labels.map((l) => `${code(l.name)} (${text(l.values)})`)), text(m.help),
        String(m.cardinality),
        orDash(m.alerts.map((a) => `${code(a.name)} (${text(a.threshold)})`)),
      ]),
    ),
  ];
}
