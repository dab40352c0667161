/** One service's page of the catalogue: dist/catalog/<service>.md. */
import { Dashboards, Files, K8sNames, Labels, manifestPath, OtelK8sNames } from '../conventions';
import type { Catalog } from '../model/catalog';
import { labelLimit, sampleLimit } from '../model/cardinality';
import type { Settings } from '../model/settings';
import { serviceEstimate, type SeriesEstimate } from '../slo/cardinality';
import type { Service } from '../model/service';
import { alertFacts, alertsSection, type AlertFacts } from './alerts';
import { code, Linker, orDash, table, text } from './markdown';
import { metricFacts, metricsSection, type MetricFacts } from './metrics';
import { sloFacts, slosSection, type SloFacts } from './slos';

export interface DashboardFacts {
  readonly title: string;
  readonly uid: string;
}

/** Everything the page shows, as plain data. */
export interface ServiceFacts {
  readonly name: string;
  readonly metrics: readonly MetricFacts[];
  readonly slos: readonly SloFacts[];
  readonly alerts: readonly AlertFacts[];
  readonly dashboards: readonly DashboardFacts[];
  readonly estimate: SeriesEstimate;
  /** The estimate in words, with the scrape limits derived from it. */
  readonly estimateLine: string;
}

/** The dashboards generated for a service. */
export function serviceDashboards(service: Service): DashboardFacts[] {
  return [{ title: Dashboards.serviceTitle(service.name), uid: Dashboards.serviceUid(service.name) }];
}

export function serviceFacts(catalog: Catalog, service: Service): ServiceFacts {
  const alerts = alertFacts(catalog, service);
  const estimate = serviceEstimate(catalog, service);
  return {
    name: service.name,
    metrics: metricFacts(service, alerts, estimate, catalog.settings.cardinality),
    estimate,
    estimateLine: estimateLine(catalog.settings, service, estimate),
    slos: service.slos.map((slo) => sloFacts(slo, alerts)),
    alerts,
    dashboards: serviceDashboards(service),
  };
}

function estimateLine(settings: Settings, s: Service, e: SeriesEstimate): string {
  const limits = s.scrape
    ? ` Scrape limits: sample_limit ${sampleLimit(s, settings.cardinality)} (estimate + ${settings.cardinality.headroomPercent}%), label_limit ${labelLimit(s, false)} (${s.scrape.kubernetes === 'pod' ? 'PodMonitor' : 'ServiceMonitor'} labelLimit ${labelLimit(s, true)}); undeclared labels are dropped.`
    : '';
  return `Series estimate: ${e.perTarget} per target × ${e.targets} target${e.targets === 1 ? '' : 's'} + ${e.recorded} recorded by rules = ${e.total}, budget ${e.budget}.${limits}`;
}

function scrapeLine(s: Service): string {
  const sc = s.scrape;
  if (!sc) return `Metrics arrive over OTLP through the collector (remote write), as ${code(`${Labels.job}="${s.scopeOf()[0]!.value}"`)}; not scraped.`;
  const monitor = sc.kubernetes === 'pod' ? 'PodMonitor' : 'ServiceMonitor';
  return `Scraped at ${code(`${sc.scheme}://…:${sc.port}${sc.path}`)} every ${sc.interval} (timeout ${sc.timeout}) through a ${monitor}.`;
}

/** The generated files about the service that this synth wrote. */
function filesSection(s: Service, link: Linker): string[] {
  const rows: Array<[string, string[]]> = [
    ['Rules', link.all([[Files.ruleFile(s.name), 'rule file'], [manifestPath('PrometheusRule', K8sNames.prometheusRule(s.name)), 'PrometheusRule']])],
    ['Rule tests', link.all([[Files.ruleTest(s.name), 'promtool 2 and 3'], [Files.ruleTestPrometheus3(s.name), 'promtool 3 (native histograms)']])],
    ['Scrape', link.all([[manifestPath('ServiceMonitor', K8sNames.serviceMonitor(s.name)), 'ServiceMonitor'], [manifestPath('PodMonitor', K8sNames.podMonitor(s.name)), 'PodMonitor']])],
    ['OpenTelemetry SDK settings', link.all([[manifestPath('ConfigMap', OtelK8sNames.serviceEnv(s.name)), 'ConfigMap']])],
  ];
  return table(['What', 'Files'], rows.filter(([, l]) => l.length).map(([what, l]) => [what, l.join(', ')]));
}

export function dashboardsTable(dashboards: readonly DashboardFacts[], link: Linker): string[] {
  return table(['Dashboard', 'uid', 'File'], dashboards.map((d) => [
    text(d.title), code(d.uid),
    orDash(link.all([[Files.dashboard(d.uid), 'JSON'], [manifestPath('ConfigMap', K8sNames.dashboardConfigMap(d.uid)), 'ConfigMap']])),
  ]));
}

export function dashboardsSection(dashboards: readonly DashboardFacts[], link: Linker): string[] {
  return dashboards.length ? ['## Dashboards', '', ...dashboardsTable(dashboards, link)] : [];
}

export function servicePage(s: Service, facts: ServiceFacts, exists: (file: string) => boolean): string {
  const link = new Linker(exists, Files.catalogPage(s.name));
  const lines = [
    `# ${text(s.name)}`,
    '',
    `${link.to(Files.catalog, 'Catalogue')} › ${text(s.name)}`,
    '',
    ...(s.description ? [`${text(s.description)}.`, ''] : []),
    `Team ${code(s.team.name)} (${text(s.team.displayName)}), tier ${s.tier}, namespace ${code(s.namespace)}. ${scrapeLine(s)}`,
    '',
    facts.estimateLine,
    '',
    ...filesSection(s, link),
    ...dashboardsSection(facts.dashboards, link),
    ...metricsSection(facts.metrics),
    ...slosSection(facts.slos),
    ...alertsSection(facts.alerts),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
