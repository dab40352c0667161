/**
 * The routing as a neutral tree: both the plain alertmanager.yml and the per-team
 * AlertmanagerConfig are printed from these nodes, so they cannot drift apart.
 */
import { ALERTNAME, Labels, SEVERITIES, SlothLabels, Symptoms, type Severity } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { RouteTimings } from '../model/alertmanager-settings';
import { intervalsOf, type SeverityRoute } from '../model/routing';
import type { Service } from '../model/service';
import type { Team } from '../model/team';
import type { TimeInterval } from '../model/time-intervals';
import { eq, neq, re, type Matcher } from '../promql';

export interface RouteNode {
  readonly receiver?: string;
  readonly matchers: readonly Matcher[];
  readonly groupBy?: readonly string[];
  readonly continue?: boolean;
  readonly timings?: Required<RouteTimings>;
  readonly activeTimeIntervals?: readonly string[];
  readonly muteTimeIntervals?: readonly string[];
  readonly routes?: readonly RouteNode[];
}

export interface InhibitRule {
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  readonly equal: readonly string[];
}

/** One route per receiver of a severity; all but the last continue, so every receiver is notified. */
function severityNodes(team: Team, severity: Severity, route: SeverityRoute, timings: Required<RouteTimings>, scope: readonly Matcher[]): RouteNode[] {
  const names = (xs: readonly TimeInterval[] | undefined) => (xs?.length ? xs.map((i) => i.name) : undefined);
  return route.receivers.map((key, i) => ({
    receiver: team.receiverName(key),
    matchers: [...scope, eq(Labels.severity, severity)],
    continue: i < route.receivers.length - 1,
    timings,
    activeTimeIntervals: names(route.activeDuring),
    muteTimeIntervals: names(route.mutedDuring),
  }));
}

/** A team's subtree: per-service overrides first, then the team's own severity routes. */
export function teamRoute(catalog: Catalog, team: Team): RouteNode | undefined {
  if (team.defaultReceiver === undefined) return undefined;
  const timings = catalog.settings.alertmanager.timings;
  const routes: RouteNode[] = [];
  for (const service of servicesOf(catalog, team)) {
    for (const severity of SEVERITIES) {
      const r = service.routing[severity];
      if (r) routes.push(...severityNodes(team, severity, r, timings[severity], [eq(Labels.service, service.name)]));
    }
  }
  for (const severity of SEVERITIES) {
    const r = team.routing[severity];
    if (r) routes.push(...severityNodes(team, severity, r, timings[severity], []));
  }
  return { receiver: team.receiverName(team.defaultReceiver), matchers: [eq(Labels.team, team.name)], groupBy: team.groupBy, routes };
}

const byTeam = new WeakMap<Catalog, Map<Team, Service[]>>();

/** The team's services, sorted by name; indexed once per catalogue so rendering stays linear. */
export function servicesOf(catalog: Catalog, team: Team): readonly Service[] {
  let index = byTeam.get(catalog);
  if (!index) {
    index = new Map();
    for (const s of catalog.services) index.set(s.team, [...(index.get(s.team) ?? []), s]);
    byTeam.set(catalog, index);
  }
  return index.get(team) ?? [];
}

/** The whole tree: root (catch-all) → extra routes → one subtree per team. */
export function rootRoute(catalog: Catalog): RouteNode {
  const am = catalog.settings.alertmanager;
  const extra = am.extraRoutes.map((r): RouteNode => ({ receiver: r.receiver, matchers: r.matchers, continue: r.continue }));
  const teams = catalog.teams.map((t) => teamRoute(catalog, t)).filter((r): r is RouteNode => r !== undefined);
  return { receiver: am.defaultReceiver.name, matchers: [], groupBy: am.groupBy, timings: am.timings.default, routes: [...extra, ...teams] };
}

/** The generated inhibitions, then the platform's, then each of `teams`' own, scoped to the team's alerts. */
export function inhibitRules(catalog: Catalog, teams: readonly Team[]): InhibitRule[] {
  const ofTeam = (t: Team) => t.inhibitRules.map((r) => ({ source: [eq(Labels.team, t.name), ...r.source], target: [eq(Labels.team, t.name), ...r.target], equal: r.equal }));
  return [...generatedInhibitRules(), ...catalog.settings.alertmanager.inhibitRules, ...teams.flatMap(ofTeam)];
}

/** Issue 5's inhibitions, on the label contract only. */
function generatedInhibitRules(): InhibitRule[] {
  const anySymptom = re(Labels.symptom, '.+');
  return [
    // A page-tier burn alert makes the ticket tier of the same SLO redundant.
    { source: [eq(SlothLabels.severity, 'page')], target: [eq(SlothLabels.severity, 'ticket')], equal: [Labels.service, Labels.slo] },
    // When the targets are down every other alert of the service is a consequence; not its exporters' alerts
    // (`exporter` set), which watch other targets.
    { source: [eq(Labels.symptom, Symptoms.targetDown)], target: [neq(Labels.symptom, Symptoms.targetDown), eq(Labels.exporter, '')], equal: [Labels.service] },
    // The critical threshold of a symptom silences its own warning threshold.
    { source: [eq(Labels.severity, 'critical'), anySymptom], target: [eq(Labels.severity, 'warning'), anySymptom], equal: [ALERTNAME, Labels.service] },
  ];
}

/** Time intervals used anywhere below `teams`, each once, sorted by name. */
export function intervalsUsed(catalog: Catalog, teams: readonly Team[]): TimeInterval[] {
  const byName = new Map<string, TimeInterval>();
  for (const team of teams) {
    for (const owner of [team, ...servicesOf(catalog, team)]) {
      for (const i of intervalsOf(owner.routing)) if (!byName.has(i.name)) byName.set(i.name, i);
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
