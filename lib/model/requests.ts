/** Which declared metrics describe a service's request traffic: the source of its RED panels. */
import type { Metric } from './metric';
import { show } from './problems';

export interface RequestMetricsProps {
  /** Counter of every request served. */
  readonly total: Metric;
  /**
   * Label of `total` that carries the response status code (breaks traffic down by status class).
   * @default 'status' or 'code', whichever `total` declares; none when it declares neither
   */
  readonly statusLabel?: string;
  /**
   * Counter of failed requests.
   * @default requests of `total` whose status label matches 5xx
   */
  readonly errors?: Metric;
  /**
   * Request latency: a histogram (quantiles) or a summary (its quantiles, else the average of `_sum`/`_count`).
   * @default none: no latency panel
   */
  readonly duration?: Metric;
}

/** The request metrics with every default applied. */
export interface RequestMetrics {
  readonly total: Metric;
  readonly statusLabel: string | undefined;
  readonly errors: Metric | undefined;
  readonly duration: Metric | undefined;
}

export function resolveRequests(props: RequestMetricsProps): RequestMetrics {
  const statusLabel = props.statusLabel ?? ['status', 'code'].find((l) => props.total.labels.includes(l));
  return { total: props.total, statusLabel, errors: props.errors, duration: props.duration };
}

/** What is wrong with the request metrics, given the metrics the service declares (checked at synth, after every addMetric). */
export function requestProblems(r: RequestMetrics, declared: (name: string) => Metric | undefined): string[] {
  const out: string[] = [];
  const err = (subject: string, value: unknown, expected: string) => out.push(`${subject}: got ${show(value)}, expected ${expected}`);
  const check = (field: string, m: Metric, types: readonly string[]) => {
    if (declared(m.name) !== m) err(field, m.name, 'a metric this service declares (addMetric or props.metrics)');
    if (!types.includes(m.type)) err(`${field} type`, m.type, `${types.join(' or ')} (metric "${m.name}")`);
  };
  check('requests.total', r.total, ['counter']);
  if (r.errors) check('requests.errors', r.errors, ['counter']);
  if (r.duration) check('requests.duration', r.duration, ['histogram', 'summary']);
  if (r.statusLabel !== undefined && !r.total.labels.includes(r.statusLabel)) {
    err('requests.statusLabel', r.statusLabel, `a label of "${r.total.name}": one of [${r.total.labels.map((l) => JSON.stringify(l)).join(', ')}]`);
  }
  if (!r.errors && r.statusLabel === undefined) {
    err('requests.errors', undefined, `an errors counter, or a statusLabel on "${r.total.name}" to count 5xx responses`);
  }
  return out;
}
