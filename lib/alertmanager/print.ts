/** Prints the neutral tree (tree.ts) as plain Alertmanager YAML objects or AlertmanagerConfig v1alpha1 objects. */
import type { TimeInterval, TimePeriod } from '../model/time-intervals';
import { matcherObject, matcherText } from './matchers';
import type { InhibitRule, RouteNode } from './tree';

type Obj = Record<string, unknown>;
type Style = 'plain' | 'operator';

const KEYS = {
  plain: { groupBy: 'group_by', groupWait: 'group_wait', groupInterval: 'group_interval', repeatInterval: 'repeat_interval', active: 'active_time_intervals', mute: 'mute_time_intervals' },
  operator: { groupBy: 'groupBy', groupWait: 'groupWait', groupInterval: 'groupInterval', repeatInterval: 'repeatInterval', active: 'activeTimeIntervals', mute: 'muteTimeIntervals' },
} as const;

export function printRoute(node: RouteNode, style: Style): Obj {
  const k = KEYS[style];
  const out: Obj = {};
  if (node.receiver !== undefined) out.receiver = node.receiver;
  if (node.groupBy) out[k.groupBy] = [...node.groupBy];
  if (node.matchers.length) out.matchers = node.matchers.map((m) => (style === 'plain' ? matcherText(m) : matcherObject(m)));
  if (node.continue) out.continue = true;
  if (node.timings) {
    out[k.groupWait] = node.timings.groupWait;
    out[k.groupInterval] = node.timings.groupInterval;
    out[k.repeatInterval] = node.timings.repeatInterval;
  }
  if (node.activeTimeIntervals?.length) out[k.active] = [...node.activeTimeIntervals];
  if (node.muteTimeIntervals?.length) out[k.mute] = [...node.muteTimeIntervals];
  if (node.routes?.length) out.routes = node.routes.map((r) => printRoute(r, style));
  return out;
}

export function printInhibitRule(rule: InhibitRule, style: Style): Obj {
  return style === 'plain'
    ? { source_matchers: rule.source.map(matcherText), target_matchers: rule.target.map(matcherText), equal: [...rule.equal] }
    : { sourceMatch: rule.source.map(matcherObject), targetMatch: rule.target.map(matcherObject), equal: [...rule.equal] };
}

/** Plain strings: the YAML emitter (lib/output/yaml.ts) quotes `07:00` or `1:28`, base-60 numbers to YAML 1.1 readers. */
function plainPeriod(p: TimePeriod, location: string | undefined): Obj {
  const out: Obj = {};
  if (p.times?.length) out.times = p.times.map((t) => ({ start_time: t.start, end_time: t.end }));
  if (p.weekdays?.length) out.weekdays = [...p.weekdays];
  if (p.daysOfMonth?.length) out.days_of_month = [...p.daysOfMonth];
  if (p.months?.length) out.months = [...p.months];
  if (p.years?.length) out.years = [...p.years];
  if (location !== undefined) out.location = location;
  return out;
}

/** v1alpha1 days of month are `{start, end}` numbers; it has no `location` (times are UTC there). */
function operatorPeriod(p: TimePeriod): Obj {
  const out: Obj = {};
  if (p.times?.length) out.times = p.times.map((t) => ({ startTime: t.start, endTime: t.end }));
  if (p.weekdays?.length) out.weekdays = [...p.weekdays];
  if (p.daysOfMonth?.length) {
    out.daysOfMonth = p.daysOfMonth.map((d) => {
      const [start, end = start] = d.split(':').map((x) => Number(x.trim()));
      return { start, end };
    });
  }
  if (p.months?.length) out.months = [...p.months];
  if (p.years?.length) out.years = [...p.years];
  return out;
}

export function printInterval(interval: TimeInterval, style: Style): Obj {
  return style === 'plain'
    ? { name: interval.name, time_intervals: interval.periods.map((p) => plainPeriod(p, interval.location)) }
    : { name: interval.name, timeIntervals: interval.periods.map(operatorPeriod) };
}
