/** Grafana: a dashboard per service and an overview, delivered as JSON files, ConfigMaps, optional operator objects, and provisioning. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Files, GrafanaFiles } from '../conventions';
import type { Catalog } from '../model/catalog';
import { joined, type Manifest, type Renderer, type Rendered } from '../renderer';
import { collectorDashboard } from './collector-dashboard';
import { customDashboard } from './custom-dashboard';
import { dashboardConfigMap, dashboardText, grafanaDashboard } from './manifests';
import { overviewDashboard } from './overview';
import { provisioningFiles } from './provisioning';
import { serviceDashboard } from './service-dashboard';

export { overviewDashboard } from './overview';
export { serviceDashboard } from './service-dashboard';
export { collectorDashboard } from './collector-dashboard';
export { customDashboard } from './custom-dashboard';
export { checkConfigMapSize, CLIENT_SIDE_APPLY_LIMIT, CONFIGMAP_LIMIT } from './manifests';
export { datasources, dashboardProvider, correlationRegex, REQUEST_ID_REGEX, TRACE_ID_REGEX } from './provisioning';

/** Every dashboard: the overview first, the services', the collectors', then the declared ones. */
export function dashboards(catalog: Catalog): Dashboard[] {
  return [
    overviewDashboard(catalog),
    ...catalog.services.map((s) => serviceDashboard(s, catalog.settings.grafana)),
    ...catalog.collectors.map((c) => collectorDashboard(c, catalog.settings)),
    ...catalog.dashboards.map((d) => customDashboard(d, catalog)),
  ];
}

/** The exact text of a dashboard file (also the ConfigMap value). */
export const dashboardJson = (d: Dashboard): string => `${JSON.stringify(d, null, 2)}\n`;

/**
 * A dashboard as its JSON file, its ConfigMap and, with an operator selector, its GrafanaDashboard, all
 * in `folder`. A file outside `grafana.folder` goes to that folder's directory, read by its own provider.
 */
function dashboardOutput(d: Dashboard, g: Catalog['settings']['grafana'], folder = g.folder): Rendered {
  const uid = d.uid!;
  // Serialized once, when written: the file and the ConfigMap hold the same text.
  const json = dashboardText(uid, () => dashboardJson(d));
  const manifests: Manifest[] = [dashboardConfigMap(uid, json, g, folder)];
  if (g.operatorInstanceSelector) manifests.push(grafanaDashboard(uid, g, g.operatorInstanceSelector, folder));
  const file = folder === g.folder ? Files.dashboard(uid) : GrafanaFiles.folderDashboard(folder, uid);
  return { manifests, files: [{ path: file, format: 'text', content: json }] };
}

/** Provisioning and the overview, then one service's dashboard at a time, the collectors', the declared ones. */
function* grafanaPieces(catalog: Catalog): Iterable<Rendered> {
  const g = catalog.settings.grafana;
  yield { files: provisioningFiles(catalog) };
  yield dashboardOutput(overviewDashboard(catalog), g);
  for (const s of catalog.services) yield dashboardOutput(serviceDashboard(s, g), g);
  for (const c of catalog.collectors) yield dashboardOutput(collectorDashboard(c, catalog.settings), g);
  for (const d of catalog.dashboards) yield dashboardOutput(customDashboard(d, catalog), g, d.folder);
}

export const grafanaRenderer: Renderer = {
  name: 'grafana',
  render: (catalog) => joined(grafanaPieces(catalog)),
  renderEach: grafanaPieces,
};
