/** The input of a Collector: backends, tenants, audit, sampling and the Kubernetes workload. */
import type { Signal } from '../conventions/otel';
import type { SecretKeyRef } from './secrets';
import type { Team } from './team';

/** How a backend is spoken to. */
export type BackendProtocol = 'otlp-grpc' | 'otlp-http' | 'prometheus-remote-write';

export interface BackendProps {
  /** `otlp-grpc` or `otlp-http` (Tempo, Jaeger, Loki's `/otlp`), or `prometheus-remote-write` for metrics. */
  readonly protocol: BackendProtocol;
  /** `host:port` for otlp-grpc; a base URL for otlp-http (the exporter appends `/v1/<signal>`); the push URL for remote write. */
  readonly endpoint: string;
  /**
   * Plain-text connection (no TLS), for in-cluster backends.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Bearer token for the backend, read from a Secret into the collector's environment.
   * @default none
   */
  readonly bearerToken?: SecretKeyRef;
}

export type BackendsProps = Readonly<Partial<Record<Signal, BackendProps>>>;

export interface TenantProps {
  /** Tenant name: the value of the `tenant` resource attribute and part of its pipeline and exporter ids. */
  readonly name: string;
  /**
   * Value of `X-Scope-OrgID` on everything exported for this tenant (Mimir, Loki and Tempo read it).
   * @default the name
   */
  readonly orgId?: string;
  /**
   * Namespaces whose telemetry belongs to this tenant, whatever the sender claims (from k8s.namespace.name).
   * @default [] (only the sender's `tenant` attribute decides)
   */
  readonly namespaces?: readonly string[];
  /**
   * Services of the catalogue whose app-side config carries this tenant.
   * @default [] (services fall back to the tenant of their namespace, then the default tenant)
   */
  readonly services?: readonly string[];
  /**
   * Signals exported for this tenant; each needs a backend.
   * @default every signal with a backend
   */
  readonly signals?: readonly Signal[];
  /**
   * Spans per second kept for this tenant after tail sampling (the tail_sampling composite policy's cap).
   * @default no cap
   */
  readonly spansPerSecond?: number;
  /**
   * Sending-queue capacity of each of the tenant's exporters, in batches: a backlog past it is dropped
   * for this tenant only.
   * @default 1000
   */
  readonly queueSize?: number;
}

export interface AuditProps {
  /**
   * Tenant (X-Scope-OrgID) of the audit records, exported on their own pipeline.
   * @default 'audit'
   */
  readonly orgId?: string;
}

export interface SamplingProps {
  /**
   * Keep every trace with an error span.
   * @default true
   */
  readonly keepErrors?: boolean;
  /**
   * Keep every trace slower than this.
   * @default '1s'
   */
  readonly slowerThan?: string;
  /**
   * Share of the other traces kept, in percent.
   * @default 10
   */
  readonly percent?: number;
  /**
   * How long tail sampling waits for a trace's spans.
   * @default '10s'
   */
  readonly decisionWait?: string;
  /**
   * Head sampling ratio the services' SDKs get (parentbased_traceidratio), from 0 to 1.
   * @default 1 (the SDKs send every trace; tail sampling decides)
   */
  readonly headRatio?: number;
}

export interface ResourcesProps {
  /**
   * CPU request and limit in millicores.
   * @default { request: 200, limit: 1000 }
   */
  readonly cpuMillis?: { readonly request: number; readonly limit: number };
  /**
   * Memory request and limit in MiB; GOMEMLIMIT is 80 % of the limit.
   * @default { request: 512, limit: 1024 }
   */
  readonly memoryMiB?: { readonly request: number; readonly limit: number };
}

export interface AgentProps {
  /**
   * @default { cpuMillis: { request: 100, limit: 500 }, memoryMiB: { request: 256, limit: 512 } }
   */
  readonly resources?: ResourcesProps;
}

export interface CollectorProps {
  /**
   * Collector name: its Deployment, Service, ConfigMap and everything else generated for it.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace the collector runs in.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /** Where each signal goes; at least one. */
  readonly backends: BackendsProps;
  /**
   * Tenants, each with its own pipelines, exporters, X-Scope-OrgID and sending queues.
   * @default one tenant, 'default'
   */
  readonly tenants?: readonly TenantProps[];
  /**
   * Tenant of telemetry whose tenant is unknown.
   * @default the first tenant
   */
  readonly defaultTenant?: string;
  /**
   * Attribute keys whose values become `[REDACTED]` in span, log and resource attributes: regular
   * expressions (RE2 syntax) that must match the whole key, case-insensitively.
   * @default DEFAULT_SENSITIVE_FIELDS (seed 003's list)
   */
  readonly sensitiveFields?: readonly string[];
  /**
   * Audit records (log attribute `event.name` = `audit`) on their own pipeline, with only who, what,
   * resource id, when and result kept; `false` turns it off.
   * @default on when there is a logs backend
   */
  readonly audit?: AuditProps | false;
  /** @default see SamplingProps */
  readonly sampling?: SamplingProps;
  /**
   * Gateway replicas.
   * @default 2
   */
  readonly replicas?: number;
  /** @default see ResourcesProps */
  readonly resources?: ResourcesProps;
  /**
   * Collector image: the contrib distribution, pinned by tag or digest.
   * @default `otel/opentelemetry-collector-contrib:<collector version>`
   */
  readonly image?: string;
  /**
   * An agent DaemonSet that ships the node's container logs (file_log) to the gateway.
   * @default none
   */
  readonly agent?: AgentProps | boolean;
  /**
   * Namespaces allowed to send OTLP to the gateway (NetworkPolicy).
   * @default the namespaces of the catalogue's services
   */
  readonly ingressNamespaces?: readonly string[];
  /**
   * `workload`: Deployment, ConfigMap, Service and the rest; `operator`: one OpenTelemetryCollector
   * (opentelemetry.io/v1beta1) for the OpenTelemetry Operator, plus RBAC, NetworkPolicy and monitoring.
   * @default 'workload'
   */
  readonly kubernetes?: 'workload' | 'operator';
  /**
   * Owner of the collector's alerts (the `team` label routing uses).
   * @default none: the alerts carry team "platform"
   */
  readonly team?: Team;
  /**
   * Namespace of the Prometheus that scrapes the collector's own metrics (NetworkPolicy).
   * @default 'monitoring'
   */
  readonly prometheusNamespace?: string;
}

/** Seed 003's sensitive fields: credentials, payment references and high-volume PII. */
export const DEFAULT_SENSITIVE_FIELDS: readonly string[] = [
  'password(_hash)?',
  '(access|refresh|id)_token',
  'ssh_private_key(_enc)?',
  'stripe_customer_id',
  'payment_reference',
  'e-?mail',
  'username',
  'access_secret_enc',
  'scheduler_metadata',
  'authorization',
];
