import { describe, expect, it } from 'vitest';
import {
  and, div, eq, floatMatcher, floatSpellings, formatDuration, formatNumber, goFloat, gt, openMetricsFloat, maxWithout, mul, num, or, parseDuration, promqlSyntaxError, quote, rate, re,
  render, selector, sub, subquery, sumBy, type Matcher,
} from '../../lib/promql';

describe('durations', () => {
  it.each([
    ['5m', 300_000, '5m'],
    ['24h', 86_400_000, '1d'],
    ['72h', 259_200_000, '3d'],
    ['28d', 2_419_200_000, '4w'],
    ['7d', 604_800_000, '1w'],
    ['30d', 2_592_000_000, '30d'],
    ['90d', 7_776_000_000, '90d'],
    ['1h30m', 5_400_000, '1h30m'],
    ['1500ms', 1_500, '1s500ms'],
  ])('%s is %d ms and prints as %s (Prometheus model.Duration)', (text, ms, canonical) => {
    expect(parseDuration(text)).toBe(ms);
    expect(formatDuration(ms)).toBe(canonical);
  });

  it.each(['', '5', 'm5', '5 m', '1.5h', '-1m'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('numbers', () => {
  it('prints float arithmetic exactly', () => {
    expect(formatNumber(1 - 0.999)).toBe('0.001');
    expect(formatNumber((100 - 99.9) / 100)).toBe('0.001');
    expect(formatNumber(99.9 / 100)).toBe('0.999');
    expect(formatNumber(14.4 * (1 - 0.999))).toBe('0.0144');
    expect(formatNumber((20 / 100) * 168 / 24)).toBe('1.4');
    expect(formatNumber(1 / 60)).toBe('0.0166666666667');
    expect(formatNumber(Infinity)).toBe('+Inf');
  });
});

describe('float label values (le, quantile)', () => {
  // Expected texts printed by Go 1.26 strconv.FormatFloat(v, 'g', -1, 64) and Prometheus 3.16 labels.FormatOpenMetricsFloat.
  it.each([
    [1, '1', '1.0'],
    [0, '0', '0.0'],
    [0.005, '0.005', '0.005'],
    [0.3, '0.3', '0.3'],
    [1000, '1000', '1000.0'],
    [100000, '100000', '100000.0'],
    [123456, '123456', '123456.0'],
    [1e6, '1e+06', '1e+06'],
    [1234567, '1.234567e+06', '1.234567e+06'],
    [2.5e6, '2.5e+06', '2.5e+06'],
    [1e16, '1e+16', '1e+16'],
    [1e21, '1e+21', '1e+21'],
    [0.0001, '0.0001', '0.0001'],
    [0.00012, '0.00012', '0.00012'],
    [1e-5, '1e-05', '1e-05'],
    [2.5e-7, '2.5e-07', '2.5e-07'],
    [1.7976931348623157e308, '1.7976931348623157e+308', '1.7976931348623157e+308'],
    [Infinity, '+Inf', '+Inf'],
  ])('%d is %s in Go and %s in Prometheus 3', (value, go, prom3) => {
    expect(goFloat(value)).toBe(go);
    expect(openMetricsFloat(value)).toBe(prom3);
  });

  it.each([
    [1, ['1', '1.0']],
    [0.005, ['0.005']],
    [1e6, ['1e+06', '1000000', '1000000.0']],
    [2.5e6, ['2.5e+06', '2500000', '2500000.0']],
    [1e-5, ['1e-05', '0.00001']],
    [2.5e-7, ['2.5e-07', '0.00000025']],
    [Infinity, ['+Inf']],
  ])('%d is spelled %j', (value, forms) => {
    expect(floatSpellings(value)).toEqual(forms);
  });

  const matches = (m: Matcher, v: string) => (m.op === '=' ? m.value === v : new RegExp(`^(?:${m.value})$`).test(v));

  it.each([
    [1, 'le=~"1(\\\\.0)?"', ['1', '1.0'], ['10', '1.5', '11.0', '0.1']],
    [0.005, 'le="0.005"', ['0.005'], ['0.0050', '5e-03']],
    [1e6, 'le=~"1e\\\\+06|1000000(\\\\.0)?"', ['1e+06', '1000000', '1000000.0'], ['1e+07', '10000000', '1e+060', '1000000.00']],
    [2.5e6, 'le=~"2\\\\.5e\\\\+06|2500000(\\\\.0)?"', ['2.5e+06', '2500000', '2500000.0'], ['2.5e+07', '25e+05', '2x5e+06']],
    [1e-5, 'le=~"1e-05|0\\\\.00001"', ['1e-05', '0.00001'], ['1e-06', '0.000010', '0x00001']],
  ])('the matcher of %d is %s, matches every client and Prometheus 3 form and nothing else', (value, text, yes, no) => {
    const m = floatMatcher('le', value);
    expect(render(selector('h_bucket', [m]))).toBe(`h_bucket{${text}}`);
    for (const v of [...yes, goFloat(value), openMetricsFloat(value)]) expect(matches(m, v), v).toBe(true);
    for (const v of no) expect(matches(m, v), v).toBe(false);
  });

  it('the old matcher of whole numbers misses the Go and Prometheus 3 form of 1e6, so the check above is real', () => {
    expect(matches(re('le', '1000000(\\.0)?'), goFloat(1e6))).toBe(false);
    expect(matches(re('le', '1000000(\\.0)?'), openMetricsFloat(1e6))).toBe(false);
  });
});

describe('label values', () => {
  it('escapes quotes, backslashes and newlines', () => {
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    const q = render(selector('m', [eq('path', '/x"y'), re('code', '5..|\\d')]));
    expect(q).toBe('m{path="/x\\"y", code=~"5..|\\\\d"}');
    expect(promqlSyntaxError(q)).toBeUndefined();
  });
});

describe('render', () => {
  const total = selector('http_requests_total', { job: 'api' });
  const errors = selector('http_requests_total', [eq('job', 'api'), re('code', '5..')]);

  it('builds a ratio of aggregated rates', () => {
    const q = render(div(sumBy(['job'], rate(errors, '5m')), sumBy(['job'], rate(total, '5m'))));
    expect(q).toBe('sum by (job) (rate(http_requests_total{job="api", code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total{job="api"}[5m]))');
    expect(promqlSyntaxError(q)).toBeUndefined();
  });

  it('parenthesizes by precedence and associativity', () => {
    const a = selector('a');
    const b = selector('b');
    const c = selector('c');
    expect(render(mul(sub(a, b), c))).toBe('(a - b) * c');
    expect(render(sub(a, sub(b, c)))).toBe('a - (b - c)');
    expect(render(sub(sub(a, b), c))).toBe('a - b - c');
    expect(render(or(and(gt(a, num(1)), gt(b, num(1))), gt(c, num(2))))).toBe('a > 1 and b > 1 or c > 2');
    expect(render(and(or(a, b), c))).toBe('(a or b) and c');
  });

  it('renders aggregation modifiers and vector matching', () => {
    const q = render(div(maxWithout(['sloth_window'], selector('x')), selector('y'), { card: 'on', labels: ['sloth_id'], group: 'group_left' }));
    expect(q).toBe('max without (sloth_window) (x) / on(sloth_id) group_left y');
    expect(promqlSyntaxError(q)).toBeUndefined();
  });

  it('renders subqueries, parenthesizing what is not a selector or call', () => {
    const q = render(subquery(div(selector('a'), selector('b')), '30d', '5m'));
    expect(q).toBe('(a / b)[30d:5m]');
    expect(promqlSyntaxError(`sum_over_time(${q})`)).toBeUndefined();
    expect(render(subquery(rate(total, '5m'), '1h'))).toBe('rate(http_requests_total{job="api"}[5m])[1h:]');
  });

  it('refuses names that would not parse', () => {
    expect(() => render(selector('bad-name'))).toThrow('invalid metric name "bad-name" in PromQL selector');
    expect(() => render(selector('m', { 'bad-label': 'x' }))).toThrow('invalid label name "bad-label" in PromQL selector');
    expect(() => rate(total, '5 minutes')).toThrow('invalid PromQL range "5 minutes": expected a duration such as 5m or 1h');
  });
});

describe('promqlSyntaxError', () => {
  it('accepts valid queries and reports invalid ones', () => {
    expect(promqlSyntaxError('sum(rate(x[5m])) by (job)')).toBeUndefined();
    expect(promqlSyntaxError('sum(rate(x[5m]) by (job)')).toMatch(/^parse error at character \d+/);
    expect(promqlSyntaxError('')).toBe('empty query');
  });
});
