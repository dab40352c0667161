/**
 * Native-histogram input in promtool's Prometheus 3 notation (`{{schema:0 count:… buckets:[…]}}`),
 * laid out so `histogram_fraction(0, limit, …)` is exact: good observations in a bucket wholly below
 * the limit, bad ones in a bucket wholly above it, the bucket holding the limit empty.
 */
import { formatNumber } from '../../promql/format';
import { notation, type Part, type SeriesBuilder } from './traffic';

/** Schema 0: bucket i holds (2^(i-1), 2^i]; k is the bucket holding the limit. */
export function nativeLayout(limit: number): { readonly offset: number; readonly goodUpper: number; readonly badUpper: number } {
  const k = Math.ceil(Math.log2(limit));
  return { offset: k - 1, goodUpper: 2 ** (k - 1), badUpper: 2 ** (k + 1) };
}

export function nativeHistogram(good: number, bad: number, limit: number): string {
  const { offset, goodUpper, badUpper } = nativeLayout(limit);
  const n = formatNumber;
  return `{{schema:0 count:${n(good + bad)} sum:${n(good * goodUpper + bad * badUpper)} buckets:[${n(good)} 0 ${n(bad)}] offset:${offset}}}`;
}

/** The `values` of one native histogram whose good and bad counts follow two builders made from the same phases. */
export function nativeValues(good: SeriesBuilder, bad: SeriesBuilder, limit: number): string {
  const badParts: readonly Part[] = bad.parts;
  if (badParts.length !== good.parts.length || badParts.some((p, i) => p.kind !== good.parts[i]!.kind)) {
    throw new Error('native histogram input: good and bad counters must come from the same phases');
  }
  const other = (i: number, field: 'value' | 'inc') => {
    const p = badParts[i]!;
    return field === 'inc' ? (p.kind === 'ramp' ? p.inc : 0) : p.kind === 'gap' ? 0 : p.value;
  };
  return notation(good.parts, (v, i, field) => nativeHistogram(v, other(i, field), limit));
}
