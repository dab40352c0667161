import { Files } from '../conventions';
import type { Renderer } from '../renderer';
import { alertmanagerConfig } from './config';
import { routesTable } from './expected';
import { alertmanagerConfigFor } from './operator';

export { alertmanagerConfig } from './config';
export { expectedReceivers, routesTable, routingCases, type RoutingCase } from './expected';
export { alertmanagerConfigFor } from './operator';

/** Alert routing: the plain alertmanager.yml, its routing table, and an AlertmanagerConfig per team. */
export const alertmanagerRenderer: Renderer = {
  name: 'alertmanager',
  render: (catalog) => ({
    manifests: catalog.teams.flatMap((t) => alertmanagerConfigFor(catalog, t) ?? []),
    files: [
      { path: Files.alertmanagerConfig, format: 'yaml', content: alertmanagerConfig(catalog) },
      { path: Files.routesTable, format: 'text', content: routesTable(catalog) },
    ],
  }),
};
