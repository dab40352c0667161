/**
 * The collector end to end in the sandbox: the real otelcol-mac runs the generated gateway config
 * between two tenants' demo targets (OTLP/HTTP JSON traces and logs, with every declared sensitive
 * key and an audit event) and stand-ins for Tempo and Loki (lib/sandbox/otlp-sink); its span metrics
 * are remote-written into the current Prometheus, whose generated rules page through Alertmanager to
 * the webhook sink. Steps share one sandbox and run in order; about two minutes in all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Alerts, Dashboards, Files, Labels, SlothLabels, SPAN_STATUS_ERROR, SpanMetricLabels, SpanMetricNames, TIER_SEVERITY } from '../../lib/conventions';
import { AUDIT_FIELDS, AUDIT_RESOURCE_KEEP, collectorDashboardUid, OtelAttributes, REDACTED } from '../../lib/conventions/otel';
import { BUILT_COLLECTOR_VERSION, selfMetrics } from '../../lib/conventions/otel-versions';
import { MonitoringApp, Service, type Collector } from '../../lib';
import { collectorAlerts } from '../../lib/otel';
import { agg, eq, render, selector, type Expr } from '../../lib/promql';
import { resolveBinaries } from '../../lib/sandbox/binaries';
import { SECRET_MARKER } from '../../lib/sandbox/demo/spec';
import { httpJson, waitFor } from '../../lib/sandbox/net';
import { recordsOf, spansOf, tracesRequest, type SpanInput } from '../../lib/sandbox/otlp-json';
import type { OtlpRequest } from '../../lib/sandbox/otlp-sink';
import { tierDetectionSeconds } from '../../lib/model/detection';
import { Sandbox } from '../../lib/sandbox/sandbox';
import { platform } from '../../services';
import { COLLECTOR_NAME, defineCollectorSandbox, SANDBOX_TENANTS } from '../fixtures/collector-sandbox';
import { panelQueries } from '../support/live-dashboards';
import { tempDir } from '../support/synth';
import { BUILT, CURRENT, toolAvailable } from '../support/tools';

const BURN = 'checkout';
const NOISY = 'search';
const SCRAPE = '2s';
const EVALUATION = '2s';
/** The generated span_metrics connector flushes every 15 s; then remote write (batched) and two rule groups at 2 s. */
const SPAN_METRICS_LAG_S = 15 + 2 * 2 + 5;
const FLOOD_MS = 8_000;

const RUN = [CURRENT.bin.prometheus, CURRENT.bin.alertmanager, CURRENT.bin.promtool, BUILT.otelcol].every((t) => toolAvailable(t));

/** Names the rule files record. */
const recorded = (files: readonly string[]): string[] => files.flatMap((f) =>
  ((parse(fs.readFileSync(f, 'utf8')) as { groups?: { rules: { record?: string }[] }[] }).groups ?? []).flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))));

/** `lhs > n` → lhs, through `or`: what an alert's condition measures, which has data before it fires. */
function measured(e: Expr): Expr[] {
  if (e.kind === 'binary' && e.op === 'or') return [...measured(e.lhs), ...measured(e.rhs)];
  if (e.kind === 'binary' && ['>', '<', '>=', '<='].includes(e.op)) return [e.lhs];
  return [e];
}

describe.skipIf(!RUN)('the collector end to end in the sandbox', () => {
  const dist = tempDir('mac-collector-e2e-');
  let app: MonitoringApp;
  let collector: Collector;
  let services: Service[];
  let sb: Sandbox;
  let startedAt = 0;
  const sinkOf = (name: string): OtlpRequest[] => sb.collector!.sink.of(name);
  const spansIn = (name: string) => sinkOf(name).flatMap((r) => spansOf(r.body));
  const recordsIn = (name: string) => sinkOf(name).flatMap((r) => recordsOf(r.body));

  beforeAll(async () => {
    app = new MonitoringApp({ ...platform, outdir: dist });
    collector = defineCollectorSandbox(app);
    app.synth();
    services = app.node.findAll().filter(Service.isService);
    sb = await Sandbox.start({
      services,
      catalogServices: services.map((s) => s.name),
      distDir: dist,
      scrapeInterval: SCRAPE,
      evaluationInterval: EVALUATION,
      history: '0s',
      // Failures at half the budget from the start, so the error series exists before the burn.
      traffic: { [BURN]: { rps: 20, errorRatio: 0.005 }, [NOISY]: { rps: 20 } },
      requireAlertmanagerConfig: true,
      collector,
      binaries: resolveBinaries({ toolchain: CURRENT.id }).binaries,
    });
    startedAt = Date.now();
    const detail = () => sb.processes.map((p) => `${p.name}:\n${p.log}`).join('\n');
    await waitFor(() => (['traces-acme', 'traces-beta', 'logs-acme', 'logs-beta', 'logs-audit'].every((s) => sinkOf(s).length > 0) ? true : undefined),
      { timeoutMs: 30_000, what: 'every sink to receive data', detail });
    await waitFor(async () => ((await sb.prometheus!.query(render(agg('count', selector(SpanMetricNames.calls), { by: [Labels.job] })))).length === 2 ? true : undefined),
      { timeoutMs: 40_000, intervalMs: 1000, what: 'span metrics of both services in Prometheus', detail });
    // So the burn is seen after one span-metric flush: a new series needs two before rate() sees it.
    const failed = render(selector(SpanMetricNames.calls, [eq(Labels.job, `${SANDBOX_TENANTS.acme.namespace}/${BURN}`), eq(SpanMetricLabels.status, SPAN_STATUS_ERROR)]));
    await waitFor(async () => ((await sb.prometheus!.query(failed)).length ? true : undefined), { timeoutMs: 45_000, intervalMs: 1000, what: `${failed} in Prometheus`, detail });
  }, 120_000);

  afterAll(async () => {
    await sb?.stop();
    fs.rmSync(dist, { recursive: true, force: true });
  }, 30_000);

  it('1. no sensitive value reaches a sink: every declared key arrives as [REDACTED], the rest of the record intact', async () => {
    const keys = sb.collector!.sensitiveKeys;
    expect(keys, 'one example key per declared sensitive field').toHaveLength(collector.sensitiveFields.length);
    const leaked = sb.collector!.sink.requests.filter((r) => r.text.includes(SECRET_MARKER)).map((r) => `${r.sink}: ${r.text.slice(0, 300)}`);
    expect(leaked).toEqual([]);
    // Nor through the metrics path: the resource becomes target_info labels.
    const info = await sb.prometheus!.query(render(selector('target_info', [eq(Labels.job, `${SANDBOX_TENANTS.acme.namespace}/${BURN}`)])));
    expect(info.length).toBeGreaterThan(0);
    for (const s of info) expect(s.metric[keys[0]!]).toBe(REDACTED);

    const redacted = Object.fromEntries(keys.map((k) => [k, REDACTED]));
    for (const [sink, service, ns] of [['traces-acme', BURN, 'acme'], ['traces-beta', NOISY, 'beta']] as const) {
      const spans = spansIn(sink);
      expect(spans.length, sink).toBeGreaterThan(0);
      for (const s of spans) {
        expect(s.attributes).toEqual({ 'request.id': expect.stringMatching(/^req-\d+$/), 'http.route': s.name, ...redacted });
        expect(s.resource).toMatchObject({ [OtelAttributes.serviceName]: service, [OtelAttributes.serviceNamespace]: ns, [OtelAttributes.tenant]: ns, [keys[0]!]: REDACTED });
      }
    }
    for (const sink of ['logs-acme', 'logs-beta']) {
      const records = recordsIn(sink);
      expect(records.length, sink).toBeGreaterThan(0);
      for (const r of records) {
        expect(r.attributes).toEqual({ 'request.id': expect.stringMatching(/^log-\d+$/), ...redacted });
        expect(r.body).toEqual({ stringValue: expect.stringMatching(/^served \d+ requests$/) });
      }
    }
  });

  it('2. each tenant\'s telemetry reaches only its own sink, with its own X-Scope-OrgID, while another tenant floods', async () => {
    const resource = {
      [OtelAttributes.serviceName]: NOISY, [OtelAttributes.serviceNamespace]: SANDBOX_TENANTS.beta.namespace,
      [OtelAttributes.k8sNamespace]: SANDBOX_TENANTS.beta.namespace, [OtelAttributes.tenant]: 'beta',
      // The noisy service's own pod floods.
      'service.instance.id': `${SANDBOX_TENANTS.beta.namespace}.${NOISY}-sandbox-0`,
    };
    const batch = (n: number): SpanInput[] => Array.from({ length: 500 }, (_, i) => ({
      traceId: `f1${String(n).padStart(10, '0')}${String(i).padStart(20, '0')}`, spanId: `f1${String(i).padStart(14, '0')}`,
      name: 'GET /flood', kind: 'SPAN_KIND_SERVER', startMs: Date.now() - 5, durationMs: 5, failed: false, attributes: { flood: true },
    }));
    const start = Date.now();
    let sent = 0;
    let refused = 0;
    const worker = async (w: number) => {
      for (let n = w; Date.now() - start < FLOOD_MS; n += 4) {
        const res = await fetch(`${sb.collector!.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tracesRequest(resource, batch(n))) });
        await res.text();
        if (res.ok) sent += 500;
        else refused += 500;
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    const end = Date.now();
    await new Promise((r) => setTimeout(r, 4000));
    console.log(`flood: ${sent} spans accepted, ${refused} refused in ${((end - start) / 1000).toFixed(1)} s`);
    expect(sent).toBeGreaterThan(0);

    const expectOnly = (sink: string, orgId: string, service: string) => {
      const reqs = sinkOf(sink);
      expect(reqs.length, sink).toBeGreaterThan(0);
      expect(new Set(reqs.map((r) => r.headers['x-scope-orgid']))).toEqual(new Set([orgId]));
      const resources = sink.startsWith('traces') ? spansIn(sink).map((s) => s.resource) : recordsIn(sink).map((r) => r.resource);
      expect(new Set(resources.map((x) => x[OtelAttributes.serviceName]))).toEqual(new Set([service]));
    };
    expectOnly('traces-acme', SANDBOX_TENANTS.acme.orgId, BURN);
    expectOnly('logs-acme', SANDBOX_TENANTS.acme.orgId, BURN);
    expectOnly('traces-beta', SANDBOX_TENANTS.beta.orgId, NOISY);
    expectOnly('logs-beta', SANDBOX_TENANTS.beta.orgId, NOISY);
    expect(spansIn('traces-acme').filter((s) => s.name === 'GET /flood')).toEqual([]);

    // The quiet tenant kept flowing: a log record (unsampled, one a second) for nearly every second of the flood.
    const during = (r: OtlpRequest) => r.receivedAt >= start && r.receivedAt <= end + 2000;
    const acmeLogs = sinkOf('logs-acme').filter(during).flatMap((r) => recordsOf(r.body)).length;
    console.log(`during the flood: ${acmeLogs} acme log records, ${sinkOf('traces-acme').filter(during).length} acme trace requests`);
    expect(acmeLogs).toBeGreaterThanOrEqual(Math.floor(FLOOD_MS / 1000) - 2);
    expect(sinkOf('traces-acme').filter(during).length).toBeGreaterThan(0);
    // The noisy tenant's cap (spansPerSecond, tail sampling) let only a small part of the flood through.
    const floodKept = spansIn('traces-beta').filter((s) => s.name === 'GET /flood').length;
    const cap = collector.tenants.find((t) => t.name === 'beta')!.spansPerSecond!;
    console.log(`flood spans kept for beta: ${floodKept} of ${sent} (cap ${cap}/s)`);
    expect(floodKept).toBeLessThanOrEqual(cap * ((end - start) / 1000 + 6));
    expect(floodKept).toBeLessThan(sent / 2);
  }, 60_000);

  it('3. an SLO on span metrics pages when the demo target\'s spans fail', async () => {
    const slo = services.find((s) => s.name === BURN)!.slos[0]!;
    const alertname = Alerts.sloBurn(BURN, slo.name);
    const isPage = (a: { labels: Readonly<Record<string, string>> }) => a.labels.alertname === alertname && a.labels[SlothLabels.severity] === 'page';
    const t0 = Date.now();
    const heldMs = t0 - startedAt;
    const predicted = tierDetectionSeconds(slo, 'page', 1, heldMs);
    await sb.setTraffic(BURN, { errorRatio: 1 });
    try {
      const page = await waitFor(async () => (await sb.prometheus!.alerts()).find((a) => a.state === 'firing' && isPage(a)),
        { timeoutMs: (predicted + SPAN_METRICS_LAG_S + 60) * 1000, intervalMs: 1000, what: `${alertname} (page) firing` });
      const after = (Date.parse(page.activeAt) - t0) / 1000;
      console.log(`span SLO page fired after ${after.toFixed(1)} s (Workbook on ${(heldMs / 1000).toFixed(0)} s of data: ${predicted.toFixed(1)} s, plus up to ${SPAN_METRICS_LAG_S} s of span-metric flush and evaluation)`);
      expect(after).toBeLessThanOrEqual(predicted + SPAN_METRICS_LAG_S);
      expect(page.labels).toMatchObject({ [Labels.service]: BURN, [Labels.slo]: slo.name, [Labels.severity]: TIER_SEVERITY.page });
      const note = await waitFor(() => sb.sink!.notifications.find((n) => n.status === 'firing' && n.alerts.some(isPage)),
        { timeoutMs: 60_000, intervalMs: 500, what: 'the page notification at the webhook sink' });
      expect(note.receiver).toMatch(/pager/);
    } finally {
      await sb.setTraffic(BURN, { errorRatio: 0.005 });
    }
  }, 180_000);

  it('4. audit records arrive at the audit sink with only the allowed fields', async () => {
    const reqs = sinkOf('logs-audit');
    expect(new Set(reqs.map((r) => r.headers['x-scope-orgid']))).toEqual(new Set([collector.audit!.orgId]));
    const records = recordsIn('logs-audit');
    const allowed = [OtelAttributes.auditMarker, ...Object.values(AUDIT_FIELDS)].sort();
    for (const r of records) {
      expect(Object.keys(r.attributes).sort()).toEqual(allowed);
      expect(r.attributes[OtelAttributes.auditMarker]).toBe(OtelAttributes.auditMarkerValue);
      expect(r.attributes[AUDIT_FIELDS.who]).toMatch(/^user-\d+$/);
      expect((r.body as { stringValue?: string } | undefined)?.stringValue ?? '').toBe('');
      expect(Object.keys(r.resource).every((k) => AUDIT_RESOURCE_KEEP.includes(k))).toBe(true);
    }
    // Every audit event the targets had exported by now arrived (a few may still be in the batch).
    for (const s of [BURN, NOISY]) {
      const state = await httpJson<{ otlp: { audits: number } }>(`${sb.targets.get(s)!.url}/control`);
      const arrived = records.filter((r) => r.resource[OtelAttributes.serviceName] === s).length;
      expect(arrived, s).toBeGreaterThanOrEqual(state.otlp.audits - 3);
    }
    for (const sink of ['logs-acme', 'logs-beta']) {
      expect(recordsIn(sink).filter((r) => r.attributes[OtelAttributes.auditMarker] === OtelAttributes.auditMarkerValue)).toEqual([]);
    }
  });

  it('5. the collector\'s self-metrics are scraped, and the queries of its alerts and dashboard return data', async () => {
    const prom = sb.prometheus!;
    const targets = await prom.targets();
    expect(targets.find((t) => t.labels[Labels.job] === COLLECTOR_NAME)).toMatchObject({ health: 'up', labels: { [Labels.service]: COLLECTOR_NAME } });
    // Backends that reject: the exporters drop the data and count it as failed.
    for (const s of ['traces-beta', 'logs-beta']) sb.collector!.sink.failing.set(s, 400);
    await new Promise((r) => setTimeout(r, 6000));
    sb.collector!.sink.failing.clear();
    await new Promise((r) => setTimeout(r, 2 * 2000 + 1000));

    const m = selfMetrics(BUILT_COLLECTOR_VERSION);
    // Series the sandbox cannot have: the memory limiter's refusal counters appear at its first
    // refusal (it never refuses here); no sender pushes OTLP metrics (span metrics come from the
    // connector, not a receiver); the sandbox Prometheus never rejects remote write.
    const noSource = [/memory_limiter_refused/, /otelcol_receiver_\w+_metric_points/, /otelcol_exporter_send_failed_metric_points/];
    const onRefusal = (q: string) => noSource.some((r) => r.test(q));
    const rules = parse(fs.readFileSync(path.join(dist, 'prometheus/rules', `${COLLECTOR_NAME}.yml`), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const empty: string[] = [];
    const withData = new Set<string>();
    for (const a of collectorAlerts(collector, app.settings)) {
      expect(rules.groups[0]!.rules.find((r) => r.alert === a.name)?.expr, a.name).toBe(render(a.expr));
      for (const e of measured(a.expr)) {
        const q = render(e);
        if (onRefusal(q)) continue;
        if ((await prom.query(q)).length === 0) empty.push(`${a.name}: ${q}`);
        else withData.add(a.name);
      }
    }
    expect(empty).toEqual([]);
    // Every alert but the memory limiter's is checked on data.
    expect([...withData].sort()).toEqual(collectorAlerts(collector, app.settings).map((a) => a.name).filter((n) => !n.endsWith('MemoryLimiterRefusing')).sort());
    // With the sink failing, the export-failure alert's full condition holds.
    const failing = collectorAlerts(collector, app.settings).find((a) => a.name.endsWith('ExportFailing'))!;
    expect((await prom.query(render(failing.expr))).map((s) => s.metric.exporter).sort()).toEqual(['otlp_http/logs-beta', 'otlp_http/traces-beta']);
    expect((await prom.query(`${m.processRss}{job="${COLLECTOR_NAME}"}`)).length).toBe(1);

    const uid = collectorDashboardUid(COLLECTOR_NAME);
    const d = JSON.parse(fs.readFileSync(path.join(dist, Files.dashboard(uid)), 'utf8'));
    const noData: string[] = [];
    let checked = 0;
    for (const q of await panelQueries(uid, d, prom)) {
      if (onRefusal(q.expr)) continue;
      checked++;
      if ((await prom.query(q.expr)).length === 0) noData.push(`${q.panel}: ${q.expr}`);
    }
    expect(noData).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(6);
    // What stands in for the refusal counters: the same processor's accepted counters are there.
    expect((await prom.query(m.memoryLimiterRefused('traces').replace('refused', 'accepted'))).length).toBeGreaterThan(0);
  }, 60_000);

  it('6. the OTLP services\' dashboards: the instance dropdown finds the instance through target_info, and the panels on span metrics return data', async () => {
    const prom = sb.prometheus!;
    const provided = new Set([SpanMetricNames.calls, `${SpanMetricNames.duration}_bucket`, ...recorded(sb.ruleFiles)]);
    for (const s of services) {
      const d = JSON.parse(fs.readFileSync(path.join(dist, Files.dashboard(Dashboards.serviceUid(s.name))), 'utf8'));
      const variables = d.templating.list.filter((v: { type: string }) => v.type === 'query');
      expect(variables.map((v: { name: string }) => v.name), s.name).toEqual([Labels.instance]);
      const m = /^label_values\((.*), (\w+)\)$/.exec(variables[0].query)!;
      const found = (await prom.query(`group by (${m[2]}) (${m[1]})`)).map((x) => x.metric[m[2]!]);
      expect(found, `${s.name}: ${variables[0].query}`).toEqual([`${s.namespace}.${s.name}-sandbox-0`]);
      const noData: string[] = [];
      let checked = 0;
      for (const q of await panelQueries(s.name, d, prom)) {
        // cAdvisor and kube-state-metrics do not run here.
        if (!q.reads.every((r) => provided.has(r))) continue;
        checked++;
        if ((await prom.query(q.expr)).length === 0) noData.push(`${q.panel}: ${q.expr}`);
      }
      expect(noData, s.name).toEqual([]);
      expect(checked, s.name).toBeGreaterThan(0);
    }
  }, 30_000);
});
