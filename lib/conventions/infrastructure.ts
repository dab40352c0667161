/**
 * The only series rules may use without a service declaring them: well-known infrastructure metrics
 * from Prometheus itself, cAdvisor, kube-state-metrics and node_exporter. The platform setting
 * `knownMetrics` adds more (an exporter's series, say); lib/model/infrastructure.ts declares these.
 */
export const InfraSeries = {
  /** Prometheus: 1 when the last scrape of a target succeeded. */
  up: 'up',
  /** cAdvisor (kubelet): CPU seconds used per container. */
  containerCpu: 'container_cpu_usage_seconds_total',
  /** cAdvisor (kubelet): working-set memory per container, what the OOM killer looks at. */
  containerMemory: 'container_memory_working_set_bytes',
  /** kube-state-metrics: container limits, one series per `resource` (cpu in cores, memory in bytes). */
  containerLimits: 'kube_pod_container_resource_limits',
  /** kube-state-metrics: restarts per container (the dashboards' saturation row). */
  containerRestarts: 'kube_pod_container_status_restarts_total',
  /** Prometheus: one series per pending or firing alert (the overview's firing alerts). */
  alerts: 'ALERTS',
  /** node_exporter: free and total bytes per filesystem. */
  filesystemAvail: 'node_filesystem_avail_bytes',
  filesystemSize: 'node_filesystem_size_bytes',
  /** node_exporter: memory available for new work without swapping, and the total. */
  memoryAvailable: 'node_memory_MemAvailable_bytes',
  memoryTotal: 'node_memory_MemTotal_bytes',
  /** node_exporter: CPU seconds per cpu and mode. */
  nodeCpu: 'node_cpu_seconds_total',
} as const;

/** Labels of the infrastructure series that generated queries match on. */
export const InfraLabels = {
  resource: 'resource',
  mountpoint: 'mountpoint',
  fstype: 'fstype',
  cpu: 'cpu',
  mode: 'mode',
} as const;
