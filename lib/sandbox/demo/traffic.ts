/**
 * Simulated traffic of one service: every declared metric moves as if requests were served, with
 * an error ratio and a latency that can change at any time. Deterministic: the same settings and
 * clock give the same numbers (errors are spread evenly, latencies come from a seeded generator).
 */
import { DEMO_DEFAULT_LABEL_VALUE, DEMO_LABEL_VALUES, OUTCOME_LABELS } from '../../conventions/sandbox';
import type { MetricType, MetricUnit } from '../../model/metric';
import type { MetricSpec, TargetSpec, TrafficSettings } from './spec';
import { goFloat } from '../../promql/format';

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One simulated request, as the OTLP emitter sees it. */
export interface ServedRequest {
  readonly atMs: number;
  readonly failed: boolean;
  readonly latencyMs: number;
}

export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

const SUMMARY_WINDOW = 500;
/** At most this many simulated requests per advance, so a clock jump cannot stall the process. */
const MAX_REQUESTS_PER_ADVANCE = 20_000_000;

/** mulberry32: a tiny seeded generator, so runs are repeatable. */
function generator(seed: string): () => number {
  let a = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 2654435761) >>> 0, 0x9e3779b9);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIME_SCALE: Partial<Record<MetricUnit, number>> = { seconds: 1 / 1000, milliseconds: 1, microseconds: 1000 };

/** The value one request contributes to a histogram, summary or non-count counter, in the metric's unit. */
function observation(unit: MetricUnit, latencyMs: number, r: number): number {
  const scale = TIME_SCALE[unit];
  if (scale !== undefined) return latencyMs * scale;
  if (unit === 'bytes') return Math.round(1024 * (0.5 + r));
  if (unit === 'ratio') return r;
  if (unit === 'percent') return 100 * r;
  return 1;
}

/** One label set of a metric: the values of its labels, for a success or a failure. */
interface Slot {
  readonly labels: Readonly<Record<string, string>>;
  value: number;
  sum: number;
  count: number;
  buckets: number[];
  window: number[];
}

class MetricState {
  /** slots[combo * 2 + (failed ? 1 : 0)]: label sets, shared where a metric lacks the label that differs. */
  readonly slotOf: Slot[];
  readonly unique: Slot[];
  readonly countsErrorsOnly: boolean;

  constructor(readonly spec: MetricSpec, requestLabels: readonly string[], combos: number) {
    this.countsErrorsOnly = spec.countsFailures;
    const byKey = new Map<string, Slot>();
    this.slotOf = [];
    for (let combo = 0; combo < combos; combo++) {
      for (const failed of [false, true]) {
        const labels: Record<string, string> = {};
        for (const l of spec.labels) {
          const outcome = OUTCOME_LABELS[l];
          labels[l] = outcome ? (failed ? outcome.error : outcome.ok) : requestValue(requestLabels, l, combo);
        }
        const key = JSON.stringify(spec.labels.map((l) => labels[l]));
        let slot = byKey.get(key);
        if (!slot) {
          slot = { labels, value: 0, sum: 0, count: 0, buckets: spec.buckets.map(() => 0), window: [] };
          byKey.set(key, slot);
        }
        this.slotOf.push(slot);
      }
    }
    this.unique = [...byKey.values()];
  }
}

function valuesOf(label: string): readonly string[] {
  return DEMO_LABEL_VALUES[label] ?? [DEMO_DEFAULT_LABEL_VALUE];
}

/** The value of request label `label` in combination `combo` (a mixed-radix number over all request labels). */
function requestValue(requestLabels: readonly string[], label: string, combo: number): string {
  let rest = combo;
  for (const l of requestLabels) {
    const values = valuesOf(l);
    if (l === label) return values[rest % values.length]!;
    rest = Math.floor(rest / values.length);
  }
  return DEMO_DEFAULT_LABEL_VALUE;
}

export class Traffic {
  private current: TrafficSettings;
  private readonly states: MetricState[];
  private readonly combos: number;
  private readonly random: () => number;
  private lastMs: number;
  private carry = 0;
  private errorDebt = 0;
  /** Requests served and failed since start. */
  requests = 0;
  /** Called for every simulated request (the OTLP emitter turns them into spans). */
  onRequest: ((r: ServedRequest) => void) | undefined;
  failures = 0;

  constructor(readonly spec: TargetSpec, startMs: number) {
    this.current = { ...spec.traffic };
    this.lastMs = startMs;
    this.random = generator(spec.service);
    const requestLabels = [...new Set(spec.metrics.flatMap((m) => m.labels).filter((l) => !OUTCOME_LABELS[l]))].sort();
    this.combos = requestLabels.reduce((n, l) => n * valuesOf(l).length, 1);
    this.states = spec.metrics.map((m) => new MetricState(m, requestLabels, this.combos));
  }

  get settings(): TrafficSettings {
    return this.current;
  }

  /** Serves the requests due up to `nowMs` under the old settings, then switches to the new ones. */
  set(nowMs: number, changes: Partial<TrafficSettings>): TrafficSettings {
    this.advanceTo(nowMs);
    this.current = { ...this.current, ...changes };
    return this.current;
  }

  /** Serves the requests due between the last call and `nowMs`. */
  advanceTo(nowMs: number): void {
    const elapsed = nowMs - this.lastMs;
    if (elapsed <= 0) return;
    this.lastMs = nowMs;
    const due = (elapsed / 1000) * this.current.rps + this.carry;
    const n = Math.min(Math.floor(due), MAX_REQUESTS_PER_ADVANCE);
    this.carry = due - Math.floor(due);
    // Spread the requests over the elapsed time, so spans get distinct start times.
    for (let i = 0; i < n; i++) this.serve(nowMs - elapsed + ((i + 1) * elapsed) / n);
  }

  private serve(atMs: number): void {
    const { errorRatio, latencyMs } = this.current;
    // Spread failures evenly: a failure whenever the owed share reaches one request.
    this.errorDebt += errorRatio;
    const failed = this.errorDebt >= 1 - 1e-9;
    if (failed) this.errorDebt -= 1;
    const r = this.random();
    const latency = latencyMs * (0.5 + r);
    // A random label combination, so evenly spaced failures do not all land on one combination.
    const slotIndex = Math.floor(this.random() * this.combos) * 2 + (failed ? 1 : 0);
    this.requests++;
    if (failed) this.failures++;
    this.onRequest?.({ atMs, failed, latencyMs: latency });
    for (const st of this.states) {
      const slot = st.slotOf[slotIndex]!;
      const { type, unit, buckets } = st.spec;
      if (type === 'counter') {
        if (!st.countsErrorsOnly || failed) slot.value += unit === 'count' ? 1 : observation(unit, latency, r);
      } else if (type === 'histogram' || type === 'summary') {
        const v = observation(unit, latency, r);
        slot.sum += v;
        slot.count++;
        for (let b = 0; b < buckets.length; b++) if (v <= buckets[b]!) slot.buckets[b]!++;
        if (type === 'summary' && st.spec.quantiles.length > 0) {
          slot.window.push(v);
          if (slot.window.length > SUMMARY_WINDOW) slot.window.shift();
        }
      }
    }
  }

  /** A gauge reads the current load: requests in flight, the mean latency, or a steady level for other units. */
  private gaugeValue(unit: MetricUnit): number {
    const { rps, latencyMs } = this.current;
    const scale = TIME_SCALE[unit];
    if (scale !== undefined) return latencyMs * scale;
    if (unit === 'count') return (rps * latencyMs) / 1000;
    return observation(unit, latencyMs, 0.5);
  }

  /** Every metric family with its current samples, in declaration order. */
  families(): Family[] {
    return this.states.map((st) => {
      const { name, help, type, quantiles, buckets, unit } = st.spec;
      const samples: Sample[] = [];
      for (const slot of st.unique) {
        switch (type) {
          case 'counter':
            samples.push({ name, labels: slot.labels, value: slot.value });
            break;
          case 'gauge':
            samples.push({ name, labels: slot.labels, value: st.spec.goodWhenOne ? 1 - this.current.errorRatio : this.gaugeValue(unit) });
            break;
          case 'histogram':
            buckets.forEach((le, b) => samples.push({ name: `${name}_bucket`, labels: { ...slot.labels, le: formatLe(le) }, value: slot.buckets[b]! }));
            samples.push({ name: `${name}_bucket`, labels: { ...slot.labels, le: '+Inf' }, value: slot.count });
            samples.push({ name: `${name}_sum`, labels: slot.labels, value: slot.sum }, { name: `${name}_count`, labels: slot.labels, value: slot.count });
            break;
          case 'summary': {
            const sorted = [...slot.window].sort((a, b) => a - b);
            for (const q of quantiles) {
              const v = sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN;
              samples.push({ name, labels: { ...slot.labels, quantile: formatLe(q) }, value: v });
            }
            samples.push({ name: `${name}_sum`, labels: slot.labels, value: slot.sum }, { name: `${name}_count`, labels: slot.labels, value: slot.count });
            break;
          }
        }
      }
      return { name, help, type, samples };
    });
  }
}

/** How client_golang writes `le` and `quantile` values (Go's `%g`). */
export const formatLe = goFloat;
