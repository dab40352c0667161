/**
 * Who should get an alert, worked out from the model alone (not from the generated tree), so that
 * `amtool config routes test --verify.receivers` checks the tree against an independent answer.
 */
import { ALERTNAME, Labels, SEVERITIES, SlothLabels, TIER_SEVERITY } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { Service } from '../model/service';
import type { Team } from '../model/team';
import { matches } from './matchers';

const indexes = new WeakMap<Catalog, { teams: Map<string, Team>; services: Map<string, Service> }>();

function indexOf(catalog: Catalog) {
  let index = indexes.get(catalog);
  if (!index) {
    index = { teams: new Map(catalog.teams.map((t) => [t.name, t])), services: new Map(catalog.services.map((s) => [s.name, s])) };
    indexes.set(catalog, index);
  }
  return index;
}

export function expectedReceivers(catalog: Catalog, labels: Readonly<Record<string, string>>): string[] {
  const am = catalog.settings.alertmanager;
  const out: string[] = [];
  for (const route of am.extraRoutes) {
    if (!route.matchers.every((m) => matches(m, labels))) continue;
    out.push(route.receiver);
    if (!route.continue) return out;
  }
  const index = indexOf(catalog);
  const team = index.teams.get(labels[Labels.team] ?? '');
  if (!team || team.defaultReceiver === undefined) return out.length ? out : [am.defaultReceiver.name];
  const candidate = index.services.get(labels[Labels.service] ?? '');
  const service = candidate?.team === team ? candidate : undefined;
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

/** The table's cases are `k=v` words: values with spaces or quotes stay out of it. */
const wordsOnly = (labels: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(labels).filter(([, v]) => /^[^\s"'\\]+$/.test(v)));

/**
 * One case per service × severity, services sorted by name, severities in SEVERITIES order; then, for
 * each SLO tier that carries user labels (service, SLO or tier labels), one case with all of them, so
 * extra routes on such labels are checked too; then one case per custom alert with its name and
 * labels, and one per platform alert (team and severity only, or none: the default receiver).
 */
export function routingCases(catalog: Catalog): RoutingCase[] {
  const platform = catalog.platformAlerts.map((a) => ({
    ...wordsOnly(a.labels), [ALERTNAME]: a.name, ...(a.team ? { [Labels.team]: a.team.name } : {}), [Labels.severity]: a.severity,
  }));
  return [...serviceCases(catalog), ...platform.map((labels) => ({ labels, receivers: expectedReceivers(catalog, labels) }))];
}

function serviceCases(catalog: Catalog): RoutingCase[] {
  const base = (s: Service, severity: string) => ({ [Labels.service]: s.name, [Labels.team]: s.team.name, [Labels.severity]: severity, [Labels.namespace]: s.namespace });
  return catalog.services.flatMap((s) => {
    const cases: Array<Record<string, string>> = SEVERITIES.map((severity) => base(s, severity));
    for (const slo of s.slos) {
      for (const tier of ['page', 'ticket'] as const) {
        const user = wordsOnly({ ...slo.recordLabels, ...slo.alertTier(tier).labels });
        if ((tier === 'page' ? !slo.page : !slo.ticket) || Object.keys(user).length === 0) continue;
        cases.push({ ...user, ...base(s, TIER_SEVERITY[tier]), [Labels.slo]: slo.name, [SlothLabels.severity]: tier });
      }
    }
    for (const a of s.alerts) cases.push({ ...wordsOnly({ ...s.labels, ...a.labels }), [ALERTNAME]: a.name, ...base(s, a.severity) });
    return cases.map((labels) => ({ labels, receivers: expectedReceivers(catalog, labels) }));
  });
}

/** routes.test.tsv: `label=value …<TAB>receiver,receiver`, as `amtool config routes test` takes them. */
export function routesTable(catalog: Catalog): string {
  return routingCases(catalog)
    .map((c) => `${Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(' ')}\t${c.receivers.join(',')}`)
    .join('\n');
}
