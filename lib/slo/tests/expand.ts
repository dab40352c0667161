/** Expands the few template forms our annotations use, as Prometheus would for a given alert. */
import type { Rule } from '../rule';
import { TEMPLATE_OPEN } from '../../promql/format';
import { humanize, humanizePercentage } from './prometheus-math';

/** The template forms expandTemplate knows, in one pass: `{{ $value }}` with an optional humanize function, and `{{ $labels.x }}`. */
const TEMPLATE = /\{\{ (?:\$value(?: \| (humanizePercentage|humanize))?|\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)) \}\}/g;

export function expandTemplate(text: string, labels: Readonly<Record<string, string>>, value: number): string {
  // Most label values hold no template at all.
  if (!text.includes('{{')) return text;
  // A literal "{{" (templateLiteral) is printed as is; the text around it is expanded.
  if (text.includes(TEMPLATE_OPEN)) return text.split(TEMPLATE_OPEN).map((part) => expandTemplate(part, labels, value)).join('{{');
  const out = text.replace(TEMPLATE, (_, fn: string | undefined, label: string | undefined) =>
    label !== undefined ? labels[label] ?? '' : fn === 'humanizePercentage' ? humanizePercentage(value) : fn === 'humanize' ? humanize(value) : String(value));
  if (out.includes('{{')) throw new Error(`generated rule test cannot expand the template in "${text}"`);
  return out;
}

/** `exp_alerts` entry of a firing alert: every label and every annotation, expanded. */
export function expectedAlert(rule: Rule, seriesLabels: Readonly<Record<string, string>>, value: number) {
  // Rule labels are templates too (their values literal text, see templateLiteral).
  const labels: Record<string, string> = { ...seriesLabels };
  for (const [k, v] of Object.entries(rule.labels ?? {})) labels[k] = expandTemplate(v, seriesLabels, value);
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule.annotations ?? {})) annotations[k] = expandTemplate(v, labels, value);
  return { exp_labels: labels, exp_annotations: annotations };
}
