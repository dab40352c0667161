/** Dashboard panels for declared (domain) metrics; the panel kind follows the metric type. */
import type { Metric } from './metric';
import { show } from './problems';

export interface MetricPanelProps {
  /** The metric to show: counter → rate, gauge → value, histogram → quantiles, summary → quantiles or average. */
  readonly metric: Metric;
  /**
   * @default the metric's HELP text
   */
  readonly title?: string;
  /**
   * @default the metric's HELP text
   */
  readonly description?: string;
  /**
   * Labels to break the series down by (e.g. ['path'] for "latency by endpoint").
   * @default [] for counters and histograms (one aggregated series); ['instance'] for gauges
   */
  readonly by?: readonly string[];
  /**
   * Quantiles to draw for a classic or native histogram.
   * @default [0.5, 0.95, 0.99]
   */
  readonly quantiles?: readonly number[];
}

export interface MetricPanel {
  readonly metric: Metric;
  readonly title: string;
  readonly description: string;
  readonly by: readonly string[];
  readonly quantiles: readonly number[];
}

export const DEFAULT_QUANTILES: readonly number[] = [0.5, 0.95, 0.99];

/** Labels every scraped series carries besides its own (lib/prometheus sets them). */
const TARGET_LABELS = ['instance', 'job', 'service', 'team', 'namespace', 'pod'];

export function resolvePanel(p: MetricPanelProps): MetricPanel {
  return {
    metric: p.metric,
    title: p.title ?? p.metric.help,
    description: p.description ?? p.metric.help,
    by: [...(p.by ?? (p.metric.type === 'gauge' ? ['instance'] : []))],
    quantiles: [...(p.quantiles ?? DEFAULT_QUANTILES)],
  };
}

export function panelProblems(p: MetricPanel, declared: (name: string) => Metric | undefined): string[] {
  const out: string[] = [];
  const err = (subject: string, value: unknown, expected: string) => out.push(`${subject}: got ${show(value)}, expected ${expected}`);
  const subject = `panel "${p.title}"`;
  if (declared(p.metric.name) !== p.metric) err(`${subject} metric`, p.metric.name, 'a metric this service declares (addMetric or props.metrics)');
  const labels = new Set([...p.metric.labels, ...TARGET_LABELS]);
  for (const l of p.by) if (!labels.has(l)) err(`${subject} by`, l, `a label of "${p.metric.name}" or a target label: one of [${[...labels].map((x) => JSON.stringify(x)).join(', ')}]`);
  if (p.metric.type === 'histogram') {
    if (p.quantiles.length === 0) err(`${subject} quantiles`, [], 'at least one quantile');
    for (const q of p.quantiles) if (!(q > 0 && q < 1)) err(`${subject} quantiles`, q, 'a quantile between 0 and 1 (exclusive)');
  }
  return out;
}
