/** Multiwindow multi-burn-rate math of the SRE Workbook (ch. 5), shared by validation, rules and tests. */
import type { SlothSeverity } from '../conventions';
import { formatNumber } from '../promql/format';

const HOUR_MS = 3600_000;

/** One row of the window table: a long/short window pair and the budget share it may burn before alerting. */
export interface BurnRateWindowProps {
  /** Which alert the pair belongs to. */
  readonly severity: SlothSeverity;
  /** Short window (reset time), e.g. '5m'. */
  readonly shortWindow: string;
  /** Long window (precision), e.g. '1h'. */
  readonly longWindow: string;
  /** Share of the period's error budget, in percent, consumed over the long window when the alert fires. */
  readonly budgetPercent: number;
}

/** Workbook table 5-8 plus the ticket-quick pair (Sloth's google-30d / google-28d). */
export const DEFAULT_WINDOWS: readonly BurnRateWindowProps[] = [
  { severity: 'page', shortWindow: '5m', longWindow: '1h', budgetPercent: 2 },
  { severity: 'page', shortWindow: '30m', longWindow: '6h', budgetPercent: 5 },
  { severity: 'ticket', shortWindow: '2h', longWindow: '1d', budgetPercent: 10 },
  { severity: 'ticket', shortWindow: '6h', longWindow: '3d', budgetPercent: 10 },
];

/** Rounds away float noise (12 significant digits), so 28d factors are 5.6, not 5.6000000000000005. */
export const exact = (x: number): number => Number(formatNumber(x));

/** `factor = budget share × period ÷ long window` (Sloth's getBurnRateFactor). */
export function burnRateFactor(budgetPercent: number, periodMs: number, longWindowMs: number): number {
  return exact(((budgetPercent / 100) * (periodMs / HOUR_MS)) / (longWindowMs / HOUR_MS));
}

/**
 * Seconds until a burn-rate alert fires for a constant error ratio starting at t=0:
 * `(1 − SLO) / errorRatio × long window × factor`. Infinite when the ratio never reaches the threshold.
 */
export function detectionSeconds(errorBudget: number, errorRatio: number, longWindowMs: number, factor: number): number {
  if (errorRatio <= factor * errorBudget) return Infinity;
  return (errorBudget / errorRatio) * (longWindowMs / 1000) * factor;
}

/** Lowest objective (percent) at which a tier with this factor can still fire: `1 − 1/factor`. */
export function lowestFiringObjective(factor: number): number {
  return exact(100 * (1 - 1 / factor));
}
