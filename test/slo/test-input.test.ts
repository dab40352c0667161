import { describe, expect, it } from 'vitest';
import { nativeHistogram, nativeLayout, nativeValues } from '../../lib/slo/tests/native';
import { promAvgOverTime } from '../../lib/slo/tests/prometheus-math';
import { SeriesBuilder } from '../../lib/slo/tests/traffic';

describe('native-histogram test input', () => {
  // Schema 0: bucket i holds (2^(i-1), 2^i]. The bucket holding the limit must be empty for histogram_fraction to be exact.
  it.each([[0.3, -2], [0.25, -3], [2, 0], [1e-5, -17]])('limit %d: good bucket wholly below, bad bucket wholly above', (limit, offset) => {
    const l = nativeLayout(limit);
    expect(l.offset).toBe(offset);
    expect(l.goodUpper).toBeLessThan(limit);
    expect(l.badUpper / 2).toBeGreaterThanOrEqual(limit); // lower bound of the bad bucket
    expect(2 ** l.offset).toBe(l.goodUpper);
  });

  it('writes Prometheus 3 notation with absolute bucket counts', () => {
    expect(nativeHistogram(946, 54, 0.3)).toBe('{{schema:0 count:1000 sum:290.5 buckets:[946 0 54] offset:-2}}');
  });

  it('follows the good and bad counters part by part, gaps included', () => {
    const good = new SeriesBuilder(0).counter(9, 3).counter(10, 4, 2);
    const bad = new SeriesBuilder(0).counter(1, 3).counter(0, 4, 2);
    expect(nativeValues(good, bad, 2)).toBe([
      '{{schema:0 count:0 sum:0 buckets:[0 0 0] offset:0}}',
      '{{schema:0 count:10 sum:13 buckets:[9 0 1] offset:0}}+{{schema:0 count:10 sum:13 buckets:[9 0 1] offset:0}}x2',
      '_', '{{schema:0 count:50 sum:59 buckets:[47 0 3] offset:0}}', '_', '{{schema:0 count:70 sum:79 buckets:[67 0 3] offset:0}}',
    ].join(' '));
  });

  it('refuses counters of different phases', () => {
    expect(() => nativeValues(new SeriesBuilder(0).counter(1, 3), new SeriesBuilder(0).counter(1, 3, 2), 2)).toThrow(/same phases/);
  });
});

describe('gauge input for avg_over_time SLIs', () => {
  const step = 30_000;
  // The sample at a range's start: counted by promtool 2 (closed range), not by 3 (left-open).
  const closed = (s: ReadonlyArray<number | undefined>, w: number, at: number) => promAvgOverTime(s, step, w, at)!;
  const leftOpen = (s: ReadonlyArray<number | undefined>, w: number, at: number) => {
    const v = s.filter((x, i): x is number => x !== undefined && i * step > at - w && i * step <= at);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };

  it('leaves the given samples empty, in promtool notation and in the samples it predicts from', () => {
    const g = new SeriesBuilder(1).gauge(1, 10, new Set([1, 5, 6])).gauge(0, 3, new Set([12]));
    expect(g.values).toBe('1 _ 1x2 _x2 1x3 0 _ 0');
    expect(g.samples).toEqual([1, undefined, 1, 1, 1, undefined, undefined, 1, 1, 1, 1, 0, undefined, 0]);
  });

  it('with a gap where the checked range starts, both range semantics see the same samples; without, they differ', () => {
    const at = 12 * step;
    const w = 10 * step;
    const dense = new SeriesBuilder(1).gauge(1, 10).gauge(0, 2).samples;
    expect(closed(dense, w, at)).not.toBeCloseTo(leftOpen(dense, w, at), 6);
    const gapped = new SeriesBuilder(1).gauge(1, 10, new Set([2])).gauge(0, 2).samples;
    expect(closed(gapped, w, at)).toBeCloseTo(leftOpen(gapped, w, at), 12);
  });
});
