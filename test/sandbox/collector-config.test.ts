/**
 * The sandbox's rewrite of the generated collector config: exporters to the local sinks and
 * Prometheus with the generated headers and queues, no k8s_attributes, loopback ports; the result
 * still passes `otelcol-mac validate`; its self-metrics job. Also the example keys of the sensitive-field patterns.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SENSITIVE_FIELDS } from '../../lib/model/collector-props';
import { Files } from '../../lib/conventions';
import { metricsPath, sandboxCollectorConfig } from '../../lib/sandbox/collector';
import { sandboxPrometheusConfig } from '../../lib/sandbox/config';
import { exampleKey } from '../../lib/sandbox/sensitive-keys';
import { defineOtelTenants, otelTenantsPlatform } from '../fixtures/otel-tenants';
import { configOf, render, validate } from '../otel/support';
import { synthTo } from '../support/synth';
import { BUILT, toolAvailable } from '../support/tools';

const ports = { otlpGrpc: 14317, otlpHttp: 14318, health: 13133, metrics: 18888, pprof: 11777, zpages: 15679 };
const rewrite = { ports, sinkUrl: 'http://127.0.0.1:9999', prometheusUrl: 'http://127.0.0.1:9090' };

describe('the sandbox collector config', () => {
  const generated = configOf(render());
  const cfg = sandboxCollectorConfig(generated, rewrite);

  it('sends traces and logs as OTLP/HTTP JSON to one sink path per exporter, with the generated headers and queues', () => {
    expect(Object.keys(generated.exporters).sort()).toEqual(['otlp_grpc/traces-keviq', 'otlp_http/logs-audit', 'otlp_http/logs-keviq', 'prometheus_remote_write/metrics-keviq']);
    expect(cfg.exporters['otlp_http/traces-keviq']).toEqual({
      endpoint: 'http://127.0.0.1:9999/traces-keviq', encoding: 'json',
      headers: generated.exporters['otlp_grpc/traces-keviq'].headers,
      sending_queue: generated.exporters['otlp_grpc/traces-keviq'].sending_queue,
      retry_on_failure: generated.exporters['otlp_grpc/traces-keviq'].retry_on_failure,
    });
    expect(cfg.exporters['otlp_http/logs-audit']).toMatchObject({ endpoint: 'http://127.0.0.1:9999/logs-audit', encoding: 'json', headers: { 'X-Scope-OrgID': 'audit' } });
    expect(cfg.service.pipelines['traces/keviq'].exporters).toEqual(['otlp_http/traces-keviq']);
  });

  it('remote-writes metrics to the sandbox Prometheus, which then needs its remote-write receiver', () => {
    expect(cfg.exporters['prometheus_remote_write/metrics-keviq']).toEqual({ ...generated.exporters['prometheus_remote_write/metrics-keviq'], endpoint: 'http://127.0.0.1:9090/api/v1/write' });
    expect(metricsPath(generated)).toBe('remote-write');
    const otlp = configOf(render(defineOtelTenants, otelTenantsPlatform));
    expect(metricsPath(otlp)).toBe('otlp');
    // A collector before the renames keeps its legacy exporter name.
    expect(sandboxCollectorConfig(otlp, rewrite).exporters['otlphttp/metrics-acme']).toMatchObject({ endpoint: 'http://127.0.0.1:9090/api/v1/otlp' });
  });

  it('leaves k8s_attributes out and binds everything to loopback', () => {
    expect(Object.keys(cfg.processors).filter((p) => p.startsWith('k8s'))).toEqual([]);
    for (const p of Object.values<any>(cfg.service.pipelines)) expect(p.processors ?? []).not.toContain('k8s_attributes');
    expect(cfg.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '127.0.0.1:14317' }, http: { endpoint: '127.0.0.1:14318' } });
    expect(JSON.stringify(cfg)).not.toContain('MY_POD_IP');
  });

  it.runIf(toolAvailable(BUILT.otelcol))('passes otelcol-mac validate, for the default catalogue and a multi-tenant one of an older release', () => {
    for (const [name, g] of [['default', generated], ['tenants', configOf(render(defineOtelTenants, otelTenantsPlatform))]] as const) {
      const r = validate(JSON.stringify(sandboxCollectorConfig(g, rewrite)));
      expect(r.status, `${name}: ${r.output}`).toBe(0);
    }
  });

  it('scrapes the self-metrics with the collector\'s job of prometheus.yml, labelled like the ServiceMonitor does', () => {
    const dist = synthTo();
    const { config } = sandboxPrometheusConfig(parse(fs.readFileSync(path.join(dist, Files.prometheusConfig), 'utf8')), {
      targets: new Map([['otel-gateway', '127.0.0.1:18888']]), alertmanager: '127.0.0.1:9093', ruleFiles: [], scrapeInterval: '2s', evaluationInterval: '2s',
    });
    expect(config.scrape_configs).toEqual([{
      job_name: 'otel-gateway', scrape_interval: '2s', scrape_timeout: '2s',
      static_configs: [{ targets: ['127.0.0.1:18888'], labels: { service: 'otel-gateway', team: 'platform', namespace: 'monitoring' } }],
    }]);
    const monitor = parse(fs.readFileSync(path.join(dist, 'kubernetes/ServiceMonitor.otel-gateway.k8s.yaml'), 'utf8'));
    const set = Object.fromEntries(monitor.spec.endpoints[0].relabelings.filter((r: any) => r.replacement).map((r: any) => [r.targetLabel, r.replacement]));
    expect(set).toEqual({ job: 'otel-gateway', service: 'otel-gateway', team: 'platform' });
  });
});

describe('example keys of sensitive-field patterns', () => {
  it('gives every default field a key its pattern matches as a whole key', () => {
    const keys = DEFAULT_SENSITIVE_FIELDS.map(exampleKey);
    expect(keys).toEqual(['password', 'access_token', 'ssh_private_key', 'stripe_customer_id', 'payment_reference', 'email', 'username', 'access_secret_enc', 'scheduler_metadata', 'authorization']);
  });

  it('handles classes, repeats and wildcards, and gives up on what it cannot satisfy', () => {
    expect(['.*_token', 'card[-_]?number', 'a{2}b+', '(?:x|y)z'].map(exampleKey)).toEqual(['_token', 'cardnumber', 'aab', 'xz']);
    expect(exampleKey('[^a]')).toBe('x');
    expect(exampleKey('(?!x)y')).toBeUndefined();
  });
});
