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

/** Names of the Sloth inputs we export (lib/sloth): spec files per service, one window catalogue per period. */
export const SlothExport = {
  windowsApiVersion: 'sloth.slok.dev/v1',
  windowsKind: 'AlertWindows',
  specsDir: 'specs',
  windowsDir: 'windows',
  rulesDir: 'rules',
  specFile: (service: string) => `${service}.yml`,
  windowsFile: (period: string) => `${period}.yml`,
} as const;
