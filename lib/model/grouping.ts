/**
 * `group_by` and custom inhibit rules, checked against the labels generated alerts actually carry:
 * the label contract, the platform's external labels and the labels users declare on services and SLOs.
 */
import { ALERTNAME, Labels, SlothLabels } from '../conventions';
import type { Matcher } from '../promql/expr';
import type { Catalog } from './catalog';
import { compiles } from './regex';
import type { Finding } from './secrets';

/** An inhibition: while an alert matching `source` fires, alerts matching `target` with equal `equal` labels are muted. */
export interface InhibitRuleProps {
  /** All must match the muting alert; build them with `eq`, `neq`, `re`, `nre` from lib/promql. */
  readonly source: readonly Matcher[];
  /** All must match the muted alert. */
  readonly target: readonly Matcher[];
  /**
   * Labels whose values must be the same on both alerts.
   * @default [] (any source alert mutes every target alert)
   */
  readonly equal?: readonly string[];
}

/** Alertmanager's "group by every label". */
export const GROUP_BY_ALL = '...';

/** Labels of the contract (DESIGN.md) that generated alerts carry, in the order messages list them. */
const CONTRACT: readonly string[] = [
  ALERTNAME, Labels.service, Labels.team, Labels.severity, Labels.namespace, Labels.tier, Labels.slo, Labels.symptom, SlothLabels.severity, SlothLabels.id,
];

const cache = new WeakMap<Catalog, readonly string[]>();

/** Every label a generated alert may carry: contract, external labels (Prometheus adds them to alerts), user labels. */
export function alertLabelNames(catalog: Catalog): readonly string[] {
  let names = cache.get(catalog);
  if (!names) {
    const user = new Set<string>(Object.keys(catalog.settings.externalLabels));
    for (const s of catalog.services) {
      for (const k of Object.keys(s.labels)) user.add(k);
      for (const slo of s.slos) {
        for (const k of Object.keys(slo.recordLabels)) user.add(k);
        for (const tier of ['page', 'ticket'] as const) for (const k of Object.keys(slo.alertTier(tier).labels)) user.add(k);
      }
    }
    names = [...CONTRACT, ...[...user].filter((k) => !CONTRACT.includes(k)).sort()];
    cache.set(catalog, names);
  }
  return names;
}

const carried = (known: readonly string[]) =>
  `a label generated alerts carry: one of the label contract, the external labels or the labels declared on services and SLOs (${known.map((k) => JSON.stringify(k)).join(', ')})`;

/** Checks a `groupBy` list: known labels, each once, or `['...']` alone. */
export function checkGroupBy(subject: string, groupBy: readonly string[], known: readonly string[]): Finding[] {
  if (!Array.isArray(groupBy) || groupBy.length === 0) return [{ subject, value: groupBy, expected: `at least one label, or ["${GROUP_BY_ALL}"] to group by every label` }];
  if (groupBy.includes(GROUP_BY_ALL)) {
    return groupBy.length === 1 ? [] : [{ subject, value: groupBy, expected: `"${GROUP_BY_ALL}" alone: it already groups by every label` }];
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const label of groupBy) {
    if (!known.includes(label)) out.push({ subject: `${subject} label`, value: label, expected: carried(known) });
    else if (seen.has(label)) out.push({ subject: `${subject} label`, value: label, expected: 'each label once' });
    seen.add(label);
  }
  return out;
}

/** Checks one inhibit rule: both sides match something, on labels alerts carry, with valid regexes. */
export function checkInhibitRule(subject: string, rule: InhibitRuleProps, known: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const side of ['source', 'target'] as const) {
    const matchers = rule[side] ?? [];
    if (matchers.length === 0) out.push({ subject: `${subject}.${side}`, value: [], expected: `at least one matcher (an empty ${side} matches every alert)` });
    for (const m of matchers) {
      if (!known.includes(m.label)) out.push({ subject: `${subject}.${side} label`, value: m.label, expected: carried(known) });
      if ((m.op === '=~' || m.op === '!~') && !compiles(m.value)) out.push({ subject: `${subject}.${side} ${m.label}`, value: m.value, expected: 'a valid regular expression' });
    }
  }
  const seen = new Set<string>();
  for (const label of rule.equal ?? []) {
    if (!known.includes(label)) out.push({ subject: `${subject}.equal label`, value: label, expected: carried(known) });
    else if (seen.has(label)) out.push({ subject: `${subject}.equal label`, value: label, expected: 'each label once' });
    seen.add(label);
  }
  return out;
}
