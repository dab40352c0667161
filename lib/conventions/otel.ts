/**
 * Names of everything the OpenTelemetry collector family generates: component and pipeline ids,
 * attribute keys, ports, object names, span-metric and self-metric names.
 */
import { boundedName, LABEL_VALUE_MAX, UID_MAX } from './bounded';
import { SPAN_STATUS_ERROR, SpanMetricLabels, SpanMetricNames } from './otlp';

/** Signals a collector pipeline carries. */
export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];

/** Resource and log attribute keys the generated config reads or writes. */
export const OtelAttributes = {
  /** Resource attribute naming the tenant; the routing connector routes on it. */
  tenant: 'tenant',
  team: 'team',
  serviceName: 'service.name',
  serviceNamespace: 'service.namespace',
  k8sNamespace: 'k8s.namespace.name',
  /** Log attribute that marks an audit event, and its value. */
  auditMarker: 'event.name',
  auditMarkerValue: 'audit',
} as const;

/** The only log attributes an audit record keeps: who, what, on which resource, and the result (the timestamp is the record's own). */
export const AUDIT_FIELDS = {
  who: 'enduser.id',
  what: 'audit.action',
  resourceId: 'audit.resource.id',
  result: 'audit.result',
} as const;

/** Resource attributes an audit record keeps, so it is still attributable to a service and tenant. */
export const AUDIT_RESOURCE_KEEP: readonly string[] = [OtelAttributes.serviceName, OtelAttributes.serviceNamespace, OtelAttributes.tenant];

/** What every redacted value becomes (seed 003: never omitted, so the structure stays). */
export const REDACTED = '[REDACTED]';
/** What the redaction processor masks with; the transform step rewrites it to REDACTED. */
export const REDACTION_MASK = '****';

/** Ports of the collector. Receivers and health bind the pod IP; pprof and zpages stay on localhost. */
export const OtelPorts = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  metrics: 8888,
  health: 13133,
  pprof: 1777,
  zpages: 55679,
} as const;

/** Kubernetes port names (the Service, the ServiceMonitor and NetworkPolicy refer to them). */
export const OtelPortNames = { otlpGrpc: 'otlp', otlpHttp: 'otlp-http', metrics: 'metrics' } as const;

/** Environment variables the collector config expands. */
export const OtelEnv = {
  podIp: 'MY_POD_IP',
  nodeName: 'OTEL_K8S_NODE_NAME',
  goMemLimit: 'GOMEMLIMIT',
  /** A backend's bearer token, read from a Secret: `OTEL_BACKEND_<SIGNAL>_TOKEN`. */
  backendToken: (signal: Signal) => `OTEL_BACKEND_${signal.toUpperCase()}_TOKEN`,
} as const;

/** Where the config lives in the pod (the Helm chart's layout: ConfigMap key `relay` → /conf/relay.yaml). */
export const OtelPaths = {
  configKey: 'relay',
  configDir: '/conf',
  configFile: '/conf/relay.yaml',
  tmp: '/tmp',
  podLogs: '/var/log/pods',
  /** The contrib image's binary. */
  binary: '/otelcol-contrib',
} as const;

/** Pod annotation whose change rolls the pods when the config changes. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** Selector label of a collector's pods. */
export const collectorSelector = (name: string): Record<string, string> => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'opentelemetry-collector' });

/** Component instance ids (`type/name`) of the generated config; `type` comes from the version table. */
export const OtelIds = {
  exporter: (type: string, signal: Signal, tenant: string) => `${type}/${signal}-${tenant}`,
  agentExporter: (type: string) => `${type}/gateway`,
  routing: (signal: Signal) => `routing/${signal}`,
  spanMetrics: (type: string) => type,
  redaction: 'redaction/sensitive',
  redactionMarker: 'transform/redacted',
  tenant: 'transform/tenant',
  audit: 'transform/audit',
  tailSampling: (tenant: string) => `tail_sampling/${tenant}`,
} as const;

/** Pipeline ids: `<signal>/in` receives, `<signal>/<tenant>` exports one tenant, `logs/audit` the audit records. */
export const OtelPipelines = {
  in: (signal: Signal) => `${signal}/in`,
  spanMetrics: 'metrics/spans',
  tenant: (signal: Signal, tenant: string) => `${signal}/${tenant}`,
  audit: 'logs/audit',
  agent: (signal: Signal) => `${signal}/agent`,
} as const;

/** Kubernetes object names of a collector. */
export const OtelK8sNames = {
  collector: (name: string) => name,
  /** Also the agent pods' `app.kubernetes.io/name` label value, so at most 63 characters. */
  agent: (name: string) => boundedName(`${name}-agent`, LABEL_VALUE_MAX),
  config: (name: string) => name,
  agentConfig: (name: string) => boundedName(`${name}-agent`, LABEL_VALUE_MAX),
  clusterRole: (name: string) => `${name}-k8s-attributes`,
  /** The application side of a service: the OTEL_* variables it mounts. */
  serviceEnv: (service: string) => `${service}-otel-env`,
  rules: (name: string) => `${name}-rules`,
} as const;

/** Plain files of the collector family. */
export const OtelFiles = {
  collector: 'otel/collector.yml',
  /** The first collector (by name) is otel/collector.yml, the others otel/<name>.yml. */
  config: (name: string, first: boolean) => (first ? 'otel/collector.yml' : `otel/${name}.yml`),
  /** Collectors after the first (fixtures with several). */
  named: (name: string) => `otel/${name}.yml`,
  agent: (name: string) => `otel/${name}-agent.yml`,
  rules: (name: string) => `prometheus/rules/${name}.yml`,
} as const;

/** Dashboard uid of a collector. */
export const collectorDashboardUid = (name: string): string => boundedName(`otelcol-${name}`, UID_MAX);

/**
 * Span metrics as Prometheus sees them after remote write (namespace `traces.span.metrics`, unit ms):
 * a service without /metrics still gets calls, errors and durations.
 */
export const SpanMetrics = {
  namespace: 'traces.span.metrics',
  calls: SpanMetricNames.calls,
  durationBucket: `${SpanMetricNames.duration}_bucket`,
  durationSum: `${SpanMetricNames.duration}_sum`,
  durationCount: `${SpanMetricNames.duration}_count`,
  /** Histogram buckets, in ms: the SLIs on span metrics (conventions/otlp) read the same list. */
  bucketsMs: SpanMetricNames.bucketsMs,
  labels: SpanMetricLabels,
  errorStatus: SPAN_STATUS_ERROR,
  serverKind: 'SPAN_KIND_SERVER',
} as const;

/** Labels of the collector's own metrics. */
export const OtelMetricLabels = { exporter: 'exporter', receiver: 'receiver', processor: 'processor', dataType: 'data_type' } as const;

/** Symptom label values of the collector's alerts. */
export const CollectorSymptoms = {
  refused: 'collector-refused',
  exportFailed: 'collector-export-failed',
  queue: 'collector-queue-saturation',
  memoryLimiter: 'collector-memory-limiter',
} as const;

/** Owner label of a collector's alerts when it names no team. */
export const PLATFORM_TEAM = 'platform';

/** Alert names of a collector (`OtelGateway…`). */
export const CollectorAlerts = {
  refused: (camelName: string) => `${camelName}RefusingTelemetry`,
  exportFailed: (camelName: string) => `${camelName}ExportFailing`,
  queue: (camelName: string) => `${camelName}QueueSaturated`,
  memoryLimiter: (camelName: string) => `${camelName}MemoryLimiterRefusing`,
} as const;

/** Rule group of a collector's alerts. */
export const collectorRuleGroup = (name: string): string => `${name}-collector`;

/** Labels the OpenTelemetry Operator puts on a collector's pods (operator mode selects them). */
export const operatorPodLabels = (namespace: string, name: string): Record<string, string> => ({
  'app.kubernetes.io/instance': `${namespace}.${name}`,
  'app.kubernetes.io/component': 'opentelemetry-collector',
});
/** The operator names the Deployment/DaemonSet and Service `<name>-collector`. */
export const operatorServiceName = (name: string): string => `${name}-collector`;

/** The gateway Service's in-cluster host name (the operator names its Service `<name>-collector`). */
export const collectorServiceHost = (name: string, namespace: string, operator: boolean): string =>
  `${operator ? operatorServiceName(name) : OtelK8sNames.collector(name)}.${namespace}.svc`;
