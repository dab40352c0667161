/** Rule-file shapes and what every generated alert carries (the DESIGN.md label contract). */
import { Annotations, Dashboards, Labels, runbookUrl, type Severity } from '../conventions';
import type { Service } from '../model/service';
import type { Settings } from '../model/settings';

export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly Rule[];
}

/** Labels on every alert of a service: identity, routing and severity. */
export function alertLabels(service: Service, severity: Severity, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    [Labels.service]: service.name,
    [Labels.team]: service.team.name,
    [Labels.namespace]: service.namespace,
    [Labels.tier]: service.tier,
    [Labels.severity]: severity,
    ...extra,
  };
}

/** Static summary, templated description, runbook and dashboard links. */
export function alertAnnotations(settings: Settings, service: Service, alert: string, summary: string, description: string): Record<string, string> {
  return {
    [Annotations.summary]: summary,
    [Annotations.description]: description,
    [Annotations.runbookUrl]: runbookUrl(settings.runbookBaseUrl, alert),
    [Annotations.dashboardUrl]: Dashboards.url(settings.grafanaUrl, Dashboards.serviceUid(service.name)),
  };
}

/** An alerting rule with the contract's labels and annotations. */
export function alertRule(
  settings: Settings, service: Service,
  a: { name: string; expr: string; for?: string; severity: Severity; labels?: Record<string, string>; summary: string; description: string },
): Rule {
  return {
    alert: a.name,
    expr: a.expr,
    ...(a.for ? { for: a.for } : {}),
    labels: alertLabels(service, a.severity, a.labels),
    annotations: alertAnnotations(settings, service, a.name, a.summary, a.description),
  };
}
