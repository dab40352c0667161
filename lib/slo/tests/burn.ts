/**
 * Generated proofs of each burn-rate alert: silent at an error ratio just below the tier's lowest
 * threshold, and firing for a total outage by the Workbook detection time plus one evaluation interval.
 */
import { Alerts, SlothLabels, type SlothSeverity } from '../../conventions';
import { detectionSeconds } from '../../model/burn-rate';
import type { Slo } from '../../model/slo';
import { formatDuration } from '../../promql/format';
import type { Rule } from '../rule';
import { idLabels } from '../sli';
import { expectedAlert } from './expand';
import { traffic, type Traffic } from './traffic';

/** The silent case runs at this share of the tier's lowest threshold. */
export const SILENT_SHARE = 0.9;
/** The steady firing case runs at this share. */
export const FIRING_SHARE = 1.1;

export interface RuleTest {
  readonly name: string;
  readonly interval: string;
  readonly input_series: ReadonlyArray<{ series: string; values: string }>;
  readonly alert_rule_test: ReadonlyArray<{ eval_time: string; alertname: string; exp_alerts: readonly unknown[] }>;
}

/** Events per sample step: plenty, and at least 10× any low-traffic guard. */
export function eventsPerStep(slo: Slo, stepMs: number): number {
  const guard = slo.minEventsPerSecond ?? 0;
  return Math.max(1000, Math.ceil(guard * (stepMs / 1000) * 10));
}

/** Time by which a total outage must have fired the tier: fastest window's detection + one evaluation interval (no `for`). */
export function outageDeadlineMs(slo: Slo, severity: SlothSeverity, evalMs: number): number {
  const fastest = Math.min(...slo.tier(severity).map((w) => detectionSeconds(slo.errorBudget, 1, w.longMs, w.factor)));
  return fastest * 1000 + evalMs;
}

/** Every burn-rate alert of the SLO that Prometheus will show at `atMs`, with its `$value`: the short ratio of the first firing pair. */
function expectedBurnAlerts(slo: Slo, rules: ReadonlyMap<SlothSeverity, Rule>, t: Traffic, atMs: number) {
  const out = [];
  for (const [severity, rule] of rules) {
    const hit = slo.tier(severity).find((w) => (t.ratio(w.shortMs, atMs) ?? 0) > w.threshold && (t.ratio(w.longMs, atMs) ?? 0) > w.threshold);
    if (hit) out.push(expectedAlert(rule, { ...idLabels(slo), ...t.groupLabels }, t.ratio(hit.shortMs, atMs)!));
  }
  return out;
}

/**
 * Per tier: steady error ratios just below and just above the tier's lowest threshold (the factor is
 * right to within the margin), and a total outage after a healthy fastest long window (detection time).
 * The expected alerts at each check come from simulating Prometheus on the same samples.
 */
export function burnTests(slo: Slo, severity: SlothSeverity, rules: ReadonlyMap<SlothSeverity, Rule>, stepMs: number): RuleTest[] {
  const windows = slo.tier(severity);
  const alertname = Alerts.sloBurn(slo.service.name, slo.name);
  const interval = formatDuration(stepMs);
  const perStep = eventsPerStep(slo, stepMs);
  const lowest = Math.min(...windows.map((w) => w.threshold));
  // In a steady state every window sees the same ratio, so one check after the shortest window suffices.
  const steadyAt = Math.ceil(Math.min(...slo.windows.map((w) => w.shortMs)) / stepMs) * stepMs + 2 * stepMs;
  const tests: RuleTest[] = [];
  for (const [label, share] of [['silent', SILENT_SHARE], ['firing', FIRING_SHARE]] as const) {
    const t = traffic(slo, [{ errorRatio: Math.min(1, lowest * share), steps: steadyAt / stepMs }], stepMs, perStep);
    if (!t) return [];
    tests.push({
      name: `${alertname} ${severity}: ${label} at ${share} × the tier's lowest threshold`,
      interval,
      input_series: t.inputs,
      alert_rule_test: [{ eval_time: formatDuration(steadyAt), alertname, exp_alerts: expectedBurnAlerts(slo, rules, t, steadyAt) }],
    });
  }
  const fastest = windows.reduce((a, w) => (w.factor * w.longMs < a.factor * a.longMs ? w : a));
  const fill = Math.ceil(fastest.longMs / stepMs);
  const t0 = fill * stepMs;
  const evalAt = Math.floor((t0 + outageDeadlineMs(slo, severity, stepMs)) / stepMs) * stepMs;
  const outage = traffic(slo, [{ errorRatio: 0, steps: fill }, { errorRatio: 1, steps: (evalAt - t0) / stepMs }], stepMs, perStep)!;
  tests.push({
    name: `${alertname} ${severity}: a total outage after a healthy ${fastest.longWindow} fires within the detection time plus one evaluation interval`,
    interval,
    input_series: outage.inputs,
    alert_rule_test: [
      { eval_time: formatDuration(t0), alertname, exp_alerts: expectedBurnAlerts(slo, rules, outage, t0) },
      { eval_time: formatDuration(evalAt), alertname, exp_alerts: expectedBurnAlerts(slo, rules, outage, evalAt) },
    ],
  });
  return tests;
}

/** The burn rule of a tier in a rendered group. */
export const isTier = (rule: Rule, severity: SlothSeverity) => rule.labels?.[SlothLabels.severity] === severity;
