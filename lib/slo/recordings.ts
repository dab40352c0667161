/** Sloth-compatible SLI and metadata recording rules of one SLO. */
import { Records, RuleGroups, SLOTH_MODE, SLOTH_SPEC, SlothLabels } from '../conventions';
import type { Slo } from '../model/slo';
import { formatDuration, formatNumber } from '../promql/format';
import { div, mul, num, or, overTime, render, selector, sub, vector, type Expr } from '../promql';
import { errorRatio, eventTerms, idLabels, idMatchers } from './sli';
import type { Rule, RuleGroup } from './rule';

const ON_IDS = { card: 'on' as const, labels: [SlothLabels.id, SlothLabels.slo, SlothLabels.service], group: 'group_left' as const };

/** `slo:sli_error:ratio_rate<W>{ids}` */
export const sliSeries = (slo: Slo, window: number | string) => selector(Records.sliError(window), idMatchers(slo));

/**
 * The range the derived form reads for a window: half an evaluation interval short, so it holds exactly
 * `window / interval` evaluations on Prometheus 2 (closed ranges) and 3 (left-open) alike.
 */
export const derivedRangeMs = (windowMs: number, evalMs: number): number => windowMs - Math.floor(evalMs / 2);

/** One rule per alert window, plus the period rule averaged from the shortest window's rule. */
export function sliGroup(slo: Slo, evalMs: number): RuleGroup {
  const labels = (w: string) => ({ ...slo.recordLabels, ...idLabels(slo), [SlothLabels.window]: w });
  const rules: Rule[] = slo.ruleForm === 'derived'
    ? derivedRules(slo, evalMs, labels)
    : slo.sliWindows.map(formatDuration).map((w) => ({ record: Records.sliError(w), expr: render(errorRatio(slo, w)), labels: labels(w) }));
  const base = sliSeries(slo, slo.sliWindows[0]!);
  const periodExpr = div(overTime('sum', base, slo.period), overTime('count', base, slo.period), { card: 'ignoring', labels: [SlothLabels.window] });
  rules.push({ record: Records.sliError(slo.period), expr: render(periodExpr), labels: labels(slo.period) });
  return { name: RuleGroups.sliRecordings(slo.id), rules };
}

/**
 * The derived form: the raw series are read once per evaluation, over the shortest window. Event SLIs
 * record its bad and total rates; every window is the ratio of their sums over the window (so events,
 * not evaluations, are weighted, as in Sloth's form). Gauge SLIs average the shortest window's SLI.
 */
function derivedRules(slo: Slo, evalMs: number, labels: (w: string) => Record<string, string>): Rule[] {
  const [baseMs, ...longer] = slo.sliWindows as [number, ...number[]];
  const base = formatDuration(baseMs);
  const range = (ms: number) => formatDuration(derivedRangeMs(ms, evalMs));
  const rec = (record: string, expr: Expr, w: string): Rule => ({ record, expr: render(expr), labels: labels(w) });
  const terms = eventTerms(slo, range(baseMs));
  if (!terms) {
    const ratio = sliSeries(slo, baseMs);
    return [
      rec(Records.sliError(base), errorRatio(slo, range(baseMs)), base),
      ...longer.map((ms) => rec(Records.sliError(ms), overTime('avg', ratio, range(ms)), formatDuration(ms))),
    ];
  }
  const bad = selector(Records.badEvents(base), idMatchers(slo));
  const total = selector(Records.totalEvents(base), idMatchers(slo));
  // A ratio SLI's error counter may not exist before the first error: 0 then, as in errorRatio.
  const badRate = slo.sli.kind === 'ratio' ? or(terms.bad, mul(num(0), terms.total)) : terms.bad;
  return [
    rec(Records.badEvents(base), badRate, base),
    rec(Records.totalEvents(base), terms.total, base),
    rec(Records.sliError(base), div(bad, total), base),
    ...longer.map((ms) => rec(Records.sliError(ms), div(overTime('sum', bad, range(ms)), overTime('sum', total, range(ms))), formatDuration(ms))),
  ];
}

export function metaGroup(slo: Slo): RuleGroup {
  const ids = { ...slo.recordLabels, ...idLabels(slo) };
  const budget = selector(Records.errorBudget, idMatchers(slo));
  const burn = (window: number | string) => render(div(sliSeries(slo, window), budget, ON_IDS));
  const rec = (record: string, expr: string, extra: Record<string, string> = {}) => ({ record, expr, labels: { ...ids, ...extra } });
  return {
    name: RuleGroups.metaRecordings(slo.id),
    rules: [
      rec(Records.objective, render(vector(slo.objectiveRatio))),
      rec(Records.errorBudget, render(vector(slo.errorBudget))),
      rec(Records.timePeriodDays, render(vector(slo.periodDays))),
      rec(Records.currentBurnRate, burn(slo.sliWindows[0]!)),
      rec(Records.periodBurnRate, burn(slo.period)),
      rec(Records.periodErrorBudgetRemaining, render(sub(num(1), selector(Records.periodBurnRate, idMatchers(slo))))),
      rec(Records.info, render(vector(1)), {
        [SlothLabels.mode]: SLOTH_MODE,
        [SlothLabels.spec]: SLOTH_SPEC,
        [SlothLabels.objective]: formatNumber(slo.objective),
      }),
    ],
  };
}
