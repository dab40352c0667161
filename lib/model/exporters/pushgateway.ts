/**
 * Prometheus Pushgateway (port 9091), scraped with honor_labels so pushed groups keep their own `job` and
 * `instance`; its alerts therefore select it by the `exporter` target label, not by `job`.
 */
import { Labels } from '../../conventions';
import { agg, call, gt, num, selector, sub } from '../../promql/expr';
import { Metric } from '../metric';
import type { ExporterDefinition } from './definition';

const pushTime = Metric.gauge({ name: 'push_time_seconds', help: 'Last Unix time a group was pushed', unit: 'seconds' });
const pushFailure = Metric.gauge({ name: 'push_failure_time_seconds', help: 'Last Unix time a push of a group failed', unit: 'seconds' });
const group = [Labels.job, Labels.instance];
const age = (scope: Parameters<typeof selector>[1]) => sub(call('time'), agg('max', selector(pushTime.name, scope), { by: group }));

export const PUSHGATEWAY: ExporterDefinition = {
  kind: 'pushgateway',
  displayName: 'Pushgateway',
  port: 9091,
  path: '/metrics',
  honorLabels: true,
  metrics: [pushTime, pushFailure],
  alerts: [{
    id: 'push-stale', summary: 'A pushed metrics group is stale',
    description: (t) => `Group job={{ $labels.job }} instance={{ $labels.instance }} was last pushed {{ $value | humanize }}s ago (threshold ${t}s).`,
    threshold: 3600, thresholdExpected: 'a number of seconds above 0', thresholdValid: (v) => v > 0, for: '5m', severity: 'warning',
    expr: (scope, t) => gt(age(scope), num(t)),
  }],
  panels: [
    { title: 'Seconds since last push', description: 'Age of every pushed group (time() − push_time_seconds).', unit: 's', queries: (s) => [{ expr: age(s), legend: '{{job}} {{instance}}' }] },
  ],
};
