/** prometheus/node_exporter (port 9100): the memory, CPU and filesystem series the infrastructure list already names. */
import { Labels } from '../../conventions';
import { agg, div, eq, gt, mul, neq, num, paren, rate, selector, sub, sumBy, withMatchers, type Expr, type Matcher } from '../../promql/expr';
import { Infrastructure } from '../infrastructure';
import { Metric } from '../metric';
import { percentThreshold, type ExporterDefinition } from './definition';

const load1 = Metric.gauge({ name: 'node_load1', help: '1-minute load average' });
const inst = [Labels.instance];
/** 100 × (1 − available ÷ total). */
const usedPercent = (available: Expr, total: Expr) => mul(num(100), paren(sub(num(1), div(available, total))));
const memoryUsedPercent = (scope: readonly Matcher[]) => usedPercent(selector(Infrastructure.memoryAvailable.name, scope), selector(Infrastructure.memoryTotal.name, scope));

export const NODE: ExporterDefinition = {
  kind: 'node',
  displayName: 'Nodes (node_exporter)',
  port: 9100,
  path: '/metrics',
  honorLabels: false,
  metrics: [Infrastructure.memoryAvailable, Infrastructure.memoryTotal, Infrastructure.nodeCpu, Infrastructure.filesystemAvail, Infrastructure.filesystemSize, load1],
  alerts: [{
    id: 'memory-high', summary: 'Node memory usage is high',
    description: (t) => `Memory usage is {{ $value | humanize }}% on {{ $labels.instance }} (threshold ${t}%).`,
    threshold: 90, ...percentThreshold, for: '5m', severity: 'critical',
    expr: (scope, t) => gt(memoryUsedPercent(scope), num(t)),
  }],
  panels: [
    { title: 'Memory used', description: '1 − MemAvailable ÷ MemTotal per node.', unit: 'percent', queries: (s) => [{ expr: memoryUsedPercent(s), legend: '{{instance}}' }] },
    {
      title: 'CPU busy', description: 'Share of CPU time not idle per node.', unit: 'percentunit',
      queries: (s) => [{ expr: sub(num(1), agg('avg', rate(withMatchers(selector(Infrastructure.nodeCpu.name, s), [eq('mode', 'idle')]), '$__rate_interval'), { by: inst })), legend: '{{instance}}' }],
    },
    {
      title: 'Filesystem used', description: 'Space used per node and mount point (tmpfs left out).', unit: 'percent',
      queries: (s) => {
        const fs = (name: string) => withMatchers(selector(name, s), [neq('fstype', 'tmpfs')]);
        return [{ expr: usedPercent(fs(Infrastructure.filesystemAvail.name), fs(Infrastructure.filesystemSize.name)), legend: '{{instance}} {{mountpoint}}' }];
      },
    },
    { title: 'Load (1m)', description: 'node_load1 per node.', unit: 'short', queries: (s) => [{ expr: sumBy(inst, selector(load1.name, s)), legend: '{{instance}}' }] },
  ],
};
