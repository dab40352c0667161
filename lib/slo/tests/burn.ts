/**
 * Generated proofs of each burn-rate alert: silent at an error ratio just below the tier's lowest
 * threshold, and firing for a total outage by the Workbook detection time plus one evaluation interval.
 */
import { SlothLabels, type SlothSeverity } from '../../conventions';
import { detectionSeconds } from '../../model/burn-rate';
import type { Slo } from '../../model/slo';
import { formatDuration } from '../../promql/format';
import type { Rule } from '../rule';
import { derivedRangeMs } from '../recordings';
import { idLabels } from '../sli';
import { expectedAlert } from './expand';
import { traffic, type Traffic } from './traffic';

/** The silent case runs at this share of the tier's lowest threshold. */
export const SILENT_SHARE = 0.9;
/** Healthy warm-ups write one counter sample per this many steps (avg_over_time SLIs stay dense: it weighs samples, not time). */
export const WARMUP_EVERY = 10;
/**
 * Longest healthy warm-up before the outage. promtool costs about 2 ms per evaluation of a service's
 * rules, so a 3-day window at 30 s would cost ~20 s per SLO; with one day the ticket tier's 3d pair
 * fires on an under-filled window and only its lowest threshold is pinned (by the steady cases).
 */
export const MAX_WARMUP_MS = 86_400_000;
/** The steady firing case runs at this share. */
export const FIRING_SHARE = 1.1;

export interface RuleTest {
  readonly name: string;
  readonly interval: string;
  readonly input_series: ReadonlyArray<{ series: string; values: string }>;
  readonly alert_rule_test: ReadonlyArray<{ eval_time: string; alertname: string; exp_alerts: readonly unknown[] }>;
}

/** Events per sample step: plenty, and enough that a low-traffic guard passes even on a long window that is barely filled. */
export function eventsPerStep(slo: Slo, stepMs: number): number {
  const guard = slo.minEventsPerSecond ?? 0;
  return Math.max(1000, Math.ceil(guard * (stepMs / 1000) * 1000));
}

/**
 * Time by which a total outage must have fired the tier: fastest window's detection + one evaluation
 * interval (no `for`); the derived form adds its shortest window, whose records reach 1 only that long
 * after the outage starts.
 */
export function outageDeadlineMs(slo: Slo, severity: SlothSeverity, evalMs: number): number {
  const fastest = Math.min(...slo.tier(severity).map((w) => detectionSeconds(slo.errorBudget, 1, w.longMs, w.factor)));
  return fastest * 1000 + evalMs + (slo.ruleForm === 'derived' ? slo.sliWindows[0]! : 0);
}

/** `slo:sli_error:ratio_rate<window>` at `atMs` as the SLO's rule form records it from these samples. */
export function sliAt(slo: Slo, t: Traffic, windowMs: number, atMs: number, evalMs: number): number | undefined {
  if (slo.ruleForm !== 'derived') return t.ratio(windowMs, atMs);
  const baseMs = slo.sliWindows[0]!;
  const base = derivedRangeMs(baseMs, evalMs);
  return windowMs === baseMs ? t.ratio(base, atMs) : t.derived?.(base, derivedRangeMs(windowMs, evalMs), atMs);
}

/** Every burn-rate alert of the SLO that Prometheus will show at `atMs`, with its `$value`: the short ratio of the first firing pair. */
function expectedBurnAlerts(slo: Slo, rules: ReadonlyMap<SlothSeverity, Rule>, t: Traffic, atMs: number, evalMs: number) {
  const out = [];
  const sli = (windowMs: number) => sliAt(slo, t, windowMs, atMs, evalMs);
  for (const [severity, rule] of rules) {
    const busy = (longMs: number) => slo.minEventsPerSecond === undefined || (t.events?.(longMs, atMs) ?? 0) >= slo.minEventsPerSecond;
    const hit = slo.tier(severity).find((w) => (sli(w.shortMs) ?? 0) > w.threshold && (sli(w.longMs) ?? 0) > w.threshold && busy(w.longMs));
    if (hit) out.push(expectedAlert(rule, { ...slo.recordLabels, ...idLabels(slo), ...t.groupLabels }, sli(hit.shortMs)!));
  }
  return out;
}

/**
 * Per tier: steady error ratios just below and just above the tier's lowest threshold (the factor is
 * right to within the margin). The expected alerts at each check come from simulating Prometheus on
 * the same samples, so the other tier's alert is expected exactly when it fires too.
 */
export function steadyTests(slo: Slo, severity: SlothSeverity, rules: ReadonlyMap<SlothSeverity, Rule>, stepMs: number): RuleTest[] {
  const alertname = slo.alertName;
  const lowest = Math.min(...slo.tier(severity).map((w) => w.threshold));
  // In a steady state every window sees the same ratio, so one check after the shortest window suffices.
  const steadyAt = Math.ceil(Math.min(...slo.windows.map((w) => w.shortMs)) / stepMs) * stepMs + 2 * stepMs;
  const tests: RuleTest[] = [];
  for (const [label, share] of [['silent', SILENT_SHARE], ['firing', FIRING_SHARE]] as const) {
    const t = traffic(slo, [{ errorRatio: Math.min(1, lowest * share), steps: steadyAt / stepMs }], stepMs, eventsPerStep(slo, stepMs));
    if (!t) return [];
    tests.push({
      name: `${alertname} ${severity}: ${label} at ${share} × the tier's lowest threshold`,
      interval: formatDuration(stepMs),
      input_series: t.inputs,
      alert_rule_test: [{ eval_time: formatDuration(steadyAt), alertname, exp_alerts: expectedBurnAlerts(slo, rules, t, steadyAt, stepMs) }],
    });
  }
  return tests;
}

/**
 * One total outage after a healthy warm-up that fills the longest long window (capped at
 * MAX_WARMUP_MS), checked at the outage start and at each tier's deadline (Workbook detection time +
 * one evaluation interval). A filled window keeps slower pairs from firing early, so the deadline
 * pins the fastest pair's factor; the steady cases pin the lowest-threshold pair.
 */
export function outageTest(slo: Slo, rules: ReadonlyMap<SlothSeverity, Rule>, stepMs: number): RuleTest | undefined {
  const alertname = slo.alertName;
  const tiers = [...rules.keys()];
  const longest = Math.max(...tiers.flatMap((sev) => slo.tier(sev).map((w) => w.longMs)));
  const fill = Math.ceil(Math.min(longest, MAX_WARMUP_MS) / stepMs);
  const t0 = fill * stepMs;
  const checks = [...new Set([t0, ...tiers.map((sev) => Math.floor((t0 + outageDeadlineMs(slo, sev, stepMs)) / stepMs) * stepMs)])].sort((x, y) => x - y);
  // Counters are written every WARMUP_EVERY steps while healthy: promtool's cost grows with samples scanned.
  // The derived form records the shortest window at every evaluation, so its warm-up must be dense.
  const derived = slo.ruleForm === 'derived';
  const every = slo.sli.kind === 'bool-gauge' || derived ? 1 : WARMUP_EVERY;
  const end = checks[checks.length - 1]!;
  // No gauge sample where a checked range starts, so promtool 2 (closed ranges) and 3 (left-open) agree.
  const starts = checks.flatMap((t) => tiers.flatMap((sev) => slo.tier(sev).flatMap((w) => [t - w.shortMs, t - w.longMs])));
  // The derived form's ranges never start on a sample (derivedRangeMs): no gaps needed.
  const gaps = new Set(derived ? [] : starts.filter((t) => t > 0 && t % stepMs === 0).map((t) => t / stepMs));
  const phases = [{ errorRatio: 0, steps: fill, every }, { errorRatio: 1, steps: (end - t0) / stepMs }];
  const outage = traffic(slo, phases, stepMs, eventsPerStep(slo, stepMs), gaps);
  if (!outage) return undefined;
  return {
    name: `${alertname}: a total outage after a healthy ${formatDuration(t0)} fires each tier within its detection time plus one evaluation interval`,
    interval: formatDuration(stepMs),
    input_series: outage.inputs,
    alert_rule_test: checks.map((t) => ({ eval_time: formatDuration(t), alertname, exp_alerts: expectedBurnAlerts(slo, rules, outage, t, stepMs) })),
  };
}

/** The burn rule of a tier in a rendered group. */
export const isTier = (rule: Rule, severity: SlothSeverity) => rule.labels?.[SlothLabels.severity] === severity;
