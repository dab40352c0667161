/** What a demo target needs to know about a service, taken from the typed model and passed to its process as JSON. */
import { ERROR_COUNTER } from '../../conventions/sandbox';
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

export interface TargetSpec {
  readonly service: string;
  readonly metrics: readonly MetricSpec[];
  readonly traffic: TrafficSettings;
}

/** Environment variable that carries the TargetSpec JSON to a demo target process. */
export const SPEC_ENV = 'SANDBOX_TARGET_SPEC';

export const DEFAULT_TRAFFIC: TrafficSettings = { rps: 20, errorRatio: 0, latencyMs: 40 };

export function metricSpec(m: Metric, roles: { countsFailures?: boolean; goodWhenOne?: boolean } = {}): MetricSpec {
  return {
    name: m.name, help: m.help, type: m.type, unit: m.unit, labels: [...m.labels], buckets: [...m.buckets], quantiles: [...m.quantiles],
    countsFailures: m.type === 'counter' && (roles.countsFailures ?? ERROR_COUNTER.test(m.name)),
    goodWhenOne: m.type === 'gauge' && (roles.goodWhenOne ?? false),
  };
}

/**
 * The metrics of a service with the roles its model gives them: the errors counter of its request
 * metrics and of its ratio SLIs counts failures (as does a counter named like one); the gauge of a
 * bool-gauge SLI reports health.
 */
export function targetSpec(service: Service, traffic: Partial<TrafficSettings> = {}): TargetSpec {
  const failures = new Set<Metric>(service.requests?.errors ? [service.requests.errors] : []);
  const healthGauges = new Set<Metric>();
  for (const slo of service.slos) {
    const { errors, total, gauge } = slo.sli;
    if (errors && errors.metric !== total?.metric) failures.add(errors.metric);
    if (gauge) healthGauges.add(gauge.metric);
  }
  const metrics = service.metrics.map((m) => metricSpec(m, { countsFailures: failures.has(m) || ERROR_COUNTER.test(m.name), goodWhenOne: healthGauges.has(m) }));
  return { service: service.name, metrics, traffic: { ...DEFAULT_TRAFFIC, ...traffic } };
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
