/**
 * Input series for an SLI with a chosen error ratio per phase, in promtool's `values` notation, and
 * the error ratio Prometheus will compute from them (so tests can predict `$value`).
 */
import { Labels } from '../../conventions';
import type { EventSelector } from '../../model/sli';
import type { Slo } from '../../model/slo';
import { formatNumber, openMetricsFloat } from '../../promql/format';
import { assign } from './examples';
import { nativeLimit } from '../sli';
import { nativeValues } from './native';
import { leftOpenDelta, promAvgOverTime, promRate, type Samples } from './prometheus-math';

export interface Phase {
  /** Share of bad events (0..1) during the phase. */
  readonly errorRatio: number;
  /** Number of sample steps. */
  readonly steps: number;
  /**
   * Write only every n-th sample of counters (promtool `_` gaps), which keeps long healthy warm-ups cheap.
   * @default 1
   */
  readonly every?: number;
}

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** One term of promtool's `values` notation: `v`, `v+incxN`, `vxN` or `_xN`. */
export type Part =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'ramp'; readonly value: number; readonly inc: number; readonly times: number }
  | { readonly kind: 'repeat'; readonly value: number; readonly times: number }
  | { readonly kind: 'gap'; readonly times: number };

/** Prints parts in promtool notation, each number through `literal` (a float; a native histogram looks up part `index`). */
export function notation(parts: readonly Part[], literal: (value: number, index: number, field: 'value' | 'inc') => string): string {
  return parts.map((p, i) => {
    switch (p.kind) {
      case 'value': return literal(p.value, i, 'value');
      case 'ramp': return `${literal(p.value, i, 'value')}+${literal(p.inc, i, 'inc')}x${p.times}`;
      case 'repeat': return `${literal(p.value, i, 'value')}x${p.times}`;
      case 'gap': return p.times === 1 ? '_' : `_x${p.times}`;
    }
  }).join(' ');
}

/** A counter or gauge over phases: promtool notation and the samples promtool expands it to. */
export class SeriesBuilder {
  readonly parts: Part[] = [];
  private readonly out: Array<number | undefined> = [];
  private last: number;
  private joined: string | undefined;

  constructor(first: number) {
    const v = Number(formatNumber(first));
    this.parts.push({ kind: 'value', value: v });
    this.out.push(v);
    this.last = v;
  }

  /** `steps` more samples, each `inc` above the previous (promtool adds repeatedly, so do we). */
  counter(inc: number, steps: number, every = 1): this {
    this.joined = undefined;
    if (steps <= 0) return this;
    if (every > 1) return this.sparse(inc, steps, every);
    const b = Number(formatNumber(inc));
    let k = Number(formatNumber(this.last + b));
    this.parts.push(steps === 1 ? { kind: 'value', value: k } : { kind: 'ramp', value: k, inc: b, times: steps - 1 });
    for (let i = 0; i < steps; i++) {
      this.out.push(k);
      this.last = k;
      k += b;
    }
    return this;
  }

  /** Counter samples only at every `every`-th step (the last step always written), gaps in between. */
  private sparse(inc: number, steps: number, every: number): this {
    let gap = 0;
    for (let i = 1; i <= steps; i++) {
      if (i % every !== 0 && i !== steps) {
        gap++;
        this.out.push(undefined);
        continue;
      }
      if (gap > 0) this.parts.push({ kind: 'gap', times: gap });
      const v = Number(formatNumber(this.last + inc * (gap + 1)));
      this.parts.push({ kind: 'value', value: v });
      this.out.push(v);
      this.last = v;
      gap = 0;
    }
    return this;
  }

  /** `steps` more samples of the same value, none at the sample indices in `skip`. */
  gauge(value: number, steps: number, skip: ReadonlySet<number> = new Set()): this {
    this.joined = undefined;
    const v = Number(formatNumber(value));
    let run = 0;
    let gap = 0;
    const flush = () => {
      if (run > 0) this.parts.push(run === 1 ? { kind: 'value', value: v } : { kind: 'repeat', value: v, times: run - 1 });
      if (gap > 0) this.parts.push({ kind: 'gap', times: gap });
      run = 0;
      gap = 0;
    };
    for (let i = 0; i < steps; i++) {
      if (skip.has(this.out.length)) {
        if (run > 0) flush();
        gap++;
        this.out.push(undefined);
      } else {
        if (gap > 0) flush();
        run++;
        this.out.push(v);
      }
    }
    flush();
    if (steps > 0) this.last = v;
    return this;
  }

  get values(): string {
    // Shared builders are read once per suite that uses them: print the notation once.
    return (this.joined ??= notation(this.parts, (v) => formatNumber(v)));
  }

  get samples(): Samples {
    return this.out;
  }
}

export function seriesText(name: string, labels: Readonly<Record<string, string>>): string {
  const inner = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return inner ? `${name}{${inner}}` : name;
}

export interface Traffic {
  readonly inputs: readonly InputSeries[];
  /** The SLI's error ratio over `windowMs` at `atMs`, as Prometheus computes it; undefined when there is none. */
  ratio(windowMs: number, atMs: number): number | undefined;
  /** Labels the SLI series (and so the alerts) carry: the groupBy labels' values. */
  readonly groupLabels: Readonly<Record<string, string>>;
  /** Events per second over `windowMs` at `atMs` (the low-traffic guard's view); undefined for gauges. */
  events?(windowMs: number, atMs: number): number | undefined;
  /**
   * The derived rule form's SLI at `atMs`: over the evaluations in (atMs − rangeMs, atMs], the sum of
   * bad over the sum of total event rates over `baseRangeMs` (gauges: the mean of that window's SLI).
   * Undefined for SLI kinds without a derived form, or when no evaluation recorded a value.
   */
  derived?(baseRangeMs: number, rangeMs: number, atMs: number): number | undefined;
}

/**
 * Window results by series notation (which fixes the samples): services of one shape have the same
 * series, so each result is computed once per synth instead of once per service.
 */
const windowCache = new Map<string, number | undefined>();
/** Series notations by a short id, so cache keys do not hash kilobytes of notation per lookup; ids are never reused. */
const seriesIds = new Map<string, number>();
const idOf = new WeakMap<SeriesBuilder, number>();
let nextId = 0;
function idFor(b: SeriesBuilder): number {
  let id = idOf.get(b);
  if (id === undefined) {
    if (seriesIds.size >= 10_000) seriesIds.clear();
    id = seriesIds.get(b.values) ?? nextId++;
    seriesIds.set(b.values, id);
    idOf.set(b, id);
  }
  return id;
}
function cached(fn: 'rate' | 'avg', b: SeriesBuilder, stepMs: number, rangeMs: number, atMs: number): number | undefined {
  const key = `${fn} ${stepMs} ${rangeMs} ${atMs} ${idFor(b)}`;
  if (windowCache.has(key)) return windowCache.get(key);
  if (windowCache.size >= 100_000) windowCache.clear();
  const v = (fn === 'rate' ? promRate : promAvgOverTime)(b.samples, stepMs, rangeMs, atMs);
  windowCache.set(key, v);
  return v;
}

/** Derived-form results by series ids, like windowCache: each sums up to thousands of evaluations. */
const derivedCache = new Map<string, number | undefined>();
/**
 * Σ bad / Σ total of `term` at every evaluation (one per `stepMs`, from 0) in (atMs − rangeMs, atMs],
 * oldest first as sum_over_time adds them; evaluations where `term` is undefined recorded nothing.
 */
function derivedSum(
  kind: string, series: readonly SeriesBuilder[], stepMs: number, baseMs: number, rangeMs: number, atMs: number,
  term: (s: number) => readonly [number, number] | undefined,
): number | undefined {
  const key = `${kind} ${series.map(idFor).join(',')} ${stepMs} ${baseMs} ${rangeMs} ${atMs}`;
  if (derivedCache.has(key)) return derivedCache.get(key);
  if (derivedCache.size >= 100_000) derivedCache.clear();
  let bad = 0;
  let total = 0;
  let n = 0;
  const first = Math.max(0, Math.floor((atMs - rangeMs) / stepMs + 1) * stepMs);
  for (let s = first; s <= atMs; s += stepMs) {
    const v = term(s);
    if (!v) continue;
    bad += v[0];
    total += v[1];
    n++;
  }
  const out = n === 0 ? undefined : bad / total;
  derivedCache.set(key, out);
  return out;
}

/** Built series by their plan, shared (never changed once built) by every service that needs the same one. */
const builders = new Map<string, SeriesBuilder>();
function shared(plan: string, build: () => SeriesBuilder): SeriesBuilder {
  let b = builders.get(plan);
  if (!b) {
    if (builders.size >= 1_000) builders.clear();
    builders.set(plan, (b = build()));
  }
  return b;
}

const labelsOf = (sel: EventSelector) => (sel.matchers ?? []).map((m) => m.label);

/** Events per step (`perStep`) split into good and bad by phase; undefined when no label values fit the matchers. */
/**
 * @param gaugeGaps sample indices a gauge leaves empty (counters ignore it): `avg_over_time` counts the
 * sample at the range's start in Prometheus 2 and not in 3 (left-open ranges), so a check whose ranges
 * start on a gap sees the same samples on both.
 */
export function traffic(slo: Slo, phases: readonly Phase[], stepMs: number, perStep: number, gaugeGaps?: ReadonlySet<number>): Traffic | undefined {
  const sli = slo.sli;
  const counter = (badShare: (e: number) => number) => {
    const plan = phases.map((p) => [perStep * badShare(p.errorRatio), p.steps, p.every ?? 1] as const);
    return shared(`counter ${JSON.stringify(plan)}`, () => {
      const b = new SeriesBuilder(0);
      for (const [inc, steps, every] of plan) b.counter(inc, steps, every);
      return b;
    });
  };
  const group = (extra: readonly string[], sel: EventSelector) => [...new Set([...extra, ...labelsOf(sel), ...slo.groupBy])];
  const rate = (b: SeriesBuilder, w: number, at: number) => cached('rate', b, stepMs, w, at);

  if (sli.kind === 'ratio') {
    const e = sli.errors!;
    const t = sli.total!;
    const shared = e.metric.name === t.metric.name;
    const names = [...new Set([...labelsOf(e), ...labelsOf(t), ...slo.groupBy])];
    const bad = assign(names, [...(e.matchers ?? []), ...(t.matchers ?? [])]);
    if (!bad) return undefined;
    const groupLabels = Object.fromEntries(slo.groupBy.map((g) => [g, bad[g]!]));
    if (shared) {
      const good = assign(names, [...(t.matchers ?? []), ...slo.groupBy.map((g) => ({ label: g, op: '=' as const, value: bad[g]! }))], e.matchers ?? []);
      if (!good) return undefined;
      const B = counter((x) => x);
      const G = counter((x) => 1 - x);
      return {
        groupLabels,
        inputs: [{ series: seriesText(t.metric.name, good), values: G.values }, { series: seriesText(e.metric.name, bad), values: B.values }],
        ratio: (w, at) => {
          const rb = rate(B, w, at);
          const rg = rate(G, w, at);
          return rb === undefined || rg === undefined ? undefined : rb / (rg + rb);
        },
        events: (w, at) => {
          const rb = rate(B, w, at);
          const rg = rate(G, w, at);
          return rb === undefined || rg === undefined ? undefined : rg + rb;
        },
        derived: (base, range, at) => derivedSum('shared', [B, G], stepMs, base, range, at, (s) => {
          const rb = rate(B, base, s);
          const rg = rate(G, base, s);
          return rb === undefined && rg === undefined ? undefined : [rb ?? 0, (rb ?? 0) + (rg ?? 0)];
        }),
      };
    }
    const B = counter((x) => x);
    const T = counter(() => 1);
    const eLabels = Object.fromEntries(Object.entries(bad).filter(([k]) => group([], e).includes(k)));
    const tLabels = Object.fromEntries(Object.entries(bad).filter(([k]) => group([], t).includes(k)));
    return {
      groupLabels,
      inputs: [{ series: seriesText(e.metric.name, eLabels), values: B.values }, { series: seriesText(t.metric.name, tLabels), values: T.values }],
      ratio: (w, at) => {
        const rt = rate(T, w, at);
        return rt === undefined ? undefined : (rate(B, w, at) ?? 0) / rt;
      },
      events: (w, at) => rate(T, w, at),
      derived: (base, range, at) => derivedSum('ratio', [B, T], stepMs, base, range, at, (s) => {
        const rt = rate(T, base, s);
        return rt === undefined ? undefined : [rate(B, base, s) ?? 0, rt];
      }),
    };
  }
  if (sli.kind === 'latency') {
    const h = sli.histogram!;
    const labels = assign(group([], h), h.matchers ?? []);
    if (!labels) return undefined;
    const C = counter(() => 1);
    const F = counter((x) => 1 - x);
    return {
      groupLabels: Object.fromEntries(slo.groupBy.map((g) => [g, labels[g]!])),
      inputs: [
        { series: seriesText(`${h.metric.name}_count`, labels), values: C.values },
        { series: seriesText(`${h.metric.name}_bucket`, { ...labels, [Labels.le]: openMetricsFloat(slo.bucketBoundary()!) }), values: F.values },
      ],
      ratio: (w, at) => {
        const rc = rate(C, w, at);
        const rf = rate(F, w, at);
        return rc === undefined || rf === undefined ? undefined : (rc - rf) / rc;
      },
      events: (w, at) => rate(C, w, at),
      derived: (base, range, at) => derivedSum('latency', [C, F], stepMs, base, range, at, (s) => {
        const rc = rate(C, base, s);
        const rf = rate(F, base, s);
        return rc === undefined || rf === undefined ? undefined : [rc - rf, rc];
      }),
    };
  }
  if (sli.kind === 'bool-gauge') {
    const g = sli.gauge!;
    const labels = assign(group([], g), g.matchers ?? []);
    if (!labels) return undefined;
    const gaps = gaugeGaps ? [...gaugeGaps].sort((a, b) => a - b).join(',') : '';
    const G = shared(`gauge ${JSON.stringify(phases.map((p) => [p.errorRatio, p.steps]))} gaps ${gaps}`, () => {
      const b = new SeriesBuilder(1 - phases[0]!.errorRatio);
      for (const p of phases) b.gauge(1 - p.errorRatio, p.steps, gaugeGaps);
      return b;
    });
    return {
      groupLabels: Object.fromEntries(slo.groupBy.map((x) => [x, labels[x]!])),
      inputs: [{ series: seriesText(g.metric.name, labels), values: G.values }],
      ratio: (w, at) => {
        const avg = cached('avg', G, stepMs, w, at);
        return avg === undefined ? undefined : 1 - avg;
      },
      derived: (base, range, at) => derivedSum('gauge', [G], stepMs, base, range, at, (s) => {
        const avg = cached('avg', G, stepMs, base, s);
        return avg === undefined ? undefined : [1 - avg, 1];
      }),
    };
  }
  if (sli.kind === 'native-latency') {
    const h = sli.histogram!;
    const labels = assign(group([], h), h.matchers ?? []);
    if (!labels) return undefined;
    const G = counter((x) => 1 - x);
    const B = counter((x) => x);
    return {
      groupLabels: Object.fromEntries(slo.groupBy.map((g) => [g, labels[g]!])),
      inputs: [{ series: seriesText(h.metric.name, labels), values: nativeValues(G, B, nativeLimit(slo)) }],
      // Prometheus 3 only (no 2.x notation), so its left-open ranges.
      ratio: (w, at) => {
        const dg = leftOpenDelta(G.samples, stepMs, w, at);
        const db = leftOpenDelta(B.samples, stepMs, w, at);
        return dg === undefined || db === undefined || dg + db === 0 ? undefined : db / (dg + db);
      },
    };
  }
  // Raw SLIs read metrics we do not know.
  return undefined;
}
