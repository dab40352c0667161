/** Platform-wide settings: defaults every service inherits, and where the monitoring stack lives. */
import type { IConstruct } from 'constructs';
import { DEFAULT_SELECTION_LABELS } from '../conventions';
import type { Metric } from './metric';
import { resolveGrafanaSettings, type GrafanaSettings, type GrafanaSettingsProps } from './grafana-settings';
import { AlertmanagerSettings, type AlertmanagerSettingsProps } from './alertmanager-settings';
import { resolveOtelSettings, type OtelSettings, type OtelSettingsProps } from './otel-settings';

export interface PrometheusSettings {
  /**
   * Default scrape interval of every service.
   * @default '30s'
   */
  readonly scrapeInterval?: string;
  /**
   * Default scrape timeout (capped at a service's interval).
   * @default '10s'
   */
  readonly scrapeTimeout?: string;
  /**
   * Rule evaluation interval; generated rule tests use it too.
   * @default '30s'
   */
  readonly evaluationInterval?: string;
  /**
   * `external_labels` of the plain Prometheus config.
   * @default {}
   */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /**
   * Alertmanager addresses (`host:port`) of the plain Prometheus config.
   * @default ['alertmanager:9093']
   */
  readonly alertmanagers?: readonly string[];
  /**
   * `interval` of every generated rule group (a service's `ruleInterval` overrides it); generated rule tests use it.
   * @default none: groups run at the evaluation interval
   */
  readonly ruleInterval?: string;
  /**
   * Directory Kubernetes Secrets are mounted in (`<dir>/<secret>/<key>`), for the scrape `*_file` fields of prometheus.yml.
   * @default '/etc/prometheus/secrets' (the operator's mount point for `Prometheus.spec.secrets`)
   */
  readonly secretsDir?: string;
  /**
   * Namespace of the PrometheusRule that holds the platform alerts (`PlatformAlert`).
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

/** How many series a service may produce, and what the scrape limits allow above the estimate. */
export interface CardinalitySettingsProps {
  /**
   * Series one service may produce: the scraped series of all its targets plus the series its rules
   * record; a service over it is a synth error. A service's own `seriesBudget` wins.
   * @default 10000
   */
  readonly seriesBudget?: number;
  /**
   * Values assumed for a label declared by its name only (no `values` or `cardinality`).
   * @default 10
   */
  readonly defaultLabelValues?: number;
  /**
   * Room above the per-target estimate in `sample_limit` / `sampleLimit`, in percent.
   * @default 50
   */
  readonly headroomPercent?: number;
}

/** What synth writes: the Prometheus Operator / Kubernetes objects, the plain files, or both. */
export type Delivery = 'operator' | 'files' | 'both';
export const DELIVERIES: readonly Delivery[] = ['operator', 'files', 'both'];

/**
 * How SLI windows are recorded. `sloth`: every window from the raw series, as Sloth writes it.
 * `derived`: the shortest window's bad and total event rates recorded once per SLO, every longer
 * window summed from those records (same record names; far cheaper to evaluate, alerts up to one
 * shortest window later). Raw and native-latency SLIs always use `sloth`.
 */
export type RuleForm = 'sloth' | 'derived';
export const RULE_FORMS: readonly RuleForm[] = ['sloth', 'derived'];

export interface SettingsProps {
  /**
   * What is delivered: `operator` writes only dist/kubernetes/ (for kube-prometheus-stack),
   * `files` only the plain Prometheus, Grafana and Alertmanager files; CATALOG.md is always written.
   * @default 'both'
   */
  readonly delivery?: Delivery;
  /**
   * Default rule form of every SLO (see RuleForm); an SLO's own `ruleForm` wins.
   * @default 'sloth'
   */
  readonly ruleForm?: RuleForm;
  readonly prometheus?: PrometheusSettings;
  /**
   * Labels put on ServiceMonitors, PodMonitors and PrometheusRules so the Prometheus Operator selects them.
   * @default { release: 'kube-prometheus-stack' }
   */
  readonly selectionLabels?: Readonly<Record<string, string>>;
  /**
   * Base URL of Grafana, for the `dashboard_url` annotation of alerts.
   * @default 'http://localhost:3000'
   */
  readonly grafanaUrl?: string;
  /**
   * Base URL of the runbooks; an alert's `runbook_url` is `<base>/<alert name lower-cased>`.
   * @default 'https://runbooks.example.com'
   */
  readonly runbookBaseUrl?: string;
  /**
   * Grafana datasources and dashboard delivery.
   * @default Prometheus only, dashboards in the 'Services' folder, no GrafanaDashboard objects
   */
  readonly grafana?: GrafanaSettingsProps;
  /**
   * Alert routing: default receiver, extra routes, timings (issue 5).
   * @default see AlertmanagerSettingsProps
   */
  readonly alertmanager?: AlertmanagerSettingsProps;
  /**
   * The OpenTelemetry collector release the collector config targets.
   * @default see OtelSettingsProps
   */
  readonly otel?: OtelSettingsProps;
  /**
   * The series budget per service and the headroom of the scrape limits.
   * @default see CardinalitySettingsProps
   */
  readonly cardinality?: CardinalitySettingsProps;
  /**
   * Well-known series every rule may read without a service declaring them, beside the built-in
   * infrastructure list (lib/conventions/infrastructure.ts): an exporter's metrics, say.
   * @default []
   */
  readonly knownMetrics?: readonly Metric[];
}

/** Cardinality settings with every default applied. */
export interface CardinalitySettings {
  readonly seriesBudget: number;
  readonly defaultLabelValues: number;
  readonly headroomPercent: number;
}

/** Resolved settings: every default applied. */
export class Settings {
  readonly scrapeInterval: string;
  readonly scrapeTimeout: string;
  readonly evaluationInterval: string;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly alertmanagers: readonly string[];
  readonly ruleInterval: string | undefined;
  readonly secretsDir: string;
  readonly selectionLabels: Readonly<Record<string, string>>;
  readonly grafanaUrl: string;
  readonly runbookBaseUrl: string;
  readonly grafana: GrafanaSettings;
  readonly alertmanager: AlertmanagerSettings;
  readonly otel: OtelSettings;
  readonly delivery: Delivery;
  readonly cardinality: CardinalitySettings;
  readonly rulesNamespace: string;
  readonly knownMetrics: readonly Metric[];
  readonly ruleForm: RuleForm;

  constructor(props: SettingsProps = {}) {
    this.delivery = props.delivery ?? 'both';
    this.ruleForm = props.ruleForm ?? 'sloth';
    this.scrapeInterval = props.prometheus?.scrapeInterval ?? '30s';
    this.scrapeTimeout = props.prometheus?.scrapeTimeout ?? '10s';
    this.evaluationInterval = props.prometheus?.evaluationInterval ?? '30s';
    this.externalLabels = { ...(props.prometheus?.externalLabels ?? {}) };
    this.alertmanagers = [...(props.prometheus?.alertmanagers ?? ['alertmanager:9093'])];
    this.ruleInterval = props.prometheus?.ruleInterval;
    this.secretsDir = props.prometheus?.secretsDir ?? '/etc/prometheus/secrets';
    this.selectionLabels = { ...(props.selectionLabels ?? DEFAULT_SELECTION_LABELS) };
    this.grafanaUrl = props.grafanaUrl ?? 'http://localhost:3000';
    this.runbookBaseUrl = props.runbookBaseUrl ?? 'https://runbooks.example.com';
    this.grafana = resolveGrafanaSettings(props.grafana);
    this.alertmanager = new AlertmanagerSettings(props.alertmanager);
    this.otel = resolveOtelSettings(props.otel);
    const c = props.cardinality ?? {};
    this.cardinality = { seriesBudget: c.seriesBudget ?? 10_000, defaultLabelValues: c.defaultLabelValues ?? 10, headroomPercent: c.headroomPercent ?? 50 };
    this.rulesNamespace = props.prometheus?.namespace ?? 'monitoring';
    this.knownMetrics = [...(props.knownMetrics ?? [])];
  }
}

const SETTINGS = Symbol.for('monitoring-as-code.settings');

/** Attaches settings to the root of a construct tree (done by MonitoringApp). */
export function attachSettings(root: IConstruct, settings: Settings): void {
  (root as unknown as Record<symbol, Settings>)[SETTINGS] = settings;
}

/** The settings of the tree `scope` belongs to; defaults when the root is not a MonitoringApp. */
export function settingsOf(scope: IConstruct): Settings {
  return (scope.node.root as unknown as Record<symbol, Settings | undefined>)[SETTINGS] ?? new Settings();
}
