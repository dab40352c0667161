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

export const isSeverity = (value: unknown): value is Severity => SEVERITIES.includes(value as Severity);
