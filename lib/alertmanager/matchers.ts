/** Alertmanager matchers, in the two spellings the outputs need, and their meaning (for expected receivers). */
import { quote, type Matcher } from '../promql';

/** `label="value"`: the `matchers` string syntax, values always quoted (REFERENCE 5.1). */
export const matcherText = (m: Matcher): string => `${m.label}${m.op}${quote(m.value)}`;

/** The AlertmanagerConfig v1alpha1 Matcher object. */
export const matcherObject = (m: Matcher): { name: string; value: string; matchType: string } => ({ name: m.label, value: m.value, matchType: m.op });

/** Whether an alert with these labels matches; regexes are anchored as in Alertmanager, a missing label is "". */
export function matches(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[m.label] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(v);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(v);
  }
}
