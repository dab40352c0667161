/** Labels and annotations users add to SLOs, services and alert tiers, checked against the label contract. */
import { Annotations, Labels, SlothLabels } from '../conventions';
import { checkLabelName } from './names';

/** Labels we set ourselves, and what a user value there would break (DESIGN.md's label contract). */
export const RESERVED_LABELS: Readonly<Record<string, string>> = {
  [Labels.service]: 'Alertmanager routes a team\'s alerts to per-service receivers by it, and inhibition matches on it',
  [Labels.team]: 'Alertmanager routes every alert to its team by it',
  [Labels.severity]: 'Alertmanager picks the receiver by it, and inhibition mutes warnings under criticals by it',
  [Labels.slo]: 'inhibition mutes an SLO\'s ticket alert under its page alert by it',
  [Labels.namespace]: 'every alert carries the service\'s namespace in it',
  [Labels.tier]: 'every alert carries the service\'s tier in it',
  [Labels.symptom]: 'inhibition tells symptom alerts apart by it',
  [Labels.job]: 'every SLI reads its own service\'s series by it',
  alertname: 'Prometheus sets it to the alert name',
};

/** `sloth_*` labels: Sloth's identity, window and severity labels; joins, dashboards and inhibition read them. */
const SLOTH_PREFIX = 'sloth_';
const SLOTH_REASON: Readonly<Record<string, string>> = {
  [SlothLabels.severity]: 'inhibition mutes ticket alerts under page alerts by it',
  [SlothLabels.window]: 'the burn-rate alerts aggregate it away',
};

/** Why `name` may not be set by a user; undefined when it may. */
export function reservedLabel(name: string): string | undefined {
  const reason = RESERVED_LABELS[name] ?? (name.startsWith(SLOTH_PREFIX)
    ? SLOTH_REASON[name] ?? 'Sloth\'s identity labels join the recorded series, and Sloth\'s dashboards read them'
    : undefined);
  return reason && `a label name we do not set for you: "${name}" is reserved, because ${reason}`;
}

type Report = (subject: string, value: unknown, expected: string) => void;

/** Checks user labels at `field`: valid names, not reserved, not a groupBy label, values not empty. */
export function checkUserLabels(field: string, labels: Readonly<Record<string, string>>, report: Report, groupBy: readonly string[] = []): void {
  for (const [name, value] of Object.entries(labels)) {
    const syntax = checkLabelName(name);
    if (syntax) { report(`${field} label name`, name, syntax); continue; }
    const reserved = reservedLabel(name);
    if (reserved) { report(`${field} label name`, name, reserved); continue; }
    if (groupBy.includes(name)) report(`${field} label name`, name, `a label that is not in groupBy: the SLI is computed per "${name}", so a fixed value would overwrite it`);
    if (typeof value !== 'string' || value === '') report(`${field}.${name}`, value, 'a non-empty string (an empty label value is no label in Prometheus)');
  }
}

/** Annotations we build ourselves; a user may override summary, description and runbook_url, not the dashboard link. */
const OWN_ANNOTATIONS = new Set<string>([Annotations.dashboardUrl]);

export function checkUserAnnotations(field: string, annotations: Readonly<Record<string, string>>, report: Report): void {
  for (const [name, value] of Object.entries(annotations)) {
    const syntax = checkLabelName(name);
    if (syntax) { report(`${field} annotation name`, name, syntax.replace('label name', 'annotation name')); continue; }
    if (OWN_ANNOTATIONS.has(name)) report(`${field} annotation name`, name, `an annotation we do not set for you: "${name}" links the service dashboard`);
    if (typeof value !== 'string') report(`${field}.${name}`, value, 'a string');
  }
}

/** Alert names Prometheus and our runbook links accept. */
export function checkAlertName(value: string): string | undefined {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(value) ? undefined : 'an alert name matching [a-zA-Z_][a-zA-Z0-9_]*, such as CheckoutHighErrorRate';
}
