/** Declarations of the well-known infrastructure series (names in conventions/infrastructure.ts). */
import { InfraSeries, Labels } from '../conventions';
import { Metric } from './metric';

const target = [Labels.job, Labels.instance];
const container = [Labels.namespace, Labels.pod, Labels.container];

export const Infrastructure = {
  up: Metric.gauge({ name: InfraSeries.up, help: 'Whether the last scrape of the target succeeded', labels: target }),
  containerCpu: Metric.counter({ name: InfraSeries.containerCpu, help: 'Cumulative CPU time consumed (cAdvisor)', labels: container }),
  containerMemory: Metric.gauge({ name: InfraSeries.containerMemory, help: 'Working-set memory (cAdvisor)', labels: container }),
  containerLimits: Metric.gauge({
    name: InfraSeries.containerLimits,
    help: 'Container resource limits (kube-state-metrics)',
    labels: [...container, 'resource', 'unit'],
  }),
  containerRestarts: Metric.counter({ name: InfraSeries.containerRestarts, help: 'Container restarts (kube-state-metrics)', labels: container }),
  alerts: Metric.gauge({ name: InfraSeries.alerts, help: 'Pending and firing alerts (Prometheus)', labels: ['alertname', 'alertstate', Labels.severity] }),
  filesystemAvail: Metric.gauge({ name: InfraSeries.filesystemAvail, help: 'Filesystem space available (node_exporter)', labels: [...target, 'device', 'fstype', 'mountpoint'] }),
  filesystemSize: Metric.gauge({ name: InfraSeries.filesystemSize, help: 'Filesystem size (node_exporter)', labels: [...target, 'device', 'fstype', 'mountpoint'] }),
  memoryAvailable: Metric.gauge({ name: InfraSeries.memoryAvailable, help: 'Memory available without swapping (node_exporter)', unit: 'bytes', labels: target }),
  memoryTotal: Metric.gauge({ name: InfraSeries.memoryTotal, help: 'Total memory (node_exporter)', unit: 'bytes', labels: target }),
  nodeCpu: Metric.counter({ name: InfraSeries.nodeCpu, help: 'CPU seconds per cpu and mode (node_exporter)', labels: [...target, 'cpu', 'mode'] }),
} as const;

/** The infrastructure metric of that name, if it is one. */
export function infrastructureMetric(name: string): Metric | undefined {
  return Object.values(Infrastructure).find((m) => m.name === name);
}

/** The well-known metric (built-in infrastructure, or one of the platform's `knownMetrics`) exposing `series`. */
export function wellKnownMetric(series: string, known: readonly Metric[] = []): Metric | undefined {
  for (const m of [...Object.values(Infrastructure), ...known]) if (m.series.includes(series)) return m;
  return undefined;
}
