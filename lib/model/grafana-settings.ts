/** Where Grafana finds its datasources and how generated dashboards are delivered to it. */
import { show } from './problems';

export interface DatasourceEndpoint {
  /** URL Grafana's backend reaches the datasource at. */
  readonly url: string;
}

export interface GrafanaSettingsProps {
  /**
   * URL Grafana's backend reaches Prometheus at (the provisioned Prometheus datasource).
   * @default 'http://prometheus:9090'
   */
  readonly prometheusUrl?: string;
  /**
   * Loki datasource: log lines' `trace_id` links to Tempo, `request_id` to every log line of that request.
   * @default none: no Loki datasource
   */
  readonly loki?: DatasourceEndpoint;
  /**
   * Tempo datasource: traces link to logs (when Loki is set) and to metrics.
   * @default none: no Tempo datasource
   */
  readonly tempo?: DatasourceEndpoint;
  /**
   * Grafana folder of the generated dashboards; `''` is Grafana's General folder.
   * @default 'Services'
   */
  readonly folder?: string;
  /**
   * Namespace of the dashboard ConfigMaps (and GrafanaDashboard objects): where Grafana's sidecar or operator looks.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Annotation naming the folder on each dashboard ConfigMap; the sidecar's `folderAnnotation` value.
   * @default 'grafana_folder'
   */
  readonly folderAnnotation?: string;
  /**
   * Directory the file provider of dist/grafana/provisioning reads dashboard JSON from.
   * @default '/var/lib/grafana/dashboards/monitoring-as-code'
   */
  readonly dashboardsPath?: string;
  /**
   * Directory holding one sub-directory per other folder (dist/grafana/folders/<folder>/), for declared
   * dashboards whose `folder` is not `folder`; each gets a file provider of its own.
   * @default '/var/lib/grafana/dashboards/monitoring-as-code-folders'
   */
  readonly foldersPath?: string;
  /**
   * Emit a GrafanaDashboard (grafana.integreatly.org/v1beta1) per dashboard, selecting Grafana instances by these labels.
   * @default none: no GrafanaDashboard objects
   */
  readonly operatorInstanceSelector?: Readonly<Record<string, string>>;
  /**
   * Auto-refresh interval of the dashboards.
   * @default '1m'
   */
  readonly refresh?: string;
}

/** Grafana settings with every default applied. */
export interface GrafanaSettings {
  readonly prometheusUrl: string;
  readonly loki: DatasourceEndpoint | undefined;
  readonly tempo: DatasourceEndpoint | undefined;
  readonly folder: string;
  readonly namespace: string;
  readonly folderAnnotation: string;
  readonly dashboardsPath: string;
  readonly foldersPath: string;
  readonly operatorInstanceSelector: Readonly<Record<string, string>> | undefined;
  readonly refresh: string;
}

export function resolveGrafanaSettings(p: GrafanaSettingsProps = {}): GrafanaSettings {
  return {
    prometheusUrl: p.prometheusUrl ?? 'http://prometheus:9090',
    loki: p.loki ? { url: p.loki.url } : undefined,
    tempo: p.tempo ? { url: p.tempo.url } : undefined,
    folder: p.folder ?? 'Services',
    namespace: p.namespace ?? 'monitoring',
    folderAnnotation: p.folderAnnotation ?? 'grafana_folder',
    dashboardsPath: p.dashboardsPath ?? '/var/lib/grafana/dashboards/monitoring-as-code',
    foldersPath: p.foldersPath ?? '/var/lib/grafana/dashboards/monitoring-as-code-folders',
    operatorInstanceSelector: p.operatorInstanceSelector ? { ...p.operatorInstanceSelector } : undefined,
    refresh: p.refresh ?? '1m',
  };
}

/** What is wrong with a Grafana folder title; `''` is the General folder. */
export function folderProblem(folder: unknown): string | undefined {
  if (typeof folder !== 'string' || (folder !== '' && folder.trim() === '')) return "a folder title, or '' for the General folder";
  if (folder.trim().toLowerCase() === 'general') return "'' for Grafana's General folder (no folder may be titled General)";
  return undefined;
}

export function grafanaSettingsProblems(g: GrafanaSettings): string[] {
  const out: string[] = [];
  const err = (subject: string, value: unknown, expected: string) => out.push(`${subject}: got ${show(value)}, expected ${expected}`);
  const urls: Array<[string, string | undefined]> = [
    ['grafana.prometheusUrl', g.prometheusUrl], ['grafana.loki.url', g.loki?.url], ['grafana.tempo.url', g.tempo?.url],
  ];
  for (const [field, url] of urls) {
    if (url !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url)) err(field, url, 'an http:// or https:// URL');
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(g.namespace) || g.namespace.length > 63) err('grafana.namespace', g.namespace, 'a DNS-1123 label');
  if (!/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(g.folderAnnotation)) err('grafana.folderAnnotation', g.folderAnnotation, 'a Kubernetes annotation key');
  const badFolder = folderProblem(g.folder);
  if (badFolder) err('grafana.folder', g.folder, badFolder);
  if (!g.dashboardsPath.startsWith('/')) err('grafana.dashboardsPath', g.dashboardsPath, 'an absolute path');
  // Grafana's file provider reads its directory recursively: nested paths would load dashboards twice.
  const within = (a: string, b: string) => `${a.replace(/\/+$/, '')}/`.startsWith(`${b.replace(/\/+$/, '')}/`);
  if (!g.foldersPath.startsWith('/')) err('grafana.foldersPath', g.foldersPath, 'an absolute path');
  else if (within(g.foldersPath, g.dashboardsPath) || within(g.dashboardsPath, g.foldersPath)) {
    err('grafana.foldersPath', g.foldersPath, `a directory neither inside nor around grafana.dashboardsPath (${g.dashboardsPath}): Grafana reads provider directories recursively`);
  }
  if (!/^\d+[smhd]$/.test(g.refresh)) err('grafana.refresh', g.refresh, 'a Grafana refresh interval such as 30s, 1m or 5m');
  if (g.operatorInstanceSelector && Object.keys(g.operatorInstanceSelector).length === 0) {
    err('grafana.operatorInstanceSelector', {}, 'at least one label, or no selector to skip GrafanaDashboard objects');
  }
  return out;
}
