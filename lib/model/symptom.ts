/** Opt-in symptom alerts of a service (error ratio, latency, target down, saturation…), with typed thresholds. */
import { SEVERITIES, Symptoms, TARGET_LABELS, type Severity } from '../conventions';
import { checkOneOf, ratioForPercent } from './enums';
import { isPattern, type Matcher, type Pattern } from '../promql/expr';
import { literalPatternWarning, literalRegexWarnings } from './patterns';
import type { Metric } from './metric';
import { checkDuration } from './names';
import { scopeSelector, type EventSelector } from './sli';

interface Common {
  /**
   * How long the condition must hold before the alert fires.
   * @default per kind: 5m for error ratio, auth failures and disk; 10m for latency and queue length; 1m for target down; 15m for CPU and memory
   */
  readonly for?: string;
  /**
   * @default per kind: critical for error ratio and target down, warning otherwise; warning when `critical` is given
   */
  readonly severity?: Severity;
}

/**
 * A second, critical threshold of the same symptom (disk 85 % warning, 95 % critical): a second rule
 * of the same alert name with `severity: critical`; Alertmanager's inhibit rule then mutes the warning
 * while the critical fires.
 */
export type CriticalTier<K extends string> = { readonly [P in K]: number } & {
  /**
   * @default the symptom's `for`
   */
  readonly for?: string;
};

export interface ErrorRatioSymptomProps extends Common {
  readonly errors: EventSelector;
  readonly total: EventSelector;
  /** Fires above this share of errors, in percent (e.g. 5). */
  readonly thresholdPercent: number;
  /**
   * A critical threshold above `thresholdPercent`.
   * @default none: one tier
   */
  readonly critical?: CriticalTier<'thresholdPercent'>;
}

export interface LatencySymptomProps extends Common {
  /** A classic histogram, or a summary that exposes the quantile. */
  readonly metric: Metric;
  /** The quantile, e.g. 0.99 for p99. */
  readonly quantile: number;
  /** Fires above this latency. */
  readonly thresholdSeconds: number;
  /**
   * A critical threshold above `thresholdSeconds`.
   * @default none: one tier
   */
  readonly critical?: CriticalTier<'thresholdSeconds'>;
  /**
   * @default []
   */
  readonly matchers?: EventSelector['matchers'];
}

export interface SaturationSymptomProps extends Common {
  /**
   * Fires above this share of the container limit, in percent.
   * @default 80 for CPU, 85 for memory
   */
  readonly thresholdPercent?: number;
  /**
   * A critical threshold above `thresholdPercent`.
   * @default none: one tier
   */
  readonly critical?: CriticalTier<'thresholdPercent'>;
  /**
   * Regex on the `pod` label selecting the service's pods (a string or `re('…')`).
   * @default '<service>-.*' (pods of a Deployment or StatefulSet named like the service)
   */
  readonly podPattern?: string | Pattern;
}

export interface AuthFailuresSymptomProps extends Common {
  /** Failed authentication attempts (a counter). */
  readonly failures: EventSelector;
  /** Fires above this many failures per minute. */
  readonly perMinute: number;
  /**
   * A critical threshold above `perMinute`.
   * @default none: one tier
   */
  readonly critical?: CriticalTier<'perMinute'>;
}

export interface QueueLengthSymptomProps extends Common {
  /** A gauge with the number of waiting items. */
  readonly queue: EventSelector;
  /** Fires above this many waiting items. */
  readonly above: number;
  /**
   * A critical threshold above `above`.
   * @default none: one tier
   */
  readonly critical?: CriticalTier<'above'>;
}

export interface DiskUsageSymptomProps extends Common {
  /**
   * Fires above this share of used space, in percent.
   * @default 85
   */
  readonly thresholdPercent?: number;
  /**
   * A critical threshold above `thresholdPercent` (e.g. 95).
   * @default none: one tier
   */
  readonly critical?: CriticalTier<'thresholdPercent'>;
  /**
   * Mount point of the filesystem (node_exporter `mountpoint` label): a literal path, or `re('/var/lib/.+')`
   * for every mount point the pattern matches (a plain string is never read as a pattern).
   * @default '/'
   */
  readonly mountpoint?: string | Pattern;
  /**
   * Regex on `instance` selecting the nodes (a string or `re('…')`).
   * @default '.+' (every node)
   */
  readonly instancePattern?: string | Pattern;
}

export interface TargetDownSymptomProps extends Common {}

export type SymptomKind = (typeof Symptoms)[keyof typeof Symptoms];

/** Kind-specific settings, resolved. */
export type SymptomSpec =
  | { readonly kind: typeof Symptoms.errorRatio; readonly errors: EventSelector; readonly total: EventSelector; readonly thresholdPercent: number }
  | { readonly kind: typeof Symptoms.latency; readonly metric: Metric; readonly quantile: number; readonly thresholdSeconds: number; readonly matchers: EventSelector['matchers'] }
  | { readonly kind: typeof Symptoms.targetDown }
  | { readonly kind: typeof Symptoms.cpu | typeof Symptoms.memory; readonly thresholdPercent: number; readonly podPattern: string | undefined }
  | { readonly kind: typeof Symptoms.authFailures; readonly failures: EventSelector; readonly perMinute: number }
  | { readonly kind: typeof Symptoms.queueLength; readonly queue: EventSelector; readonly above: number }
  | { readonly kind: typeof Symptoms.disk; readonly thresholdPercent: number; readonly mountpoint: string | Pattern; readonly instancePattern: string };

/** The regex of a prop that is a regex either way (`podPattern: 'x-.*'` or `re('x-.*')`). */
const regexText = (p: string | Pattern | undefined): string | undefined => (isPattern(p) ? p.regex : p);

/** The critical tier of props that have one, as the field of the kind's threshold it overrides. */
function tier<K extends string>(props: { readonly critical?: CriticalTier<K> }, field: K): { field: K; value: number; for?: string } | undefined {
  const c = props.critical;
  if (c === undefined) return undefined;
  return { field, value: c[field], ...(c.for !== undefined ? { for: c.for } : {}) };
}

const DEFAULT_FOR: Record<SymptomKind, string> = {
  [Symptoms.errorRatio]: '5m',
  [Symptoms.latency]: '10m',
  [Symptoms.targetDown]: '1m',
  [Symptoms.cpu]: '15m',
  [Symptoms.memory]: '15m',
  [Symptoms.authFailures]: '5m',
  [Symptoms.queueLength]: '10m',
  [Symptoms.disk]: '5m',
};

export class Symptom {
  /** Error ratio above N % (seeds: "5xx or error rate > 5% over 5 minutes"). */
  static errorRatio(props: ErrorRatioSymptomProps): Symptom {
    return new Symptom({ kind: Symptoms.errorRatio, errors: props.errors, total: props.total, thresholdPercent: props.thresholdPercent }, props, 'critical', tier(props, 'thresholdPercent'));
  }
  /** A latency quantile above an SLA (seeds: "P99 latency > 2s"). */
  static latency(props: LatencySymptomProps): Symptom {
    return new Symptom(
      { kind: Symptoms.latency, metric: props.metric, quantile: props.quantile, thresholdSeconds: props.thresholdSeconds, matchers: props.matchers ?? [] },
      props, 'warning', tier(props, 'thresholdSeconds'),
    );
  }
  /** A scrape target is down (`up == 0`). */
  static targetDown(props: TargetDownSymptomProps = {}): Symptom {
    return new Symptom({ kind: Symptoms.targetDown }, props, 'critical');
  }
  /** Pod CPU use above a share of its limit (cAdvisor + kube-state-metrics). */
  static cpuSaturation(props: SaturationSymptomProps = {}): Symptom {
    return new Symptom({ kind: Symptoms.cpu, thresholdPercent: props.thresholdPercent ?? 80, podPattern: regexText(props.podPattern) }, props, 'warning', tier(props, 'thresholdPercent'));
  }
  /** Pod memory (working set) above a share of its limit. */
  static memorySaturation(props: SaturationSymptomProps = {}): Symptom {
    return new Symptom({ kind: Symptoms.memory, thresholdPercent: props.thresholdPercent ?? 85, podPattern: regexText(props.podPattern) }, props, 'warning', tier(props, 'thresholdPercent'));
  }
  /** Repeated authentication failures. */
  static authFailures(props: AuthFailuresSymptomProps): Symptom {
    return new Symptom({ kind: Symptoms.authFailures, failures: props.failures, perMinute: props.perMinute }, props, 'warning', tier(props, 'perMinute'));
  }
  /** A queue longer than N items. */
  static queueLength(props: QueueLengthSymptomProps): Symptom {
    return new Symptom({ kind: Symptoms.queueLength, queue: props.queue, above: props.above }, props, 'warning', tier(props, 'above'));
  }
  /** A node filesystem fuller than N % (node_exporter). */
  static diskUsage(props: DiskUsageSymptomProps = {}): Symptom {
    return new Symptom(
      { kind: Symptoms.disk, thresholdPercent: props.thresholdPercent ?? 85, mountpoint: props.mountpoint ?? '/', instancePattern: regexText(props.instancePattern) ?? '.+' },
      props, 'warning', tier(props, 'thresholdPercent'),
    );
  }

  readonly kind: SymptomKind;
  readonly for: string;
  readonly severity: Severity;
  private constructor(
    readonly spec: SymptomSpec, common: Common, defaultSeverity: Severity,
    private readonly criticalTier?: { readonly field: string; readonly value: number; readonly for?: string },
  ) {
    this.kind = spec.kind;
    this.for = common.for ?? DEFAULT_FOR[spec.kind];
    this.severity = common.severity ?? (criticalTier ? 'warning' : defaultSeverity);
  }

  /** The critical tier: the same kind with its own threshold (in `spec`) and `for`. */
  get critical(): { readonly spec: SymptomSpec; readonly for: string } | undefined {
    const t = this.criticalTier;
    return t && { spec: { ...this.spec, [t.field]: t.value } as SymptomSpec, for: t.for ?? this.for };
  }

  /** Each tier's threshold settings, `for` and severity: the symptom's own, then the critical one. */
  get tiers(): ReadonlyArray<{ readonly spec: SymptomSpec; readonly for: string; readonly severity: Severity }> {
    return [{ spec: this.spec, for: this.for, severity: this.severity }, ...(this.critical ? [{ ...this.critical, severity: 'critical' as const }] : [])];
  }

  /** The same symptom reading only series that also match `scope` (e.g. its own service's `job`). */
  scopedTo(scope: (metric: Metric) => readonly Matcher[]): Symptom {
    const s = this.spec;
    const n = (sel: EventSelector) => scopeSelector(sel, scope(sel.metric));
    let spec: SymptomSpec;
    switch (s.kind) {
      case Symptoms.errorRatio: spec = { ...s, errors: n(s.errors), total: n(s.total) }; break;
      case Symptoms.latency: spec = { ...s, matchers: n({ metric: s.metric, matchers: s.matchers }).matchers ?? [] }; break;
      case Symptoms.authFailures: spec = { ...s, failures: n(s.failures) }; break;
      case Symptoms.queueLength: spec = { ...s, queue: n(s.queue) }; break;
      default: spec = s;
    }
    return new Symptom(spec, { for: this.for, severity: this.severity }, this.severity, this.criticalTier && { ...this.criticalTier, for: this.critical!.for });
  }

  /** Metric selections the alert reads from the service's own metrics. */
  get selections(): ReadonlyArray<readonly [string, EventSelector]> {
    const s = this.spec;
    switch (s.kind) {
      case Symptoms.errorRatio:
        return [['errors', s.errors], ['total', s.total]];
      case Symptoms.latency:
        return [['metric', { metric: s.metric, matchers: s.matchers }]];
      case Symptoms.authFailures:
        return [['failures', s.failures]];
      case Symptoms.queueLength:
        return [['queue', s.queue]];
      default:
        return [];
    }
  }
}

/** The name and value of a spec's threshold (undefined for target down). */
export function thresholdOf(s: SymptomSpec): [string | undefined, number] {
  switch (s.kind) {
    case Symptoms.errorRatio: case Symptoms.cpu: case Symptoms.memory: case Symptoms.disk: return ['thresholdPercent', s.thresholdPercent];
    case Symptoms.authFailures: return ['perMinute', s.perMinute];
    case Symptoms.queueLength: return ['above', s.above];
    case Symptoms.latency: return ['thresholdSeconds', s.thresholdSeconds];
    default: return [undefined, NaN];
  }
}

function thresholdProblems(at: string, s: SymptomSpec): Array<readonly [string, unknown, string]> {
  const out: Array<readonly [string, unknown, string]> = [];
  const [field, v] = thresholdOf(s);
  if (!field) return out;
  if (field === 'thresholdPercent') {
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 100)) out.push([`${at}${field}`, v, 'a percentage strictly between 0 and 100']);
  } else if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) out.push([`${at}${field}`, v, 'a number greater than 0']);
  if (s.kind === Symptoms.latency && !at.includes('critical.') && !(s.quantile > 0 && s.quantile < 1)) {
    out.push([`${at}quantile`, s.quantile, 'a quantile strictly between 0 and 1, such as 0.99']);
  }
  return out;
}

/** Warnings about a symptom: a percentage threshold written as a ratio, a literal value that reads like a regex. */
export function symptomWarnings(symptom: Symptom): string[] {
  const at = `symptom ${symptom.kind}`;
  const out: Array<string | undefined> = [];
  for (const [prefix, spec] of [['', symptom.spec], ['critical.', symptom.critical?.spec]] as const) {
    const [field, value] = spec ? thresholdOf(spec) : [undefined, NaN];
    if (field === 'thresholdPercent') out.push(ratioForPercent(`${at} ${prefix}${field}`, value));
  }
  for (const [role, sel] of symptom.selections) out.push(...literalRegexWarnings(`${at} ${role}`, sel.matchers));
  if (symptom.spec.kind === Symptoms.disk) out.push(literalPatternWarning(`${at} mountpoint`, symptom.spec.mountpoint));
  return out.filter((w): w is string => w !== undefined);
}

/** What is wrong with a symptom of a service: `[subject, value, expected]` triples. */
export function symptomProblems(
  symptom: Symptom,
  lookup: (name: string) => Metric | undefined,
  serviceName: string,
  targetLabels: readonly string[] = TARGET_LABELS,
): Array<readonly [string, unknown, string]> {
  const out: Array<readonly [string, unknown, string]> = [];
  const at = `symptom ${symptom.kind}`;
  const sev = checkOneOf(symptom.severity, SEVERITIES);
  if (sev) out.push([`${at} severity`, symptom.severity, sev]);
  else if (symptom.critical && symptom.severity === 'critical') {
    out.push([`${at} severity`, symptom.severity, '"warning" or "info": with a critical threshold, the lower tier is not critical']);
  }
  for (const [prefix, t] of [['', symptom], ['critical.', symptom.critical]] as const) {
    if (!t) continue;
    const forProblem = checkDuration(t.for);
    if (forProblem) out.push([`${at} ${prefix}for`, t.for, forProblem]);
    out.push(...thresholdProblems(`${at} ${prefix}`, t.spec));
  }
  const s = symptom.spec;
  const c = symptom.critical;
  if (c) {
    const [field, low] = thresholdOf(s);
    const high = thresholdOf(c.spec)[1];
    if (field && Number.isFinite(low) && Number.isFinite(high) && !(high > low)) {
      out.push([`${at} critical.${field}`, high, `a critical threshold above the ${symptom.severity} threshold (${low})`]);
    }
  }
  const wantedType: Record<string, Metric['type']> = { errors: 'counter', total: 'counter', failures: 'counter', queue: 'gauge' };
  for (const [role, sel] of symptom.selections) {
    const m = lookup(sel.metric.name);
    if (!m) {
      out.push([`${at} ${role} metric`, sel.metric.name, `a metric declared by service "${serviceName}" (addMetric)`]);
      continue;
    }
    const want = wantedType[role];
    if (want && m.type !== want) out.push([`${at} ${role} metric "${m.name}" type`, m.type, `a ${want}`]);
    for (const matcher of sel.matchers ?? []) {
      if (!m.labels.includes(matcher.label) && !targetLabels.includes(matcher.label)) {
        out.push([`${at} ${role} matcher label`, matcher.label, `one of the labels of "${m.name}": ${m.labels.join(', ')}`]);
      }
    }
    if (s.kind === Symptoms.latency) {
      const ok = m.hasBuckets || (m.type === 'summary' && m.quantiles.includes(s.quantile));
      if (!ok) out.push([`${at} metric "${m.name}"`, m.type, `a classic histogram, or a summary exposing quantile ${s.quantile}`]);
    }
  }
  return out;
}
