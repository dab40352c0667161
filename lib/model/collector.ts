/**
 * An OpenTelemetry collector gateway (and optionally a node agent): where each signal goes, the
 * tenants it keeps apart, what it redacts. Validated as it is built; renderers read the resolved fields.
 */
import { Construct } from 'constructs';
import { PLATFORM_TEAM, SIGNALS, type Signal } from '../conventions/otel';
import { parseDuration } from '../promql/format';
import {
  DEFAULT_SENSITIVE_FIELDS, type AgentProps, type BackendProps, type BackendProtocol, type CollectorProps, type ResourcesProps,
} from './collector-props';
import { checkDnsLabel, checkDuration } from './names';
import { checkFreeId, freeId, Problems } from './problems';
import { checkSecretRef, type SecretKeyRef } from './secrets';

export * from './collector-props';

const PROTOCOLS: Record<Signal, readonly BackendProtocol[]> = {
  traces: ['otlp-grpc', 'otlp-http'],
  metrics: ['prometheus-remote-write', 'otlp-grpc', 'otlp-http'],
  // Loki ≥ 3 takes OTLP over HTTP only (the loki exporter is gone).
  logs: ['otlp-http'],
};

export interface Backend {
  readonly signal: Signal;
  readonly protocol: BackendProtocol;
  readonly endpoint: string;
  readonly insecure: boolean;
  readonly bearerToken: SecretKeyRef | undefined;
}

export interface Tenant {
  readonly name: string;
  readonly orgId: string;
  readonly namespaces: readonly string[];
  readonly services: readonly string[];
  readonly signals: readonly Signal[];
  readonly spansPerSecond: number | undefined;
  readonly queueSize: number;
}

export interface Sampling {
  readonly keepErrors: boolean;
  readonly slowerThanMs: number;
  readonly percent: number;
  readonly decisionWait: string;
  readonly headRatio: number;
}

export interface Resources {
  readonly cpuMillis: { readonly request: number; readonly limit: number };
  readonly memoryMiB: { readonly request: number; readonly limit: number };
}

/** The go runtime's soft limit: 80 % of the container's memory limit, as the Helm chart sets it. */
export const goMemLimit = (memoryLimitMiB: number): string => `${Math.floor(memoryLimitMiB * 0.8)}MiB`;

/** Whether `pattern` is a regular expression that RE2 (the collector's engine) accepts the same way. */
export function checkSensitivePattern(pattern: string): string | undefined {
  const expected = 'a regular expression (RE2 syntax: no lookaround or backreferences) matching attribute keys';
  if (pattern.trim() === '') return `${expected}, not an empty one (it would match every key)`;
  try {
    new RegExp(pattern);
  } catch (e) {
    return `${expected} (${(e as Error).message})`;
  }
  const re2 = /\(\?<?[=!]|\\[1-9]|\\k</.exec(pattern);
  if (re2) return `${expected} ("${re2[0]}" is not RE2, which the collector's redaction processor uses)`;
  return undefined;
}

/** A tag other than `latest`, or a digest. */
export function isPinnedImage(image: string): boolean {
  if (/\s/.test(image)) return false;
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return true;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  return /^\w[\w.-]{0,127}$/.test(tag) && tag !== 'latest';
}

const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

export class Collector extends Construct {
  static isCollector(x: unknown): x is Collector {
    return x instanceof Collector;
  }

  readonly name: string;
  readonly namespace: string;
  /** Backends by signal, in signal order. */
  readonly backends: ReadonlyMap<Signal, Backend>;
  readonly tenants: readonly Tenant[];
  readonly defaultTenant: string;
  readonly sensitiveFields: readonly string[];
  /** The audit pipeline's tenant; undefined when there is none. */
  readonly audit: { readonly orgId: string } | undefined;
  readonly sampling: Sampling;
  readonly replicas: number;
  readonly resources: Resources;
  /** undefined: the default image of the target collector version. */
  readonly image: string | undefined;
  readonly agent: { readonly resources: Resources } | undefined;
  /** undefined: the namespaces of the catalogue's services. */
  readonly ingressNamespaces: readonly string[] | undefined;
  readonly kubernetes: 'workload' | 'operator';
  /** Owner team name of the collector's alerts. */
  readonly teamName: string;
  readonly prometheusNamespace: string;
  protected readonly problems: Problems;

  constructor(scope: Construct, id: string, props: CollectorProps) {
    super(scope, freeId(scope, id));
    this.problems = new Problems(this);
    const p = this.problems;
    checkFreeId(this, id, 'collector', p);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? 'monitoring';
    for (const [field, value] of [['collector name', this.name], ['namespace', this.namespace]] as const) {
      const e = checkDnsLabel(value);
      if (e) p.error(field, value, e);
    }
    this.backends = this.resolveBackends(props.backends ?? {});
    const withBackend = SIGNALS.filter((s) => this.backends.has(s));
    this.tenants = this.resolveTenants(props, withBackend);
    this.defaultTenant = props.defaultTenant ?? this.tenants[0]?.name ?? 'default';
    if (!this.tenants.some((t) => t.name === this.defaultTenant)) {
      p.error('defaultTenant', this.defaultTenant, `one of the tenants (${this.tenants.map((t) => JSON.stringify(t.name)).join(', ')})`);
    }
    this.sensitiveFields = [...(props.sensitiveFields ?? DEFAULT_SENSITIVE_FIELDS)];
    this.sensitiveFields.forEach((f, i) => {
      const e = checkSensitivePattern(f);
      if (e) p.error(`sensitiveFields[${i}]`, f, e);
    });
    this.audit = this.resolveAudit(props);
    this.sampling = this.resolveSampling(props);
    this.replicas = props.replicas ?? 2;
    if (!isPositiveInt(this.replicas)) p.error('replicas', this.replicas, 'a whole number of at least 1');
    this.resources = this.resolveResources('resources', props.resources, { cpuMillis: { request: 200, limit: 1000 }, memoryMiB: { request: 512, limit: 1024 } });
    this.image = props.image;
    if (this.image !== undefined && !isPinnedImage(this.image)) {
      p.error('image', this.image, 'an image pinned by a version tag or a sha256 digest (not "latest")');
    }
    const agent: AgentProps | undefined = props.agent === true ? {} : props.agent || undefined;
    this.agent = agent
      ? { resources: this.resolveResources('agent.resources', agent.resources, { cpuMillis: { request: 100, limit: 500 }, memoryMiB: { request: 256, limit: 512 } }) }
      : undefined;
    if (this.agent && !this.backends.has('logs')) p.error('agent', true, 'a logs backend: the agent only ships container logs');
    this.ingressNamespaces = props.ingressNamespaces ? [...props.ingressNamespaces] : undefined;
    this.ingressNamespaces?.forEach((ns, i) => {
      const e = checkDnsLabel(ns);
      if (e) p.error(`ingressNamespaces[${i}]`, ns, e);
    });
    this.kubernetes = props.kubernetes ?? 'workload';
    if (this.kubernetes !== 'workload' && this.kubernetes !== 'operator') p.error('kubernetes', this.kubernetes, '"workload" or "operator"');
    // The operator labels the pods app.kubernetes.io/instance=<namespace>.<name>, a label value (at most 63 characters).
    const instance = `${this.namespace}.${this.name}${this.agent ? '-agent' : ''}`;
    if (this.kubernetes === 'operator' && instance.length > 63) {
      p.error('name', this.name, `a name and namespace short enough for the operator's pod label app.kubernetes.io/instance="${instance}" (${instance.length} characters, at most 63)`);
    }
    this.teamName = props.team?.name ?? PLATFORM_TEAM;
    this.prometheusNamespace = props.prometheusNamespace ?? 'monitoring';
    const promNs = checkDnsLabel(this.prometheusNamespace);
    if (promNs) p.error('prometheusNamespace', this.prometheusNamespace, promNs);
  }

  /** Signals with a backend, in signal order. */
  get signals(): Signal[] {
    return SIGNALS.filter((s) => this.backends.has(s));
  }

  /** The tenant a service's telemetry carries: listed by name, else by namespace, else the default. */
  tenantOf(service: { readonly name: string; readonly namespace: string }): Tenant {
    return this.tenants.find((t) => t.services.includes(service.name))
      ?? this.tenants.find((t) => t.namespaces.includes(service.namespace))
      ?? this.tenants.find((t) => t.name === this.defaultTenant)!;
  }

  private resolveBackends(props: Readonly<Record<string, BackendProps | undefined>>): Map<Signal, Backend> {
    const p = this.problems;
    const out = new Map<Signal, Backend>();
    for (const key of Object.keys(props)) {
      if (!(SIGNALS as readonly string[]).includes(key)) p.error(`backends.${key}`, key, `one of the signals ${SIGNALS.join(', ')}`);
    }
    for (const signal of SIGNALS) {
      const b = props[signal];
      if (!b) continue;
      const field = `backends.${signal}`;
      if (!PROTOCOLS[signal].includes(b.protocol)) {
        p.error(`${field}.protocol`, b.protocol, `a ${signal} backend protocol: ${PROTOCOLS[signal].map((x) => JSON.stringify(x)).join(' or ')}`);
      }
      const grpc = b.protocol === 'otlp-grpc';
      const endpointOk = grpc ? /^[a-z0-9.-]+:\d{1,5}$/i.test(b.endpoint) : /^https?:\/\/[^\s/]+(\/\S*)?$/.test(b.endpoint);
      if (typeof b.endpoint !== 'string' || !endpointOk) p.error(`${field}.endpoint`, b.endpoint, grpc ? 'host:port of an OTLP gRPC endpoint' : 'an http:// or https:// URL');
      else if (/:\/\/[^/\s:@]+:[^/\s@]+@|[?&](token|key|secret|password)=/i.test(b.endpoint)) {
        p.error(`${field}.endpoint`, '<masked URL>', 'a URL without credentials (put the token in bearerToken, a Secret reference)');
      }
      if (b.bearerToken !== undefined) for (const f of checkSecretRef(`${field}.bearerToken`, b.bearerToken)) p.error(f.subject, f.value, f.expected);
      out.set(signal, { signal, protocol: b.protocol, endpoint: b.endpoint, insecure: b.insecure ?? false, bearerToken: b.bearerToken });
    }
    if (out.size === 0) p.error('backends', Object.keys(props), `at least one backend, for ${SIGNALS.join(', ')}`);
    return out;
  }

  private resolveTenants(props: CollectorProps, withBackend: readonly Signal[]): Tenant[] {
    const p = this.problems;
    const given = props.tenants ?? [{ name: 'default' }];
    if (given.length === 0) p.error('tenants', [], 'at least one tenant (omit tenants for a single "default" tenant)');
    const seen = new Set<string>();
    return given.map((t, i) => {
      const field = `tenants[${i}]`;
      const nameProblem = checkDnsLabel(t.name);
      if (nameProblem) p.error(`${field}.name`, t.name, nameProblem);
      else if (t.name === 'in' || t.name === 'audit' || t.name === 'spans' || t.name === 'agent') p.error(`${field}.name`, t.name, 'a name other than "in", "spans", "audit" and "agent" (pipeline names)');
      if (seen.has(t.name)) p.error(`${field}.name`, t.name, 'a tenant name not already used');
      seen.add(t.name);
      const signals = [...(t.signals ?? withBackend)];
      const missing = signals.filter((s) => !withBackend.includes(s));
      if (missing.length > 0) {
        p.error(`${field}.signals`, missing, `signals that have a backend, and so an exporter (${withBackend.join(', ') || 'none declared'})`);
      }
      // Without any backend that one error says it all.
      if (signals.length === 0 && withBackend.length > 0) p.error(`${field}.signals`, [], 'at least one signal: a tenant without an exporter receives nothing');
      if (t.spansPerSecond !== undefined && !isPositiveInt(t.spansPerSecond)) p.error(`${field}.spansPerSecond`, t.spansPerSecond, 'a whole number of spans per second, at least 1');
      if (t.queueSize !== undefined && !isPositiveInt(t.queueSize)) p.error(`${field}.queueSize`, t.queueSize, 'a whole number of batches, at least 1');
      const orgId = t.orgId ?? t.name;
      if (!/^[A-Za-z0-9!_.*'()-]{1,150}$/.test(orgId)) p.error(`${field}.orgId`, orgId, 'a tenant id of letters, digits and !-_.*\'() (at most 150)');
      (t.namespaces ?? []).forEach((ns, j) => {
        const e = checkDnsLabel(ns);
        if (e) p.error(`${field}.namespaces[${j}]`, ns, e);
      });
      return {
        name: t.name, orgId, namespaces: [...(t.namespaces ?? [])], services: [...(t.services ?? [])],
        signals, spansPerSecond: t.spansPerSecond, queueSize: t.queueSize ?? 1000,
      };
    });
  }

  private resolveAudit(props: CollectorProps): { orgId: string } | undefined {
    if (props.audit === false) return undefined;
    if (!this.backends.has('logs')) {
      if (props.audit !== undefined) this.problems.error('audit', Object.keys(props.audit), 'a logs backend for the audit records, or audit: false');
      return undefined;
    }
    const orgId = props.audit?.orgId ?? 'audit';
    if (this.tenants.some((t) => t.orgId === orgId)) this.problems.error('audit.orgId', orgId, 'an org id no tenant uses, so audit records stay apart');
    return { orgId };
  }

  private resolveSampling(props: CollectorProps): Sampling {
    const s = props.sampling ?? {};
    const p = this.problems;
    const slower = s.slowerThan ?? '1s';
    const wait = s.decisionWait ?? '10s';
    for (const [field, v] of [['sampling.slowerThan', slower], ['sampling.decisionWait', wait]] as const) {
      const e = checkDuration(v);
      if (e) p.error(field, v, e);
    }
    const percent = s.percent ?? 10;
    if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100)) p.error('sampling.percent', percent, 'a percentage from 0 to 100');
    const headRatio = s.headRatio ?? 1;
    if (typeof headRatio !== 'number' || !(headRatio > 0 && headRatio <= 1)) p.error('sampling.headRatio', headRatio, 'a ratio above 0 and at most 1');
    return { keepErrors: s.keepErrors ?? true, slowerThanMs: parseDuration(slower) ?? 0, percent, decisionWait: wait, headRatio };
  }

  private resolveResources(field: string, r: ResourcesProps | undefined, d: Resources): Resources {
    const out: Resources = { cpuMillis: { ...(r?.cpuMillis ?? d.cpuMillis) }, memoryMiB: { ...(r?.memoryMiB ?? d.memoryMiB) } };
    for (const [k, v] of [['cpuMillis', out.cpuMillis], ['memoryMiB', out.memoryMiB]] as const) {
      if (!isPositiveInt(v.request) || !isPositiveInt(v.limit) || v.request > v.limit) {
        this.problems.error(`${field}.${k}`, `${v.request}/${v.limit}`, 'whole numbers with request ≤ limit');
      }
    }
    return out;
  }
}

/** The collector the services send to: the first (by name) that takes traces, else the first. */
export function servicesGateway(collectors: readonly Collector[]): Collector | undefined {
  return collectors.find((c) => c.backends.has('traces')) ?? collectors[0];
}
