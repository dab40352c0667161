/** A monitored service: who owns it, where it is scraped, and what it exposes. */
import { Construct } from 'constructs';
import { Alerts, defaultSelector, Labels, OTLP_TARGET_LABELS, otlpJob, Symptoms, TARGET_LABELS } from '../conventions';
import { eq, type Matcher } from '../promql/expr';
import { parseDuration } from '../promql/format';
import type { Metric } from './metric';
import { ServiceAlert, type AlertProps } from './alert';
import { checkUserLabels } from './alert-labels';
import { Exporter, ServiceExporter } from './exporters/exporter';
import { isSpanMetric } from './sli';
import { checkOneOf } from './enums';
import { checkDnsLabel, checkDuration } from './names';
import { panelProblems, resolvePanel, type MetricPanel, type MetricPanelProps } from './panels';
import { checkFreeId, freeId, isDuplicateId, Problems, show } from './problems';
import { requestProblems, resolveRequests, type RequestMetrics, type RequestMetricsProps } from './requests';
import { checkRouting, type SeverityRouting } from './routing';
import { K8S_LABEL_KEY, K8S_LABEL_VALUE, monitorLabelProblems, ruleIntervalProblems, scrapeAuthProblems } from './scrape-checks';
import type { SecretKeyRef } from './secrets';
import { settingsOf } from './settings';
import { Slo, type SloProps } from './slo';
import { symptomProblems, symptomWarnings, type Symptom } from './symptom';
import type { Team } from './team';

/** How important a service is; a label on its alerts and a column of the catalogue. */
export type Tier = 'critical' | 'high' | 'standard' | 'low';
export const TIERS: readonly Tier[] = ['critical', 'high', 'standard', 'low'];

/** How the plain (non-operator) Prometheus finds a service's targets. */
export class Discovery {
  /** Fixed `host:port` targets (`static_configs`). */
  static static(targets: readonly string[]): Discovery {
    return new Discovery('static', [...targets]);
  }
  /** Target files kept up to date by another system (`file_sd_configs`). */
  static file(files: readonly string[]): Discovery {
    return new Discovery('file', [...files]);
  }
  private constructor(
    readonly kind: 'static' | 'file',
    /** Targets (`static`) or file paths (`file`). */
    readonly entries: readonly string[],
  ) {}
}

/**
 * How a service's metrics reach Prometheus: scraped from its endpoint, or pushed over OTLP to the
 * collector, which remote-writes them (labels `job="<namespace>/<name>"` and `instance`, no `up`).
 */
export type MetricsVia = 'scrape' | 'otlp';
const METRICS_VIA: readonly MetricsVia[] = ['scrape', 'otlp'];

export interface ScrapeProps {
  /** Port of the metrics endpoint: a Kubernetes port name, or a number. */
  readonly port: number | string;
  /**
   * HTTP path of the metrics endpoint.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * @default 'http'
   */
  readonly scheme?: 'http' | 'https';
  /**
   * @default the platform's scrape interval
   */
  readonly interval?: string;
  /**
   * Must not exceed the interval.
   * @default the platform's scrape timeout, or the interval when that is shorter
   */
  readonly timeout?: string;
  /**
   * Whether the operator finds the service through a Kubernetes Service (ServiceMonitor) or its Pods (PodMonitor).
   * @default 'service'
   */
  readonly kubernetes?: 'service' | 'pod';
  /**
   * How the plain Prometheus config finds the targets.
   * @default Discovery.static([`<name>:<port>`]) when the port is a number; required when it is a name
   */
  readonly discovery?: Discovery;
  /**
   * TLS of the scrape (requires scheme 'https'): CA, client certificate and key, all from Secrets.
   * @default the system's CA pool, no client certificate
   */
  readonly tls?: ScrapeTls;
  /**
   * Bearer token sent on every scrape, kept in a Secret (`authorization.credentials` / `credentials_file`).
   * @default no Authorization header
   */
  readonly bearerToken?: SecretKeyRef;
  /**
   * HTTP basic authentication; at most one of bearerToken and basicAuth.
   * @default none
   */
  readonly basicAuth?: ScrapeBasicAuth;
  /**
   * Keep the labels the target exposes where they clash with target labels (`honor_labels`), as a Pushgateway needs.
   * @default false
   */
  readonly honorLabels?: boolean;
}

export interface ScrapeTls {
  /**
   * CA certificate that signs the target's certificate.
   * @default the system's CA pool
   */
  readonly ca?: SecretKeyRef;
  /**
   * Client certificate, for targets that require mTLS; with `key`.
   * @default none
   */
  readonly cert?: SecretKeyRef;
  /**
   * Client private key; with `cert`.
   * @default none
   */
  readonly key?: SecretKeyRef;
  /**
   * Server name to verify the target's certificate against.
   * @default the target's host
   */
  readonly serverName?: string;
}

export interface ScrapeBasicAuth {
  /**
   * User name. Prometheus treats it as no secret (2.42 has no `username_file`), so it is written as is in
   * prometheus.yml; the ServiceMonitor reads it from `usernameKey` of the password's Secret.
   */
  readonly username: string;
  /** The password, kept in a Secret (`password_file` / `basicAuth.password`). */
  readonly password: SecretKeyRef;
  /**
   * Key of the password's Secret that holds the user name, for the operator (a `kubernetes.io/basic-auth` Secret has `username`).
   * @default 'username'
   */
  readonly usernameKey?: string;
}

export interface ServiceProps {
  /**
   * Service name: the `job` and `service` label of its series, and the name of everything generated for it.
   * @default the construct id
   */
  readonly name?: string;
  /** Owning team. */
  readonly team: Team;
  /** Kubernetes namespace the service runs in. */
  readonly namespace: string;
  /**
   * @default 'standard'
   */
  readonly tier?: Tier;
  /**
   * One line on what the service does.
   * @default none
   */
  readonly description?: string;
  /**
   * How the service's metrics reach Prometheus; its SLIs, symptoms, dashboards and tests select its
   * series by the labels that path gives them.
   * @default 'scrape'
   */
  readonly metricsVia?: MetricsVia;
  /**
   * The metrics endpoint.
   * @default none: required when metricsVia is 'scrape', not allowed when it is 'otlp'
   */
  readonly scrape?: ScrapeProps;
  /**
   * Labels that select the service's Kubernetes Service (or Pods).
   * @default { 'app.kubernetes.io/name': <name> }
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Metrics the service exposes; more can be added with `addMetric`.
   * @default []
   */
  readonly metrics?: readonly Metric[];
  /**
   * Which declared metrics count requests, errors and latency: the RED row of the service dashboard.
   * @default none: the dashboard has no RED row
   */
  readonly requests?: RequestMetricsProps;
  /**
   * Panels of the service dashboard's metrics row; more can be added with `addPanel`.
   * @default one panel per declared metric that `requests` does not use, chosen by the metric's type
   */
  readonly panels?: readonly MetricPanelProps[];
  /**
   * Labels on every recorded series and alert of the service (Sloth's service-level `labels`), such as `owner`.
   * Validated against the label contract: `service`, `team`, `severity`, `slo`, `sloth_*` and the other labels we set are reserved.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Alert routing for this service only: severity → receivers of the owning team, over the team's routing.
   * @default {} (the team's routing)
   */
  readonly routing?: SeverityRouting;
  /**
   * Extra labels on the ServiceMonitor or PodMonitor object itself (seed 002's `app: neural-api`), beside the selection labels.
   * @default {}
   */
  readonly monitorLabels?: Readonly<Record<string, string>>;
  /**
   * `interval` of every rule group of the service; its generated rule tests evaluate at this interval too.
   * @default the platform's `prometheus.ruleInterval`, else no `interval` (Prometheus' evaluation interval)
   */
  readonly ruleInterval?: string;
  /**
   * Targets (pods, instances) the service runs, for the series estimate.
   * @default the number of static discovery targets, else 1
   */
  readonly replicas?: number;
  /**
   * Series the service may produce (its targets' scraped series plus the series its rules record).
   * @default the platform's `cardinality.seriesBudget`
   */
  readonly seriesBudget?: number;
}

/** The scrape endpoint with every default applied. */
export interface ResolvedScrape {
  readonly port: number | string;
  readonly path: string;
  readonly scheme: 'http' | 'https';
  readonly interval: string;
  readonly timeout: string;
  readonly kubernetes: 'service' | 'pod';
  readonly discovery: Discovery | undefined;
  readonly tls: ScrapeTls | undefined;
  readonly bearerToken: SecretKeyRef | undefined;
  readonly basicAuth: Required<ScrapeBasicAuth> | undefined;
  readonly honorLabels: boolean;
}

export class Service extends Construct {
  static isService(x: unknown): x is Service {
    return x instanceof Service;
  }

  readonly name: string;
  readonly namespace: string;
  readonly team: Team;
  readonly tier: Tier;
  readonly description: string | undefined;
  readonly selector: Readonly<Record<string, string>>;
  /** The metrics endpoint; undefined when the metrics arrive over OTLP. */
  readonly scrape: ResolvedScrape | undefined;
  readonly metricsVia: MetricsVia;
  readonly requests: RequestMetrics | undefined;
  /** Per-service routing overrides (severities left out follow the team). */
  readonly routing: SeverityRouting;
  /** Labels on every series the SLOs record and every alert. */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra labels of the ServiceMonitor / PodMonitor object. */
  readonly monitorLabels: Readonly<Record<string, string>>;
  /** `interval` of the service's rule groups; undefined when Prometheus' evaluation interval applies. */
  readonly ruleInterval: string | undefined;
  /** Targets the service runs, for the series estimate. */
  readonly replicas: number;
  /** Series the service may produce. */
  readonly seriesBudget: number;
  protected readonly problems: Problems;
  private readonly declared = new Map<string, Metric>();
  private readonly explicitSelector: boolean;
  private readonly explicitPanels: MetricPanel[] = [];
  private readonly symptomList: Symptom[] = [];

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, freeId(scope, id));
    this.problems = new Problems(this);
    checkFreeId(this, id, 'service', this.problems);
    const settings = settingsOf(this);
    this.name = props.name ?? id;
    this.namespace = props.namespace;
    this.team = props.team;
    this.tier = props.tier ?? 'standard';
    this.description = props.description;
    this.selector = { ...(props.selector ?? defaultSelector(this.name)) };
    this.explicitSelector = props.selector !== undefined;

    this.metricsVia = props.metricsVia ?? 'scrape';
    const s = props.scrape;
    if (s) {
      const interval = s.interval ?? settings.scrapeInterval;
      // The platform timeout, capped at this service's interval (a bad interval is reported once, not twice).
      const intervalMs = parseDuration(interval);
      const fallbackTimeout = intervalMs !== undefined && (parseDuration(settings.scrapeTimeout) ?? 0) > intervalMs ? interval : settings.scrapeTimeout;
      this.scrape = {
        port: s.port,
        path: s.path ?? '/metrics',
        scheme: s.scheme ?? 'http',
        interval,
        timeout: s.timeout ?? fallbackTimeout,
        kubernetes: s.kubernetes ?? 'service',
        discovery: s.discovery ?? (typeof s.port === 'number' ? Discovery.static([`${this.name}:${s.port}`]) : undefined),
        tls: s.tls ? { ...s.tls } : undefined,
        bearerToken: s.bearerToken,
        basicAuth: s.basicAuth ? { usernameKey: 'username', ...s.basicAuth } : undefined,
        honorLabels: s.honorLabels ?? false,
      };
    }

    this.requests = props.requests ? resolveRequests(props.requests) : undefined;

    this.routing = { ...(props.routing ?? {}) };
    this.labels = { ...(props.labels ?? {}) };
    this.replicas = props.replicas ?? (this.scrape?.discovery?.kind === 'static' ? this.scrape.discovery.entries.length : 1);
    this.seriesBudget = props.seriesBudget ?? settings.cardinality.seriesBudget;
    for (const [field, value, what] of [['replicas', props.replicas, 'targets'], ['seriesBudget', props.seriesBudget, 'series']] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) this.problems.error(field, value, `a whole number of ${what} of at least 1`);
    }
    this.monitorLabels = { ...(props.monitorLabels ?? {}) };
    this.ruleInterval = props.ruleInterval ?? settings.ruleInterval;
    this.checkProps();
    for (const f of monitorLabelProblems(this.monitorLabels, settings.selectionLabels)) this.problems.error(f.subject, f.value, f.expected);
    // A bad platform value is reported once, with the settings.
    const ruleIntervalProblem = props.ruleInterval === undefined ? undefined : checkDuration(props.ruleInterval);
    if (ruleIntervalProblem) this.problems.error('ruleInterval', props.ruleInterval, ruleIntervalProblem);
    // SLOs are added after construction: their windows are checked at synth.
    else this.node.addValidation({ validate: () => ruleIntervalProblems(this.ruleInterval, this.slos) });
    checkUserLabels('labels', this.labels, (s, v, e) => this.problems.error(s, v, e));
    for (const f of checkRouting('routing', this.routing, [...(this.team?.receivers?.keys() ?? [])])) this.problems.error(f.subject, f.value, f.expected);
    for (const m of props.metrics ?? []) this.addMetric(m);
    for (const p of props.panels ?? []) this.addPanel(p);
    // Checked at synth, so metrics added after the panels or requests still count.
    this.node.addValidation({
      validate: () => [
        ...(this.requests ? requestProblems(this.requests, (n) => this.metric(n)) : []),
        ...this.explicitPanels.flatMap((p) => panelProblems(p, (n) => this.metric(n))),
      ],
    });
    this.node.addValidation({
      // A service without /metrics may still be watched through its spans alone.
      validate: () => (this.declared.size === 0 && !this.slos.some((o) => o.sli.onSpans)
        ? ['service declares no metrics: got [], expected at least one Metric (addMetric or props.metrics), or an SLO on span metrics (Sli.spanErrors, Sli.spanLatency)']
        : []),
    });
    this.node.addValidation({ validate: () => [...sloNameProblems(this.slos), ...panelTitleProblems(this.explicitPanels)] });
    // Symptoms may name metrics declared later, so they are checked at validation time.
    this.node.addValidation({
      validate: () => this.symptomList.flatMap((s) => symptomProblems(s, (n) => this.metric(n), this.name, this.targetLabels))
        .map(([subject, value, expected]) => `${subject}: got ${show(value)}, expected ${expected}`),
    });
  }

  /** Declares an SLO of this service (a child construct with id `id`). */
  addSlo(id: string, props: SloProps): Slo {
    return new Slo(this, id, props);
  }

  /** Declares a custom alert rule of this service (a child construct with id `id`). */
  addAlert(id: string, props: AlertProps): ServiceAlert {
    return new ServiceAlert(this, id, props);
  }

  /**
   * Adds an exporter of the service (its database, cache, proxy): its own scrape job `<service>-<id>`,
   * standard alerts owned by this service, and a row on its dashboard.
   * @param id default: the exporter's kind (`postgres`); give another for a second one of a kind
   */
  addExporter(exporter: Exporter, id?: string): ServiceExporter | undefined {
    const exporterId = id ?? (Exporter.isExporter(exporter) ? exporter.kind : 'exporter');
    if (this.exporters.some((e) => e.node.id === exporterId)) {
      this.problems.error(`exporter ${exporterId}`, exporterId, `each exporter id once per service; give a second ${exporterId} exporter its own id (addExporter(Exporter.${Exporter.isExporter(exporter) ? exporter.kind.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()) : 'postgres'}(), '${exporterId}-2'))`);
      return undefined;
    }
    return new ServiceExporter(this, exporterId, exporter);
  }

  /** The service's exporters, in declaration order. */
  get exporters(): readonly ServiceExporter[] {
    return this.node.children.filter(ServiceExporter.isServiceExporter);
  }

  /** The service's custom alerts, in declaration order. */
  get alerts(): readonly ServiceAlert[] {
    return this.node.children.filter(ServiceAlert.isServiceAlert);
  }

  /** Names of the alerts generated for the SLOs and symptoms, which custom alerts must not reuse. */
  generatedAlertNames(): string[] {
    const slo = this.slos.flatMap((o) => [o.alertName, Alerts.sloMetricAbsent(this.name, o.name), Alerts.sloBudgetExhausted(this.name, o.name)]);
    return [...slo, ...this.symptomList.map((s) => Alerts.symptom(this.name, s.kind))];
  }

  /** The service's SLOs, sorted by name (then id), so output never depends on declaration order. */
  get slos(): readonly Slo[] {
    const key = (s: Slo) => `${s.name}\u0000${s.node.id}`;
    return this.node.children.filter(Slo.isSlo).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  /** Opts the service into symptom alerts; one of each kind. */
  addSymptom(...symptoms: Symptom[]): this {
    for (const s of symptoms) {
      if (this.symptomList.some((x) => x.kind === s.kind)) {
        this.problems.error(`symptom ${s.kind}`, s.kind, 'each symptom kind once per service');
        continue;
      }
      if (s.kind === Symptoms.targetDown && this.metricsVia === 'otlp') {
        this.problems.error(`symptom ${s.kind}`, this.metricsVia, 'a scraped service (metricsVia: \'scrape\'): series pushed over OTLP have no "up"; drop Symptom.targetDown() and use an SLO with alerting.absentAlert, or the collector\'s own alerts');
        continue;
      }
      for (const w of symptomWarnings(s)) this.problems.warn(w);
      // Like SLOs, symptom alerts read only this service's series.
      this.symptomList.push(s.scopedTo((m) => this.scopeOf(m)));
    }
    return this;
  }

  /**
   * Matchers that select this service's series of `metric`: `job="<name>"` when scraped (our scrape
   * config sets it), `job="<namespace>/<name>"` when they come through the collector (the OTLP
   * translation's `service.namespace/service.name`). Span metrics always come through the collector.
   */
  scopeOf(metric?: Metric): Matcher[] {
    const otlp = this.metricsVia === 'otlp' || (metric !== undefined && isSpanMetric(metric));
    return [eq(Labels.job, otlp ? otlpJob(this.namespace, this.name) : this.name)];
  }

  /** Labels every series of `metric` carries without declaring them, by how it arrives. */
  targetLabelsOf(metric?: Metric): readonly string[] {
    return this.metricsVia === 'otlp' || (metric !== undefined && isSpanMetric(metric)) ? OTLP_TARGET_LABELS : TARGET_LABELS;
  }

  /** Target labels of the service's own metrics. */
  get targetLabels(): readonly string[] {
    return this.targetLabelsOf();
  }

  /** The service's symptom alerts, in declaration order. */
  get symptoms(): readonly Symptom[] {
    return [...this.symptomList];
  }

  /** Declared metrics, in declaration order. */
  get metrics(): readonly Metric[] {
    return [...this.declared.values()];
  }

  /** Panels of the dashboard's metrics row: those added, else one per metric `requests` does not use. */
  get panels(): readonly MetricPanel[] {
    if (this.explicitPanels.length > 0) return [...this.explicitPanels];
    const used = new Set([this.requests?.total, this.requests?.errors, this.requests?.duration]);
    return this.metrics.filter((m) => !used.has(m)).map((metric) => resolvePanel({ metric }));
  }

  /** Adds panels to the dashboard's metrics row (replacing the one-panel-per-metric default). */
  addPanel(...panels: MetricPanelProps[]): this {
    this.explicitPanels.push(...panels.map(resolvePanel));
    return this;
  }

  /** Naming-convention warnings of this service's metrics, then its SLOs' warnings. */
  get warnings(): readonly string[] {
    return [
      ...this.problems.warnings,
      ...this.slos.flatMap((s) => s.warnings.map((w) => `SLO ${s.name}: ${w}`)),
      ...this.alerts.flatMap((a) => a.warnings.map((w) => `alert ${a.name}: ${w}`)),
    ];
  }

  /** Records a warning about the service that synth prints (importers say what they could not carry over). */
  warn(text: string): this {
    this.problems.warn(text);
    return this;
  }

  /** Declares metrics the service exposes. */
  addMetric(...metrics: Metric[]): this {
    for (const m of metrics) {
      if (this.declared.has(m.name)) {
        this.problems.error(`metric "${m.name}"`, m.name, 'each metric name declared once per service');
        continue;
      }
      this.declared.set(m.name, m);
      for (const label of m.labels.filter((l) => this.targetLabelsOf(m).includes(l))) {
        this.problems.error(`metric "${m.name}" label`, label, `a label the target does not set (${this.targetLabelsOf(m).join(', ')} come from the scrape; an exposed "${label}" is renamed exported_${label}), so rename it`);
      }
      const findings = m.check();
      for (const e of findings.errors) this.problems.error(e.subject, e.value, e.expected);
      for (const w of findings.warnings) this.problems.warn(w);
    }
    return this;
  }

  /** The declared metric of that name, if any. */
  metric(name: string): Metric | undefined {
    return this.declared.get(name);
  }

  /** The declared metric that exposes the series `series` (e.g. `x_bucket` → histogram `x`). */
  metricOfSeries(series: string): Metric | undefined {
    for (const m of this.declared.values()) if (m.series.includes(series)) return m;
    return undefined;
  }

  private checkProps(): void {
    const p = this.problems;
    const nameProblem = checkDnsLabel(this.name);
    if (nameProblem) p.error('service name', this.name, nameProblem);
    const nsProblem = checkDnsLabel(this.namespace);
    if (nsProblem) p.error('namespace', this.namespace, nsProblem);

    const tier = checkOneOf(this.tier, TIERS);
    if (tier) p.error('tier', this.tier, tier);
    if (!METRICS_VIA.includes(this.metricsVia)) p.error('metricsVia', this.metricsVia, `one of ${METRICS_VIA.map((v) => JSON.stringify(v)).join(', ')}`);
    if (this.metricsVia === 'otlp' && this.scrape) {
      p.error('scrape.port', this.scrape.port, 'no scrape endpoint when metricsVia is "otlp": the collector remote-writes the metrics, so leave scrape out');
    }
    if (this.metricsVia === 'scrape' && !this.scrape) {
      p.error('scrape', undefined, 'the metrics endpoint ({ port, … }), or metricsVia: "otlp" when the metrics reach Prometheus through the collector');
    }
    if (this.scrape) checkScrapeEndpoint(this.scrape, p);
    // The default selector is the name: a bad name is one error, not two.
    for (const [k, v] of Object.entries(this.explicitSelector || !nameProblem ? this.selector : {})) {
      if (!K8S_LABEL_KEY.test(k)) p.error('selector label name', k, 'a Kubernetes label key');
      if (v.length > 63 || !K8S_LABEL_VALUE.test(v)) p.error(`selector label ${k}`, v, 'a Kubernetes label value');
    }
    if (Object.keys(this.selector).length === 0) p.error('selector', {}, 'at least one label');
  }
}

/** Problems of a resolved scrape endpoint (a service's or an exporter's). */
export function checkScrapeEndpoint(sc: ResolvedScrape, p: Problems): void {
  if (typeof sc.port === 'number') {
    if (!Number.isInteger(sc.port) || sc.port < 1 || sc.port > 65535) p.error('scrape.port', sc.port, 'a port number from 1 to 65535, or a port name');
  } else {
    const portProblem = checkDnsLabel(sc.port);
    if (portProblem || sc.port.length > 15) p.error('scrape.port', sc.port, 'a Kubernetes port name (IANA_SVC_NAME: at most 15 characters of a-z, 0-9 and "-")');
  }
  if (!sc.path.startsWith('/')) p.error('scrape.path', sc.path, 'an absolute HTTP path starting with "/"');
  const scheme = checkOneOf(sc.scheme, ['http', 'https']);
  if (scheme) p.error('scrape.scheme', sc.scheme, scheme);
  const kind = checkOneOf(sc.kubernetes, ['service', 'pod']);
  if (kind) p.error('scrape.kubernetes', sc.kubernetes, `${kind} (a ServiceMonitor or a PodMonitor)`);
  for (const [field, value] of [['scrape.interval', sc.interval], ['scrape.timeout', sc.timeout]] as const) {
    const d = checkDuration(value);
    if (d) p.error(field, value, d);
  }
  const interval = parseDuration(sc.interval);
  const timeout = parseDuration(sc.timeout);
  if (interval && timeout && timeout > interval) {
    p.error('scrape.timeout', sc.timeout, `a timeout no longer than the scrape interval (${sc.interval})`);
  }
  for (const f of scrapeAuthProblems(sc)) p.error(f.subject, f.value, f.expected);
  if (!sc.discovery) {
    p.error('scrape.discovery', undefined, `Discovery.static([...]) or Discovery.file([...]) for the plain Prometheus config, because port ${JSON.stringify(sc.port)} is a name`);
  } else if (sc.discovery.entries.length === 0) {
    p.error('scrape.discovery', [], 'at least one target or file');
  } else if (sc.discovery.kind === 'static') {
    for (const t of sc.discovery.entries) {
      if (!/^[^\s/:]+:\d{1,5}$/.test(t)) p.error('scrape.discovery target', t, 'host:port');
    }
  }
}

/** Two SLOs of one name would record the same `sloth_id` series and alert as one. */
function sloNameProblems(slos: readonly Slo[]): string[] {
  const first = new Map<string, Slo>();
  const out: string[] = [];
  for (const slo of slos) {
    if (isDuplicateId(slo)) continue; // reported as a reused id
    const prev = first.get(slo.name);
    if (prev) out.push(`SLO name: got ${show(slo.name)} for ${slo.node.path}, expected a name not already used by ${prev.node.path} (both would record sloth_id "${slo.id}")`);
    else first.set(slo.name, slo);
  }
  return out;
}

/** One dashboard, one panel per title: two panels of one title cannot be told apart. */
function panelTitleProblems(panels: readonly MetricPanel[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of panels) {
    if (seen.has(p.title)) out.push(`panel title: got ${show(p.title)} twice, expected each panel of the service dashboard titled once (set title on one)`);
    seen.add(p.title);
  }
  return out;
}
