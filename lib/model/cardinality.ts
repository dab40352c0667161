/**
 * How many series a service's targets expose, from the declared labels: the basis of the series
 * budget, of `sample_limit` / `label_limit` and of the labels metric relabeling keeps.
 */
import { Labels, OPERATOR_TARGET_LABELS } from '../conventions';
import type { DeclaredLabel, Metric } from './metric';
import type { Service } from './service';
import type { CardinalitySettings } from './settings';

/** Values a label takes: its value set, its declared cardinality, else the platform default. */
export function labelValueCount(l: DeclaredLabel, defaultLabelValues: number): number {
  return l.values?.length ?? l.cardinality ?? defaultLabelValues;
}

/**
 * Series one label set of a metric exposes: 1 for a counter or gauge; a classic histogram's buckets
 * plus `+Inf`, `_sum` and `_count`; a native histogram is one sample, or three (`+Inf`, `_sum`,
 * `_count`) when scraped as text without classic buckets; a summary's quantiles plus `_sum` and `_count`.
 */
export function seriesPerLabelSet(m: Metric): number {
  switch (m.type) {
    case 'counter':
    case 'gauge':
      return 1;
    case 'histogram':
      return (m.hasBuckets ? m.buckets.length + 3 : 0) + (m.native ? (m.hasBuckets ? 1 : 3) : 0);
    case 'summary':
      return m.quantiles.length + 2;
  }
}

/** Series one target exposes for `m`: the product of its labels' value counts times the series per label set. */
export function metricSeries(m: Metric, c: CardinalitySettings): number {
  return m.declaredLabels.reduce((n, l) => n * labelValueCount(l, c.defaultLabelValues), 1) * seriesPerLabelSet(m);
}

export interface TargetEstimate {
  /** Series of each declared metric on one target, in declaration order. */
  readonly metrics: ReadonlyArray<{ readonly metric: Metric; readonly series: number }>;
  /** Series one target exposes (what `sample_limit` counts, after metric relabeling). */
  readonly perTarget: number;
}

export function targetEstimate(service: Service, c: CardinalitySettings): TargetEstimate {
  const metrics = service.metrics.map((metric) => ({ metric, series: metricSeries(metric, c) }));
  return { metrics, perTarget: metrics.reduce((n, m) => n + m.series, 0) };
}

/** `sample_limit`: the per-target estimate with the platform's headroom, rounded up. */
export function sampleLimit(service: Service, c: CardinalitySettings): number {
  return Math.ceil((targetEstimate(service, c).perTarget * (100 + c.headroomPercent)) / 100);
}

/** Labels above the exact count in `label_limit`: room for a label a scrape class or `attachMetadata` adds. */
export const LABEL_LIMIT_HEADROOM = 2;

/** Target labels of a scraped service: the operator's set covers the plain config's. */
const targetLabelsOf = (operator: boolean, service: Service): readonly string[] => (operator ? OPERATOR_TARGET_LABELS : service.targetLabels);

/** The labels a metric's series carry besides the target labels: its own, and `le` or `quantile`. */
function seriesLabels(m: Metric): string[] {
  const extra = m.type === 'histogram' ? [Labels.le] : m.type === 'summary' && m.quantiles.length > 0 ? [Labels.quantile] : [];
  return [...m.labels, ...extra];
}

/**
 * `label_limit`: the most labels one series can carry once undeclared labels are dropped
 * (`__name__`, the target labels, the metric's own and `le`/`quantile`), plus LABEL_LIMIT_HEADROOM.
 */
export function labelLimit(service: Service, operator: boolean): number {
  const most = Math.max(0, ...service.metrics.map((m) => seriesLabels(m).length));
  return 1 + targetLabelsOf(operator, service).length + most + LABEL_LIMIT_HEADROOM;
}

/**
 * Label names metric relabeling keeps, sorted: `__name__`, the target labels, `le`, `quantile` and every
 * declared label of the service. Everything else is dropped with `labelkeep`: RE2 has no negative
 * lookahead, so a `labeldrop` regex cannot say "every label but these".
 */
export function keptLabels(service: Service, operator: boolean): string[] {
  const names = new Set([Labels.metricName, ...targetLabelsOf(operator, service), Labels.le, Labels.quantile, ...service.metrics.flatMap((m) => m.labels)]);
  return [...names].sort();
}

/** The `labelkeep` regex of `keptLabels` (label names need no escaping: `[a-zA-Z_][a-zA-Z0-9_]*`). */
export const keepRegex = (service: Service, operator: boolean): string => keptLabels(service, operator).join('|');
