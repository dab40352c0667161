/** The metrics a service declares, with the alerts that read each one (seed 002's metric documentation). */
import type { Metric } from '../model/metric';
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
  readonly labels: readonly string[];
  readonly help: string;
  /** Estimated series count; the column is shown only when some metric has one. */
  readonly cardinality?: string;
  /** Alerts whose expression reads the metric, directly or through an SLO's recorded SLI, with their thresholds. */
  readonly alerts: readonly MetricAlert[];
}

function typeOf(m: Metric): string {
  if (m.type === 'histogram') return m.native ? (m.hasBuckets ? 'histogram (classic + native)' : 'histogram (native)') : 'histogram';
  return m.type;
}

export function metricFacts(service: Service, alerts: readonly AlertFacts[]): MetricFacts[] {
  return service.metrics.map((m) => ({
    name: m.name,
    type: typeOf(m),
    unit: m.unit,
    labels: m.labels,
    help: m.help,
    alerts: alerts.filter((a) => a.metrics.includes(m.name)).map((a) => ({ name: a.name, threshold: a.tier ? `${a.tier}: ${a.threshold}` : a.threshold })),
  }));
}

export function metricsSection(metrics: readonly MetricFacts[]): string[] {
  if (metrics.length === 0) return [];
  const cardinality = metrics.some((m) => m.cardinality !== undefined);
  return [
    '## Metrics',
    '',
    ...table(
      ['Metric', 'Type', 'Unit', 'Labels', 'Help', ...(cardinality ? ['Series (estimate)'] : []), 'Alerts that use it (threshold)'],
      metrics.map((m) => [
        code(m.name), text(m.type), m.unit, orDash(m.labels.map(code)), text(m.help),
        ...(cardinality ? [m.cardinality === undefined ? '–' : text(m.cardinality)] : []),
        orDash(m.alerts.map((a) => `${code(a.name)} (${text(a.threshold)})`)),
      ]),
    ),
  ];
}
