/** Multiwindow multi-burn-rate alerts of one SLO, plus its optional absent and budget-exhausted alerts. */
import { Alerts, Labels, Records, RuleGroups, SlothLabels, TIER_SEVERITY, type SlothSeverity } from '../conventions';
import type { BurnRateWindow, Slo } from '../model/slo';
import type { Settings } from '../model/settings';
import { formatDuration, formatNumber } from '../promql/format';
import { absent, and, gt, gte, lte, maxWithout, mul, num, or, paren, rate, render, selector, type Expr } from '../promql';
import { sliSeries } from './recordings';
import { alertRule, type Rule, type RuleGroup } from './rule';
import { eventsSelector, idMatchers, sumBy } from './sli';

const pct = (ratio: number) => `${formatNumber(ratio * 100)}%`;

/** Static labels of every alert of an SLO: the tier's user labels, then the contract's. */
function sloLabels(slo: Slo, severity: SlothSeverity): Record<string, string> {
  return { ...slo.alertTier(severity).labels, [Labels.slo]: slo.name, [SlothLabels.id]: slo.id, [SlothLabels.severity]: severity };
}

/** The SLO's annotations, then the tier's. */
const sloAnnotations = (slo: Slo, severity: SlothSeverity) => ({ ...slo.annotations, ...slo.alertTier(severity).annotations });

/** `max without (sloth_window) (slo:sli_error:ratio_rate<W>{ids} > (factor * budget))` */
const above = (slo: Slo, windowMs: number, w: BurnRateWindow): Expr =>
  maxWithout([SlothLabels.window], gt(sliSeries(slo, windowMs), paren(mul(num(w.factor), num(slo.errorBudget)))));

/** Short AND long window over the threshold, and enough traffic when a guard is set. */
function pair(slo: Slo, w: BurnRateWindow): Expr {
  const both = and(above(slo, w.shortMs, w), above(slo, w.longMs, w));
  const events = eventsSelector(slo);
  if (slo.minEventsPerSecond === undefined || !events) return both;
  const traffic = gte(sumBy(slo, rate(events, formatDuration(w.longMs))), num(slo.minEventsPerSecond));
  return and(both, paren(traffic), { card: 'on', labels: slo.groupBy });
}

/** The burn-rate alert expression of one tier: its window pairs OR-ed. */
export function burnExpr(slo: Slo, severity: SlothSeverity): Expr | undefined {
  const pairs = slo.tier(severity).map((w) => pair(slo, w));
  return pairs.length ? pairs.reduce((acc, p) => or(acc, p)) : undefined;
}

function burnRule(settings: Settings, slo: Slo, severity: SlothSeverity): Rule | undefined {
  const expr = burnExpr(slo, severity);
  if (!expr) return undefined;
  const service = slo.service;
  const tiers = slo.tier(severity).map((w) => `${formatNumber(w.factor)}× over ${w.longWindow} and ${w.shortWindow}`).join(', or ');
  return alertRule(settings, service, {
    name: slo.alertName,
    expr: render(expr),
    severity: TIER_SEVERITY[severity],
    labels: sloLabels(slo, severity),
    annotations: sloAnnotations(slo, severity),
    labelsFromSeries: true,
    summary: severity === 'page'
      ? `The ${slo.name} SLO of ${service.name} is burning its error budget too fast.`
      : `The ${slo.name} SLO of ${service.name} is burning its error budget faster than the period allows.`,
    description:
      `Error ratio {{ $value | humanizePercentage }} over the short window. The ${pct(slo.objectiveRatio)} objective over ${slo.period} ` +
      `leaves an error budget of ${pct(slo.errorBudget)}; this ${severity} alert fires when the budget burns faster than ${tiers}.`,
  });
}

/** Seconds a total outage needs to trip the fastest enabled window (Pyrra's absent-alert `for`). */
export function fastestDetectionSeconds(slo: Slo): number {
  const windows = slo.alertWindows.length ? slo.alertWindows : slo.windows;
  return Math.min(...windows.map((w) => w.factor * slo.errorBudget * (w.longMs / 1000)));
}

function absentRule(settings: Settings, slo: Slo): Rule | undefined {
  const events = eventsSelector(slo);
  if (!slo.absentAlert || !events) return undefined;
  const minutes = Math.max(1, Math.ceil(fastestDetectionSeconds(slo) / 60));
  return alertRule(settings, slo.service, {
    name: Alerts.sloMetricAbsent(slo.service.name, slo.name),
    expr: render(absent(events)),
    for: formatDuration(minutes * 60_000),
    severity: TIER_SEVERITY.ticket,
    // absent() keeps no labels but its matchers', so the SLO's labels are set here.
    labels: { ...slo.recordLabels, ...sloLabels(slo, 'ticket') },
    annotations: sloAnnotations(slo, 'ticket'),
    summary: `The metric of the ${slo.name} SLO of ${slo.service.name} is absent, so the SLO cannot be evaluated.`,
    description: `No series match ${render(events)} (absent() = {{ $value }}) for ${minutes}m, the time a total outage needs to trip the fastest burn-rate alert.`,
  });
}

function exhaustedRule(settings: Settings, slo: Slo): Rule | undefined {
  if (!slo.budgetExhaustedAlert) return undefined;
  return alertRule(settings, slo.service, {
    name: Alerts.sloBudgetExhausted(slo.service.name, slo.name),
    expr: render(lte(selector(Records.periodErrorBudgetRemaining, idMatchers(slo)), num(0))),
    for: '5m',
    severity: TIER_SEVERITY.ticket,
    labels: sloLabels(slo, 'ticket'),
    annotations: sloAnnotations(slo, 'ticket'),
    labelsFromSeries: true,
    summary: `The ${slo.name} SLO of ${slo.service.name} has used up its error budget.`,
    description: `{{ $value | humanizePercentage }} of the ${slo.period} error budget remains (objective ${pct(slo.objectiveRatio)}).`,
  });
}

export function alertGroup(settings: Settings, slo: Slo): RuleGroup | undefined {
  const rules = [
    slo.page ? burnRule(settings, slo, 'page') : undefined,
    slo.ticket ? burnRule(settings, slo, 'ticket') : undefined,
    absentRule(settings, slo),
    exhaustedRule(settings, slo),
  ].filter((r): r is Rule => r !== undefined);
  return rules.length ? { name: RuleGroups.alerts(slo.id), rules } : undefined;
}

