/**
 * The few Prometheus 2.x computations generated tests must predict exactly: counter rate with
 * extrapolation (closed range [t - range, t]) and the `humanize` / `humanizePercentage` templates.
 */

/** A series sampled every `stepMs`, sample i at i × stepMs; undefined where promtool's `_` leaves a gap. */
export type Samples = ReadonlyArray<number | undefined>;

/** `rate(series[rangeMs])` evaluated at `atMs` (Prometheus 2.42 extrapolatedRate); undefined when < 2 samples. */
export function promRate(samples: Samples, stepMs: number, rangeMs: number, atMs: number): number | undefined {
  return extrapolated(samples, stepMs, rangeMs, atMs, true);
}

/** `increase(series[rangeMs])` at `atMs`: the same extrapolation, not divided by the range. */
export function promIncrease(samples: Samples, stepMs: number, rangeMs: number, atMs: number): number | undefined {
  return extrapolated(samples, stepMs, rangeMs, atMs, false);
}

function extrapolated(samples: Samples, stepMs: number, rangeMs: number, atMs: number, isRate: boolean): number | undefined {
  const start = atMs - rangeMs;
  const pts: Array<[number, number]> = [];
  const [from, to] = indexRange(samples, stepMs, start, atMs);
  for (let i = from; i <= to; i++) {
    const v = samples[i];
    if (v !== undefined) pts.push([i * stepMs, v]);
  }
  if (pts.length < 2) return undefined;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  let result = last[1] - first[1];
  let prev = 0;
  for (const [, v] of pts) {
    if (v < prev) result += prev;
    prev = v;
  }
  let toStart = (first[0] - start) / 1000;
  const toEnd = (atMs - last[0]) / 1000;
  const sampled = (last[0] - first[0]) / 1000;
  const avg = sampled / (pts.length - 1);
  if (result > 0 && first[1] >= 0) {
    const toZero = sampled * (first[1] / result);
    if (toZero < toStart) toStart = toZero;
  }
  const threshold = avg * 1.1;
  let interval = sampled;
  interval += toStart < threshold ? toStart : avg / 2;
  interval += toEnd < threshold ? toEnd : avg / 2;
  let factor = interval / sampled;
  if (isRate) factor /= rangeMs / 1000;
  return result * factor;
}

/**
 * Last minus first sample of a counter in Prometheus 3's left-open range (atMs - rangeMs, atMs];
 * undefined with fewer than two. `rate()` scales a native histogram's buckets and count by one
 * factor, so ratios of these deltas are what `histogram_fraction` of a rate returns.
 */
export function leftOpenDelta(samples: Samples, stepMs: number, rangeMs: number, atMs: number): number | undefined {
  const vals = samples.filter((v, i): v is number => v !== undefined && i * stepMs > atMs - rangeMs && i * stepMs <= atMs);
  return vals.length < 2 ? undefined : vals[vals.length - 1]! - vals[0]!;
}

/** `avg_over_time(series[rangeMs])` at `atMs`. */
export function promAvgOverTime(samples: Samples, stepMs: number, rangeMs: number, atMs: number): number | undefined {
  const [from, to] = indexRange(samples, stepMs, atMs - rangeMs, atMs);
  let mean = 0;
  let count = 0;
  for (let i = from; i <= to; i++) {
    const v = samples[i];
    if (v === undefined) continue;
    count++;
    mean += v / count - mean / count;
  }
  return count === 0 ? undefined : mean;
}

/** First and last sample index with `start <= i × stepMs <= end`; the window alone is read, not the whole series. */
function indexRange(samples: Samples, stepMs: number, start: number, end: number): [number, number] {
  let from = Math.max(0, Math.ceil(start / stepMs));
  let to = Math.min(samples.length - 1, Math.floor(end / stepMs));
  // Guard the float division at the edges so the closed range is exact.
  while (from > 0 && (from - 1) * stepMs >= start) from--;
  while (from * stepMs < start) from++;
  while (to + 1 < samples.length && (to + 1) * stepMs <= end) to++;
  while (to >= 0 && to * stepMs > end) to--;
  return [from, to];
}

/** Go's `%.4g`. */
export function goG4(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const [mant, expText] = v.toExponential(3).split('e') as [string, string];
  const exp = Number(expText);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 4) return `${strip(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(v.toFixed(3 - exp));
}

/** Prometheus' `humanizePercentage`. */
export const humanizePercentage = (v: number): string => `${goG4(v * 100)}%`;

/** Prometheus' `humanize` (SI prefixes). */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return goG4(v);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
  } else {
    for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
  }
  return `${goG4(v)}${prefix}`;
}
