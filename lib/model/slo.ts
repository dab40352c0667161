/** A service level objective of a service: an SLI, an objective over a period, and how it alerts. */
import { Construct } from 'constructs';
import { Alerts, SPAN_KINDS, sloId, type SlothSeverity, type SpanKind } from '../conventions';
import { formatDuration, formatNumber, parseDuration } from '../promql/format';
import { promqlSyntaxError } from '../promql/parse';
import { burnRateFactor, DEFAULT_WINDOWS, exact, lowestFiringObjective, type BurnRateWindowProps } from './burn-rate';
import { checkOneOf } from './enums';
import { literalRegexWarnings } from './patterns';
import { infrastructureMetric } from './infrastructure';
import type { Metric } from './metric';
import { checkAlertName, checkUserAnnotations, checkUserLabels } from './alert-labels';
import { checkDuration, checkIdentifier, checkLabelName } from './names';
import { checkFreeId, freeId, Problems } from './problems';
import { RULE_FORMS, settingsOf, type RuleForm } from './settings';
import { isSpanMetric, WINDOW_PLACEHOLDER, type Sli } from './sli';
import type { Service } from './service';

/** Labels and annotations of one alert tier (Sloth's `page_alert` / `ticket_alert`). */
export interface AlertTierProps {
  /**
   * Labels on this tier's alert only, such as `routing_key` (validated against the label contract).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations on this tier's alert, over the SLO's and ours (`summary`, `description`, `runbook_url` may be overridden).
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface SloAlertingProps {
  /**
   * Name of the SLO's burn-rate alert (both tiers), such as Sloth's `alerting.name`.
   * @default `<Service><Slo>BudgetBurn` (Alerts.sloBurn)
   */
  readonly name?: string;
  /**
   * Labels and annotations of the page-tier alert.
   * @default {}
   */
  readonly pageAlert?: AlertTierProps;
  /**
   * Labels and annotations of the ticket-tier alert.
   * @default {}
   */
  readonly ticketAlert?: AlertTierProps;
  /**
   * The multiwindow multi-burn-rate table; factors are derived from each row's budget share and the period.
   * @default DEFAULT_WINDOWS (Workbook: page 1h/5m 2%, 6h/30m 5%; ticket 1d/2h 10%, 3d/6h 10%)
   */
  readonly windows?: readonly BurnRateWindowProps[];
  /**
   * Emit the page-tier burn-rate alert.
   * @default true
   */
  readonly page?: boolean;
  /**
   * Emit the ticket-tier burn-rate alert.
   * @default true
   */
  readonly ticket?: boolean;
  /**
   * Below this many events per second (over the long window) burn-rate alerts stay silent.
   * @default none (alerts at any traffic)
   */
  readonly minEventsPerSecond?: number;
  /**
   * Alert when the SLI's event metric is absent, after the time a total outage needs to trip the fastest tier.
   * @default false
   */
  readonly absentAlert?: boolean;
  /**
   * Alert when the period's error budget is used up.
   * @default false
   */
  readonly budgetExhaustedAlert?: boolean;
}

export interface SloProps {
  /**
   * SLO name: the `slo` / `sloth_slo` label and part of `sloth_id`.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * What the SLO promises, in one line.
   * @default none
   */
  readonly description?: string;
  /**
   * Labels on every recorded series of the SLO, and so on its alerts (over the service's labels).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations on every alert of the SLO, over ours (`summary`, `description`, `runbook_url` may be overridden).
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly sli: Sli;
  /**
   * Objective in percent, greater than 0 and at most 100 (e.g. 99.9). At 100 there is no error budget:
   * the SLI and metadata are recorded, but no burn-rate alert is generated (any error would page), with a warning.
   */
  readonly objective: number;
  /**
   * Period the error budget covers.
   * @default '30d'
   */
  readonly period?: string;
  /**
   * Labels the SLI is computed per (one SLI series and one alert per value combination).
   * @default [] (one SLI for the whole service)
   */
  readonly groupBy?: readonly string[];
  /**
   * @default every default
   */
  readonly alerting?: SloAlertingProps;
  /**
   * How the SLI windows are recorded (RuleForm). `derived` works for ratio, latency and bool-gauge SLIs.
   * @default the platform's `ruleForm` (raw and native-latency SLIs: always 'sloth')
   */
  readonly ruleForm?: RuleForm;
}

/** SLI kinds whose longer windows can be derived from the shortest window's records. */
export const DERIVABLE_KINDS: ReadonlySet<Sli['kind']> = new Set(['ratio', 'latency', 'bool-gauge']);

/** A window-table row with its derived factor. */
export interface BurnRateWindow extends BurnRateWindowProps {
  readonly shortMs: number;
  readonly longMs: number;
  /** Burn-rate factor for this SLO's period. */
  readonly factor: number;
  /** Error-ratio threshold: factor × error budget. */
  readonly threshold: number;
}

/** Labels every series carries without being declared: those Prometheus and our scrape config add. */

const TIME_UNITS: Partial<Record<Metric['unit'], number>> = { seconds: 1, milliseconds: 1000, microseconds: 1_000_000 };

export class Slo extends Construct {
  static isSlo(x: unknown): x is Slo {
    return x instanceof Slo;
  }

  readonly service: Service;
  readonly name: string;
  /** `<service>-<slo>`: the `sloth_id` label. */
  readonly id: string;
  readonly description: string | undefined;
  readonly sli: Sli;
  /** Objective in percent. */
  readonly objective: number;
  /** Objective as a ratio (0.999). */
  readonly objectiveRatio: number;
  /** Error budget as a ratio (0.001). */
  readonly errorBudget: number;
  /** Period in canonical Prometheus form (`30d`, `4w`). */
  readonly period: string;
  readonly periodMs: number;
  readonly groupBy: readonly string[];
  /** The window table with factors for this period (all rows, also of a disabled tier). */
  readonly windows: readonly BurnRateWindow[];
  readonly page: boolean;
  readonly ticket: boolean;
  readonly minEventsPerSecond: number | undefined;
  readonly absentAlert: boolean;
  readonly budgetExhaustedAlert: boolean;
  /** The rule form its SLI windows are recorded in (the platform's unless set; `sloth` where nothing can be derived). */
  readonly ruleForm: RuleForm;
  /** The SLO's own labels (see `recordLabels` for those on its series). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Name of the burn-rate alert of both tiers. */
  readonly alertName: string;
  readonly pageAlert: Required<AlertTierProps>;
  readonly ticketAlert: Required<AlertTierProps>;
  protected readonly problems: Problems;

  constructor(scope: Service, id: string, props: SloProps) {
    super(scope, freeId(scope, id));
    this.problems = new Problems(this);
    checkFreeId(this, id, 'SLO', this.problems);
    this.service = scope;
    this.name = props.name ?? id;
    this.id = sloId(scope.name, this.name);
    this.description = props.description;
    // Every service may expose the same metric names (shared middleware): an SLO reads only its own service's series.
    this.sli = props.sli.scopedTo((m) => scope.scopeOf(m));
    this.objective = props.objective;
    this.objectiveRatio = exact(props.objective / 100);
    this.errorBudget = exact((100 - props.objective) / 100);
    const periodMs = parseDuration(props.period ?? '30d') ?? 0;
    this.periodMs = periodMs;
    this.period = periodMs > 0 ? formatDuration(periodMs) : (props.period ?? '30d');
    this.groupBy = [...(props.groupBy ?? [])];
    const a = props.alerting ?? {};
    this.labels = { ...(props.labels ?? {}) };
    this.annotations = { ...(props.annotations ?? {}) };
    this.alertName = a.name ?? Alerts.sloBurn(scope.name, this.name);
    const tierOf = (t: AlertTierProps | undefined) => ({ labels: { ...(t?.labels ?? {}) }, annotations: { ...(t?.annotations ?? {}) } });
    this.pageAlert = tierOf(a.pageAlert);
    this.ticketAlert = tierOf(a.ticketAlert);
    // No budget at 100: a burn rate is any error over zero, so burn alerts would fire on the first error.
    const budget = props.objective !== 100;
    this.page = budget && (a.page ?? true);
    this.ticket = budget && (a.ticket ?? true);
    this.minEventsPerSecond = a.minEventsPerSecond;
    this.absentAlert = a.absentAlert ?? false;
    this.budgetExhaustedAlert = a.budgetExhaustedAlert ?? false;
    this.windows = (a.windows ?? DEFAULT_WINDOWS).map((w) => {
      const shortMs = parseDuration(w.shortWindow) ?? 0;
      const longMs = parseDuration(w.longWindow) ?? 0;
      const factor = longMs > 0 ? burnRateFactor(w.budgetPercent, periodMs, longMs) : 0;
      return { ...w, shortMs, longMs, factor, threshold: exact(factor * this.errorBudget) };
    });

    const form = props.ruleForm ?? settingsOf(scope).ruleForm;
    this.ruleForm = DERIVABLE_KINDS.has(this.sli.kind) ? form : 'sloth';

    this.checkProps(props);
    for (const [role, sel] of this.sli.selections) for (const w of literalRegexWarnings(role, sel.matchers)) this.problems.warn(w);
    // Metrics may be declared after the SLO, so references are checked at validation time.
    this.node.addValidation({ validate: () => this.referenceProblems() });
  }

  /** Labels on every recorded series: the service's, then the SLO's (Sloth's order). */
  get recordLabels(): Readonly<Record<string, string>> {
    return { ...this.service.labels, ...this.labels };
  }

  /** Labels and annotations of a tier's alert. */
  alertTier(severity: SlothSeverity): Required<AlertTierProps> {
    return severity === 'page' ? this.pageAlert : this.ticketAlert;
  }

  /** Warnings about this SLO (an objective of 100). */
  get warnings(): readonly string[] {
    return this.problems.warnings;
  }

  /** Period in days (`slo:time_period:days`). */
  get periodDays(): number {
    return exact(this.periodMs / 86_400_000);
  }

  /** Windows of the enabled tiers. */
  get alertWindows(): readonly BurnRateWindow[] {
    return this.windows.filter((w) => (w.severity === 'page' ? this.page : this.ticket));
  }

  /** Every window an SLI rule is recorded for (alert windows, shortest first), without the period. */
  get sliWindows(): readonly number[] {
    // `windows` is fixed at construction; every rule and test of the SLO reads this.
    if (!this.sliWindowList) {
      const set = new Set<number>();
      for (const w of this.windows) set.add(w.shortMs).add(w.longMs);
      this.sliWindowList = [...set].filter((ms) => ms > 0).sort((x, y) => x - y);
    }
    return this.sliWindowList;
  }
  private sliWindowList?: readonly number[];

  /** The windows of one tier. */
  tier(severity: SlothSeverity): readonly BurnRateWindow[] {
    let list = this.tiers.get(severity);
    if (!list) this.tiers.set(severity, (list = this.windows.filter((w) => w.severity === severity)));
    return list;
  }
  private readonly tiers = new Map<SlothSeverity, readonly BurnRateWindow[]>();

  private checkProps(props: SloProps): void {
    const p = this.problems;
    const nameProblem = checkIdentifier(this.name);
    if (nameProblem) p.error('SLO name', this.name, nameProblem);
    const objectiveOk = typeof this.objective === 'number' && Number.isFinite(this.objective) && this.objective > 0 && this.objective <= 100;
    if (!objectiveOk) {
      p.error('objective', this.objective, 'a percentage greater than 0 and at most 100, such as 99.9');
    } else if (this.objective < 1) {
      // A ratio where a percentage belongs: one error with the fix, not one per alert tier that could never fire.
      p.error('objective', this.objective, `a percentage, not a ratio: did you mean ${formatNumber(exact(this.objective * 100))}?`);
    } else if (this.objective === 100) {
      const asked = props.alerting?.page === true || props.alerting?.ticket === true;
      p.warn(`objective 100 leaves no error budget, so no burn-rate alert is generated${asked ? ' (alerting.page/ticket: true ignored)' : ''}; ` +
        'the SLI and metadata are still recorded. Lower the objective (such as 99.99) to be paged on burn');
    }
    checkUserLabels('labels', this.labels, (s, v, e) => p.error(s, v, e), this.groupBy);
    for (const g of this.groupBy) {
      if (g in this.service.labels) p.error('groupBy label', g, `a label the service does not set: service labels put one "${g}" value on every series of the SLO`);
    }
    checkUserAnnotations('annotations', this.annotations, (s, v, e) => p.error(s, v, e));
    for (const severity of ['page', 'ticket'] as const) {
      const field = `alerting.${severity}Alert`;
      checkUserLabels(`${field}.labels`, this.alertTier(severity).labels, (s, v, e) => p.error(s, v, e));
      checkUserAnnotations(`${field}.annotations`, this.alertTier(severity).annotations, (s, v, e) => p.error(s, v, e));
    }
    const alertNameProblem = checkAlertName(this.alertName);
    if (alertNameProblem) p.error('alerting.name', this.alertName, alertNameProblem);
    const periodProblem = checkDuration(props.period ?? '30d');
    if (periodProblem) p.error('period', props.period, periodProblem);
    for (const label of this.groupBy) {
      const lp = checkLabelName(label);
      if (lp) p.error('groupBy label', label, lp);
    }
    const min = this.minEventsPerSecond;
    if (min !== undefined && !(Number.isFinite(min) && min > 0)) {
      p.error('alerting.minEventsPerSecond', min, 'a number of events per second greater than 0');
    }
    if (min !== undefined && (this.sli.kind === 'raw' || this.sli.kind === 'bool-gauge')) {
      p.error('alerting.minEventsPerSecond', min, `no traffic guard on a ${this.sli.kind} SLI, which has no event counter`);
    }
    if (this.absentAlert && this.sli.kind === 'raw') {
      p.error('alerting.absentAlert', true, 'no absent alert on a raw SLI, whose metrics are not known');
    }
    if (this.windows.length === 0) p.error('alerting.windows', [], 'at least one window pair');
    if (props.ruleForm !== undefined && !RULE_FORMS.includes(props.ruleForm)) {
      p.error('ruleForm', props.ruleForm, `one of ${RULE_FORMS.map((f) => JSON.stringify(f)).join(', ')}`);
    } else if (props.ruleForm === 'derived' && !DERIVABLE_KINDS.has(this.sli.kind)) {
      p.error('ruleForm', props.ruleForm, `"sloth" for a ${this.sli.kind} SLI: only ratio, latency and bool-gauge SLIs split into event rates that longer windows can be derived from`);
    }
    const kind = this.sli.spanKind;
    if (kind !== undefined && !SPAN_KINDS.includes(kind as SpanKind)) p.error('sli.spanKind', kind, `one of ${SPAN_KINDS.join(', ')}`);
    if (this.sli.kind === 'raw') this.checkRaw(this.sli.rawQuery ?? '');
    // Window thresholds follow from the objective: when it is wrong, that is the one error to fix.
    const usable = objectiveOk && this.objective >= 1;
    this.windows.forEach((w, i) => this.checkWindow(w, i, usable));
  }

  private checkWindow(w: BurnRateWindow, i: number, objectiveUsable: boolean): void {
    const p = this.problems;
    const at = `alerting.windows[${i}]`;
    const sev = checkOneOf(w.severity, ['page', 'ticket']);
    if (sev) p.error(`${at}.severity`, w.severity, sev);
    for (const [field, value] of [['shortWindow', w.shortWindow], ['longWindow', w.longWindow]] as const) {
      const d = checkDuration(value);
      if (d) p.error(`${at}.${field}`, value, d);
    }
    if (w.shortMs > 0 && w.longMs > 0 && w.shortMs >= w.longMs) {
      p.error(`${at}.shortWindow`, w.shortWindow, `a window shorter than the long window (${w.longWindow})`);
    }
    if (this.periodMs > 0 && w.longMs > this.periodMs) {
      p.error(`${at}.longWindow`, w.longWindow, `a window no longer than the period (${this.period})`);
    }
    if (!(Number.isFinite(w.budgetPercent) && w.budgetPercent > 0 && w.budgetPercent <= 100)) {
      p.error(`${at}.budgetPercent`, w.budgetPercent, 'a share of the error budget in percent, greater than 0 and at most 100');
      return;
    }
    const enabled = w.severity === 'page' ? this.page : this.ticket;
    if (enabled && objectiveUsable && this.errorBudget > 0 && w.factor > 0 && w.threshold >= 1) {
      p.message(
        `${at} (${w.severity} ${w.longWindow}/${w.shortWindow}): got threshold ${formatNumber(w.factor)} × ${formatNumber(this.errorBudget)} = ${formatNumber(w.threshold)}, ` +
          `expected a threshold below 1: an error ratio never exceeds 1, so this alert could never fire; ` +
          `raise the objective above ${formatNumber(lowestFiringObjective(w.factor))}%, lower the window's budgetPercent, or set alerting.${w.severity}: false`,
      );
    }
  }

  private checkRaw(query: string): void {
    if (!query.includes(WINDOW_PLACEHOLDER)) {
      this.problems.error('sli.errorRatioQuery', query, `a query containing ${WINDOW_PLACEHOLDER} where the range goes`);
      return;
    }
    const err = promqlSyntaxError(query.split(WINDOW_PLACEHOLDER).join('5m'));
    if (err) this.problems.error('sli.errorRatioQuery', query, `valid PromQL (${err})`);
  }

  /** Problems with the metrics the SLI reads: declared, of the right type, with the labels used. */
  private referenceProblems(): string[] {
    const out: string[] = [];
    const err = (subject: string, value: unknown, expected: string) =>
      out.push(`${subject}: got ${typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}, expected ${expected}`);
    const kind = this.sli.kind;
    const labelSets: Set<string>[] = [];
    for (const [role, sel] of this.sli.selections) {
      const declared = this.service.metric(sel.metric.name) ?? infrastructureMetric(sel.metric.name) ?? (isSpanMetric(sel.metric) ? sel.metric : undefined);
      if (!declared) {
        err(`${role} metric`, sel.metric.name, `a metric declared by service "${this.service.name}" (addMetric) or a well-known infrastructure metric`);
        continue;
      }
      const wanted = kind === 'ratio' ? 'counter' : kind === 'bool-gauge' ? 'gauge' : 'histogram';
      if (declared.type !== wanted) err(`${role} metric "${declared.name}" type`, declared.type, `a ${wanted} for a ${kind} SLI`);
      const known = new Set([...declared.labels, ...this.service.targetLabelsOf(declared)]);
      for (const m of sel.matchers ?? []) {
        if (!known.has(m.label)) err(`${role} matcher label`, m.label, `one of the labels of "${declared.name}": ${[...known].join(', ')}`);
      }
      labelSets.push(known);
      if (kind === 'latency' && declared.type === 'histogram') this.checkBucket(declared, err);
      if (kind === 'native-latency' && declared.type === 'histogram' && !declared.native) {
        err(`${role} metric "${declared.name}"`, 'classic histogram', 'a native histogram (native: true); use Sli.latency for classic buckets');
      }
    }
    // One error per label, listing what every metric of the SLI has (a bad name is reported by checkProps).
    const common = labelSets.length ? [...labelSets[0]!].filter((l) => labelSets.every((s) => s.has(l))) : [];
    for (const g of this.groupBy) {
      if (labelSets.length && !checkLabelName(g) && !common.includes(g)) err('groupBy label', g, `a label every metric of the SLI has: ${common.join(', ')}`);
    }
    return out;
  }

  private checkBucket(h: Metric, err: (s: string, v: unknown, e: string) => void): void {
    const le = this.bucketBoundary(h);
    if (le === undefined) {
      err(`sli.histogram metric "${h.name}" unit`, h.unit, 'a time unit (seconds, milliseconds or microseconds)');
    } else if (!h.buckets.includes(le)) {
      const [field, value] = this.sli.onSpans ? ['sli.thresholdMs', le] : ['sli.thresholdSeconds', this.sli.thresholdSeconds];
      err(field, value, `one of the bucket boundaries of "${h.name}" (${h.unit}): [${h.buckets.map(formatNumber).join(', ')}]`);
    }
  }

  /** The `le` value of the latency threshold in the histogram's unit; undefined when the unit is not a time. */
  bucketBoundary(h: Metric = this.sli.histogram!.metric): number | undefined {
    const scale = TIME_UNITS[h.unit];
    return scale === undefined ? undefined : exact((this.sli.thresholdSeconds ?? 0) * scale);
  }
}

