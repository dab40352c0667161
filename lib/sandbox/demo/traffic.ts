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

/** The values traffic gives a label: the demo's usual ones (or success and failure) within what the model declares. */
interface LabelValues {
  /** Values request combinations spread over (request labels). */
  request(label: string): readonly string[];
  /** The value a request's outcome gives an outcome label. */
  outcome(label: string, failed: boolean): string;
}

function labelValues(metrics: readonly MetricSpec[]): LabelValues {
  const declared = new Map<string, readonly string[]>();
  for (const m of metrics) for (const [l, v] of Object.entries(m.values ?? {})) if (!declared.has(l)) declared.set(l, v);
  return {
    request(label) {
      const base = DEMO_LABEL_VALUES[label] ?? [DEMO_DEFAULT_LABEL_VALUE];
      const d = declared.get(label);
      if (!d) return base;
      const inside = base.filter((v) => d.includes(v));
      return inside.length ? inside : [d[0]!];
    },
    outcome(label, failed) {
      const o = OUTCOME_LABELS[label]!;
      const d = declared.get(label);
      const want = failed ? o.error : o.ok;
      if (!d || d.includes(want)) return want;
      return failed ? d[d.length - 1]! : d[0]!;
    },
  };
}

class MetricState {
  /** slots[combo * 2 + (failed ? 1 : 0)]: label sets, shared where a metric lacks the label that differs. */
  readonly slotOf: Slot[];
  readonly unique: Slot[];
  /** Every label set the target exposes: those traffic reaches, then the declared combinations it does not (at zero). */
  readonly exposed: Slot[];
  readonly countsErrorsOnly: boolean;

  constructor(readonly spec: MetricSpec, requestLabels: readonly string[], combos: number, values: LabelValues) {
    this.countsErrorsOnly = spec.countsFailures;
    const byKey = new Map<string, Slot>();
    const slot = (labels: Record<string, string>): Slot => {
      const key = JSON.stringify(spec.labels.map((l) => labels[l]));
      let s = byKey.get(key);
      if (!s) {
        s = { labels, value: 0, sum: 0, count: 0, buckets: spec.buckets.map(() => 0), window: [] };
        byKey.set(key, s);
      }
      return s;
    };
    this.slotOf = [];
    for (let combo = 0; combo < combos; combo++) {
      for (const failed of [false, true]) {
        const labels: Record<string, string> = {};
        for (const l of spec.labels) {
          labels[l] = OUTCOME_LABELS[l] ? values.outcome(l, failed) : requestValue(values, requestLabels, l, combo);
        }
        this.slotOf.push(slot(labels));
      }
    }
    this.unique = [...byKey.values()];
    const choices = spec.labels.map((l) => spec.values?.[l] ?? (OUTCOME_LABELS[l] ? [values.outcome(l, false), values.outcome(l, true)] : values.request(l)));
    for (const combination of product(choices)) slot(Object.fromEntries(spec.labels.map((l, i) => [l, combination[i]!])));
    this.exposed = [...byKey.values()];
  }
}

/** Every combination of one value from each list, the last list varying fastest. */
function* product(lists: readonly (readonly string[])[]): Generator<string[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  for (const head of new Set(lists[0])) for (const rest of product(lists.slice(1))) yield [head, ...rest];
}

/** The value of request label `label` in combination `combo` (a mixed-radix number over all request labels). */
function requestValue(values: LabelValues, requestLabels: readonly string[], label: string, combo: number): string {
  let rest = combo;
  for (const l of requestLabels) {
    const vs = values.request(l);
    if (l === label) return vs[rest % vs.length]!;
    rest = Math.floor(rest / vs.length);
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
    const values = labelValues(spec.metrics);
    this.combos = requestLabels.reduce((n, l) => n * values.request(l).length, 1);
    this.states = spec.metrics.map((m) => new MetricState(m, requestLabels, this.combos, values));
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

  /**
   * Every metric family with its current samples, in declaration order: the label sets traffic
   * reached, or with `declared` every declared combination (what `/metrics` serves).
   */
  families(declared = false): Family[] {
    return this.states.map((st) => {
      const { name, help, type, quantiles, buckets, unit } = st.spec;
      const samples: Sample[] = [];
      for (const slot of declared ? st.exposed : st.unique) {
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
