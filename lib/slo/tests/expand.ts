/** Expands the few template forms our annotations use, as Prometheus would for a given alert. */
import type { Rule } from '../rule';
import { TEMPLATE_OPEN } from '../../promql/format';
import { humanize, humanizePercentage } from './prometheus-math';

export function expandTemplate(text: string, labels: Readonly<Record<string, string>>, value: number): string {
  // A literal "{{" (templateLiteral) is printed as is; the text around it is expanded.
  if (text.includes(TEMPLATE_OPEN)) return text.split(TEMPLATE_OPEN).map((part) => expandTemplate(part, labels, value)).join('{{');
  const out = text
    .replace(/\{\{ \$value \| humanizePercentage \}\}/g, () => humanizePercentage(value))
    .replace(/\{\{ \$value \| humanize \}\}/g, () => humanize(value))
    .replace(/\{\{ \$value \}\}/g, () => String(value))
    .replace(/\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g, (_, l: string) => labels[l] ?? '');
  if (out.includes('{{')) throw new Error(`generated rule test cannot expand the template in "${text}"`);
  return out;
}

/** `exp_alerts` entry of a firing alert: every label and every annotation, expanded. */
export function expectedAlert(rule: Rule, seriesLabels: Readonly<Record<string, string>>, value: number) {
  // Rule labels are templates too (their values literal text, see templateLiteral).
  const labels = { ...seriesLabels, ...Object.fromEntries(Object.entries(rule.labels ?? {}).map(([k, v]) => [k, expandTemplate(v, seriesLabels, value)])) };
  const annotations = Object.fromEntries(Object.entries(rule.annotations ?? {}).map(([k, v]) => [k, expandTemplate(v, labels, value)]));
  return { exp_labels: labels, exp_annotations: annotations };
}
