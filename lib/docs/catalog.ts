/**
 * The catalogue for people who review dist/ in a pull request and for whoever is paged:
 * dist/CATALOG.md (teams, services, routing and collectors, with pictures) and one page per service
 * under dist/catalog/, so no file grows with the square of the catalogue.
 *
 * Each section is a function of plain data (lib/docs/*.ts); the facts come from the same functions
 * the other renderers use (rule groups, route tree, collector config), so the catalogue cannot drift.
 * The docs renderer runs last and links only files the synth wrote (RenderContext.written).
 */
import { inhibitRules, rootRoute } from '../alertmanager/tree';
import { camel, Dashboards, Files, GrafanaFiles, K8sNames, manifestPath, PLATFORM } from '../conventions';
import { collectorDashboardUid, CollectorAlerts, OtelFiles, OtelK8sNames } from '../conventions/otel';
import type { Catalog } from '../model/catalog';
import { ServiceExporter, type PlatformExporter } from '../model/exporters';
import { servicesGateway, type Collector } from '../model/collector';
import { agentConfig, gatewayConfig } from '../otel/config';
import type { Rendered, RenderContext, Renderer } from '../renderer';
import { code, Linker, orDash, table, text } from './markdown';
import { pipelineDiagram } from './pipelines';
import { integrationText, routingSection, type ReceiverFacts } from './routing';
import { platformAlertFacts, platformAlertsSection } from './alerts';
import { dashboardsSection, dashboardsTable, serviceFacts, servicePage, type DashboardFacts } from './service-page';

/** What the index says about a service. */
export interface ServiceSummary {
  readonly name: string;
  readonly team: string;
  readonly tier: string;
  readonly metrics: number;
  /** `estimate / budget` series. */
  readonly series: string;
  readonly slos: readonly string[];
  readonly alerts: number;
}

/** Every receiver the route tree can name: the platform's, then each team's. */
export function receiverFacts(catalog: Catalog): ReceiverFacts[] {
  const am = catalog.settings.alertmanager;
  return [
    ...[am.defaultReceiver, ...am.receivers].map((r) => ({ name: r.name, integrations: r.integrations.map(integrationText) })),
    ...catalog.teams.flatMap((t) => [...t.receivers.entries()].map(([key, list]) => ({ name: t.receiverName(key), integrations: list.map(integrationText) }))),
  ];
}

/** Every exporter: owner, job, scrape endpoint, metrics and standard alerts. */
function exporterSection(catalog: Catalog): string[] {
  if (catalog.exporters.length === 0) return [];
  return [
    '## Exporters',
    '',
    ...table(['Exporter', 'Kind', 'Owner', 'Job (and `exporter` label)', 'Scrape', 'Metrics', 'Standard alerts'], catalog.exporters.map((e) => [
      text(e.definition.displayName),
      e.kind,
      ServiceExporter.isServiceExporter(e) ? `service ${code(e.service.name)}` : `platform${(e as PlatformExporter).team ? ` (team ${code((e as PlatformExporter).team!.name)})` : ''}`,
      code(e.job),
      code(`:${e.scrape.port}${e.scrape.path}`) + (e.scrape.honorLabels ? ', honor_labels' : ''),
      orDash(e.metrics.map((m) => code(m.name))),
      orDash(e.standardAlerts.map((a) => `${code(a.name)} (${a.severity})`)),
    ])),
  ];
}

function collectorSection(catalog: Catalog, c: Collector, link: Linker): string[] {
  const version = catalog.settings.otel.collectorVersion;
  const uid = collectorDashboardUid(c.name);
  const cc = camel(c.name);
  const alerts = [CollectorAlerts.refused(cc), CollectorAlerts.exportFailed(cc), CollectorAlerts.queue(cc), CollectorAlerts.memoryLimiter(cc)];
  const config = OtelFiles.config(c.name, servicesGateway(catalog.collectors) === c);
  const files = link.all([
    [config, 'gateway config'], ...(c.agent ? [[OtelFiles.agent(c.name), 'agent config'] as const] : []),
    [OtelFiles.rules(c.name), 'rule file'], [manifestPath('PrometheusRule', OtelK8sNames.rules(c.name)), 'PrometheusRule'],
    [Files.ruleTest(c.name), 'rule tests'],
  ]);
  return [
    `### Collector ${text(c.name)}`,
    '',
    `Namespace ${code(c.namespace)}, ${c.replicas} gateway replicas${c.agent ? ', node agents for container logs' : ''}, ` +
      `${c.kubernetes === 'operator' ? 'OpenTelemetryCollector objects' : 'Deployment'}. Files: ${orDash(files)}. Alerts ${alerts.map(code).join(', ')}.`,
    '',
    ...dashboardsTable([{ title: Dashboards.serviceTitle(c.name), uid }], link),
    ...table(['Signal', 'Protocol', 'Endpoint'], [...c.backends.values()].map((b) => [b.signal, b.protocol, code(b.endpoint)])),
    ...table(['Tenant', 'X-Scope-OrgID', 'Namespaces', 'Services', 'Signals', 'Spans/s cap', 'Queue'], c.tenants.map((t) => [
      text(t.name) + (t.name === c.defaultTenant ? ' (default)' : ''), code(t.orgId), orDash(t.namespaces.map(code)), orDash(t.services.map(code)),
      t.signals.join(', '), t.spansPerSecond === undefined ? '–' : String(t.spansPerSecond), String(t.queueSize),
    ])),
    `Redacted to ${code('[REDACTED]')}: ${orDash(c.sensitiveFields.map(code))}. Audit records: ${c.audit ? `their own pipeline, X-Scope-OrgID ${code(c.audit.orgId)}` : 'off'}.`,
    '',
    'Gateway pipelines:',
    '',
    ...pipelineDiagram(gatewayConfig(c, version)).fenced(),
    ...(c.agent ? ['Node agent pipeline:', '', ...pipelineDiagram(agentConfig(c, version)).fenced()] : []),
  ];
}

/** The dashboards declared with `new Dashboard(...)`, each linked to its JSON file. */
function declaredDashboards(catalog: Catalog, link: Linker): string[] {
  if (catalog.dashboards.length === 0) return [];
  return ['### Declared dashboards', '', ...table(['Dashboard', 'Title', 'Folder', 'Rows', 'Panels'], catalog.dashboards.map((d) => {
    const file = d.folder === catalog.settings.grafana.folder ? Files.dashboard(d.uid) : GrafanaFiles.folderDashboard(d.folder, d.uid);
    return [link.to(file, d.uid) ?? code(d.uid), text(d.title), d.folder === '' ? 'General' : text(d.folder), orDash(d.rows.map((r) => text(r.title))), String(d.panels.length)];
  }))];
}

export function catalogIndex(catalog: Catalog, services: readonly ServiceSummary[], exists: (file: string) => boolean): string {
  const link = new Linker(exists, Files.catalog);
  const overview: DashboardFacts = { title: Dashboards.overviewTitle, uid: Dashboards.overviewUid };
  const perTeam = new Map<string, number>();
  for (const s of services) perTeam.set(s.team, (perTeam.get(s.team) ?? 0) + 1);
  const lines = [
    '# Monitoring catalogue',
    '',
    'Generated by `npm run synth` from `services.ts`. Do not edit: change `services.ts` and synthesize again.',
    '',
    '## Teams',
    '',
    ...table(['Team', 'Name', 'Services', 'Receivers'], catalog.teams.map((t) => [
      code(t.name),
      text(t.displayName),
      String(perTeam.get(t.name) ?? 0),
      orDash([...t.receivers.keys()].map((k) => code(t.receiverName(k)))),
    ])),
    '## Services',
    '',
    'Each service has its own page: metrics (with the alerts that use them), SLOs with their burn-rate tiers, alerts and who they notify, dashboards and files.',
    '',
    ...table(['Service', 'Team', 'Tier', 'Metrics', 'Series (est. / budget)', 'SLOs', 'Alerts'], services.map((s) => [
      link.to(Files.catalogPage(s.name), s.name) ?? text(s.name),
      code(s.team), s.tier, String(s.metrics), s.series, orDash(s.slos.map(text)), String(s.alerts),
    ])),
    ...platformAlertsSection(platformAlertFacts(catalog), link.all([[Files.ruleFile(PLATFORM), 'rule file'], [manifestPath('PrometheusRule', K8sNames.prometheusRule(PLATFORM)), 'PrometheusRule'], [Files.ruleTest(PLATFORM), 'rule tests']])),
    ...exporterSection(catalog),
    ...dashboardsSection([overview], link),
    ...declaredDashboards(catalog, link),
    ...routingSection(rootRoute(catalog), inhibitRules(catalog, catalog.teams), receiverFacts(catalog)),
    ...(catalog.collectors.length ? ['## OpenTelemetry collectors', '', ...catalog.collectors.flatMap((c) => collectorSection(catalog, c, link))] : []),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The service pages, one piece each, then the index. */
function* docsPieces(catalog: Catalog, context?: RenderContext): Iterable<Rendered> {
  const pages = new Set(catalog.services.map((s) => Files.catalogPage(s.name)));
  // The index and the pages are written by this renderer, so they exist even before they are yielded.
  const exists = (f: string) => f === Files.catalog || pages.has(f) || (context?.written.has(f) ?? false);
  const summaries: ServiceSummary[] = [];
  for (const s of catalog.services) {
    const facts = serviceFacts(catalog, s);
    summaries.push({
      name: s.name, team: s.team.name, tier: s.tier, metrics: facts.metrics.length, series: `${facts.estimate.total} / ${facts.estimate.budget}`,
      slos: facts.slos.map((slo) => `${slo.name} ${slo.objective}%/${slo.period}`), alerts: facts.alerts.length,
    });
    yield { files: [{ path: Files.catalogPage(s.name), format: 'text', content: servicePage(s, facts, exists), delivery: 'always' }] };
  }
  yield { files: [{ path: Files.catalog, format: 'text', content: catalogIndex(catalog, summaries, exists), delivery: 'always' }] };
}

export const docsRenderer: Renderer = {
  name: 'docs',
  render: (catalog, context) => {
    const files = [...docsPieces(catalog, context)].flatMap((p) => p.files ?? []);
    return { files };
  },
  renderEach: docsPieces,
};
