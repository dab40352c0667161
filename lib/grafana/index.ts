/** Grafana: a dashboard per service and an overview, delivered as JSON files, ConfigMaps, optional operator objects, and provisioning. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Files } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { Manifest, OutputFile, Renderer } from '../renderer';
import { collectorDashboard } from './collector-dashboard';
import { dashboardConfigMap, grafanaDashboard } from './manifests';
import { overviewDashboard } from './overview';
import { provisioningFiles } from './provisioning';
import { serviceDashboard } from './service-dashboard';

export { overviewDashboard } from './overview';
export { serviceDashboard } from './service-dashboard';
export { collectorDashboard } from './collector-dashboard';
export { checkConfigMapSize, CLIENT_SIDE_APPLY_LIMIT, CONFIGMAP_LIMIT } from './manifests';
export { datasources, dashboardProvider, REQUEST_ID_REGEX, TRACE_ID_REGEX } from './provisioning';

/** Every generated dashboard, overview first, collectors last. */
export function dashboards(catalog: Catalog): Dashboard[] {
  return [
    overviewDashboard(catalog),
    ...catalog.services.map((s) => serviceDashboard(s, catalog.settings.grafana)),
    ...catalog.collectors.map((c) => collectorDashboard(c, catalog.settings)),
  ];
}

/** The exact text of a dashboard file (also the ConfigMap value). */
export const dashboardJson = (d: Dashboard): string => `${JSON.stringify(d, null, 2)}\n`;

export const grafanaRenderer: Renderer = {
  name: 'grafana',
  render: (catalog) => {
    const g = catalog.settings.grafana;
    const manifests: Manifest[] = [];
    const files: OutputFile[] = provisioningFiles(catalog);
    for (const d of dashboards(catalog)) {
      const uid = d.uid!;
      files.push({ path: Files.dashboard(uid), format: 'json', content: d });
      manifests.push(dashboardConfigMap(uid, dashboardJson(d), g));
      if (g.operatorInstanceSelector) manifests.push(grafanaDashboard(uid, g, g.operatorInstanceSelector));
    }
    return { manifests, files };
  },
};
