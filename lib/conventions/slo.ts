/** Names of alert annotations and the runbook URL scheme (kube-prometheus mixin style). */

export const Annotations = {
  summary: 'summary',
  description: 'description',
  runbookUrl: 'runbook_url',
  dashboardUrl: 'dashboard_url',
} as const;

/** `<base>/<alert name lower-cased>`, as kubernetes-mixin builds runbook links. */
export const runbookUrl = (base: string, alert: string): string => `${base.replace(/\/+$/, '')}/${alert.toLowerCase()}`;

/** Object labels of generated PrometheusRules, as Sloth puts them (plus our managed-by). */
export const SLO_RULE_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/component': 'SLO' };
