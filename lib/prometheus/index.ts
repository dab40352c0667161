import { Files } from '../conventions';
import type { Renderer } from '../renderer';
import { prometheusConfig } from './config';
import { exporterMonitor, monitorFor } from './monitors';

export { prometheusConfig } from './config';
export { exporterMonitor, monitorFor, podMonitor, serviceMonitor } from './monitors';

/** Scrape configuration: a ServiceMonitor/PodMonitor per service, and the plain prometheus.yml. */
export const scrapeRenderer: Renderer = {
  name: 'scrape',
  render: (catalog) => ({
    manifests: [...catalog.services.flatMap((s) => monitorFor(s, catalog.settings) ?? []), ...catalog.exporters.map((e) => exporterMonitor(e, catalog.settings))],
    files: [{ path: Files.prometheusConfig, format: 'yaml', content: prometheusConfig(catalog) }],
  }),
};
