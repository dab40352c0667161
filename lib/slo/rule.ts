/** Rule-file shapes and what every generated alert carries (the DESIGN.md label contract). */
import { Annotations, Dashboards, Labels, runbookUrl, type Severity } from '../conventions';
import type { Service } from '../model/service';
import type { Settings } from '../model/settings';
import { templateLiteral } from '../promql/format';

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
  /** Evaluation interval of the group; absent: Prometheus' `evaluation_interval`. */
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

/**
 * Labels on every alert of a service: the user's service labels (unless the expression carries them, as
 * SLO alerts reading recorded series do: Sloth does not repeat them either), then identity, routing and severity.
 */
export function alertLabels(service: Service, severity: Severity, extra: Readonly<Record<string, string>> = {}, serviceLabels = true): Record<string, string> {
  return {
    ...(serviceLabels ? service.labels : {}),
    [Labels.service]: service.name,
    [Labels.team]: service.team.name,
    [Labels.namespace]: service.namespace,
    [Labels.tier]: service.tier,
    [Labels.severity]: severity,
    ...extra,
  };
}

/** Static summary, templated description, runbook and dashboard links; then the user's (which may override the first three). */
export function alertAnnotations(
  settings: Settings, service: Service, alert: string, summary: string, description: string, extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    [Annotations.summary]: summary,
    [Annotations.description]: description,
    [Annotations.runbookUrl]: runbookUrl(settings.runbookBaseUrl, alert),
    ...extra,
    [Annotations.dashboardUrl]: Dashboards.url(settings.grafanaUrl, Dashboards.serviceUid(service.name)),
  };
}

/** An alerting rule with the contract's labels and annotations. */
export function alertRule(
  settings: Settings, service: Service,
  a: {
    name: string; expr: string; for?: string; severity: Severity; labels?: Record<string, string>; summary: string; description: string;
    annotations?: Readonly<Record<string, string>>;
    /** The expression carries the service's labels (it reads recorded SLO series). */
    labelsFromSeries?: boolean;
  },
): Rule {
  return {
    alert: a.name,
    expr: a.expr,
    ...(a.for ? { for: a.for } : {}),
    // Prometheus expands alert labels as templates: values are literal text (a user's "{{" stays "{{").
    labels: Object.fromEntries(Object.entries(alertLabels(service, a.severity, a.labels, !a.labelsFromSeries)).map(([k, v]) => [k, templateLiteral(v)])),
    annotations: alertAnnotations(settings, service, a.name, a.summary, a.description, a.annotations),
  };
}
