/**
 * Runtime checks of the string unions in props: synthesis runs through tsx without type checks, so
 * `severity: 'page'` would otherwise reach the output and route nowhere.
 */
import { SEVERITIES, type Severity } from '../conventions';
import { show } from './problems';

/** What was expected when `value` is not one of `allowed`; undefined when it is. */
export function checkOneOf(value: unknown, allowed: readonly unknown[]): string | undefined {
  return allowed.includes(value) ? undefined : `one of ${allowed.map(show).join(', ')}`;
}

/**
 * A warning when a percentage looks like a ratio (0.05 for 5 %); undefined otherwise. A value in (0, 1) is
 * a valid percentage, just almost never the one meant.
 */
export function ratioForPercent(field: string, value: unknown): string | undefined {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) return undefined;
  const meant = Number((value * 100).toPrecision(12));
  return `${field}: ${value} is read as a percentage (${value} %), not a ratio; did you mean ${meant}?`;
}

export const isSeverity = (value: unknown): value is Severity => SEVERITIES.includes(value as Severity);
