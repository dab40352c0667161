/** The read-only view of the model that renderers receive. */
import type { IConstruct } from 'constructs';
import { PLATFORM } from '../conventions';
import { PlatformAlert } from './alert';
import { alertRoutingProblems } from './alerting-problems';
import { prometheusSettingsProblems } from './scrape-checks';
import { Collector } from './collector';
import { Dashboard } from './dashboard';
import { dashboardCatalogProblems } from './dashboard-problems';
import { ExporterTarget } from './exporters/exporter';
import { otelSettingsProblems } from './otel-settings';
import { grafanaSettingsProblems } from './grafana-settings';
import { Metric } from './metric';
import { checkDnsLabel, checkDuration, checkLabelName } from './names';
import { isDuplicateId, SETTINGS_PATH, show } from './problems';
import { Service } from './service';
import { MAX_LABEL_CARDINALITY } from './metric';
import { DELIVERIES, RULE_FORMS, settingsOf, type CardinalitySettings, type Settings } from './settings';
import { Team } from './team';

export interface Catalog {
  readonly settings: Settings;
  /** Services sorted by name, so output order never depends on declaration order. */
  readonly services: readonly Service[];
  /** Teams sorted by name. */
  readonly teams: readonly Team[];
  /** OpenTelemetry collectors sorted by name. */
  readonly collectors: readonly Collector[];
  /** Declared dashboards (`new Dashboard`) sorted by uid. */
  readonly dashboards: readonly Dashboard[];
  /** Alerts not tied to a service, in tree order. */
  readonly platformAlerts: readonly PlatformAlert[];
  /** Exporters of services and of the platform, sorted by job. */
  readonly exporters: readonly ExporterTarget[];
}

export function catalogOf(root: IConstruct): Catalog {
  const all = root.node.findAll();
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    settings: settingsOf(root),
    services: all.filter(Service.isService).sort(byName),
    teams: all.filter(Team.isTeam).sort(byName),
    collectors: all.filter(Collector.isCollector).sort(byName),
    dashboards: all.filter(Dashboard.isDashboard).sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0)),
    platformAlerts: all.filter(PlatformAlert.isPlatformAlert),
    exporters: all.filter(ExporterTarget.isExporterTarget).sort((a, b) => (a.job < b.job ? -1 : a.job > b.job ? 1 : 0)),
  };
}

/** Problems that span constructs (names unique across the catalogue, routing) and of the platform settings. */
export function catalogProblems(catalog: Catalog): string[] {
  const out: string[] = [];
  const dupes = <T extends IConstruct & { name: string }>(items: readonly T[], what: string) => {
    const first = new Map<string, T>();
    for (const item of items) {
      if (isDuplicateId(item)) continue; // reported once, as a reused id
      const prev = first.get(item.name);
      if (prev) out.push(`[${item.node.path}] ${what} name: got "${item.name}", expected a name not already used by ${prev.node.path}`);
      else first.set(item.name, item);
    }
  };
  dupes(catalog.services, 'service');
  dupes(catalog.teams, 'team');
  out.push(...referenceProblems(catalog));
  out.push(...prometheusDefaultsProblems(catalog.settings).map((p) => `[${SETTINGS_PATH}] ${p}`));
  if (!DELIVERIES.includes(catalog.settings.delivery)) {
    out.push(`[${SETTINGS_PATH}] delivery: got ${show(catalog.settings.delivery)}, expected one of ${DELIVERIES.map(show).join(', ')}`);
  }
  if (!RULE_FORMS.includes(catalog.settings.ruleForm)) {
    out.push(`[${SETTINGS_PATH}] ruleForm: got ${show(catalog.settings.ruleForm)}, expected one of ${RULE_FORMS.map(show).join(', ')}`);
  }
  out.push(...grafanaSettingsProblems(catalog.settings.grafana).map((p) => `[${SETTINGS_PATH}] ${p}`));
  out.push(...prometheusSettingsProblems(catalog.settings).map((p) => `[${SETTINGS_PATH}] ${p}`));
  out.push(...alertRoutingProblems(catalog));
  dupes(catalog.collectors, 'collector');
  out.push(...otelSettingsProblems(catalog.settings.otel).map((p) => `[${SETTINGS_PATH}] ${p}`));
  out.push(...cardinalitySettingsProblems(catalog.settings.cardinality).map((p) => `[${SETTINGS_PATH}] ${p}`));
  out.push(...collectorCatalogProblems(catalog));
  out.push(...dashboardCatalogProblems(catalog));
  out.push(...alertNameProblems(catalog));
  out.push(...exporterJobProblems(catalog));
  catalog.settings.knownMetrics.forEach((m, i) => {
    if (!(m instanceof Metric)) out.push(`[${SETTINGS_PATH}] knownMetrics[${i}]: got ${show(m)}, expected a Metric (Metric.gauge({ … }) and the like)`);
    else for (const e of m.check().errors) out.push(`[${SETTINGS_PATH}] knownMetrics[${i}] ${e.subject}: got ${show(e.value)}, expected ${e.expected}`);
  });
  return out;
}

function cardinalitySettingsProblems(c: CardinalitySettings): string[] {
  const out: string[] = [];
  const whole = (n: number, max = Infinity) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!whole(c.seriesBudget)) out.push(`cardinality.seriesBudget: got ${show(c.seriesBudget)}, expected a whole number of series of at least 1`);
  if (!whole(c.defaultLabelValues, MAX_LABEL_CARDINALITY)) {
    out.push(`cardinality.defaultLabelValues: got ${show(c.defaultLabelValues)}, expected a whole number of values from 1 to ${MAX_LABEL_CARDINALITY}`);
  }
  if (!(Number.isFinite(c.headroomPercent) && c.headroomPercent >= 0 && c.headroomPercent <= 1000)) {
    out.push(`cardinality.headroomPercent: got ${show(c.headroomPercent)}, expected a percentage from 0 to 1000`);
  }
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

/** An exporter's job is a scrape job and an object name: no service, collector or other exporter may use it. */
function exporterJobProblems(catalog: Catalog): string[] {
  const taken = new Map<string, string>([...catalog.services, ...catalog.collectors].map((c) => [c.name, c.node.path]));
  const out: string[] = [];
  for (const e of catalog.exporters) {
    const prev = taken.get(e.job);
    if (prev) out.push(`[${e.node.path}] exporter job: got "${e.job}", expected a job name not already used by ${prev} (give the exporter another id)`);
    else taken.set(e.job, e.node.path);
  }
  return out;
}

/** A collector's names must not collide with a service's files, and the services its tenants name must exist. */
function collectorCatalogProblems(catalog: Catalog): string[] {
  const out: string[] = [];
  const services = new Set(catalog.services.map((s) => s.name));
  const namespaces = [...new Set(catalog.services.map((s) => s.namespace))].sort();
  for (const c of catalog.collectors) {
    if (services.has(c.name)) out.push(`[${c.node.path}] collector name: got "${c.name}", expected a name no service uses (their rule files and dashboards would collide)`);
    c.tenants.forEach((t, i) => t.services.forEach((s, j) => {
      if (!services.has(s)) out.push(`[${c.node.path}] tenants[${i}].services[${j}]: got "${s}", expected a service of the catalogue`);
    }));
    c.tenants.forEach((t, i) => t.namespaces.forEach((ns, j) => {
      if (!namespaces.includes(ns)) out.push(`[${c.node.path}] tenants[${i}].namespaces[${j}]: got "${ns}", expected a namespace a service of the catalogue runs in (${namespaces.map((n) => JSON.stringify(n)).join(', ')})`);
    }));
  }
  return out;
}

/** References between constructs: a service's team must be declared in this catalogue, and SLO ids must be unique across services. */
function referenceProblems(catalog: Catalog): string[] {
  const out: string[] = [];
  const teams = new Set(catalog.teams);
  const teamNames = catalog.teams.map((t) => t.name);
  const ids = new Map<string, string>();
  for (const s of catalog.services) {
    if (!Team.isTeam(s.team)) out.push(`[${s.node.path}] team: got ${show(s.team)}, expected a Team construct (new Team(app, 'name', { ... }))`);
    else if (!teams.has(s.team)) {
      out.push(`[${s.node.path}] team: got "${s.team.name}" of another MonitoringApp, expected a team declared in this one (${teamNames.map((n) => JSON.stringify(n)).join(', ') || 'none declared'})`);
    }
    for (const slo of s.slos) {
      if (isDuplicateId(slo)) continue;
      const prev = ids.get(slo.id);
      // "a-b" + "c" and "a" + "b-c" are both "a-b-c": their series would mix.
      if (prev && prev !== s.node.path) out.push(`[${slo.node.path}] SLO: got sloth_id "${slo.id}", expected an id no other SLO has (${prev} records the same one); rename the SLO`);
      else ids.set(slo.id, s.node.path);
    }
  }
  return out;
}

/** The platform's Prometheus defaults: durations, and label names of the external labels. */
function prometheusDefaultsProblems(s: Settings): string[] {
  const out: string[] = [];
  for (const [field, value] of [['scrapeInterval', s.scrapeInterval], ['scrapeTimeout', s.scrapeTimeout], ['evaluationInterval', s.evaluationInterval]] as const) {
    const d = checkDuration(value);
    if (d) out.push(`prometheus.${field}: got ${show(value)}, expected ${d}`);
  }
  for (const name of Object.keys(s.externalLabels)) {
    const l = checkLabelName(name);
    if (l) out.push(`prometheus.externalLabels label name: got ${show(name)}, expected ${l}`);
  }
  return out;
}

/** Checked at synth: a catalogue that declares nothing (no service, team or collector) is a mistake, not an empty dist/. */
export function emptyCatalogProblems(catalog: Catalog): string[] {
  if (catalog.services.length + catalog.teams.length + catalog.collectors.length > 0) return [];
  return [`[${SETTINGS_PATH}] services: got [], expected at least one Service: an empty catalogue would synthesize empty rules, dashboards and routing (is defineServices called on the app?)`];
}
