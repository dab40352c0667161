/** Label values for generated input series: every matcher holds, in the labels' order. */
import { describe, expect, it } from 'vitest';
import { assign, satisfies } from '../../lib/slo/tests/examples';
import type { Matcher } from '../../lib/promql';

const m = (label: string, op: Matcher['op'], value: string): Matcher => ({ label, op, value });

describe('assign', () => {
  it('sets labels held by = as given, searches the others, and keeps the labels\' order', () => {
    const all = [m('code', '=~', '5..'), m('job', '=', 'svc-1'), m('method', '!=', '500')];
    const r = assign(['job', 'code', 'method'], all);
    expect(r).toEqual({ job: 'svc-1', code: '500', method: '503' });
    expect(Object.keys(r!)).toEqual(['job', 'code', 'method']);
    expect(all.every((x) => satisfies(r![x.label]!, x))).toBe(true);
  });

  it('finds no value for a label whose = matcher another matcher contradicts', () => {
    expect(assign(['a'], [m('a', '=', 'x'), m('a', '!=', 'x')])).toBeUndefined();
  });

  it('makes one matcher of failOne fail, also on a label held by =', () => {
    expect(assign(['code'], [m('code', '=', '500')], [m('code', '=', '500')])).toBeUndefined();
    const r = assign(['job', 'code'], [m('job', '=', 'svc-1')], [m('job', '=', 'svc-1'), m('code', '=~', '5..')]);
    expect(r).toEqual({ job: 'svc-1', code: '200' });
  });

  it('gives services of one shape the same values for their other labels', () => {
    const a = assign(['job', 'code'], [m('job', '=', 'svc-1'), m('code', '=~', '4..')]);
    const b = assign(['job', 'code'], [m('job', '=', 'svc-2'), m('code', '=~', '4..')]);
    expect([a, b]).toEqual([{ job: 'svc-1', code: '400' }, { job: 'svc-2', code: '400' }]);
  });
});
