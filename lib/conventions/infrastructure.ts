/**
 * Series no service declares but dashboards read: Prometheus' own (`up`, `ALERTS`), cAdvisor's and
 * kube-state-metrics'. Kept in this one list so "every query references only declared metrics or
 * generated recording rules" stays checkable.
 */
export interface InfraSeries {
  readonly name: string;
  readonly type: 'counter' | 'gauge';
  /** Who produces it. */
  readonly source: 'prometheus' | 'cadvisor' | 'kube-state-metrics';
}

const series = <const T extends Record<string, InfraSeries>>(s: T): T => s;

export const Infra = series({
  up: { name: 'up', type: 'gauge', source: 'prometheus' },
  alerts: { name: 'ALERTS', type: 'gauge', source: 'prometheus' },
  cpu: { name: 'container_cpu_usage_seconds_total', type: 'counter', source: 'cadvisor' },
  memory: { name: 'container_memory_working_set_bytes', type: 'gauge', source: 'cadvisor' },
  restarts: { name: 'kube_pod_container_status_restarts_total', type: 'counter', source: 'kube-state-metrics' },
});

export const INFRA_SERIES: readonly InfraSeries[] = Object.values(Infra);
