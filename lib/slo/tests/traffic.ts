/**
 * Input series for an SLI with a chosen error ratio per phase, in promtool's `values` notation, and
 * the error ratio Prometheus will compute from them (so tests can predict `$value`).
 */
import { Labels } from '../../conventions';
import type { EventSelector } from '../../model/sli';
import type { Slo } from '../../model/slo';
import { formatNumber } from '../../promql/format';
import { assign } from './examples';
import { promAvgOverTime, promRate, type Samples } from './prometheus-math';

export interface Phase {
  /** Share of bad events (0..1) during the phase. */
  readonly errorRatio: number;
  /** Number of sample steps. */
  readonly steps: number;
}

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** A counter or gauge over phases: promtool notation and the samples promtool expands it to. */
export class SeriesBuilder {
  private readonly parts: string[] = [];
  private readonly out: number[] = [];

  constructor(first: number) {
    const v = Number(formatNumber(first));
    this.parts.push(formatNumber(v));
    this.out.push(v);
  }

  /** `steps` more samples, each `inc` above the previous (promtool adds repeatedly, so do we). */
  counter(inc: number, steps: number): this {
    if (steps <= 0) return this;
    const b = Number(formatNumber(inc));
    let k = Number(formatNumber(this.out[this.out.length - 1]! + b));
    this.parts.push(steps === 1 ? formatNumber(k) : `${formatNumber(k)}+${formatNumber(b)}x${steps - 1}`);
    for (let i = 0; i < steps; i++) {
      this.out.push(k);
      k += b;
    }
    return this;
  }

  /** `steps` more samples of the same value. */
  gauge(value: number, steps: number): this {
    if (steps <= 0) return this;
    const v = Number(formatNumber(value));
    this.parts.push(steps === 1 ? formatNumber(v) : `${formatNumber(v)}x${steps - 1}`);
    for (let i = 0; i < steps; i++) this.out.push(v);
    return this;
  }

  get values(): string {
    return this.parts.join(' ');
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
}

const labelsOf = (sel: EventSelector) => (sel.matchers ?? []).map((m) => m.label);

/** Events per step (`perStep`) split into good and bad by phase; undefined when no label values fit the matchers. */
export function traffic(slo: Slo, phases: readonly Phase[], stepMs: number, perStep: number): Traffic | undefined {
  const sli = slo.sli;
  const counter = (badShare: (e: number) => number) => {
    const b = new SeriesBuilder(0);
    for (const p of phases) b.counter(perStep * badShare(p.errorRatio), p.steps);
    return b;
  };
  const group = (extra: readonly string[], sel: EventSelector) => [...new Set([...extra, ...labelsOf(sel), ...slo.groupBy])];
  const rate = (s: Samples, w: number, at: number) => promRate(s, stepMs, w, at);

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
          const rb = rate(B.samples, w, at);
          const rg = rate(G.samples, w, at);
          return rb === undefined || rg === undefined ? undefined : rb / (rg + rb);
        },
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
        const rt = rate(T.samples, w, at);
        return rt === undefined ? undefined : (rate(B.samples, w, at) ?? 0) / rt;
      },
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
        { series: seriesText(`${h.metric.name}_bucket`, { ...labels, [Labels.le]: String(slo.bucketBoundary()) }), values: F.values },
      ],
      ratio: (w, at) => {
        const rc = rate(C.samples, w, at);
        const rf = rate(F.samples, w, at);
        return rc === undefined || rf === undefined ? undefined : (rc - rf) / rc;
      },
    };
  }
  if (sli.kind === 'bool-gauge') {
    const g = sli.gauge!;
    const labels = assign(group([], g), g.matchers ?? []);
    if (!labels) return undefined;
    const G = new SeriesBuilder(1 - phases[0]!.errorRatio);
    for (const p of phases) G.gauge(1 - p.errorRatio, p.steps);
    return {
      groupLabels: Object.fromEntries(slo.groupBy.map((x) => [x, labels[x]!])),
      inputs: [{ series: seriesText(g.metric.name, labels), values: G.values }],
      ratio: (w, at) => {
        const avg = promAvgOverTime(G.samples, stepMs, w, at);
        return avg === undefined ? undefined : 1 - avg;
      },
    };
  }
  // Native histograms have no promtool 2.42 input notation; raw SLIs read metrics we do not know.
  return undefined;
}
