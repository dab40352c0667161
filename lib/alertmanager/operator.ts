/** One AlertmanagerConfig (monitoring.coreos.com/v1alpha1) per team, with Secret references only. */
import { K8sNames, Labels, MANAGED_BY } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { Team } from '../model/team';
import type { Manifest } from '../renderer';
import { operatorReceiver } from './integrations';
import { printInhibitRule, printInterval, printRoute } from './print';
import { inhibitRules, intervalsUsed, servicesOf, teamRoute } from './tree';

/** The team's AlertmanagerConfig; undefined when the team has no receivers or no services. */
export function alertmanagerConfigFor(catalog: Catalog, team: Team): Manifest | undefined {
  const am = catalog.settings.alertmanager;
  const route = teamRoute(catalog, team);
  const services = servicesOf(catalog, team);
  if (!route || services.length === 0) return undefined;
  // OnNamespace: the operator only routes alerts whose namespace label is the object's namespace.
  const namespace = am.matcherStrategy === 'OnNamespace' ? services[0]!.namespace : am.namespace;
  const intervals = intervalsUsed(catalog, [team]);
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: {
      name: K8sNames.alertmanagerConfig(team.name),
      namespace,
      labels: { ...catalog.settings.selectionLabels, ...MANAGED_BY, [Labels.team]: team.name },
    },
    spec: {
      route: printRoute({ ...route, groupBy: team.groupBy ?? am.groupBy, timings: am.timings.default }, 'operator'),
      receivers: [...team.receivers].map(([key, integrations]) => operatorReceiver(team.receiverName(key), integrations)),
      inhibitRules: inhibitRules(catalog, [team]).map((r) => printInhibitRule(r, 'operator')),
      ...(intervals.length ? { muteTimeIntervals: intervals.map((i) => printInterval(i, 'operator')) } : {}),
    },
  };
}
