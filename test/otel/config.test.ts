/** The shape of the generated collector configs: order, bindings, tenants, audit, span metrics, version names. */
import { describe, expect, it } from 'vitest';
import { componentNames, RENAMES } from '../../lib/conventions/otel-versions';
import { defineOtelTenants, OLDER_COLLECTOR, otelTenantsPlatform } from '../fixtures/otel-tenants';
import { configOf, render } from './support';

const gw = configOf(render());
const fixture = configOf(render(defineOtelTenants, otelTenantsPlatform));
const agent = configOf(render(defineOtelTenants, otelTenantsPlatform), 'otel/telemetry-agent.yml');

describe('collector config', () => {
  it('runs the processors in the required order in every receiving pipeline', () => {
    for (const signal of ['traces', 'metrics', 'logs']) {
      expect(gw.service.pipelines[`${signal}/in`].processors).toEqual(['memory_limiter', 'k8s_attributes', 'resource_detection', 'redaction/sensitive', 'transform/redacted', 'transform/tenant']);
    }
    expect(gw.service.pipelines['traces/keviq'].processors).toEqual(['tail_sampling/keviq', 'batch']);
    expect(gw.service.pipelines['logs/keviq'].processors).toEqual(['batch']);
  });

  it('binds receivers and health_check to the pod IP, pprof and zpages to localhost, self-metrics to the pod IP', () => {
    expect(gw.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '${env:MY_POD_IP}:4317' }, http: { endpoint: '${env:MY_POD_IP}:4318' } });
    expect(gw.extensions).toEqual({ health_check: { endpoint: '${env:MY_POD_IP}:13133' }, pprof: { endpoint: 'localhost:1777' }, zpages: { endpoint: 'localhost:55679' } });
    expect(gw.service.extensions).toEqual(['health_check', 'pprof', 'zpages']);
    expect(gw.service.telemetry.metrics.readers[0].pull.exporter.prometheus).toEqual({ host: '${env:MY_POD_IP}', port: 8888 });
  });

  it('redacts whole keys, case-insensitively, with $ escaped for the config resolver', () => {
    expect(fixture.processors['redaction/sensitive']).toEqual({
      allow_all_keys: true, redact_all_types: true, summary: 'silent',
      blocked_key_patterns: ['(?i)^(?:password)$$', '(?i)^(?:.*_token)$$', '(?i)^(?:card[-_]?number)$$'],
    });
  });

  it('routes each tenant to its own pipelines and exporters, each with its X-Scope-OrgID and its own queue', () => {
    const table = fixture.connectors['routing/traces'].table;
    expect(table.map((r: any) => [r.condition, r.pipelines])).toEqual([
      ['attributes["tenant"] == "acme"', ['traces/acme']],
      ['attributes["tenant"] == "ecorp"', ['traces/ecorp']],
      ['attributes["tenant"] == "shared"', ['traces/shared']],
    ]);
    expect(fixture.connectors['routing/traces'].default_pipelines).toEqual(['traces/shared']);
    // ecorp exports no metrics: it has no metrics pipeline or exporter.
    expect(fixture.connectors['routing/metrics'].table.map((r: any) => r.pipelines[0])).toEqual(['metrics/acme', 'metrics/shared']);
    const exporters = Object.entries<any>(fixture.exporters);
    expect(exporters.map(([id, e]) => [id, e.headers['X-Scope-OrgID'], e.sending_queue.queue_size])).toEqual([
      ['otlphttp/traces-acme', 'acme', 200], ['otlphttp/traces-ecorp', 'ecorp-prod', 1000], ['otlphttp/traces-shared', 'shared', 1000],
      ['otlphttp/metrics-acme', 'acme', 200], ['otlphttp/metrics-shared', 'shared', 1000],
      ['otlphttp/logs-acme', 'acme', 200], ['otlphttp/logs-ecorp', 'ecorp-prod', 1000], ['otlphttp/logs-shared', 'shared', 1000],
      ['otlphttp/logs-audit', 'audit', 1000],
    ]);
    expect(fixture.exporters['otlphttp/traces-acme'].headers.Authorization).toBe('Bearer ${env:OTEL_BACKEND_TRACES_TOKEN}');
    expect(fixture.exporters['otlphttp/logs-acme'].headers.Authorization).toBeUndefined();
  });

  it('sets the tenant from declared namespaces first, then keeps the sender\'s, then the default', () => {
    expect(fixture.processors['transform/tenant'].trace_statements).toEqual([{ context: 'resource', statements: [
      'set(attributes["tenant"], "acme") where attributes["k8s.namespace.name"] == "acme"',
      'set(attributes["tenant"], "ecorp") where attributes["k8s.namespace.name"] == "ecorp"',
      'set(attributes["tenant"], "shared") where attributes["tenant"] == nil',
    ] }]);
  });

  it('caps a tenant\'s spans with a composite tail-sampling policy; others keep errors, slow traces and a share', () => {
    const acme = fixture.processors['tail_sampling/acme'];
    expect(acme.policies).toHaveLength(1);
    expect(acme.policies[0].composite).toMatchObject({ max_total_spans_per_second: 500, policy_order: ['errors', 'slow', 'share'] });
    expect(fixture.processors['tail_sampling/shared'].policies).toEqual([
      { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
      { name: 'slow', type: 'latency', latency: { threshold_ms: 300 } },
      { name: 'share', type: 'probabilistic', probabilistic: { sampling_percentage: 5 } },
    ]);
  });

  it('sends audit records to their own pipeline first, dropping the body and every other attribute', () => {
    expect(gw.connectors['routing/logs'].table[0]).toEqual({ context: 'log', condition: 'attributes["event.name"] == "audit"', pipelines: ['logs/audit'] });
    expect(gw.service.pipelines['logs/audit']).toEqual({ receivers: ['routing/logs'], processors: ['transform/audit', 'batch'], exporters: ['otlp_http/logs-audit'] });
    expect(gw.processors['transform/audit'].log_statements[0].statements).toEqual([
      'set(body, "")', 'keep_keys(attributes, ["event.name", "enduser.id", "audit.action", "audit.resource.id", "audit.result"])',
    ]);
  });

  it('derives RED metrics from spans and routes them like other metrics', () => {
    expect(gw.service.pipelines['traces/in'].exporters).toEqual(['routing/traces', 'span_metrics']);
    expect(gw.service.pipelines['metrics/spans']).toEqual({ receivers: ['span_metrics'], exporters: ['routing/metrics'] });
    expect(gw.connectors.span_metrics).toMatchObject({ namespace: 'traces.span.metrics', histogram: { unit: 'ms' } });
    expect(gw.exporters['prometheus_remote_write/metrics-keviq'].remote_write_queue).toEqual({ enabled: true, queue_size: 1000, num_consumers: 2 });
  });

  it('uses the target version\'s component names; an older collector gets its own', () => {
    expect(Object.keys(gw.exporters)).toEqual(['otlp_grpc/traces-keviq', 'prometheus_remote_write/metrics-keviq', 'otlp_http/logs-keviq', 'otlp_http/logs-audit']);
    expect(Object.keys(fixture.processors)).toEqual(expect.arrayContaining(['k8sattributes', 'resourcedetection']));
    expect(Object.keys(fixture.connectors)).toContain('spanmetrics');
    expect(Object.keys(agent.receivers)).toEqual(['filelog']);
    const old = componentNames(OLDER_COLLECTOR);
    const cur = componentNames('0.158.0');
    for (const r of RENAMES) expect([old[r.key], cur[r.key]]).toEqual([r.legacy, r.current]);
    expect(componentNames('0.148.0')).toMatchObject({ otlpGrpcExporter: 'otlp_grpc', k8sAttributes: 'k8s_attributes', fileLog: 'filelog', spanMetrics: 'spanmetrics' });
  });

  it('agent: tails container logs (not its own), enriches them on its node and forwards them to the gateway', () => {
    expect(agent.receivers.filelog).toMatchObject({ include: ['/var/log/pods/*/*/*.log'], exclude: ['/var/log/pods/observability_telemetry-agent-*/*/*.log'], operators: [{ type: 'container' }] });
    expect(agent.processors.k8sattributes.filter).toEqual({ node_from_env_var: 'OTEL_K8S_NODE_NAME' });
    expect(agent.service.pipelines['logs/agent']).toEqual({ receivers: ['filelog'], processors: ['memory_limiter', 'k8sattributes', 'resourcedetection', 'batch'], exporters: ['otlp/gateway'] });
    expect(agent.exporters['otlp/gateway'].endpoint).toBe('telemetry.observability.svc:4317');
  });
});

describe('several collectors', () => {
  it('the first with traces writes otel/collector.yml and receives the services\' telemetry; the others get their own file', async () => {
    const { Collector } = await import('../../lib');
    const out = render((s) => {
      defineOtelTenants(s);
      new Collector(s, 'archive', { namespace: 'archive', backends: { logs: { protocol: 'otlp-http', endpoint: 'http://cold-loki/otlp' } }, audit: false });
    }, otelTenantsPlatform);
    expect([...out.files.keys()].filter((f) => f.startsWith('otel/'))).toEqual(['otel/archive.yml', 'otel/collector.yml', 'otel/telemetry-agent.yml']);
    expect(configOf(out, 'otel/archive.yml').exporters).toEqual({ 'otlphttp/logs-default': expect.objectContaining({ endpoint: 'http://cold-loki/otlp' }) });
    expect(Object.keys(configOf(out).exporters)).toContain('otlphttp/traces-acme');
    const env = out.manifests.find((m) => m.metadata.name === 'search-otel-env') as any;
    expect(env.data.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://telemetry.observability.svc:4318');
  });
});
