/** The per-service dashboard: RED, one row per SLO, the declared metrics, one row per exporter, saturation. */
import { RowBuilder, type Dashboard, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DashboardTags, Dashboards, Labels, Records, SlothLabels } from '../conventions';
import type { GrafanaSettings } from '../model/grafana-settings';
import type { Service } from '../model/service';
import type { Slo } from '../model/slo';
import { eq, formatNumber, re, type Matcher } from '../promql';
import { podPattern } from '../slo/symptoms';
import { exporterRows } from './exporter-rows';
import { finalize } from './fixes';
import { stat, timeseries } from './panels';
import * as q from './queries';
import { skeleton } from './skeleton';
import { panelUnit, Units } from './units';

const STATUS_CLASS = 'status_class';
/** grafana-builder's status-class colours. */
const STATUS_COLORS = { '1xx': '#EAB839', '2xx': '#7EB26D', '3xx': '#6ED0E0', '4xx': '#EF843C', '5xx': '#E24D42' };
const H = 8;

function redRow(d: DashboardBuilder, s: Service, scope: readonly Matcher[]): void {
  const r = s.requests;
  if (!r) return;
  d.withRow(new RowBuilder('Requests (RED)'));
  d.withPanel(timeseries({
    title: r.statusLabel ? 'Request rate by status class' : 'Request rate',
    description: `Requests per second (${r.total.name})${r.statusLabel ? `, stacked by the first digit of "${r.statusLabel}"` : ''}.`,
    unit: Units.requestsPerSecond, span: 8, height: H, stacked: r.statusLabel !== undefined, colors: r.statusLabel ? STATUS_COLORS : {},
    queries: [{ expr: q.requestRateByClass(r, scope, STATUS_CLASS), legend: r.statusLabel ? `{{${STATUS_CLASS}}}` : 'requests' }],
  }));
  d.withPanel(timeseries({
    title: 'Error ratio',
    description: r.errors ? `Share of requests counted by ${r.errors.name}.` : `Share of requests answered with a 5xx "${r.statusLabel}".`,
    unit: Units.ratio, span: 8, height: H, min: 0,
    queries: [{ expr: q.errorRatio(r, scope), legend: 'error ratio' }],
  }));
  if (r.duration) {
    const avg = q.isAverageLatency(r.duration);
    d.withPanel(timeseries({
      title: avg ? 'Latency (average)' : 'Latency',
      description: avg
        ? `Average request duration: rate of ${r.duration.name}_sum ÷ rate of _count. The metric exposes no quantiles or buckets, so this is an average, not a percentile.`
        : `Request duration quantiles of ${r.duration.name}.`,
      unit: panelUnit(r.duration), span: 8, height: H, min: 0,
      queries: q.latency(r.duration, scope, [0.5, 0.95, 0.99]).map((l) => ({ expr: l.expr, legend: l.legend })),
    }));
  }
}

function sloRow(d: DashboardBuilder, slo: Slo): void {
  const ids = q.sloScope(slo.id);
  const legend = slo.groupBy.length ? slo.groupBy.map((l) => `{{${l}}}`).join(' ') : slo.name;
  const what = slo.description ?? `${slo.sli.kind} SLO`;
  const maxFactor = Math.max(...slo.alertWindows.map((w) => w.factor), 1);
  d.withRow(new RowBuilder(`SLO ${slo.name}: ${formatNumber(slo.objective)}% over ${slo.period}`));
  d.withPanel(stat({
    title: 'Objective', description: `${what}. Target share of good events over ${slo.period} (${Records.objective}).`,
    unit: Units.ratio, span: 3, height: 6, steps: [{ value: null as unknown as number, color: 'text' }],
    queries: [{ expr: q.sloObjective(ids), legend }],
  }));
  d.withPanel(stat({
    title: `SLI (${slo.period})`, description: `Share of good events over the SLO period: 1 − period burn rate × error budget. Red below the objective.`,
    unit: Units.ratio, span: 3, height: 6,
    steps: [{ value: null as unknown as number, color: 'red' }, { value: slo.objectiveRatio, color: 'green' }],
    queries: [{ expr: q.sloPeriodSli(ids, [SlothLabels.id, ...slo.groupBy]), legend }],
  }));
  d.withPanel(stat({
    title: 'Error budget remaining', description: `Share of the ${slo.period} error budget left (${Records.periodErrorBudgetRemaining}); negative once overspent.`,
    unit: Units.ratio, span: 3, height: 6,
    steps: [{ value: null as unknown as number, color: 'red' }, { value: 0, color: 'orange' }, { value: 0.25, color: 'green' }],
    queries: [{ expr: q.sloBudgetRemaining(ids), legend }],
  }));
  d.withPanel(stat({
    title: 'Burn rate', description: `How fast the budget burns (1 = exactly used up at the end of the period): now (5m) and over the period. Red at the fastest alerting factor (${formatNumber(maxFactor)}).`,
    unit: Units.none, span: 3, height: 6,
    steps: [{ value: null as unknown as number, color: 'green' }, { value: 1, color: 'orange' }, { value: maxFactor, color: 'red' }],
    queries: [{ expr: q.sloCurrentBurn(ids), legend: `current ${legend}` }, { expr: q.sloPeriodBurn(ids), legend: `period ${legend}` }],
  }));
  d.withPanel(timeseries({
    title: 'Error budget over time', description: `Error budget remaining over the ${slo.period} period, as it is spent.`,
    unit: Units.ratio, span: 6, height: 6,
    queries: [{ expr: q.sloBudgetRemaining(ids), legend }],
  }));
  d.withPanel(timeseries({
    title: 'Burn rate over time', description: 'Burn rate of the last 5 minutes; above 1 the budget runs out before the period ends.',
    unit: Units.none, span: 6, height: 6, min: 0,
    queries: [{ expr: q.sloCurrentBurn(ids), legend }],
  }));
}

function metricsRow(d: DashboardBuilder, s: Service, scope: readonly Matcher[]): void {
  const panels = s.panels;
  if (panels.length === 0) return;
  d.withRow(new RowBuilder('Metrics'));
  for (const p of panels) {
    const kind = p.metric.type === 'counter' ? 'per second' : p.metric.type === 'gauge' ? 'current value' : q.isAverageLatency(p.metric) ? 'average' : 'quantiles';
    d.withPanel(timeseries({
      title: p.title, description: `${p.description} (${p.metric.name}, ${kind}).`,
      unit: panelUnit(p.metric), span: 8, height: H,
      queries: q.metricPanelQueries(p, scope).map((x) => ({ expr: x.expr, legend: x.legend })),
    }));
  }
}

function saturationRow(d: DashboardBuilder, serviceMatcher: q.PodsOf): void {
  d.withRow(new RowBuilder('Saturation'));
  const pods = 'of the pods behind the service\'s scrape targets';
  d.withPanel(timeseries({ title: 'CPU', description: `CPU cores used ${pods} (cAdvisor).`, unit: Units.cores, span: 8, height: H, min: 0, queries: [{ expr: q.podCpu(serviceMatcher), legend: `{{${Labels.pod}}}` }] }));
  d.withPanel(timeseries({ title: 'Memory', description: `Working-set memory ${pods} (cAdvisor).`, unit: Units.bytes, span: 8, height: H, min: 0, queries: [{ expr: q.podMemory(serviceMatcher), legend: `{{${Labels.pod}}}` }] }));
  d.withPanel(timeseries({ title: 'Restarts', description: `Container restarts ${pods} (kube-state-metrics).`, unit: Units.count, span: 8, height: H, min: 0, queries: [{ expr: q.podRestarts(serviceMatcher), legend: `{{${Labels.pod}}}` }] }));
}

export function serviceDashboard(s: Service, settings: GrafanaSettings): Dashboard {
  // Series pushed through the collector carry only job and instance: select them by job, narrow by instance.
  const otlp = s.metricsVia === 'otlp';
  const serviceMatcher = otlp ? s.scopeOf()[0]! : eq(Labels.service, s.name);
  const scope = otlp ? [serviceMatcher, re(Labels.instance, q.variableRef(Labels.instance))] : q.serviceScope(serviceMatcher);
  const d = skeleton({
    variablesFrom: otlp ? 'otlp' : 'up',
    title: Dashboards.serviceTitle(s.name),
    description: `${s.description ?? s.name} (team ${s.team.displayName}, tier ${s.tier}). Generated from services.ts; do not edit in Grafana.`,
    tags: [DashboardTags.service, `team-${s.team.name}`],
    serviceMatcher, settings,
  });
  redRow(d, s, scope);
  for (const slo of s.slos) sloRow(d, slo);
  metricsRow(d, s, scope);
  exporterRows(d, s.exporters);
  // Without `up`, an OTLP service's pods are found by name, as its saturation symptoms find them.
  saturationRow(d, s.metricsVia === 'otlp' ? { namespace: s.namespace, podPattern: podPattern(s, undefined) } : serviceMatcher);
  return finalize(d.build(), Dashboards.serviceUid(s.name));
}
