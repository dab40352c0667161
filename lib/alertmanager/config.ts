/** The plain dist/alertmanager/alertmanager.yml (checked with amtool 0.25). */
import type { Catalog } from '../model/catalog';
import { plainReceiver } from './integrations';
import { printInhibitRule, printInterval, printRoute } from './print';
import { inhibitRules, intervalsUsed, rootRoute } from './tree';

export function alertmanagerConfig(catalog: Catalog): Record<string, unknown> {
  const am = catalog.settings.alertmanager;
  const receivers = [
    plainReceiver(am.defaultReceiver.name, am.defaultReceiver.integrations, am.secretsDir),
    ...am.receivers.map((r) => plainReceiver(r.name, r.integrations, am.secretsDir)),
    ...catalog.teams.flatMap((t) => [...t.receivers].map(([key, integrations]) => plainReceiver(t.receiverName(key), integrations, am.secretsDir))),
  ];
  const intervals = intervalsUsed(catalog, catalog.teams);
  return {
    global: { resolve_timeout: am.resolveTimeout },
    route: printRoute(rootRoute(catalog), 'plain'),
    inhibit_rules: inhibitRules(catalog, catalog.teams).map((r) => printInhibitRule(r, 'plain')),
    receivers,
    ...(intervals.length ? { time_intervals: intervals.map((i) => printInterval(i, 'plain')) } : {}),
  };
}
