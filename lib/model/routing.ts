/** Who gets which severity: a team's mapping, overridable per service. */
import type { Severity } from '../conventions';
import type { Finding } from './secrets';
import type { TimeInterval } from './time-intervals';

export interface SeverityRoute {
  /** Keys of the owning team's receivers; all of them are notified, in this order. */
  readonly receivers: readonly string[];
  /**
   * Notify only during these intervals (e.g. tickets in business hours).
   * @default always
   */
  readonly activeDuring?: readonly TimeInterval[];
  /**
   * Never notify during these intervals (mute windows).
   * @default never muted
   */
  readonly mutedDuring?: readonly TimeInterval[];
}

/** Severity → route; a severity left out goes to the team's default receiver. */
export type SeverityRouting = Readonly<Partial<Record<Severity, SeverityRoute>>>;

const SEVERITY_NAMES: readonly string[] = ['critical', 'warning', 'info'];

/** Checks a routing, and the time intervals it uses, against the receiver keys it may name. */
export function checkRouting(subject: string, routing: SeverityRouting, receiverKeys: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const known = receiverKeys.length ? receiverKeys.map((k) => JSON.stringify(k)).join(', ') : 'none: the team declares no receivers';
  for (const [severity, route] of Object.entries(routing)) {
    const at = `${subject}.${severity}`;
    if (!SEVERITY_NAMES.includes(severity)) {
      out.push({ subject: `${subject} severity`, value: severity, expected: 'critical, warning or info' });
      continue;
    }
    const receivers = route?.receivers ?? [];
    if (receivers.length === 0) out.push({ subject: `${at}.receivers`, value: [], expected: 'at least one receiver key' });
    const seen = new Set<string>();
    for (const key of receivers) {
      if (!receiverKeys.includes(key)) out.push({ subject: `${at}.receivers`, value: key, expected: `one of the team's receivers (${known})` });
      else if (seen.has(key)) out.push({ subject: `${at}.receivers`, value: key, expected: 'each receiver once' });
      seen.add(key);
    }
  }
  for (const interval of intervalsOf(routing)) out.push(...interval.check());
  return out;
}

/** Every time interval a routing uses, each once. */
export function intervalsOf(routing: SeverityRouting): TimeInterval[] {
  return [...new Set(Object.values(routing).flatMap((r) => [...(r?.activeDuring ?? []), ...(r?.mutedDuring ?? [])]))];
}
