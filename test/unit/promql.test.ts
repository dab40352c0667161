import { describe, expect, it } from 'vitest';
import {
  and, div, eq, formatDuration, formatNumber, gt, maxWithout, mul, num, or, parseDuration, promqlSyntaxError, quote, rate, re,
  render, selector, sub, subquery, sumBy,
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
