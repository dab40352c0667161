/**
 * The generated pipelines on the real collector, on loopback: sensitive values arrive as
 * `[REDACTED]` with the rest intact, each tenant's data reaches only its own exporter (a declared
 * namespace beats the sender's claim), and audit records keep only who/what/resource/result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_FIELDS, REDACTED } from '../../lib/conventions/otel';
import { BUILT_COLLECTOR_VERSION, selfMetrics } from '../../lib/conventions/otel-versions';
import { waitFor } from '../../lib/sandbox/net';
import { BUILT } from '../../lib/toolchain';
import { tempDir } from '../support/synth';
import { toolAvailable } from '../support/tools';
import { defineOtelTenants, otelTenantsPlatform } from '../fixtures/otel-tenants';
import { attrs, otlpAttrs, readSink, startLoopback, type LoopbackCollector } from './loopback';
import { configOf, render } from './support';

const have = toolAvailable(BUILT.otelcol);
const now = BigInt(Date.now()) * 1_000_000n;
let col: LoopbackCollector;

const post = async (signal: 'traces' | 'logs', body: unknown) => {
  const res = await fetch(`${col.otlpHttp}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.text()).toBe(200);
};

const span = (name: string, extra: Record<string, string | number>) => ({
  traceId: Buffer.from(name.padEnd(16, '.')).toString('hex').slice(0, 32), spanId: Buffer.from(name.padEnd(8, '.')).toString('hex').slice(0, 16),
  name, kind: 2, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 5_000_000n),
  status: { code: 2 }, attributes: otlpAttrs({ safe: 'kept', ...extra }),
  events: [{ timeUnixNano: String(now), name: 'retry', attributes: otlpAttrs({ password: 'again', attempt: 2 }) }],
});
const traces = (resource: Record<string, string>, s: object) => ({ resourceSpans: [{ resource: { attributes: otlpAttrs(resource) }, scopeSpans: [{ spans: [s] }] }] });
const logs = (resource: Record<string, string>, records: object[]) => ({ resourceLogs: [{ resource: { attributes: otlpAttrs(resource) }, scopeLogs: [{ logRecords: records }] }] });

/** Spans of a sink by name, with their resource attributes. */
const spansIn = (sink: string) => readSink(col.sinks.get(sink)!).flatMap((r) => r.resourceSpans.flatMap((rs: any) =>
  rs.scopeSpans.flatMap((ss: any) => ss.spans.map((s: any) => ({
    name: s.name, attributes: attrs(s.attributes), events: (s.events ?? []).map((e: any) => attrs(e.attributes)), resource: attrs(rs.resource.attributes),
  })))));
const recordsIn = (sink: string) => readSink(col.sinks.get(sink)!).flatMap((r) => r.resourceLogs.flatMap((rl: any) =>
  rl.scopeLogs.flatMap((sl: any) => sl.logRecords.map((l: any) => ({ body: l.body, attributes: attrs(l.attributes), resource: attrs(rl.resource.attributes) })))));

describe.runIf(have)('generated pipelines on the real collector', () => {
  beforeAll(async () => {
    col = await startLoopback(configOf(render(defineOtelTenants, otelTenantsPlatform)), tempDir('otel-loop-'));
    await post('traces', traces({ 'service.name': 'storefront', tenant: 'acme', card_number: '4111111111111111' },
      span('acme-span', { password: 'hunter2', session_token: 'abc', attempts_token: 3 })));
    // Claims acme, but runs in ecorp's namespace: the namespace decides.
    await post('traces', traces({ 'service.name': 'billing', tenant: 'acme', 'k8s.namespace.name': 'ecorp' }, span('ecorp-span', {})));
    await post('traces', traces({ 'service.name': 'search' }, span('untenanted-span', {})));
    await post('logs', logs({ 'service.name': 'billing', tenant: 'ecorp', email: 'x@y.z' }, [
      { timeUnixNano: String(now), body: { stringValue: 'login ok' }, attributes: otlpAttrs({ PASSWORD: 'secret', request_id: 'r1' }) },
      {
        timeUnixNano: String(now), body: { stringValue: 'DELETE /projects/9 {"name":"pii"}' },
        attributes: otlpAttrs({ 'event.name': 'audit', [AUDIT_FIELDS.who]: 'user-1', [AUDIT_FIELDS.what]: 'project.delete', [AUDIT_FIELDS.resourceId]: 'project-9', [AUDIT_FIELDS.result]: 'success', 'client.address': '10.0.0.7' }),
      },
    ]));
    await waitFor(() => (spansIn('traces-acme').length && spansIn('traces-ecorp').length && spansIn('traces-shared').length
      && recordsIn('logs-ecorp').length && recordsIn('logs-audit').length ? true : undefined), { timeoutMs: 20_000, what: 'every sink to receive its data', detail: () => col.log() });
  }, 40_000);
  afterAll(async () => col?.stop());

  it('replaces every sensitive value with [REDACTED], strings and numbers, in span, span-event and resource attributes, and keeps the rest', () => {
    const [s] = spansIn('traces-acme');
    expect(s.attributes).toEqual({ safe: 'kept', password: REDACTED, session_token: REDACTED, attempts_token: REDACTED });
    expect(s.resource).toMatchObject({ 'service.name': 'storefront', tenant: 'acme', card_number: REDACTED });
    expect(s.events).toEqual([{ password: REDACTED, attempt: '2' }]);
  });

  it('redacts log attributes, whatever their case', () => {
    const [r] = recordsIn('logs-ecorp');
    expect(r.attributes).toEqual({ PASSWORD: REDACTED, request_id: 'r1' });
    expect(r.body).toEqual({ stringValue: 'login ok' });
  });

  it('sends each tenant only its own data; a declared namespace overrides the claimed tenant; the rest goes to the default', () => {
    expect(spansIn('traces-acme').map((s) => s.name)).toEqual(['acme-span']);
    expect(spansIn('traces-ecorp').map((s) => [s.name, s.resource.tenant])).toEqual([['ecorp-span', 'ecorp']]);
    expect(spansIn('traces-shared').map((s) => [s.name, s.resource.tenant])).toEqual([['untenanted-span', 'shared']]);
  });

  it('audit records go only to the audit exporter, without body, with only who, what, resource id and result', () => {
    const audit = recordsIn('logs-audit');
    expect(audit).toHaveLength(1);
    expect(audit[0].attributes).toEqual({ 'event.name': 'audit', [AUDIT_FIELDS.who]: 'user-1', [AUDIT_FIELDS.what]: 'project.delete', [AUDIT_FIELDS.resourceId]: 'project-9', [AUDIT_FIELDS.result]: 'success' });
    expect(audit[0].body?.stringValue ?? '').toBe('');
    expect(audit[0].resource).toEqual({ 'service.name': 'billing', tenant: 'ecorp' });
    expect(recordsIn('logs-ecorp').some((r) => r.attributes['event.name'] === 'audit')).toBe(false);
  });

  // The file exporters that stand in for the backends have no sending queue; the queue and send_failed series were read off an otlp_http exporter to a dead port by hand.
  it('exposes the receiver and exporter self-metrics the alerts and dashboard read', async () => {
    const m = selfMetrics(BUILT_COLLECTOR_VERSION);
    const text = await (await fetch(col.metricsUrl)).text();
    for (const name of [m.receiverAccepted('traces'), m.receiverRefused('traces'), m.exporterSent('traces'), m.exporterSent('logs')]) {
      expect(text).toMatch(new RegExp(`^${name}\\{`, 'm'));
    }
  });
});
