/**
 * Custom alert rules: a service's own (`service.addAlert`) and the platform's (`PlatformAlert`), for
 * conditions no symptom kind covers (node memory, a connection pool, GPU temperature…).
 */
import { Construct, type IConstruct } from 'constructs';
import { Alerts, InfraSeries, Labels, SEVERITIES, TARGET_LABELS, type Severity } from '../conventions';
import { withMatchers, type Expr, type Matcher, type Selector } from '../promql/expr';
import { metricNames, promqlSyntaxError } from '../promql/parse';
import { thresholdShape } from '../promql/shape';
import { mapSelectors, partsOf } from '../promql/walk';
import { checkAlertName, checkUserAnnotations, checkUserLabels } from './alert-labels';
import { checkOneOf } from './enums';
import { wellKnownMetric } from './infrastructure';
import type { Metric } from './metric';
import { checkDuration } from './names';
import { literalRegexWarnings } from './patterns';
import { Problems, show } from './problems';
import { settingsOf } from './settings';
import { Team } from './team';

export interface AlertProps {
  /**
   * The alert name.
   * @default `<Service><Id>` in CamelCase for a service's alert (`api-gateway` + `pool-exhausted` → `ApiGatewayPoolExhausted`), `<Id>` for a platform alert
   */
  readonly name?: string;
  /**
   * The condition: an expression built with the PromQL builders (`gt(div(…), num(0.9))`), whose
   * selectors of the service's own metrics are scoped to the service like its SLIs; or PromQL text,
   * used as written after a syntax check. Every metric it reads must be declared by the service or be
   * a well-known series (lib/conventions/infrastructure.ts, or the platform's `knownMetrics`).
   */
  readonly expr: Expr | string;
  /**
   * How long the condition must hold before the alert fires.
   * @default '5m'
   */
  readonly for?: string;
  /** Routing severity: the receiver is chosen by it. */
  readonly severity: Severity;
  /** One static line saying what is wrong (no templates: it groups notifications). */
  readonly summary: string;
  /** How bad it is; may use `{{ $value }}`, `{{ $value | humanize }}`, `{{ $value | humanizePercentage }}` and `{{ $labels.<name> }}`. */
  readonly description: string;
  /**
   * Extra labels of the alert (not the contract's: `service`, `team`, `severity`… are reserved).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations; `runbook_url` may be overridden, `dashboard_url` not.
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PlatformAlertProps extends AlertProps {
  /**
   * The team that owns the alert: its `team` label, so the team's routing gets it.
   * @default none: the platform's default receiver (alertmanager.defaultReceiver) gets it
   */
  readonly team?: Team;
}

/** The service an alert belongs to, as the alert needs it (a type-only view, so service.ts can import this file). */
export interface AlertOwner extends IConstruct {
  readonly name: string;
  metricOfSeries(series: string): Metric | undefined;
  metric(name: string): Metric | undefined;
  scopeOf(metric?: Metric): Matcher[];
  targetLabelsOf(metric?: Metric): readonly string[];
  readonly scrape?: { readonly port: number | string; readonly discovery?: { readonly kind: string; readonly entries: readonly string[] } };
}

const TEMPLATE = /\{\{[^{}]*\}\}/g;

/** Shared by service and platform alerts: props, validation, the expression with its reads resolved. */
export abstract class CustomAlert extends Construct {
  readonly name: string;
  readonly for: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Written as PromQL text: no generated test, its inputs are unknown. */
  readonly raw: boolean;
  protected readonly problems: Problems;
  private readonly given: Expr | string;
  /** Metrics of the exporter whose standard alert this is (selected by its `exporter` label). */
  private readonly exporterMetrics: Metric[] = [];

  protected constructor(scope: Construct, id: string, props: AlertProps, serviceName: string | undefined) {
    super(scope, id);
    this.problems = new Problems(this);
    this.name = props.name ?? Alerts.custom(serviceName, id);
    this.given = props.expr;
    this.raw = typeof props.expr === 'string';
    this.for = props.for ?? '5m';
    this.severity = props.severity;
    this.summary = props.summary;
    this.description = props.description;
    this.labels = { ...(props.labels ?? {}) };
    this.annotations = { ...(props.annotations ?? {}) };
    this.checkProps();
    this.node.addValidation({ validate: () => this.readProblems() });
  }

  /** The service whose metrics the alert may read (undefined for platform alerts). */
  protected abstract get owner(): AlertOwner | undefined;

  /** The expression as the rule gets it: text as written, or the built tree with the owner's own series scoped to it. */
  get expr(): Expr | string {
    const g = this.given;
    const owner = this.owner;
    if (typeof g === 'string' || !owner) return g;
    return mapSelectors(g, (s) => {
      const own = owner.metricOfSeries(s.metric);
      return own && !s.matchers.some((m) => m.label === Labels.job || m.label === Labels.exporter) ? withMatchers(s, owner.scopeOf(own)) : s;
    });
  }

  /** Warnings about the alert (a literal matcher that reads like a regular expression). */
  get warnings(): readonly string[] {
    return this.problems.warnings;
  }

  /** An `instance` value for generated test series: the owner's first scrape target, else a node's. */
  get exampleInstance(): string {
    const sc = this.owner?.scrape;
    if (!sc) return 'node-1:9100';
    return sc.discovery?.kind === 'static' ? sc.discovery.entries[0]! : `${this.owner!.name}:${sc.port}`;
  }

  /** Why no promtool test is generated for the alert; undefined when its inputs are known. */
  get untestedReason(): string | undefined {
    if (this.raw) return 'written as PromQL text: its inputs are unknown';
    const shape = thresholdShape(this.given as Expr);
    return typeof shape === 'string' ? shape : undefined;
  }

  /** The metric a series of the expression belongs to: the owner's, else a well-known one. */
  metricOf(series: string): Metric | undefined {
    return this.owner?.metricOfSeries(series) ?? this.exporterMetric(series) ?? wellKnownMetric(series, settingsOf(this).knownMetrics);
  }

  /** Lets the alert read an exporter's metrics (its standard alerts); they carry the `exporter` target label. */
  readsExporterMetrics(metrics: readonly Metric[]): this {
    this.exporterMetrics.push(...metrics);
    return this;
  }

  private exporterMetric(series: string): Metric | undefined {
    return this.exporterMetrics.find((m) => m.series.includes(series));
  }

  private checkProps(): void {
    const p = this.problems;
    const nameProblem = checkAlertName(this.name);
    if (nameProblem) p.error('alert name', this.name, nameProblem);
    const sev = checkOneOf(this.severity, SEVERITIES);
    if (sev) p.error('severity', this.severity, sev);
    const d = checkDuration(this.for);
    if (d) p.error('for', this.for, d);
    if (typeof this.summary !== 'string' || this.summary.trim() === '') p.error('summary', this.summary, 'a non-empty line');
    else if (this.summary.includes('{{')) p.error('summary', this.summary, 'a static line without templates (it groups notifications); put values in the description');
    if (typeof this.description !== 'string' || this.description.trim() === '') p.error('description', this.description, 'a non-empty text');
    else if (this.description.replace(TEMPLATE, '').match(/\{\{|\}\}/)) p.error('description', this.description, 'templates closed as {{ … }}');
    checkUserLabels('labels', this.labels, (s, v, e) => p.error(s, v, e));
    checkUserAnnotations('annotations', this.annotations, (s, v, e) => p.error(s, v, e));
    for (const a of ['summary', 'description'] as const) {
      if (a in this.annotations) p.error(`annotations.${a}`, this.annotations[a], `the ${a} prop, not an annotation`);
    }
    if (typeof this.given === 'string') {
      const syntax = promqlSyntaxError(this.given);
      if (syntax) p.error('expr', this.given, `PromQL that parses: ${syntax}`);
    } else if (typeof this.given !== 'object' || this.given === null || !('kind' in this.given)) {
      p.error('expr', this.given, 'an expression built with the PromQL builders, or PromQL text');
    } else {
      for (const s of partsOf(this.given).selectors) for (const w of literalRegexWarnings(`expr ${s.metric}`, s.matchers)) p.warn(w);
      for (const text of partsOf(this.given).raw) {
        const syntax = promqlSyntaxError(text);
        if (syntax) p.error('expr raw part', text, `PromQL that parses: ${syntax}`);
      }
    }
  }

  /** Metrics the expression reads, checked at validation time so `addMetric` after `addAlert` works. */
  private readProblems(): string[] {
    const g = this.given;
    if (typeof g !== 'string' && (typeof g !== 'object' || g === null || !('kind' in g))) return [];
    const out: string[] = [];
    const err = (subject: string, value: unknown, expected: string) => out.push(`${subject}: got ${show(value)}, expected ${expected}`);
    const known = settingsOf(this).knownMetrics;
    const expectedMetric = () => [
      this.owner ? `a metric declared by service "${this.owner.name}" (addMetric)` : 'a metric',
      `a well-known series (${[...new Set([...wellKnownNames(), ...known.map((m) => m.name)])].join(', ')})`,
      'or one added with the platform setting knownMetrics',
    ].join(', ');
    const names = typeof g === 'string' ? metricNames(g) : [...partsOf(g).selectors.map((s) => s.metric), ...partsOf(g).raw.flatMap(metricNames)];
    if (typeof g === 'string' && promqlSyntaxError(g)) return [];
    for (const name of new Set(names)) if (!this.metricOf(name)) err('expr metric', name, expectedMetric());
    if (typeof g !== 'string') for (const s of partsOf(g).selectors) out.push(...this.matcherProblems(s));
    return out;
  }

  private matcherProblems(s: Selector): string[] {
    const m = this.metricOf(s.metric);
    if (!m) return [];
    const own = this.owner?.metricOfSeries(s.metric) !== undefined;
    const extra = s.metric.endsWith('_bucket') ? [Labels.le] : m.type === 'summary' && s.metric === m.name ? [Labels.quantile] : [];
    const exporter = this.exporterMetric(s.metric) ? [Labels.exporter] : [];
    const allowed = [...m.labels, ...(own ? this.owner!.targetLabelsOf(m) : TARGET_LABELS), ...exporter, ...extra];
    return s.matchers.filter((x) => !allowed.includes(x.label))
      .map((x) => `expr matcher label: got ${show(x.label)}, expected one of the labels of "${s.metric}": ${allowed.join(', ')}`);
  }
}

const wellKnownNames = (): string[] => Object.values(InfraSeries);

/** A service's own alert rule: `service.addAlert(id, props)`. */
export class ServiceAlert extends CustomAlert {
  static isServiceAlert(x: unknown): x is ServiceAlert {
    return x instanceof ServiceAlert;
  }

  constructor(readonly service: AlertOwner, id: string, props: AlertProps) {
    super(service as unknown as Construct, id, props, service.name);
  }

  protected get owner(): AlertOwner {
    return this.service;
  }
}

/** An alert not tied to a service (nodes, shared databases…): in the platform's own rule file. */
export class PlatformAlert extends CustomAlert {
  static isPlatformAlert(x: unknown): x is PlatformAlert {
    return x instanceof PlatformAlert;
  }

  readonly team: Team | undefined;

  constructor(scope: Construct, id: string, props: PlatformAlertProps) {
    super(scope, id, props, undefined);
    this.team = props.team;
    if (props.team !== undefined && !Team.isTeam(props.team)) this.problems.error('team', props.team, 'a Team construct (new Team(…)), or no team for the platform\'s default receiver');
  }

  protected get owner(): undefined {
    return undefined;
  }
}
