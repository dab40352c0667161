/**
 * When a burn-rate tier fires and resets, from the Workbook formulas: for the catalogue's detection
 * times and the sandbox's predictions. A window longer than the data Prometheus holds (backfilled
 * history) only averages over that data, so it is capped there.
 */
import type { SlothSeverity } from '../conventions';
import { detectionSeconds } from './burn-rate';
import type { BurnRateWindow, Slo } from './slo';

/** Seconds until one row fires: both its windows are over the threshold. Infinity when never. */
export function rowDetectionSeconds(slo: Slo, w: BurnRateWindow, errorRatio: number, historyMs = Infinity): number {
  const within = (ms: number) => Math.min(ms, historyMs);
  return Math.max(
    detectionSeconds(slo.errorBudget, errorRatio, within(w.longMs), w.factor),
    detectionSeconds(slo.errorBudget, errorRatio, within(w.shortMs), w.factor),
  );
}

/** Seconds from the start of a constant error ratio until the tier's alert fires (its first row); Infinity when never. */
export function tierDetectionSeconds(slo: Slo, severity: SlothSeverity, errorRatio: number, historyMs = Infinity): number {
  return Math.min(...slo.tier(severity).map((w) => rowDetectionSeconds(slo, w, errorRatio, historyMs)));
}

/**
 * Seconds after a burn of `burnSeconds` at `errorRatio` stops until the tier's alert resets: each
 * row that fired clears once its short window holds less than the threshold's worth of errors.
 */
export function tierResetSeconds(slo: Slo, severity: SlothSeverity, burnSeconds: number, historyMs: number, errorRatio = 1): number {
  const fired = slo.tier(severity).filter((w) => burnSeconds > rowDetectionSeconds(slo, w, errorRatio, historyMs));
  return Math.max(0, ...fired.map((w) => w.shortMs / 1000 - (w.threshold / errorRatio) * (w.shortMs / 1000)));
}
