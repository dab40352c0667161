/** A collector's dashboard: received, refused, sent and failed per signal, queue use, memory limiter. */
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { DashboardTags, Dashboards, Labels } from '../conventions';
import { collectorDashboardUid, OtelMetricLabels, SIGNALS, type Signal } from '../conventions/otel';
import { selfMetrics } from '../conventions/otel-versions';
import type { Collector } from '../model/collector';
import type { Settings } from '../model/settings';
import { agg, div, eq, range, re, selector, call, type Expr, type Matcher } from '../promql';
import { finalize } from './fixes';
import { timeseries, type Query } from './panels';
import { RATE_INTERVAL, variableRef } from './queries';
import { skeleton } from './skeleton';
import { Units } from './units';

const ITEMS: Record<Signal, string> = { traces: 'spans', metrics: 'metric points', logs: 'log records' };

export function collectorDashboard(c: Collector, settings: Settings): Dashboard {
  const m = selfMetrics(settings.otel.collectorVersion);
  const scope: Matcher[] = [re(Labels.job, variableRef(Labels.job)), re(Labels.instance, variableRef(Labels.instance))];
  const signals = SIGNALS.filter((s) => c.backends.has(s));
  const rateBy = (metric: string, by: readonly string[], extra: Matcher[] = []): Expr =>
    agg('sum', call('rate', range(selector(metric, [...scope, ...extra]), RATE_INTERVAL)), { by: [...by] });
  // With agents, every series is per role too: `job` tells the gateway from the agents.
  const role = c.agent ? [Labels.job] : [];
  const roleLegend = c.agent ? ` ({{${Labels.job}}})` : '';
  const perSignal = (metric: (s: Signal) => string, by: string, extra: Matcher[] = []): Query[] =>
    signals.map((s) => ({ expr: rateBy(metric(s), [...role, by], extra), legend: `${ITEMS[s]} {{${by}}}${roleLegend}` }));
  const d = skeleton({
    // A platform service like the others: the Services menu and the alerts' dashboard_url find it.
    title: Dashboards.serviceTitle(c.name),
    description: `The OpenTelemetry collector ${c.name}${c.agent ? ' (gateway and node agents; the Job variable picks the role)' : ''}: what it receives, refuses, sends and fails to send, its queues and memory. Generated from services.ts; do not edit in Grafana.`,
    tags: [DashboardTags.service, 'collector'],
    serviceMatcher: eq(Labels.service, c.name),
    settings: settings.grafana,
  });
  const opsPanel = (title: string, description: string, queries: Query[], span = 12) =>
    timeseries({ title, description, unit: units.OpsPerSecond, span, height: 8, min: 0, queries });

  d.withRow(new RowBuilder('Receivers'));
  d.withPanel(opsPanel('Received per signal', 'Items per second the receivers accepted, by signal and receiver.', perSignal(m.receiverAccepted, OtelMetricLabels.receiver)));
  d.withPanel(opsPanel('Refused per signal', 'Items per second the receivers refused (the pipeline pushed back, usually the memory limiter): senders retry or drop them.', perSignal(m.receiverRefused, OtelMetricLabels.receiver)));

  d.withRow(new RowBuilder('Exporters'));
  d.withPanel(opsPanel('Sent per signal', 'Items per second the exporters delivered, by signal and exporter (one exporter per tenant and signal).', perSignal(m.exporterSent, OtelMetricLabels.exporter)));
  d.withPanel(opsPanel('Failed per signal', 'Items per second the exporters gave up on after retries: lost telemetry.', perSignal(m.exporterSendFailed, OtelMetricLabels.exporter)));

  d.withRow(new RowBuilder('Queues and memory'));
  d.withPanel(timeseries({
    title: 'Sending queue use', description: 'Share of each exporter\'s sending queue in use; at 100 % that tenant\'s new data is dropped.',
    unit: Units.ratio, span: 8, height: 8, min: 0,
    queries: [{ expr: agg('max', div(selector(m.queueSize, scope), selector(m.queueCapacity, scope)), { by: [...role, OtelMetricLabels.exporter] }), legend: `{{${OtelMetricLabels.exporter}}}${roleLegend}` }],
  }));
  const limiter = Object.entries(m.memoryLimiterMatchers).map(([k, v]) => eq(k, v));
  d.withPanel(opsPanel('Memory limiter refusals', 'Items per second the memory limiter refused because the collector is near its memory limit.',
    signals.map((s) => ({ expr: rateBy(m.memoryLimiterRefused(s), role, limiter), legend: `${ITEMS[s]}${roleLegend}` })), 8));
  d.withPanel(timeseries({
    title: 'Memory (RSS)', description: 'Resident memory of each collector process; GOMEMLIMIT is 80 % of the container limit.',
    unit: Units.bytes, span: 8, height: 8, min: 0,
    queries: [{ expr: agg('max', selector(m.processRss, scope), { by: [...role, Labels.instance] }), legend: `{{${Labels.instance}}}${roleLegend}` }],
  }));
  return finalize(d.build(), collectorDashboardUid(c.name));
}
