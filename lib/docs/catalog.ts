/**
 * dist/CATALOG.md: what the catalogue declares and what was generated from it, for people who
 * review dist/ in a pull request and for whoever is paged.
 */
import { Alerts, camel, Dashboards, Files, K8sNames, Labels, PLATFORM, Receivers, TIER_SEVERITY } from '../conventions';
import { PlatformAlert, type CustomAlert } from '../model/alert';
import { formatNumber, render } from '../promql';
import { thresholdOf } from '../model/symptom';
import { collectorDashboardUid, CollectorAlerts, OtelFiles, OtelK8sNames } from '../conventions/otel';
import type { Catalog } from '../model/catalog';
import { servicesGateway, type Collector } from '../model/collector';
import type { Service } from '../model/service';
import type { Slo } from '../model/slo';
import type { Renderer } from '../renderer';

/** Escapes what would break a Markdown table cell. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return [];
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
}

const percent = (objective: number): string => `${objective}%`;

function sloAlerts(slo: Slo): string {
  const tiers = [slo.page ? `page → ${TIER_SEVERITY.page}` : '', slo.ticket ? `ticket → ${TIER_SEVERITY.ticket}` : ''].filter(Boolean);
  const names = tiers.length ? [`${code(slo.alertName)} (${tiers.join(', ')})`] : [];
  if (slo.absentAlert) names.push(code(Alerts.sloMetricAbsent(slo.service.name, slo.name)));
  if (slo.budgetExhaustedAlert) names.push(code(Alerts.sloBudgetExhausted(slo.service.name, slo.name)));
  const kv = (l: Readonly<Record<string, string>>) => Object.entries(l).map(([k, v]) => code(`${k}=${v}`)).join(' ');
  const labels = [
    Object.keys(slo.recordLabels).length ? `labels ${kv(slo.recordLabels)}` : '',
    ...(['page', 'ticket'] as const).map((t) => (Object.keys(slo.alertTier(t).labels).length && (t === 'page' ? slo.page : slo.ticket) ? `${t} ${kv(slo.alertTier(t).labels)}` : '')),
  ].filter(Boolean);
  const none = slo.errorBudget === 0 ? 'none (no error budget at 100%)' : 'none';
  return [names.join(', ') || none, ...labels].join('; ');
}

function scrapeLine(s: Service): string {
  const sc = s.scrape;
  if (!sc) return `Metrics arrive over OTLP through the collector (remote write), as ${code(`${Labels.job}="${s.scopeOf()[0]!.value}"`)}; not scraped.`;
  const monitor = sc.kubernetes === 'pod' ? 'PodMonitor' : 'ServiceMonitor';
  return `Scraped at ${code(`${sc.scheme}://…:${sc.port}${sc.path}`)} every ${sc.interval} (timeout ${sc.timeout}) through a ${monitor}.`;
}

function serviceSection(s: Service): string[] {
  const uid = Dashboards.serviceUid(s.name);
  return [
    `### ${s.name}`,
    '',
    ...(s.description ? [`${s.description}.`, ''] : []),
    `Team ${code(s.team.name)}, tier ${s.tier}, namespace ${code(s.namespace)}. ${scrapeLine(s)}`,
    `Dashboard ${code(uid)} ([JSON](${Files.dashboard(uid)})); rules ${code(K8sNames.prometheusRule(s.name))} ([plain](${Files.ruleFile(s.name)}), [unit tests](${Files.ruleTest(s.name)})).`,
    '',
    ...table(['Metric', 'Type', 'Unit', 'Labels', 'Help'], s.metrics.map((m) => [code(m.name), m.type, m.unit, m.labels.join(', ') || '–', m.help])),
    ...table(['SLO', 'Objective', 'Period', 'SLI', 'Alerts'], s.slos.map((slo) => [slo.name, percent(slo.objective), slo.period, slo.sli.onSpans ? `${slo.sli.kind} (span metrics)` : slo.sli.kind, sloAlerts(slo)])),
    ...table(['Symptom alert', 'Severity', 'For'], s.symptoms.map((y) => [
      code(Alerts.symptom(s.name, y.kind)),
      // A tiered symptom: each tier's severity and threshold (in the kind's own unit).
      y.critical ? y.tiers.map((t) => `${t.severity} above ${formatNumber(thresholdOf(t.spec)[1])}`).join(', ') : y.severity,
      [...new Set(y.tiers.map((t) => t.for))].join(', '),
    ])),
    ...customTable(s.alerts),
  ];
}

/** Custom alerts with their expression and whether a promtool test proves them (and why not). */
function customTable(alerts: readonly CustomAlert[]): string[] {
  const kv = (l: Readonly<Record<string, string>>) => Object.entries(l).map(([k, v]) => code(`${k}=${v}`)).join(' ');
  return table(['Custom alert', 'Severity', 'For', 'Expression', 'Generated test'], alerts.map((a) => [
    [code(a.name), kv(a.labels)].filter(Boolean).join(' '),
    a.severity + (a instanceof PlatformAlert ? ` (${a.team ? `team ${code(a.team.name)}` : 'default receiver'})` : ''),
    a.for,
    code(typeof a.expr === 'string' ? a.expr : render(a.expr)),
    a.untestedReason ? `none: ${a.untestedReason}` : 'fires after `for` on one side of the threshold, silent on the other',
  ]));
}

function platformSection(catalog: Catalog): string[] {
  if (catalog.platformAlerts.length === 0) return [];
  const tested = catalog.platformAlerts.some((a) => !a.untestedReason);
  return [
    '## Platform alerts',
    '',
    `Not tied to a service: rules ${code(K8sNames.prometheusRule(PLATFORM))} ([plain](${Files.ruleFile(PLATFORM)})${tested ? `, [unit tests](${Files.ruleTest(PLATFORM)})` : ''}).`,
    '',
    ...customTable(catalog.platformAlerts),
  ];
}

function collectorSection(c: Collector, first: boolean): string[] {
  const uid = collectorDashboardUid(c.name);
  const cc = camel(c.name);
  const alerts = [CollectorAlerts.refused(cc), CollectorAlerts.exportFailed(cc), CollectorAlerts.queue(cc), CollectorAlerts.memoryLimiter(cc)];
  return [
    `**${c.name}** (namespace ${code(c.namespace)}, ${c.replicas} gateway replicas${c.agent ? ', node agents for container logs' : ''}, ${c.kubernetes === 'operator' ? 'OpenTelemetryCollector objects' : 'Deployment'}): ` +
      `config [${OtelFiles.config(c.name, first)}](${OtelFiles.config(c.name, first)}), dashboard ${code(uid)} ([JSON](${Files.dashboard(uid)})), ` +
      `rules ${code(OtelK8sNames.rules(c.name))} ([plain](${OtelFiles.rules(c.name)}), [unit tests](${Files.ruleTest(c.name)})); alerts ${alerts.map(code).join(', ')}.`,
    '',
    ...table(['Signal', 'Protocol', 'Endpoint'], [...c.backends.values()].map((b) => [b.signal, b.protocol, code(b.endpoint)])),
    ...table(['Tenant', 'X-Scope-OrgID', 'Namespaces', 'Signals', 'Spans/s cap', 'Queue'], c.tenants.map((t) => [
      t.name + (t.name === c.defaultTenant ? ' (default)' : ''), code(t.orgId), t.namespaces.join(', ') || '–', t.signals.join(', '),
      t.spansPerSecond === undefined ? '–' : String(t.spansPerSecond), String(t.queueSize),
    ])),
    `Redacted to \`[REDACTED]\`: ${c.sensitiveFields.map(code).join(', ')}. Audit records: ${c.audit ? `their own pipeline, X-Scope-OrgID ${code(c.audit.orgId)}` : 'off'}.`,
    '',
  ];
}

export function catalogMarkdown(catalog: Catalog): string {
  const lines = [
    '# Monitoring catalogue',
    '',
    'Generated by `npm run synth` from `services.ts`. Do not edit: change `services.ts` and synthesize again.',
    '',
    '## Teams',
    '',
    ...table(['Team', 'Name', 'Services', 'Receivers'], catalog.teams.map((t) => [
      code(t.name),
      t.displayName,
      catalog.services.filter((s) => s.team === t).map((s) => s.name).join(', ') || '–',
      [...t.receivers.keys()].map((k) => code(Receivers.ofTeam(t.name, k))).join(', ') || '–',
    ])),
    '## Services',
    '',
    ...table(['Service', 'Team', 'Tier', 'Metrics', 'SLOs', 'Symptom alerts', 'Custom alerts'], catalog.services.map((s) => [
      `[${s.name}](#${s.name})`,
      s.team.name,
      s.tier,
      String(s.metrics.length),
      s.slos.map((slo) => `${slo.name} ${percent(slo.objective)}/${slo.period}`).join(', ') || '–',
      String(s.symptoms.length),
      String(s.alerts.length),
    ])),
    ...catalog.services.flatMap(serviceSection),
    ...platformSection(catalog),
    ...(catalog.collectors.length ? ['## OpenTelemetry collectors', '', ...catalog.collectors.flatMap((c) => collectorSection(c, c === servicesGateway(catalog.collectors)))] : []),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

export const docsRenderer: Renderer = {
  name: 'docs',
  render: (catalog) => ({ files: [{ path: Files.catalog, format: 'text', content: catalogMarkdown(catalog), delivery: 'always' }] }),
};
