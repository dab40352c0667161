/**
 * Watching the collector itself: a ServiceMonitor (PodMonitor under the operator) for its :8888
 * metrics and alerts on refused telemetry, failing exports, full queues and memory-limiter refusals,
 * in the target version's metric names.
 */
import { Annotations, camel, Dashboards, Labels, MANAGED_BY, runbookUrl, type Severity } from '../conventions';
import {
  collectorDashboardUid, collectorRuleGroup, collectorSelector, CollectorAlerts, CollectorSymptoms, OtelFiles, OtelK8sNames,
  OtelMetricLabels, OtelPortNames, OtelPorts, operatorPodLabels, type Signal,
} from '../conventions/otel';
import { selfMetrics } from '../conventions/otel-versions';
import type { Collector } from '../model/collector';
import type { Settings } from '../model/settings';
import { agg, div, eq, gt, num, or, rate, render, selector, type Expr } from '../promql';
import type { Manifest, OutputFile } from '../renderer';

const W = '5m';

/**
 * The series of this collector, gateway and agents: the monitors' relabelings set `service` to the
 * collector's name on both roles and `job` to each role's workload name.
 */
export const collectorMatchers = (c: Collector) => [eq(Labels.service, c.name)];

/** The `job` of each role's series. */
export const roleJobs = (c: Collector): string[] => [OtelK8sNames.collector(c.name), ...(c.agent ? [OtelK8sNames.agent(c.name)] : [])];

function monitor(c: Collector, settings: Settings, agent: boolean): Manifest {
  const name = agent ? OtelK8sNames.agent(c.name) : OtelK8sNames.collector(c.name);
  const relabelings = [
    { action: 'replace', targetLabel: Labels.job, replacement: name },
    { action: 'replace', targetLabel: Labels.service, replacement: c.name },
    { action: 'replace', targetLabel: Labels.team, replacement: c.teamName },
    { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: Labels.namespace },
  ];
  const metadata = { name, namespace: c.namespace, labels: { ...settings.selectionLabels, ...MANAGED_BY, [Labels.team]: c.teamName } };
  const namespaceSelector = { matchNames: [c.namespace] };
  if (c.kubernetes === 'operator') {
    return {
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata,
      spec: { selector: { matchLabels: operatorPodLabels(c.namespace, name) }, namespaceSelector, podMetricsEndpoints: [{ portNumber: OtelPorts.metrics, relabelings }] },
    };
  }
  // The agents' DaemonSet has no Service: its pods are scraped directly.
  if (agent) {
    return {
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata,
      spec: { selector: { matchLabels: collectorSelector(name) }, namespaceSelector, podMetricsEndpoints: [{ port: OtelPortNames.metrics, relabelings }] },
    };
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata,
    spec: { selector: { matchLabels: collectorSelector(name) }, namespaceSelector, endpoints: [{ port: OtelPortNames.metrics, relabelings }] },
  };
}

/** A ServiceMonitor for the gateway (PodMonitor under the operator), and a PodMonitor for the agents. */
export function collectorMonitors(c: Collector, settings: Settings): Manifest[] {
  return [monitor(c, settings, false), ...(c.agent ? [monitor(c, settings, true)] : [])];
}

export interface AlertSpec {
  readonly name: string;
  readonly expr: Expr;
  readonly severity: Severity;
  readonly symptom: string;
  readonly summary: string;
  readonly description: string;
  /** A firing case for the generated promtool test (on the gateway's series): input series, the alert's extra labels and its description then. */
  readonly fires: { readonly series: ReadonlyArray<{ readonly series: string; readonly values: string }>; readonly labels: Readonly<Record<string, string>>; readonly value: number };
}

const sumRate = (metric: string, c: Collector, by: readonly string[] = [], extra: Record<string, string> = {}): Expr =>
  agg('sum', rate(selector(metric, [...collectorMatchers(c), ...Object.entries(extra).map(([k, v]) => eq(k, v))]), W), by.length ? { by } : undefined);

const anyOf = (exprs: Expr[]): Expr => exprs.reduce((a, b) => or(a, b));

export function collectorAlerts(c: Collector, settings: Settings): AlertSpec[] {
  const m = selfMetrics(settings.otel.collectorVersion);
  const signals: readonly Signal[] = c.signals;
  const cc = camel(c.name);
  // Per role: the gateway and the agents alert apart.
  const byExporter = [Labels.job, OtelMetricLabels.exporter];
  const gateway = OtelK8sNames.collector(c.name);
  const job = `${Labels.job}="${gateway}", ${Labels.service}="${c.name}"`;
  const jobLabel = { [Labels.job]: gateway };
  // A counter rising 30 per 30 s is exactly 1/s: humanize prints "1".
  const rising = (metric: string, labels: string) => ({ series: `${metric}{${job}${labels}}`, values: '0+30x40' });
  const exporter = `otlp_http/logs-${c.defaultTenant}`;
  const first = signals[0]!;
  return [
    {
      name: CollectorAlerts.refused(cc),
      expr: anyOf(signals.map((s) => gt(sumRate(m.receiverRefused(s), c, [Labels.job, OtelMetricLabels.receiver]), num(0)))),
      severity: 'warning', symptom: CollectorSymptoms.refused,
      summary: 'The collector refuses telemetry from its senders.',
      description: 'Receiver {{ $labels.receiver }} of {{ $labels.job }} (collector ' + c.name + ') refuses {{ $value | humanize }} items/s; senders retry or drop them.',
      fires: { series: [rising(m.receiverRefused(first), ', receiver="otlp", transport="grpc"')], labels: { ...jobLabel, [OtelMetricLabels.receiver]: 'otlp' }, value: 1 },
    },
    {
      name: CollectorAlerts.exportFailed(cc),
      expr: anyOf(signals.map((s) => gt(sumRate(m.exporterSendFailed(s), c, byExporter), num(0)))),
      severity: 'critical', symptom: CollectorSymptoms.exportFailed,
      summary: 'The collector fails to send telemetry to a backend.',
      description: 'Exporter {{ $labels.exporter }} of {{ $labels.job }} (collector ' + c.name + ') fails {{ $value | humanize }} items/s after retries; that telemetry is lost.',
      fires: { series: [rising(m.exporterSendFailed(first), `, exporter="${exporter}"`)], labels: { ...jobLabel, [OtelMetricLabels.exporter]: exporter }, value: 1 },
    },
    {
      name: CollectorAlerts.queue(cc),
      expr: gt(agg('max', div(selector(m.queueSize, collectorMatchers(c)), selector(m.queueCapacity, collectorMatchers(c))), { by: byExporter }), num(0.8)),
      severity: 'warning', symptom: CollectorSymptoms.queue,
      summary: 'A sending queue of the collector is nearly full.',
      description: 'The queue of exporter {{ $labels.exporter }} of {{ $labels.job }} (collector ' + c.name + ') is {{ $value | humanizePercentage }} full; past 100 % its tenant loses data.',
      fires: {
        series: [
          { series: `${m.queueSize}{${job}, exporter="${exporter}", data_type="logs"}`, values: '900x40' },
          { series: `${m.queueCapacity}{${job}, exporter="${exporter}", data_type="logs"}`, values: '1000x40' },
        ],
        labels: { ...jobLabel, [OtelMetricLabels.exporter]: exporter },
        value: 0.9,
      },
    },
    {
      name: CollectorAlerts.memoryLimiter(cc),
      expr: anyOf(signals.map((s) => gt(sumRate(m.memoryLimiterRefused(s), c, [Labels.job], m.memoryLimiterMatchers), num(0)))),
      severity: 'warning', symptom: CollectorSymptoms.memoryLimiter,
      summary: 'The collector is out of memory headroom and refuses data.',
      description: 'The memory limiter of {{ $labels.job }} (collector ' + c.name + ') refuses {{ $value | humanize }} items/s; add memory or replicas.',
      fires: {
        series: [rising(m.memoryLimiterRefused(first), Object.entries(m.memoryLimiterMatchers).map(([k, v]) => `, ${k}="${v}"`).join(''))],
        labels: jobLabel,
        value: 1,
      },
    },
  ];
}

/** How long a condition must hold before a collector alert fires. */
export const COLLECTOR_ALERT_FOR = '5m';

export const alertLabelsOf = (c: Collector, a: AlertSpec): Record<string, string> =>
  ({ [Labels.service]: c.name, [Labels.team]: c.teamName, [Labels.namespace]: c.namespace, [Labels.severity]: a.severity, [Labels.symptom]: a.symptom });

export function alertAnnotationsOf(c: Collector, a: AlertSpec, settings: Settings, description = a.description): Record<string, string> {
  return {
    [Annotations.summary]: a.summary,
    [Annotations.description]: description,
    [Annotations.runbookUrl]: runbookUrl(settings.runbookBaseUrl, a.name),
    [Annotations.dashboardUrl]: Dashboards.url(settings.grafanaUrl, collectorDashboardUid(c.name)),
  };
}

export function collectorRuleGroups(c: Collector, settings: Settings) {
  return [{
    name: collectorRuleGroup(c.name),
    rules: collectorAlerts(c, settings).map((a) => ({
      alert: a.name, expr: render(a.expr), for: COLLECTOR_ALERT_FOR, labels: alertLabelsOf(c, a), annotations: alertAnnotationsOf(c, a, settings),
    })),
  }];
}

export function collectorRules(c: Collector, settings: Settings): { manifest: Manifest; file: OutputFile } {
  const groups = collectorRuleGroups(c, settings);
  return {
    manifest: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: OtelK8sNames.rules(c.name), namespace: c.namespace, labels: { ...settings.selectionLabels, ...MANAGED_BY, [Labels.team]: c.teamName } },
      spec: { groups },
    },
    file: { path: OtelFiles.rules(c.name), format: 'yaml', content: { groups } },
  };
}
