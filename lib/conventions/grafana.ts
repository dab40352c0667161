/** Names of everything Grafana-related: datasource uids, dashboard tags, labels and files. */

/** Fixed datasource uids: provisioning creates them, dashboards and correlation links refer to them. */
export const Datasources = {
  prometheus: { uid: 'prometheus', name: 'Prometheus', type: 'prometheus' },
  loki: { uid: 'loki', name: 'Loki', type: 'loki' },
  tempo: { uid: 'tempo', name: 'Tempo', type: 'tempo' },
} as const;

/** The dashboard variable every panel reads its datasource from (dashboard-linter's template-datasource-rule). */
export const DATASOURCE_VARIABLE = 'datasource';

/** Tags on generated dashboards; dashboard links find each other by them. */
export const DashboardTags = {
  all: 'monitoring-as-code',
  service: 'service',
  overview: 'overview',
} as const;

/** Label the Grafana sidecar (kube-prometheus-stack) selects dashboard ConfigMaps by, and its value. */
export const SIDECAR_LABEL = { grafana_dashboard: '1' } as const;

/** ConfigMap data key of a dashboard: the sidecar writes it as the file name. */
export const dashboardFileName = (uid: string): string => `${uid}.json`;

/** Plain provisioning files, relative to the output directory. */
export const GrafanaFiles = {
  datasources: 'grafana/provisioning/datasources/monitoring-as-code.yml',
  dashboardProvider: 'grafana/provisioning/dashboards/monitoring-as-code.yml',
} as const;

/** Name of the file provider in the dashboards provisioning file. */
export const DASHBOARD_PROVIDER = 'monitoring-as-code';
