/**
 * Who should get an alert, worked out from the model alone (not from the generated tree), so that
 * `amtool config routes test --verify.receivers` checks the tree against an independent answer.
 */
import { Labels, SEVERITIES } from '../conventions';
import type { Catalog } from '../model/catalog';
import { matches } from './matchers';

export function expectedReceivers(catalog: Catalog, labels: Readonly<Record<string, string>>): string[] {
  const am = catalog.settings.alertmanager;
  const out: string[] = [];
  for (const route of am.extraRoutes) {
    if (!route.matchers.every((m) => matches(m, labels))) continue;
    out.push(route.receiver);
    if (!route.continue) return out;
  }
  const team = catalog.teams.find((t) => t.name === labels[Labels.team]);
  if (!team || team.defaultReceiver === undefined) return out.length ? out : [am.defaultReceiver.name];
  const service = catalog.services.find((s) => s.name === labels[Labels.service] && s.team === team);
  const severity = SEVERITIES.find((s) => s === labels[Labels.severity]);
  const route = severity && (service?.routing[severity] ?? team.routing[severity]);
  const keys = route ? route.receivers : [team.defaultReceiver];
  return [...out, ...keys.map((k) => team.receiverName(k))];
}

/** The labels of one line of the routing table: what every generated alert of that service and severity carries. */
export interface RoutingCase {
  readonly labels: Readonly<Record<string, string>>;
  readonly receivers: readonly string[];
}

/** One case per service × severity, services sorted by name, severities in SEVERITIES order. */
export function routingCases(catalog: Catalog): RoutingCase[] {
  return catalog.services.flatMap((s) =>
    SEVERITIES.map((severity) => {
      const labels = { [Labels.service]: s.name, [Labels.team]: s.team.name, [Labels.severity]: severity, [Labels.namespace]: s.namespace };
      return { labels, receivers: expectedReceivers(catalog, labels) };
    }),
  );
}

/** routes.test.tsv: `label=value …<TAB>receiver,receiver`, as `amtool config routes test` takes them. */
export function routesTable(catalog: Catalog): string {
  return routingCases(catalog)
    .map((c) => `${Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(' ')}\t${c.receivers.join(',')}`)
    .join('\n');
}
