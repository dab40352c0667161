/** Bad collector input fails at construction with exact messages, all problems of one synth together, nothing written. */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Collector, MonitoringApp, Service, Team, type CollectorProps, type MonitoringAppProps } from '../../lib';
import { checkSensitivePattern } from '../../lib/model/collector';
import { tempDir } from '../support/synth';

const BACKENDS: CollectorProps['backends'] = {
  traces: { protocol: 'otlp-grpc', endpoint: 'tempo:4317' },
  logs: { protocol: 'otlp-http', endpoint: 'http://loki/otlp' },
};

function problemsOf(props: Partial<CollectorProps>, app: MonitoringAppProps = {}): string[] {
  const a = new MonitoringApp({ ...app, outdir: tempDir() });
  new Collector(a, 'gw', { backends: BACKENDS, ...props } as CollectorProps);
  return a.problems();
}

describe('Collector validation', () => {
  it('accepts the defaults', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it('rejects an unknown backend signal and a protocol the signal cannot use', () => {
    expect(problemsOf({ backends: { ...BACKENDS, profiles: { protocol: 'otlp-grpc', endpoint: 'p:4317' } } as never })).toEqual([
      '[gw] backends.profiles: got "profiles", expected one of the signals traces, metrics, logs',
    ]);
    expect(problemsOf({ backends: { traces: { protocol: 'prometheus-remote-write', endpoint: 'http://m/api/v1/push' } } })).toEqual([
      '[gw] backends.traces.protocol: got "prometheus-remote-write", expected a traces backend protocol: "otlp-grpc" or "otlp-http"',
    ]);
    expect(problemsOf({ backends: { logs: { protocol: 'loki' as never, endpoint: 'http://loki:3100' } } })).toEqual([
      '[gw] backends.logs.protocol: got "loki", expected a logs backend protocol: "otlp-http"',
    ]);
  });

  it('rejects no backend, bad endpoints and credentials in URLs (masked)', () => {
    expect(problemsOf({ backends: {} })).toEqual([
      '[gw] backends: got [], expected at least one backend, for traces, metrics, logs',
    ]);
    expect(problemsOf({ backends: { traces: { protocol: 'otlp-grpc', endpoint: 'http://tempo:4317' } } })).toEqual([
      '[gw] backends.traces.endpoint: got "http://tempo:4317", expected host:port of an OTLP gRPC endpoint',
    ]);
    expect(problemsOf({ backends: { logs: { protocol: 'otlp-http', endpoint: 'https://u:hunter2@loki/otlp' } } })).toEqual([
      '[gw] backends.logs.endpoint: got "<masked URL>", expected a URL without credentials (put the token in bearerToken, a Secret reference)',
    ]);
  });

  it('rejects a tenant without an exporter for a signal, duplicate tenants and an unknown default tenant', () => {
    expect(problemsOf({ tenants: [{ name: 'acme', signals: ['metrics'] }, { name: 'acme' }], defaultTenant: 'nobody' })).toEqual([
      '[gw] tenants[0].signals: got ["metrics"], expected signals that have a backend, and so an exporter (traces, logs)',
      '[gw] tenants[1].name: got "acme", expected a tenant name not already used',
      '[gw] defaultTenant: got "nobody", expected one of the tenants ("acme", "acme")',
    ]);
    expect(problemsOf({ tenants: [{ name: 'audit' }] })).toEqual([
      '[gw] tenants[0].name: got "audit", expected a name other than "in", "spans", "audit" and "agent" (pipeline names)',
      '[gw] audit.orgId: got "audit", expected an org id no tenant uses, so audit records stay apart',
    ]);
    expect(problemsOf({ tenants: [{ name: 'a', spansPerSecond: 0.5, queueSize: 0, orgId: 'a b' }] })).toEqual([
      '[gw] tenants[0].spansPerSecond: got 0.5, expected a whole number of spans per second, at least 1',
      '[gw] tenants[0].queueSize: got 0, expected a whole number of batches, at least 1',
      '[gw] tenants[0].orgId: got "a b", expected a tenant id of letters, digits and !-_.*\'() (at most 150)',
    ]);
  });

  it('rejects a sensitive-field pattern that is not a valid regular expression, or not one RE2 runs', () => {
    expect(problemsOf({ sensitiveFields: ['password', 'token(', '(?!safe).*_key', ''] })).toEqual([
      '[gw] sensitiveFields[1]: got "token(", expected a regular expression (RE2 syntax: no lookaround or backreferences) matching attribute keys (Invalid regular expression: /token(/: Unterminated group)',
      '[gw] sensitiveFields[2]: got "(?!safe).*_key", expected a regular expression (RE2 syntax: no lookaround or backreferences) matching attribute keys ("(?!" is not RE2, which the collector\'s redaction processor uses)',
      '[gw] sensitiveFields[3]: got "", expected a regular expression (RE2 syntax: no lookaround or backreferences) matching attribute keys, not an empty one (it would match every key)',
    ]);
    expect(checkSensitivePattern('(access|refresh)_token')).toBeUndefined();
  });

  it('rejects an unpinned image, audit or agent without a logs backend, and bad sampling', () => {
    const tracesOnly = { traces: BACKENDS.traces! };
    expect(problemsOf({ backends: tracesOnly, image: 'otel/opentelemetry-collector-contrib:latest', audit: {}, agent: true })).toEqual([
      '[gw] audit: got [], expected a logs backend for the audit records, or audit: false',
      '[gw] image: got "otel/opentelemetry-collector-contrib:latest", expected an image pinned by a version tag or a sha256 digest (not "latest")',
      '[gw] agent: got true, expected a logs backend: the agent only ships container logs',
    ]);
    expect(problemsOf({ image: 'registry:5000/otelcol' })).toEqual([
      '[gw] image: got "registry:5000/otelcol", expected an image pinned by a version tag or a sha256 digest (not "latest")',
    ]);
    expect(problemsOf({ image: 'registry:5000/otelcol:0.158.0' })).toEqual([]);
    expect(problemsOf({ sampling: { percent: 120, slowerThan: 'slow', headRatio: 0 } })).toEqual([
      '[gw] sampling.slowerThan: got "slow", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
      '[gw] sampling.percent: got 120, expected a percentage from 0 to 100',
      '[gw] sampling.headRatio: got 0, expected a ratio above 0 and at most 1',
    ]);
  });

  it('rejects a bad collector version setting and a collector named like a service', () => {
    expect(problemsOf({}, { otel: { collectorVersion: '0.100.0' } })).toEqual([
      '[settings] otel.collectorVersion: got "0.100.0", expected a collector release such as "0.158.0", at least 0.120.0',
    ]);
    expect(problemsOf({ audit: { orgId: 'default' } })).toEqual([
      '[gw] audit.orgId: got "default", expected an org id no tenant uses, so audit records stay apart',
    ]);
  });

  it('rejects a collector named like a service and tenant services that do not exist', () => {
    const a = new MonitoringApp({ outdir: tempDir() });
    new Service(a, 'gw', { team: new Team(a, 'ops'), namespace: 'apps', scrape: { port: 80 }, metrics: [] });
    new Collector(a, 'gw-collector', { name: 'gw', backends: BACKENDS, tenants: [{ name: 'acme', services: ['gw', 'ghost'] }] });
    expect(a.problems().filter((p) => p.startsWith('[gw-collector]'))).toEqual([
      '[gw-collector] collector name: got "gw", expected a name no service uses (their rule files and dashboards would collide)',
      '[gw-collector] tenants[0].services[1]: got "ghost", expected a service of the catalogue',
    ]);
  });

  it('reports every problem of a synth together and writes nothing', () => {
    const outdir = tempDir();
    const app = new MonitoringApp({ outdir });
    new Collector(app, 'Gateway', { backends: { traces: { protocol: 'otlp-http', endpoint: 'tempo' } }, sensitiveFields: ['['] });
    expect(() => app.synth()).toThrow(/3 problems in the service catalogue:\n {2}\[Gateway\] collector name: got "Gateway"[^\n]*\n {2}\[Gateway\] backends\.traces\.endpoint[^\n]*\n {2}\[Gateway\] sensitiveFields\[0\]/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
