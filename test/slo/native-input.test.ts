import { describe, expect, it } from 'vitest';
import { nativeHistogram, nativeLayout, nativeValues } from '../../lib/slo/tests/native';
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
