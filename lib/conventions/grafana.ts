/** Names of everything Grafana-related: datasource uids, dashboard tags, labels and files. */

/** Fixed datasource uids: provisioning creates them, dashboards and correlation links refer to them. */
export const Datasources = {
  prometheus: { uid: 'prometheus', name: 'Prometheus', type: 'prometheus' },
  loki: { uid: 'loki', name: 'Loki', type: 'loki' },
  tempo: { uid: 'tempo', name: 'Tempo', type: 'tempo' },
} as const;

/** The dashboard variable every panel reads its datasource from (dashboard-linter's template-datasource-rule). */
export const DATASOURCE_VARIABLE = 'datasource';
/** The Loki datasource variable of dashboards with log panels (dashboard-linter's `<type>_datasource`). */
export const LOGS_DATASOURCE_VARIABLE = 'loki_datasource';

/** Tags on generated dashboards; dashboard links find each other by them. */
export const DashboardTags = {
  all: 'monitoring-as-code',
  service: 'service',
  overview: 'overview',
  /** Dashboards declared with `new Dashboard(…)` rather than generated per service. */
  custom: 'custom',
} as const;

/**
 * Correlation ids the catalogue's services log (seed 001's X-Request-ID as `request_id`, seed 003's
 * `correlation_id`, OpenTelemetry's `trace_id`): each becomes a derived field of the Loki datasource.
 */
export const CorrelationIds = {
  trace: 'trace_id',
  request: 'request_id',
  correlation: 'correlation_id',
} as const;

/** Stream labels a service's logs carry in Loki (the collector's resource-to-label mapping; Tempo's traces-to-logs uses the same). */
export const LogLabels = {
  service: 'service',
  namespace: 'namespace',
} as const;

/** File-provider folder key of a Grafana folder title: `''` (General) is `general`. */
export const folderKey = (folder: string): string =>
  folder.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'general';

/** Label the Grafana sidecar (kube-prometheus-stack) selects dashboard ConfigMaps by, and its value. */
export const SIDECAR_LABEL = { grafana_dashboard: '1' } as const;

/** ConfigMap data key of a dashboard: the sidecar writes it as the file name. */
export const dashboardFileName = (uid: string): string => `${uid}.json`;

/** Plain provisioning files, relative to the output directory. */
export const GrafanaFiles = {
  datasources: 'grafana/provisioning/datasources/monitoring-as-code.yml',
  dashboardProvider: 'grafana/provisioning/dashboards/monitoring-as-code.yml',
  /** A dashboard of a folder other than `grafana.folder`: one directory, and one file provider, per folder. */
  folderDashboard: (folder: string, uid: string) => `grafana/folders/${folderKey(folder)}/${uid}.json`,
} as const;

/** Name of the file provider in the dashboards provisioning file. */
export const DASHBOARD_PROVIDER = 'monitoring-as-code';
