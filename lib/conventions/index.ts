/**
 * Every generated name lives here: labels, recording rules, rule groups, alerts, dashboard uids,
 * Kubernetes object names and the labels operators select on. Renderers import names from this
 * module and never spell them out themselves.
 */
import { formatDuration } from '../promql/format';
import { boundedName, UID_MAX } from './bounded';

/** Labels every scraped series and every generated alert carries. */
export const Labels = {
  job: 'job',
  instance: 'instance',
  service: 'service',
  team: 'team',
  namespace: 'namespace',
  tier: 'tier',
  severity: 'severity',
  slo: 'slo',
  /** On symptom alerts: which symptom (`target-down`, `error-ratio`, …); inhibition matches on it. */
  symptom: 'symptom',
  pod: 'pod',
  container: 'container',
  /** Bucket bound of classic histograms. */
  le: 'le',
  /** Quantile of summaries. */
  quantile: 'quantile',
  /** The Prometheus Operator's label for the scraped port. */
  endpoint: 'endpoint',
  /** The metric name, as a label (what `labelkeep` must keep too). */
  metricName: '__name__',
  /** On every series of an exporter's target: its job, so its alerts and panels select it even where honor_labels keeps a pushed `job`. */
  exporter: 'exporter',
} as const;

/** Labels every scraped series carries from its target (lib/prometheus sets them), whatever the metric declares. */
export const TARGET_LABELS: readonly string[] = [Labels.job, Labels.instance, Labels.service, Labels.team, Labels.namespace];

/**
 * Labels a ServiceMonitor or PodMonitor target carries: ours, and those the Prometheus Operator adds
 * (`pod`, `container`, `endpoint`; its `service` and `job` are replaced by ours).
 */
export const OPERATOR_TARGET_LABELS: readonly string[] = [...TARGET_LABELS, Labels.pod, Labels.container, Labels.endpoint];

/** Sloth's identity labels, kept byte-compatible so Sloth dashboards and tooling read our rules. */
export const SlothLabels = {
  id: 'sloth_id',
  service: 'sloth_service',
  slo: 'sloth_slo',
  window: 'sloth_window',
  severity: 'sloth_severity',
  mode: 'sloth_mode',
  objective: 'sloth_objective',
  spec: 'sloth_spec',
  version: 'sloth_version',
} as const;

export type Severity = 'critical' | 'warning' | 'info';
export type SlothSeverity = 'page' | 'ticket';

/** Severity of each burn-rate tier: the mixin style guide's `severity` next to Sloth's `sloth_severity`. */
export const TIER_SEVERITY: Record<SlothSeverity, Severity> = { page: 'critical', ticket: 'warning' };

/** Sloth's recording rule names. */
export const Records = {
  sliError: (window: number | string) => `slo:sli_error:ratio_rate${typeof window === 'number' ? formatDuration(window) : window}`,
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  timePeriodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  periodErrorBudgetRemaining: 'slo:period_error_budget_remaining:ratio',
  info: 'sloth_slo_info',
  /** The derived rule form's per-SLO event rates over the shortest window (not Sloth's: only that form reads them). */
  badEvents: (window: number | string) => `slo:sli_bad_events:rate${typeof window === 'number' ? formatDuration(window) : window}`,
  totalEvents: (window: number | string) => `slo:sli_total_events:rate${typeof window === 'number' ? formatDuration(window) : window}`,
} as const;

/** Value of `sloth_mode` on the info series: what generated the rules. */
export const SLOTH_MODE = 'cli-gen-prom';
/** Value of `sloth_spec` on the info series. */
export const SLOTH_SPEC = 'prometheus/v1';

export const sloId = (service: string, slo: string): string => `${service}-${slo}`;

export const RuleGroups = {
  sliRecordings: (id: string) => `sloth-slo-sli-recordings-${id}`,
  metaRecordings: (id: string) => `sloth-slo-meta-recordings-${id}`,
  alerts: (id: string) => `sloth-slo-alerts-${id}`,
  symptoms: (service: string) => `${service}-symptoms`,
  /** A service's own alert rules (`service.addAlert`). */
  custom: (service: string) => `${service}-alerts`,
  /** Alerts not tied to a service (`PlatformAlert`). */
  platform: 'platform-alerts',
} as const;

/** The name platform alerts use where a service would put its own: rule file, test file, PrometheusRule prefix. */
export const PLATFORM = 'platform';

/** `api-gateway` → `ApiGateway`. */
export function camel(name: string): string {
  let out = camelCache.get(name);
  if (out === undefined) {
    out = name
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((p) => p[0]!.toUpperCase() + p.slice(1).toLowerCase())
      .join('');
    // Alert names are built many times per service (rules, tests, catalogue): convert each name once.
    if (camelCache.size >= 100_000) camelCache.clear();
    camelCache.set(name, out);
  }
  return out;
}
const camelCache = new Map<string, string>();

/** Symptom names (the `symptom` label of symptom alerts). */
export const Symptoms = {
  targetDown: 'target-down',
  errorRatio: 'error-ratio',
  latency: 'latency',
  cpu: 'cpu-saturation',
  memory: 'memory-saturation',
  authFailures: 'auth-failures',
  queueLength: 'queue-length',
  disk: 'disk-usage',
} as const;

export const Alerts = {
  /** One name per SLO, shared by its page and ticket rule (as Sloth does). */
  sloBurn: (service: string, slo: string) => `${camel(service)}${camel(slo)}BudgetBurn`,
  sloBudgetExhausted: (service: string, slo: string) => `${camel(service)}${camel(slo)}BudgetExhausted`,
  sloMetricAbsent: (service: string, slo: string) => `${camel(service)}${camel(slo)}MetricAbsent`,
  symptom: (service: string, symptom: string) => `${camel(service)}${camel(symptom)}`,
  /** Default name of a custom alert: `<Service><Id>`, or `<Id>` for a platform alert. */
  custom: (service: string | undefined, id: string) => `${service === undefined ? '' : camel(service)}${/[^A-Za-z0-9]/.test(id) ? camel(id) : id.charAt(0).toUpperCase() + id.slice(1)}`,
} as const;

/** Exporters: the job (and `exporter` label) of a service's exporter is `<service>-<id>`, of a platform exporter its id. */
export const Exporters = {
  job: (service: string | undefined, id: string) => (service === undefined ? id : `${service}-${id}`),
  /** Construct id (and alert id) of an exporter's standard alert. */
  alertId: (exporterId: string, alert: string) => `${exporterId}-${alert}`,
} as const;

/** Grafana dashboard uids: deterministic, at most 40 characters of `[a-zA-Z0-9-_]`. */
export const Dashboards = {
  serviceUid: (service: string) => boundedName(`svc-${service}`, UID_MAX),
  /** Title of a service's (or collector's) dashboard; alert links check it. */
  serviceTitle: (service: string) => `Service: ${service}`,
  overviewUid: 'slo-overview',
  overviewTitle: 'Services overview',
  url: (grafanaUrl: string, uid: string) => `${grafanaUrl.replace(/\/+$/, '')}/d/${uid}`,
} as const;

/** Kubernetes object names (all DNS-1123). */
export const K8sNames = {
  serviceMonitor: (service: string) => service,
  podMonitor: (service: string) => service,
  prometheusRule: (service: string) => `${service}-rules`,
  dashboardConfigMap: (uid: string) => `grafana-dashboard-${uid}`,
  grafanaDashboard: (uid: string) => uid.toLowerCase(),
  alertmanagerConfig: (team: string) => `${team}-routing`,
} as const;

/** Label the kube-prometheus-stack chart selects ServiceMonitors, PodMonitors and PrometheusRules by. */
export const DEFAULT_SELECTION_LABELS: Readonly<Record<string, string>> = { release: 'kube-prometheus-stack' };

/** Labels put on every generated Kubernetes object. */
export const MANAGED_BY: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'monitoring-as-code' };

/** Default selector labels of a service's Kubernetes Service or Pods. */
export const defaultSelector = (service: string): Record<string, string> => ({ 'app.kubernetes.io/name': service });

/** Paths of the plain files in the output directory. */
export const Files = {
  prometheusConfig: 'prometheus/prometheus.yml',
  ruleFile: (service: string) => `prometheus/rules/${service}.yml`,
  ruleTest: (service: string) => `prometheus/tests/${service}.test.yml`,
  /** Tests in promtool's Prometheus 3 input notation (native histograms): a folder of their own, so `tests/*.test.yml` stays 2.x-safe. */
  ruleTestPrometheus3: (service: string) => `${Files.prometheus3Tests}/${service}.test.yml`,
  prometheus3Tests: 'prometheus/tests/prometheus3',
  /** How prometheus.yml refers to the rule files (relative to itself). */
  ruleFilesGlob: 'rules/*.yml',
  alertmanagerConfig: 'alertmanager/alertmanager.yml',
  routesTable: 'alertmanager/routes.test.tsv',
  dashboard: (uid: string) => `grafana/dashboards/${uid}.json`,
  catalog: 'CATALOG.md',
  /** A service's page of the catalogue, linked from CATALOG.md. */
  catalogPage: (service: string) => `catalog/${service}.md`,
} as const;

/** Folder of the output that holds the Kubernetes objects. */
export const KUBERNETES_DIR = 'kubernetes';

/** Where the writer puts a Kubernetes object: `kubernetes/<Kind>.<name>.k8s.yaml`, without the characters cdk8s strips from file names. */
export const manifestPath = (kind: string, name: string): string =>
  `${KUBERNETES_DIR}/${`${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '')}.k8s.yaml`;

export * from './bounded';
export * from './grafana';
export * from './infrastructure';
export * from './sandbox';
export * from './alertmanager';
export * from './slo';
export * from './otel';
export * from './otel-versions';
export * from './otlp';
