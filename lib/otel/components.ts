/** Single components of the collector config, each a plain object in the target version's keys. */
import {
  AUDIT_FIELDS, AUDIT_RESOURCE_KEEP, OtelAttributes, OtelEnv, OtelPorts, REDACTED, SpanMetrics, type Signal,
} from '../conventions/otel';
import type { Backend, Collector, Sampling, Tenant } from '../model/collector';

/** Collector config files expand `${…}`; a literal `$` is written `$$` (REFERENCE 7.7). */
export const literal = (s: string): string => s.replace(/\$/g, '$$$$');
/** An OTTL string literal. */
const ottl = (s: string): string => JSON.stringify(s);

export const onPodIp = (port: number): string => `\${env:${OtelEnv.podIp}}:${port}`;

export function otlpReceiver(): object {
  // The receivers' defaults are localhost since v0.104: bind the pod IP so other pods reach them.
  return { protocols: { grpc: { endpoint: onPodIp(OtelPorts.otlpGrpc) }, http: { endpoint: onPodIp(OtelPorts.otlpHttp) } } };
}

export function extensions(): Record<string, object> {
  return {
    health_check: { endpoint: onPodIp(OtelPorts.health) },
    // Debugging endpoints stay on localhost: reach them with kubectl port-forward.
    pprof: { endpoint: `localhost:${OtelPorts.pprof}` },
    zpages: { endpoint: `localhost:${OtelPorts.zpages}` },
  };
}

export function telemetry(): object {
  return { metrics: { level: 'normal', readers: [{ pull: { exporter: { prometheus: { host: `\${env:${OtelEnv.podIp}}`, port: OtelPorts.metrics } } } }] } };
}

export const memoryLimiter = (): object => ({ check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 });

export const batch = (): object => ({ send_batch_size: 8192, timeout: '200ms' });

export function k8sAttributes(nodeFilter: boolean): object {
  return {
    auth_type: 'serviceAccount',
    passthrough: false,
    ...(nodeFilter ? { filter: { node_from_env_var: OtelEnv.nodeName } } : {}),
    extract: { metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.node.name'] },
    // The agent sets k8s.pod.* on what it forwards, so the connection (the agent) is only the last resort.
    pod_association: [
      { sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] },
      { sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] },
      { sources: [{ from: 'connection' }] },
    ],
  };
}

/** Only `env`: a gateway must not stamp its own host on other pods' telemetry. */
export const resourceDetection = (): object => ({ detectors: ['env'], override: false });

/** Whole-key, case-insensitive RE2 patterns. */
export const keyPattern = (p: string): string => literal(`(?i)^(?:${p})$`);

/** Masks every value of a sensitive key (strings and other types) with the processor's `****`. */
export function redaction(c: Collector): object {
  return { allow_all_keys: true, blocked_key_patterns: c.sensitiveFields.map(keyPattern), redact_all_types: true, summary: 'silent' };
}

/** The redaction processor cannot choose its mask: rewrite `****` to `[REDACTED]` in the same places. */
export function redactedMarker(): object {
  const mask = literal('^[*]{4}$');
  const rewrite = (path: string) => `replace_all_patterns(${path}, "value", ${ottl(mask)}, ${ottl(REDACTED)})`;
  return {
    error_mode: 'ignore',
    trace_statements: ['resource', 'span', 'spanevent'].map((context) => ({ context, statements: [rewrite('attributes')] })),
    metric_statements: [{ context: 'resource', statements: [rewrite('attributes')] }, { context: 'datapoint', statements: [rewrite('attributes')] }],
    log_statements: [{ context: 'resource', statements: [rewrite('attributes')] }, { context: 'log', statements: [rewrite('attributes')] }],
  };
}

/** The `tenant` resource attribute: a declared namespace decides, whatever the sender claims; else the sender's, else the default. */
export function tenantAttribute(c: Collector): object {
  const attr = (k: string) => `attributes[${ottl(k)}]`;
  const statements = [
    ...c.tenants.flatMap((t) => t.namespaces.map((ns) => `set(${attr(OtelAttributes.tenant)}, ${ottl(t.name)}) where ${attr(OtelAttributes.k8sNamespace)} == ${ottl(ns)}`)),
    `set(${attr(OtelAttributes.tenant)}, ${ottl(c.defaultTenant)}) where ${attr(OtelAttributes.tenant)} == nil`,
  ];
  const group = [{ context: 'resource', statements }];
  return { error_mode: 'ignore', trace_statements: group, metric_statements: group, log_statements: group };
}

/** Audit records keep who, what, resource id and result (the record's timestamp is the when); the body goes. */
export function auditFilter(): object {
  const keep = (keys: readonly string[]) => `keep_keys(attributes, [${keys.map(ottl).join(', ')}])`;
  return {
    error_mode: 'ignore',
    log_statements: [
      { context: 'log', statements: ['set(body, "")', keep([OtelAttributes.auditMarker, ...Object.values(AUDIT_FIELDS)])] },
      { context: 'resource', statements: [keep(AUDIT_RESOURCE_KEEP)] },
    ],
  };
}

/** Keep errors, slow traces and a share of the rest; a tenant's cap wraps them in a composite policy. */
export function tailSampling(s: Sampling, tenant: Tenant): object {
  const policies: Array<{ name: string; type: string; [k: string]: unknown }> = [];
  if (s.keepErrors) policies.push({ name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } });
  policies.push({ name: 'slow', type: 'latency', latency: { threshold_ms: s.slowerThanMs } });
  if (s.percent > 0) policies.push({ name: 'share', type: 'probabilistic', probabilistic: { sampling_percentage: s.percent } });
  const base = { decision_wait: s.decisionWait, num_traces: 50000 };
  if (tenant.spansPerSecond === undefined) return { ...base, policies };
  // Errors first, then slow traces, then the share: each may use its part of the tenant's budget.
  const shares: Record<string, number> = policies.length === 3 ? { errors: 50, slow: 30, share: 20 } : policies.length === 2 ? { [policies[0]!.name]: 60, [policies[1]!.name]: 40 } : { slow: 100 };
  return {
    ...base,
    policies: [{
      name: 'tenant-cap',
      type: 'composite',
      composite: {
        max_total_spans_per_second: tenant.spansPerSecond,
        policy_order: policies.map((p) => p.name),
        composite_sub_policy: policies,
        rate_allocation: policies.map((p) => ({ policy: p.name, percent: shares[p.name] })),
      },
    }],
  };
}

export function spanMetrics(): object {
  return {
    namespace: SpanMetrics.namespace,
    histogram: { unit: 'ms', explicit: { buckets: SpanMetrics.bucketsMs.map((b) => `${b}ms`) } },
    aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
    metrics_flush_interval: '15s',
    metrics_expiration: '5m',
  };
}

/** One route per tenant on the tenant attribute; audit records first, so they never reach a tenant. */
export function routing(signal: Signal, c: Collector, pipeline: (t: Tenant) => string, auditPipeline: string | undefined): object {
  const tenants = c.tenants.filter((t) => t.signals.includes(signal));
  const table: object[] = [];
  if (auditPipeline) {
    table.push({ context: 'log', condition: `attributes[${ottl(OtelAttributes.auditMarker)}] == ${ottl(OtelAttributes.auditMarkerValue)}`, pipelines: [auditPipeline] });
  }
  for (const t of tenants) table.push({ context: 'resource', condition: `attributes[${ottl(OtelAttributes.tenant)}] == ${ottl(t.name)}`, pipelines: [pipeline(t)] });
  const fallback = tenants.find((t) => t.name === c.defaultTenant);
  return { ...(fallback ? { default_pipelines: [pipeline(fallback)] } : {}), error_mode: 'ignore', table };
}

/** Headers of every request to a backend for one tenant. */
function headers(backend: Backend, orgId: string): Record<string, string> {
  return {
    'X-Scope-OrgID': literal(orgId),
    ...(backend.bearerToken ? { Authorization: `Bearer \${env:${OtelEnv.backendToken(backend.signal)}}` } : {}),
  };
}

/** An exporter to a backend for one tenant, with its own sending queue. */
export function exporter(backend: Backend, orgId: string, queueSize: number): object {
  const endpoint = literal(backend.endpoint);
  const retry = { enabled: true, max_elapsed_time: '300s' };
  if (backend.protocol === 'prometheus-remote-write') {
    // Remote write has its own queue in place of sending_queue.
    return { endpoint, headers: headers(backend, orgId), remote_write_queue: { enabled: true, queue_size: queueSize, num_consumers: 2 }, retry_on_failure: retry };
  }
  return {
    endpoint,
    ...(backend.protocol === 'otlp-grpc' ? { tls: { insecure: backend.insecure } } : {}),
    headers: headers(backend, orgId),
    sending_queue: { enabled: true, sizer: 'requests', queue_size: queueSize, num_consumers: 2 },
    retry_on_failure: retry,
  };
}
