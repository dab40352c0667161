/** The read-only view of the model that renderers receive. */
import type { IConstruct } from 'constructs';
import { PLATFORM } from '../conventions';
import { PlatformAlert } from './alert';
import { alertRoutingProblems } from './alerting-problems';
import { prometheusSettingsProblems } from './scrape-checks';
import { Collector } from './collector';
import { otelSettingsProblems } from './otel-settings';
import { grafanaSettingsProblems } from './grafana-settings';
import { Metric } from './metric';
import { checkDnsLabel } from './names';
import { SETTINGS_PATH, show } from './problems';
import { Service } from './service';
import { DELIVERIES, settingsOf, type Settings } from './settings';
import { Team } from './team';

export interface Catalog {
  readonly settings: Settings;
  /** Services sorted by name, so output order never depends on declaration order. */
  readonly services: readonly Service[];
  /** Teams sorted by name. */
  readonly teams: readonly Team[];
  /** OpenTelemetry collectors sorted by name. */
  readonly collectors: readonly Collector[];
  /** Alerts not tied to a service, in tree order. */
  readonly platformAlerts: readonly PlatformAlert[];
}

export function catalogOf(root: IConstruct): Catalog {
  const all = root.node.findAll();
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    settings: settingsOf(root),
    services: all.filter(Service.isService).sort(byName),
    teams: all.filter(Team.isTeam).sort(byName),
    collectors: all.filter(Collector.isCollector).sort(byName),
    platformAlerts: all.filter(PlatformAlert.isPlatformAlert),
  };
}

/** Problems that span constructs (names unique across the catalogue, routing) and of the platform settings. */
export function catalogProblems(catalog: Catalog): string[] {
  const out: string[] = [];
  const dupes = <T extends IConstruct & { name: string }>(items: readonly T[], what: string) => {
    const first = new Map<string, T>();
    for (const item of items) {
      const prev = first.get(item.name);
      if (prev) out.push(`[${item.node.path}] ${what} name: got "${item.name}", expected a name not already used by ${prev.node.path}`);
      else first.set(item.name, item);
    }
  };
  dupes(catalog.services, 'service');
  dupes(catalog.teams, 'team');
  if (!DELIVERIES.includes(catalog.settings.delivery)) {
    out.push(`[${SETTINGS_PATH}] delivery: got ${show(catalog.settings.delivery)}, expected one of ${DELIVERIES.map(show).join(', ')}`);
  }
  out.push(...grafanaSettingsProblems(catalog.settings.grafana).map((p) => `[${SETTINGS_PATH}] ${p}`));
  out.push(...prometheusSettingsProblems(catalog.settings).map((p) => `[${SETTINGS_PATH}] ${p}`));
  out.push(...alertRoutingProblems(catalog));
  dupes(catalog.collectors, 'collector');
  out.push(...otelSettingsProblems(catalog.settings.otel).map((p) => `[${SETTINGS_PATH}] ${p}`));
  out.push(...collectorCatalogProblems(catalog));
  out.push(...alertNameProblems(catalog));
  catalog.settings.knownMetrics.forEach((m, i) => {
    if (!(m instanceof Metric)) out.push(`[${SETTINGS_PATH}] knownMetrics[${i}]: got ${show(m)}, expected a Metric (Metric.gauge({ … }) and the like)`);
    else for (const e of m.check().errors) out.push(`[${SETTINGS_PATH}] knownMetrics[${i}] ${e.subject}: got ${show(e.value)}, expected ${e.expected}`);
  });
  return out;
}

/** Platform alerts share one rule file (`platform`): no service or collector may own that name, and names are unique per rule file. */
function alertNameProblems(catalog: Catalog): string[] {
  const out: string[] = [];
  if (catalog.platformAlerts.length > 0) {
    const ns = checkDnsLabel(catalog.settings.rulesNamespace);
    if (ns) out.push(`[${SETTINGS_PATH}] prometheus.namespace: got ${show(catalog.settings.rulesNamespace)}, expected ${ns}`);
    for (const c of [...catalog.services, ...catalog.collectors]) {
      if (c.name === PLATFORM) out.push(`[${c.node.path}] name: got "${c.name}", expected a name other than "${PLATFORM}", which the platform alerts' rule file and tests use`);
    }
  }
  const unique = (alerts: readonly { name: string; node: IConstruct['node'] }[], taken: ReadonlyMap<string, string>) => {
    const seen = new Map(taken);
    for (const a of alerts) {
      const prev = seen.get(a.name);
      if (prev) out.push(`[${a.node.path}] alert name: got "${a.name}", expected a name not already used by ${prev} in the same rule file`);
      else seen.set(a.name, a.node.path);
    }
  };
  for (const s of catalog.services) unique(s.alerts, new Map(s.generatedAlertNames().map((n) => [n, `a generated alert of ${s.node.path}`])));
  unique(catalog.platformAlerts, new Map());
  return out;
}

/** A collector's names must not collide with a service's files, and the services its tenants name must exist. */
function collectorCatalogProblems(catalog: Catalog): string[] {
  const out: string[] = [];
  const services = new Set(catalog.services.map((s) => s.name));
  for (const c of catalog.collectors) {
    if (services.has(c.name)) out.push(`[${c.node.path}] collector name: got "${c.name}", expected a name no service uses (their rule files and dashboards would collide)`);
    c.tenants.forEach((t, i) => t.services.forEach((s, j) => {
      if (!services.has(s)) out.push(`[${c.node.path}] tenants[${i}].services[${j}]: got "${s}", expected a service of the catalogue`);
    }));
  }
  return out;
}
