/** Sloth-compatible SLI and metadata recording rules of one SLO. */
import { Records, RuleGroups, SLOTH_MODE, SLOTH_SPEC, SlothLabels } from '../conventions';
import type { Slo } from '../model/slo';
import { formatDuration, formatNumber } from '../promql/format';
import { div, num, overTime, render, selector, sub, vector } from '../promql';
import { errorRatio, idLabels, idMatchers } from './sli';
import type { RuleGroup } from './rule';

const ON_IDS = { card: 'on' as const, labels: [SlothLabels.id, SlothLabels.slo, SlothLabels.service], group: 'group_left' as const };

/** `slo:sli_error:ratio_rate<W>{ids}` */
export const sliSeries = (slo: Slo, window: number | string) => selector(Records.sliError(window), idMatchers(slo));

/** One rule per alert window, plus the period rule averaged from the shortest window's rule. */
export function sliGroup(slo: Slo): RuleGroup {
  const windows = slo.sliWindows.map(formatDuration);
  const rules = windows.map((w) => ({
    record: Records.sliError(w),
    expr: render(errorRatio(slo, w)),
    labels: { ...slo.recordLabels, ...idLabels(slo), [SlothLabels.window]: w },
  }));
  const base = sliSeries(slo, windows[0]!);
  const periodExpr = div(overTime('sum', base, slo.period), overTime('count', base, slo.period), { card: 'ignoring', labels: [SlothLabels.window] });
  rules.push({ record: Records.sliError(slo.period), expr: render(periodExpr), labels: { ...slo.recordLabels, ...idLabels(slo), [SlothLabels.window]: slo.period } });
  return { name: RuleGroups.sliRecordings(slo.id), rules };
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

