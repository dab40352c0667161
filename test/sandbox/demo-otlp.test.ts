/**
 * The demo target's OTLP side, against the local OTLP sink: spans per served request (failed ones
 * with status ERROR, the kinds and names the span SLIs select), a log record and an audit event per
 * export, every declared sensitive key with a secret value, the resource from the OTEL_* variables.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MonitoringApp, Service, Sli, Team } from '../../lib';
import { AUDIT_FIELDS } from '../../lib/conventions/otel';
import { OtlpEmitter } from '../../lib/sandbox/demo/otlp';
import { Traffic } from '../../lib/sandbox/demo/traffic';
import { DEFAULT_SPAN, secretValue, spanShapes, targetSpec } from '../../lib/sandbox/demo/spec';
import { recordsOf, spansOf } from '../../lib/sandbox/otlp-json';
import { startOtlpSink, type OtlpSink } from '../../lib/sandbox/otlp-sink';
import { tempDir } from '../support/synth';

function service() {
  const a = new MonitoringApp({ outdir: tempDir() });
  const s = new Service(a, 'worker', { team: new Team(a, 't'), namespace: 'jobs', metricsVia: 'otlp' });
  s.addSlo('consume', { objective: 99, sli: Sli.spanErrors({ spanKind: 'SPAN_KIND_CONSUMER', spanName: 'process job' }) });
  s.addSlo('serve', { objective: 99, sli: Sli.spanLatency({ thresholdMs: 250 }) });
  return s;
}

describe('demo target over OTLP', () => {
  let sink: OtlpSink | undefined;
  afterEach(async () => {
    await sink?.close();
  });

  it('one span shape per kind and name the span SLIs select; the default server span otherwise', () => {
    expect(spanShapes(service())).toEqual([{ kind: 'SPAN_KIND_CONSUMER', name: 'process job' }, { kind: 'SPAN_KIND_SERVER', name: DEFAULT_SPAN.name }]);
    const a = new MonitoringApp({ outdir: tempDir() });
    expect(spanShapes(new Service(a, 'plain', { team: new Team(a, 't'), namespace: 'x', metricsVia: 'otlp', metrics: [] }))).toEqual([DEFAULT_SPAN]);
  });

  it('exports what it served as spans, a log record and an audit event, with the secrets and the OTEL_* resource', async () => {
    sink = await startOtlpSink();
    let now = 1_000_000;
    const spec = targetSpec(service(), { rps: 10, errorRatio: 0.5, latencyMs: 40 }, {
      spans: spanShapes(service()), sensitiveKeys: ['password', 'email'], clusterResource: { 'k8s.namespace.name': 'jobs' }, intervalMs: 60_000,
    });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: `${sink.url}/app`, OTEL_SERVICE_NAME: 'worker', OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=jobs,tenant=acme' };
    const traffic = new Traffic(spec, now);
    const emitter = new OtlpEmitter(spec.otlp!, traffic, env, () => now);
    now += 1000;
    await emitter.flush();
    expect(sink.requests.map((r) => r.path).sort()).toEqual(['/app/v1/logs', '/app/v1/traces']);
    const traces = sink.requests.find((r) => r.path.endsWith('traces'))!.body;
    const spans = spansOf(traces);
    // 10 requests, each a consumer and a server span of one trace; half of them failed.
    expect(spans).toHaveLength(20);
    expect(new Set(spans.map((x) => x.traceId)).size).toBe(10);
    const raw = traces.resourceSpans[0].scopeSpans[0].spans;
    expect(raw.map((x: { kind: number }) => x.kind).sort()).toEqual([...Array(10).fill(2), ...Array(10).fill(5)]);
    expect(raw.filter((x: { status: { code: number } }) => x.status.code === 2)).toHaveLength(10);
    for (const x of spans) expect(x.attributes).toMatchObject({ password: secretValue('password'), email: secretValue('email') });
    expect(spans[0]!.resource).toEqual({ 'service.namespace': 'jobs', tenant: 'acme', 'service.name': 'worker', 'k8s.namespace.name': 'jobs', password: secretValue('password') });
    const records = recordsOf(sink.requests.find((r) => r.path.endsWith('logs'))!.body);
    expect(records).toHaveLength(2);
    expect(records[1]!.attributes).toMatchObject({ 'event.name': 'audit', [AUDIT_FIELDS.who]: expect.stringMatching(/^user-/), [AUDIT_FIELDS.result]: 'success', password: secretValue('password') });
    expect(emitter.state).toMatchObject({ spans: 20, logs: 1, audits: 1, failedExports: 0 });
  });

  it('counts a failed export and says why', async () => {
    sink = await startOtlpSink();
    sink.failing.set('app', 503);
    let now = 0;
    const spec = targetSpec(service(), { rps: 1 }, { spans: [DEFAULT_SPAN], sensitiveKeys: [], clusterResource: {}, intervalMs: 60_000 });
    const emitter = new OtlpEmitter(spec.otlp!, new Traffic(spec, now), { OTEL_EXPORTER_OTLP_ENDPOINT: `${sink.url}/app` }, () => now);
    now += 2000;
    await emitter.flush();
    expect(emitter.state.failedExports).toBe(2);
    expect(emitter.state.lastError).toMatch(/HTTP 503/);
    expect(() => new OtlpEmitter(spec.otlp!, new Traffic(spec, 0), {}, () => 0)).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT is not set/);
  });
});
