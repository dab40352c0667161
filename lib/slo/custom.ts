/** Rules of custom alerts: a service's own (`addAlert`) in its rule file, the platform's in `platform.yml`. */
import { Annotations, Dashboards, Labels, RuleGroups, runbookUrl } from '../conventions';
import type { CustomAlert, PlatformAlert, ServiceAlert } from '../model/alert';
import type { Service } from '../model/service';
import type { Settings } from '../model/settings';
import { render } from '../promql';
import { alertRule, type Rule, type RuleGroup } from './rule';

const exprText = (a: CustomAlert): string => (typeof a.expr === 'string' ? a.expr : render(a.expr));

export function serviceAlertRule(settings: Settings, service: Service, a: ServiceAlert): Rule {
  return alertRule(settings, service, {
    name: a.name, expr: exprText(a), for: a.for, severity: a.severity, labels: { ...a.labels },
    summary: a.summary, description: a.description, annotations: a.annotations,
  });
}

export function customGroup(settings: Settings, service: Service): RuleGroup | undefined {
  if (service.alerts.length === 0) return undefined;
  return { name: RuleGroups.custom(service.name), rules: service.alerts.map((a) => serviceAlertRule(settings, service, a)) };
}

/** A platform alert: the owning team (if any) and severity; links to the overview dashboard. */
export function platformAlertRule(settings: Settings, a: PlatformAlert): Rule {
  return {
    alert: a.name,
    expr: exprText(a),
    for: a.for,
    labels: { ...a.labels, ...(a.team ? { [Labels.team]: a.team.name } : {}), [Labels.severity]: a.severity },
    annotations: {
      [Annotations.summary]: a.summary,
      [Annotations.description]: a.description,
      [Annotations.runbookUrl]: runbookUrl(settings.runbookBaseUrl, a.name),
      ...a.annotations,
      [Annotations.dashboardUrl]: Dashboards.url(settings.grafanaUrl, Dashboards.overviewUid),
    },
  };
}

export function platformGroup(settings: Settings, alerts: readonly PlatformAlert[]): RuleGroup | undefined {
  if (alerts.length === 0) return undefined;
  return { name: RuleGroups.platform, rules: alerts.map((a) => platformAlertRule(settings, a)) };
}
