/** Named time intervals: when a route may notify (active) or must stay quiet (mute window). */
import { checkIdentifier } from './names';
import type { Finding } from './secrets';

export interface TimeRange {
  /** `HH:MM`, inclusive. */
  readonly start: string;
  /** `HH:MM`, exclusive; `24:00` is the end of the day. */
  readonly end: string;
}

export interface TimePeriod {
  /**
   * Times of day.
   * @default the whole day
   */
  readonly times?: readonly TimeRange[];
  /**
   * Days or ranges, e.g. `'monday:friday'`, `'saturday'`.
   * @default every day of the week
   */
  readonly weekdays?: readonly string[];
  /**
   * Days of the month or ranges, e.g. `'1:7'`, `'-1'` (the last day).
   * @default every day of the month
   */
  readonly daysOfMonth?: readonly string[];
  /**
   * Months or ranges, by name or number, e.g. `'december'`, `'1:3'`.
   * @default every month
   */
  readonly months?: readonly string[];
  /**
   * Years or ranges, e.g. `'2026'`, `'2026:2027'`.
   * @default every year
   */
  readonly years?: readonly string[];
}

export interface TimeIntervalProps {
  /** Name in the Alertmanager config, shared by every route that uses the interval. */
  readonly name: string;
  /** The interval is the union of these periods. */
  readonly periods: readonly TimePeriod[];
  /**
   * IANA time zone the times are in (Alertmanager ≥ 0.25). AlertmanagerConfig v1alpha1 has no
   * such field: the operator output leaves it out, so there the times are UTC.
   * @default 'UTC'
   */
  readonly location?: string;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** `a` or `a:b`, where each side is valid and a ≤ b by `order` (undefined when the order is not comparable). */
function rangeOk(text: string, single: (s: string) => number | undefined, ordered = true): boolean {
  const parts = text.split(':');
  if (parts.length > 2) return false;
  const nums = parts.map((p) => single(p.trim().toLowerCase()));
  if (nums.some((n) => n === undefined)) return false;
  return !ordered || nums.length === 1 || nums[0]! <= nums[1]!;
}

const weekday = (s: string) => (WEEKDAYS.includes(s) ? WEEKDAYS.indexOf(s) : undefined);
const month = (s: string) => (MONTHS.includes(s) ? MONTHS.indexOf(s) + 1 : /^(1[0-2]|[1-9])$/.test(s) ? Number(s) : undefined);
const dayOfMonth = (s: string) => (/^-?\d{1,2}$/.test(s) && Math.abs(Number(s)) >= 1 && Math.abs(Number(s)) <= 31 ? Number(s) : undefined);
const year = (s: string) => (/^\d{4}$/.test(s) ? Number(s) : undefined);

export class TimeInterval {
  readonly name: string;
  readonly periods: readonly TimePeriod[];
  readonly location: string | undefined;

  constructor(props: TimeIntervalProps) {
    this.name = props.name;
    this.periods = props.periods.map((p) => ({ ...p }));
    this.location = props.location;
  }

  check(): Finding[] {
    const subject = `time interval "${this.name}"`;
    const out: Finding[] = [];
    const nameProblem = checkIdentifier(this.name);
    if (nameProblem) out.push({ subject: `${subject} name`, value: this.name, expected: nameProblem });
    if (this.periods.length === 0) out.push({ subject: `${subject} periods`, value: [], expected: 'at least one period' });
    this.periods.forEach((p, i) => {
      const at = `${subject} periods[${i}]`;
      for (const t of p.times ?? []) {
        if (!TIME.test(t.start) || !TIME.test(t.end) || t.start >= t.end) {
          out.push({ subject: `${at}.times`, value: `${t.start}-${t.end}`, expected: 'HH:MM start before HH:MM end (00:00 to 24:00)' });
        }
      }
      const lists: ReadonlyArray<readonly [string, readonly string[] | undefined, (s: string) => number | undefined, string, boolean]> = [
        ['weekdays', p.weekdays, weekday, 'day names or ranges such as "monday:friday"', true],
        ['daysOfMonth', p.daysOfMonth, dayOfMonth, 'days 1 to 31 (or -31 to -1 from the end) or ranges such as "1:7"', false],
        ['months', p.months, month, 'month names or numbers 1 to 12, or ranges such as "1:3"', true],
        ['years', p.years, year, 'four-digit years or ranges such as "2026:2027"', true],
      ];
      for (const [field, values, single, expected, ordered] of lists) {
        for (const v of values ?? []) if (!rangeOk(v, single, ordered)) out.push({ subject: `${at}.${field}`, value: v, expected });
      }
    });
    if (this.location !== undefined && !validTimeZone(this.location)) {
      out.push({ subject: `${subject} location`, value: this.location, expected: 'an IANA time zone such as "Europe/Berlin"' });
    }
    return out;
  }
}

function validTimeZone(tz: string): boolean {
  try {
    // Canonical spelling only: Go's time.LoadLocation is case-sensitive, Intl is not.
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone === tz;
  } catch {
    return false;
  }
}
