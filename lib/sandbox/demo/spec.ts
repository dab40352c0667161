/** What a demo target needs to know about a service, taken from the typed model and passed to its process as JSON. */
import { SpanMetricLabels } from '../../conventions/otlp';
import { DEMO_DEFAULT_LABEL_VALUE, DEMO_LABEL_VALUES, ERROR_COUNTER, OUTCOME_LABELS } from '../../conventions/sandbox';
import type { Metric, MetricType, MetricUnit } from '../../model/metric';
import type { ExporterTarget } from '../../model/exporters';
import type { Service } from '../../model/service';

export interface MetricSpec {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly unit: MetricUnit;
  readonly labels: readonly string[];
  readonly buckets: readonly number[];
  readonly quantiles: readonly number[];
  /**
   * Values of each label the model declares values or a cardinality for: the value set, or that many
   * values. The target exposes every combination (zero until traffic reaches it).
   */
  readonly values: Readonly<Record<string, readonly string[]>>;
  /** A counter of failed requests only: it moves with the error ratio. */
  readonly countsFailures: boolean;
  /** A 0/1 gauge where 1 is good: it reads 1 − the error ratio, so its time average is the SLI. */
  readonly goodWhenOne: boolean;
}

/** How the simulated traffic behaves; every field can be changed while the target runs. */
export interface TrafficSettings {
  /** Requests per second. */
  readonly rps: number;
  /** Share of requests that fail, 0 to 1. */
  readonly errorRatio: number;
  /** Mean latency in milliseconds; each request takes between half and one and a half times this. */
  readonly latencyMs: number;
}

/** A span the demo target sends for every request: the kinds and names the service's span SLIs select. */
export interface SpanShape {
  readonly kind: string;
  readonly name: string;
}

/**
 * What a demo target sends over OTLP when the sandbox runs a collector. Where to, and the resource,
 * come from the standard OTEL_* variables of its process (lib/otel/app-env), as for a real SDK.
 */
export interface OtlpSpec {
  readonly spans: readonly SpanShape[];
  /** Attribute keys the collector must redact: every span and log record carries each, with a secret value. */
  readonly sensitiveKeys: readonly string[];
  /** Resource attributes the cluster would add: `k8s_attributes` (namespace, pod), the operator's instrumentation (instance id). */
  readonly clusterResource: Readonly<Record<string, string>>;
  /** How often the target exports what it served. */
  readonly intervalMs: number;
}

export interface TargetSpec {
  readonly service: string;
  readonly metrics: readonly MetricSpec[];
  readonly traffic: TrafficSettings;
  /** Set when the target also sends traces and logs to a collector. */
  readonly otlp?: OtlpSpec;
}

/** Every sensitive value a demo target sends contains this, so a test can search sinks for it. */
export const SECRET_MARKER = 's3cr3t';
export const secretValue = (key: string): string => `${SECRET_MARKER}-${key}`;

/** The span a request produces when no span SLI narrows it. */
export const DEFAULT_SPAN: SpanShape = { kind: 'SPAN_KIND_SERVER', name: 'GET /api/v1/items' };

/** One span shape per kind and name the service's span SLIs select; the default server span when none do. */
export function spanShapes(service: Service): SpanShape[] {
  const out = new Map<string, SpanShape>();
  for (const slo of service.slos) {
    const kind = slo.sli.spanKind;
    if (kind === undefined) continue;
    const sel = slo.sli.total ?? slo.sli.histogram;
    const name = sel?.matchers?.find((m) => m.label === SpanMetricLabels.span && m.op === '=')?.value ?? DEFAULT_SPAN.name;
    out.set(`${kind} ${name}`, { kind, name });
  }
  return out.size ? [...out.values()] : [DEFAULT_SPAN];
}

/** Environment variable that carries the TargetSpec JSON to a demo target process. */
export const SPEC_ENV = 'SANDBOX_TARGET_SPEC';

export const DEFAULT_TRAFFIC: TrafficSettings = { rps: 20, errorRatio: 0, latencyMs: 40 };

/** `n` values for a label declared by its cardinality: the ones traffic uses first, then `<label>-<i>`. */
function valuesOfCardinality(label: string, n: number): string[] {
  const outcome = OUTCOME_LABELS[label];
  const base = outcome ? [outcome.ok, outcome.error] : DEMO_LABEL_VALUES[label] ?? [DEMO_DEFAULT_LABEL_VALUE];
  const out = base.slice(0, n);
  for (let i = out.length + 1; out.length < n; i++) out.push(`${label}-${i}`);
  return out;
}

function declaredValues(m: Metric): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const l of m.declaredLabels) {
    if (l.values) out[l.name] = [...l.values];
    else if (l.cardinality !== undefined) out[l.name] = valuesOfCardinality(l.name, l.cardinality);
  }
  return out;
}

export function metricSpec(m: Metric, roles: { countsFailures?: boolean; goodWhenOne?: boolean } = {}): MetricSpec {
  return {
    name: m.name, help: m.help, type: m.type, unit: m.unit, labels: [...m.labels], buckets: [...m.buckets], quantiles: [...m.quantiles], values: declaredValues(m),
    countsFailures: m.type === 'counter' && (roles.countsFailures ?? ERROR_COUNTER.test(m.name)),
    goodWhenOne: m.type === 'gauge' && (roles.goodWhenOne ?? false),
  };
}

/**
 * The metrics of a service with the roles its model gives them: the errors counter of its request
 * metrics and of its ratio SLIs counts failures (as does a counter named like one); the gauge of a
 * bool-gauge SLI reports health.
 */
export function targetSpec(service: Service, traffic: Partial<TrafficSettings> = {}, otlp?: OtlpSpec): TargetSpec {
  const failures = new Set<Metric>(service.requests?.errors ? [service.requests.errors] : []);
  const healthGauges = new Set<Metric>();
  for (const slo of service.slos) {
    const { errors, total, gauge } = slo.sli;
    if (errors && errors.metric !== total?.metric) failures.add(errors.metric);
    if (gauge) healthGauges.add(gauge.metric);
  }
  const metrics = service.metrics.map((m) => metricSpec(m, { countsFailures: failures.has(m) || ERROR_COUNTER.test(m.name), goodWhenOne: healthGauges.has(m) }));
  return { service: service.name, metrics, traffic: { ...DEFAULT_TRAFFIC, ...traffic }, ...(otlp ? { otlp } : {}) };
}

/** An exporter's up gauge (`pg_up`, `redis_up`, `nginx_up`): 1 while healthy, 0 once the error ratio reaches 1. */
const UP_GAUGE = /_up$/;

/**
 * A demo target standing in for an exporter: its preset's metrics, under the exporter's job; its up gauge
 * reads 1 − the error ratio, so `errorRatio=1` makes the down alert fire, and a status label gets 500 on
 * failures, so the 5xx ratio follows the error ratio.
 */
export function exporterTargetSpec(e: ExporterTarget, traffic: Partial<TrafficSettings> = {}): TargetSpec {
  const metrics = e.metrics.map((m) => metricSpec(m, { goodWhenOne: UP_GAUGE.test(m.name) }));
  return { service: e.job, metrics, traffic: { ...DEFAULT_TRAFFIC, ...traffic } };
}

/** Problems with traffic settings, as `field: got …, expected …`; empty when they are fine. */
export function trafficProblems(t: Partial<Record<keyof TrafficSettings, unknown>>): string[] {
  const out: string[] = [];
  const check = (field: keyof TrafficSettings, ok: (n: number) => boolean, expected: string) => {
    const v = t[field];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) out.push(`${field}: got ${JSON.stringify(v)}, expected ${expected}`);
  };
  check('rps', (n) => n >= 0 && n <= 10_000, 'a number of requests per second from 0 to 10000');
  check('errorRatio', (n) => n >= 0 && n <= 1, 'a ratio from 0 to 1');
  check('latencyMs', (n) => n >= 0 && n <= 600_000, 'milliseconds from 0 to 600000');
  return out;
}
