/**
 * Exporters as parts of the catalogue: a preset (`Exporter.postgres({ … })`) added to a service
 * (`service.addExporter(...)`, whose team owns its alerts) or to the platform (`new PlatformExporter(...)`).
 * Each gets its own scrape job and monitor, its standard alerts (custom alerts, so rules, routes, tests and
 * the catalogue follow) and a row of panels.
 */
import { Construct } from 'constructs';
import { Alerts, defaultSelector, Exporters, Labels, SEVERITIES, type Severity } from '../../conventions';
import { eq, type Matcher } from '../../promql/expr';
import { parseDuration } from '../../promql/format';
import { PlatformAlert, ServiceAlert, type AlertProps, type CustomAlert } from '../alert';
import { checkOneOf, ratioForPercent } from '../enums';
import { Metric } from '../metric';
import { checkDnsLabel, checkDuration } from '../names';
import { Problems, show } from '../problems';
import { K8S_LABEL_KEY, K8S_LABEL_VALUE } from '../scrape-checks';
import { checkScrapeEndpoint, Discovery, type ResolvedScrape, type Service } from '../service';
import { settingsOf } from '../settings';
import { Team } from '../team';
import { DCGM } from './dcgm';
import { percentThreshold, type ExporterAlertDef, type ExporterDefinition, type ExporterKind, type ExporterQuery } from './definition';
import { INGRESS_NGINX, NGINX } from './nginx';
import { NODE } from './node';
import { POSTGRES } from './postgres';
import { PUSHGATEWAY } from './pushgateway';
import { REDIS } from './redis';

/** Overrides of one standard alert; `false` drops it. */
export interface ExporterAlertOverride {
  /**
   * The alert's threshold, in the unit the preset documents (percent, °C, seconds).
   * @default the preset's (PostgreSQL connections 90 %, NGINX 5xx 5 %, node memory 90 %, GPU 85 °C, push age 3600 s)
   */
  readonly threshold?: number;
  /**
   * @default the preset's (1m for down alerts, 2m for connections, else 5m)
   */
  readonly for?: string;
  /**
   * @default the preset's (critical, except GPU temperature and stale pushes: warning)
   */
  readonly severity?: Severity;
}

export interface ExporterProps {
  /**
   * Port the exporter listens on.
   * @default the exporter's well-known port (postgres 9187, redis 9121, nginx 9113, ingress-nginx 10254, node 9100, dcgm 9400, pushgateway 9091)
   */
  readonly port?: number;
  /**
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * @default the platform's scrape interval
   */
  readonly interval?: string;
  /**
   * @default the platform's scrape timeout, or the interval when that is shorter
   */
  readonly timeout?: string;
  /**
   * ServiceMonitor (a Kubernetes Service in front of the exporter) or PodMonitor.
   * @default 'service'
   */
  readonly kubernetes?: 'service' | 'pod';
  /**
   * How the plain prometheus.yml finds the exporter.
   * @default Discovery.static([`<job>:<port>`])
   */
  readonly discovery?: Discovery;
  /**
   * Labels of the exporter's Kubernetes Service (or Pods) that the monitor selects.
   * @default { 'app.kubernetes.io/name': <job> }
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Per standard alert (by id, e.g. `'connections-exhausted'`): overrides, or `false` to leave it out.
   * @default {} (every standard alert with the preset's threshold)
   */
  readonly alerts?: Readonly<Record<string, ExporterAlertOverride | false>>;
  /**
   * Further metrics the exporter serves beside the preset's: what jobs push to a Pushgateway (training loss),
   * a postgres_exporter custom query. Declared dashboards can then read them.
   * @default [] (the preset's metrics only)
   */
  readonly metrics?: readonly Metric[];
}

const OPTIONS: readonly (keyof ExporterProps)[] = ['port', 'path', 'interval', 'timeout', 'kubernetes', 'discovery', 'selector', 'alerts', 'metrics'];
const OVERRIDES: readonly (keyof ExporterAlertOverride)[] = ['threshold', 'for', 'severity'];

/** An exporter preset: its well-known metrics, scrape settings, standard alerts and panels. */
export class Exporter {
  /** prometheus-community/postgres_exporter: PostgreSQL down, connection pool exhausted (pg_stat_activity_count vs max_connections). */
  static postgres(props: ExporterProps = {}): Exporter { return new Exporter(POSTGRES, props); }
  /** oliver006/redis_exporter: Redis down. */
  static redis(props: ExporterProps = {}): Exporter { return new Exporter(REDIS, props); }
  /** nginx-prometheus-exporter (stub_status): NGINX down; stub_status has no status codes, see `ingressNginx` for 5xx. */
  static nginx(props: ExporterProps = {}): Exporter { return new Exporter(NGINX, props); }
  /** The ingress-nginx controller's own metrics: the 5xx ratio, from its per-status request counter. */
  static ingressNginx(props: ExporterProps = {}): Exporter { return new Exporter(INGRESS_NGINX, props); }
  /** prometheus/node_exporter: node memory above 90 %. */
  static node(props: ExporterProps = {}): Exporter { return new Exporter(NODE, props); }
  /** NVIDIA dcgm-exporter: GPU temperature. */
  static dcgm(props: ExporterProps = {}): Exporter { return new Exporter(DCGM, props); }
  /** Prometheus Pushgateway (honor_labels): stale pushed groups. */
  static pushgateway(props: ExporterProps = {}): Exporter { return new Exporter(PUSHGATEWAY, props); }

  static isExporter(x: unknown): x is Exporter {
    return x instanceof Exporter;
  }

  private constructor(readonly definition: ExporterDefinition, readonly props: ExporterProps) {}

  get kind(): ExporterKind {
    return this.definition.kind;
  }
}

/** Builds one standard alert, as a child of the service (service exporters) or of the exporter (platform). */
type AlertFactory = (target: Construct, def: ExporterAlertDef, props: AlertProps) => CustomAlert;

/** A resolved panel of the exporter's row. */
export interface ExporterPanel {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly ExporterQuery[];
}

/** What exporters of services and of the platform share: the target, its checks, alerts and panels. */
export abstract class ExporterTarget extends Construct {
  static isExporterTarget(x: unknown): x is ExporterTarget {
    return x instanceof ExporterTarget;
  }

  readonly kind: ExporterKind;
  readonly definition: ExporterDefinition;
  /** Job name and value of the `exporter` label of its series. */
  readonly job: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly scrape: ResolvedScrape;
  /** The standard alerts kept, in the preset's order. */
  readonly standardAlerts: readonly CustomAlert[];
  /** The preset's metrics, then the further ones given in `metrics` (none when the preset was bad). */
  readonly metrics: readonly Metric[] = [];
  protected readonly problems: Problems;

  protected constructor(scope: Construct, id: string, exporter: Exporter, job: string, namespace: string, makeAlert: AlertFactory) {
    super(scope, id);
    this.problems = new Problems(this);
    const p = this.problems;
    if (!Exporter.isExporter(exporter)) {
      p.error('exporter', exporter, 'an exporter preset: Exporter.postgres(), .redis(), .nginx(), .ingressNginx(), .node(), .dcgm() or .pushgateway()');
      throw new Error(`[${this.node.path}] exporter: got ${show(exporter)}, expected an exporter preset (Exporter.postgres() …)`);
    }
    const def = exporter.definition;
    const props = exporter.props ?? {};
    this.kind = def.kind;
    this.definition = def;
    this.job = job;
    this.namespace = namespace;
    for (const k of Object.keys(props)) if (!OPTIONS.includes(k as keyof ExporterProps)) p.error('exporter option', k, `one of ${OPTIONS.map(show).join(', ')}`);
    const idProblem = checkDnsLabel(job);
    if (idProblem) p.error('exporter job', job, idProblem);
    const settings = settingsOf(this);
    const port = props.port ?? def.port;
    const interval = props.interval ?? settings.scrapeInterval;
    const intervalMs = parseDuration(interval);
    const fallbackTimeout = intervalMs !== undefined && (parseDuration(settings.scrapeTimeout) ?? 0) > intervalMs ? interval : settings.scrapeTimeout;
    this.scrape = {
      port, path: props.path ?? def.path, scheme: 'http', interval, timeout: props.timeout ?? fallbackTimeout,
      kubernetes: props.kubernetes ?? 'service',
      discovery: props.discovery ?? Discovery.static([`${job}:${port}`]),
      tls: undefined, bearerToken: undefined, basicAuth: undefined, honorLabels: def.honorLabels,
    };
    if (typeof port !== 'number') p.error('port', port, `a port number (the exporter's default is ${def.port})`);
    else checkScrapeEndpoint(this.scrape, p);
    this.selector = { ...(props.selector ?? defaultSelector(job)) };
    for (const [k, v] of Object.entries(this.selector)) {
      if (!K8S_LABEL_KEY.test(k)) p.error('selector label name', k, 'a Kubernetes label key');
      if (typeof v !== 'string' || v.length > 63 || !K8S_LABEL_VALUE.test(v)) p.error(`selector label ${k}`, v, 'a Kubernetes label value');
    }
    this.metrics = [...def.metrics, ...this.furtherMetrics(def, props.metrics)];
    this.standardAlerts = this.buildAlerts(def, props.alerts ?? {}, makeAlert);
  }

  /** The declared metric of that name (the preset's or a further one), if any. */
  metric(name: string): Metric | undefined {
    return this.metrics.find((m) => m.name === name);
  }

  private furtherMetrics(def: ExporterDefinition, given: readonly Metric[] | undefined): Metric[] {
    if (given === undefined) return [];
    const p = this.problems;
    if (!Array.isArray(given)) {
      p.error('metrics', given, 'a list of Metric declarations (Metric.gauge(…), …)');
      return [];
    }
    const out: Metric[] = [];
    const names = new Set(def.metrics.map((m) => m.name));
    given.forEach((m, i) => {
      if (!(m instanceof Metric)) return p.error(`metrics[${i}]`, m, 'a Metric declaration (Metric.gauge(…), …)');
      if (names.has(m.name)) return p.error(`metrics[${i}]`, m.name, `a metric name not already declared by the ${def.kind} preset or earlier in metrics`);
      names.add(m.name);
      const findings = m.check();
      for (const e of findings.errors) p.error(`metrics[${i}] ${e.subject}`, e.value, e.expected);
      for (const w of findings.warnings) p.warn(w);
      out.push(m);
    });
    return out;
  }

  /** Warnings about the exporter's props (a percentage written as a ratio). */
  get warnings(): readonly string[] {
    return this.problems.warnings;
  }

  /** Matchers that select the exporter's series (its `exporter` target label). */
  get scopeMatchers(): Matcher[] {
    return [eq(Labels.exporter, this.job)];
  }

  /** The row of panels on the owner's dashboard, its series selected by the `exporter` label. */
  get panels(): readonly ExporterPanel[] {
    return this.panelsWith([]);
  }

  /** The panels with further matchers on every selector (a dashboard's variables). */
  panelsWith(extra: readonly Matcher[]): ExporterPanel[] {
    const scope = [...this.scopeMatchers, ...extra];
    return this.definition.panels.map((d) => ({ title: d.title, description: d.description, unit: d.unit, queries: d.queries(scope) }));
  }

  /** Labels every series of the target gets from the scrape config, besides `job` and `instance`. */
  abstract get identityLabels(): Readonly<Record<string, string>>;

  private buildAlerts(def: ExporterDefinition, given: Readonly<Record<string, ExporterAlertOverride | false>>, make: AlertFactory): CustomAlert[] {
    const p = this.problems;
    const ids = def.alerts.map((a) => a.id);
    for (const k of Object.keys(given)) if (!ids.includes(k)) p.error('alerts', k, `a standard alert of the ${def.kind} exporter: one of ${ids.map(show).join(', ')}`);
    const out: CustomAlert[] = [];
    for (const d of def.alerts) {
      const o = given[d.id];
      if (o === false) continue;
      if (o !== undefined && (typeof o !== 'object' || o === null)) {
        p.error(`alerts.${d.id}`, o, '{ threshold?, for?, severity? }, or false to leave the alert out');
        continue;
      }
      for (const k of Object.keys(o ?? {})) if (!OVERRIDES.includes(k as keyof ExporterAlertOverride)) p.error(`alerts.${d.id} option`, k, `one of ${OVERRIDES.map(show).join(', ')}`);
      let threshold = d.threshold ?? 1;
      if (o?.threshold !== undefined) {
        if (d.threshold === undefined) p.error(`alerts.${d.id}.threshold`, o.threshold, `no threshold: the alert fires when the exporter reports 0`);
        else if (typeof o.threshold !== 'number' || !Number.isFinite(o.threshold) || !d.thresholdValid!(o.threshold)) p.error(`alerts.${d.id}.threshold`, o.threshold, d.thresholdExpected!);
        else threshold = o.threshold;
        const ratio = d.thresholdExpected === percentThreshold.thresholdExpected ? ratioForPercent(`alerts.${d.id}.threshold`, o.threshold) : undefined;
        if (ratio) p.warn(ratio);
      }
      const severity = o?.severity ?? d.severity;
      const sev = checkOneOf(severity, SEVERITIES);
      if (sev) { p.error(`alerts.${d.id}.severity`, severity, sev); continue; }
      const forValue = o?.for ?? d.for;
      const forProblem = checkDuration(forValue);
      if (forProblem) { p.error(`alerts.${d.id}.for`, forValue, forProblem); continue; }
      const alert = make(this, d, {
        expr: d.expr(this.scopeMatchers, threshold), for: forValue, severity,
        summary: d.summary, description: d.description(threshold), labels: { [Labels.exporter]: this.job },
      });
      out.push(alert.readsExporterMetrics(def.metrics));
    }
    return out;
  }
}

/** An exporter of a service (its database, cache, proxy…): the service's team owns its alerts and they route like the service's. */
export class ServiceExporter extends ExporterTarget {
  static isServiceExporter(x: unknown): x is ServiceExporter {
    return x instanceof ServiceExporter;
  }

  constructor(readonly service: Service, id: string, exporter: Exporter) {
    const job = Exporters.job(service.name, id);
    // The alerts are the service's own (children of the service), so its rule file, routes and dashboard link cover them.
    super(service, id, exporter, job, service.namespace, (_t, d, props) => new ServiceAlert(service, Exporters.alertId(id, d.id), props));
  }

  get identityLabels(): Readonly<Record<string, string>> {
    return { [Labels.service]: this.service.name, [Labels.team]: this.service.team.name, [Labels.namespace]: this.namespace, [Labels.exporter]: this.job };
  }
}

export interface PlatformExporterProps {
  readonly exporter: Exporter;
  /**
   * Namespace of the exporter's Kubernetes Service and of its monitor.
   * @default the platform's prometheus.namespace ('monitoring')
   */
  readonly namespace?: string;
  /**
   * The team its alerts route to.
   * @default none: the platform's default receiver
   */
  readonly team?: Team;
}

/** An exporter of the platform (nodes, GPUs, a Pushgateway): platform alerts, panels on the overview. */
export class PlatformExporter extends ExporterTarget {
  static isPlatformExporter(x: unknown): x is PlatformExporter {
    return x instanceof PlatformExporter;
  }

  readonly team: Team | undefined;

  constructor(scope: Construct, id: string, props: PlatformExporterProps) {
    const team = props?.team;
    super(scope, id, props?.exporter, Exporters.job(undefined, id), props?.namespace ?? settingsOf(scope).rulesNamespace,
      (t, d, p) => new PlatformAlert(t, d.id, { ...p, name: Alerts.custom(undefined, Exporters.alertId(id, d.id)), ...(Team.isTeam(team) ? { team } : {}) }));
    this.team = team;
    if (team !== undefined && !Team.isTeam(team)) this.problems.error('team', team, 'a Team construct (new Team(…)), or no team for the platform\'s default receiver');
    const ns = checkDnsLabel(this.namespace);
    if (ns) this.problems.error('namespace', this.namespace, ns);
  }

  get identityLabels(): Readonly<Record<string, string>> {
    return { ...(this.team && Team.isTeam(this.team) ? { [Labels.team]: this.team.name } : {}), [Labels.namespace]: this.namespace, [Labels.exporter]: this.job };
  }
}
