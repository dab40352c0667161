/** Opt-in symptom alerts of a service (error ratio, latency, target down, saturation…), with typed thresholds. */
import { Symptoms, TARGET_LABELS, type Severity } from '../conventions';
import type { Matcher } from '../promql/expr';
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
   * @default per kind: critical for error ratio and target down, warning otherwise
   */
  readonly severity?: Severity;
}

export interface ErrorRatioSymptomProps extends Common {
  readonly errors: EventSelector;
  readonly total: EventSelector;
  /** Fires above this share of errors, in percent (e.g. 5). */
  readonly thresholdPercent: number;
}

export interface LatencySymptomProps extends Common {
  /** A classic histogram, or a summary that exposes the quantile. */
  readonly metric: Metric;
  /** The quantile, e.g. 0.99 for p99. */
  readonly quantile: number;
  /** Fires above this latency. */
  readonly thresholdSeconds: number;
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
   * Regex on the `pod` label selecting the service's pods.
   * @default '<service>-.*' (pods of a Deployment or StatefulSet named like the service)
   */
  readonly podPattern?: string;
}

export interface AuthFailuresSymptomProps extends Common {
  /** Failed authentication attempts (a counter). */
  readonly failures: EventSelector;
  /** Fires above this many failures per minute. */
  readonly perMinute: number;
}

export interface QueueLengthSymptomProps extends Common {
  /** A gauge with the number of waiting items. */
  readonly queue: EventSelector;
  /** Fires above this many waiting items. */
  readonly above: number;
}

export interface DiskUsageSymptomProps extends Common {
  /**
   * Fires above this share of used space, in percent.
   * @default 85
   */
  readonly thresholdPercent?: number;
  /**
   * Mount point of the filesystem (node_exporter `mountpoint` label).
   * @default '/'
   */
  readonly mountpoint?: string;
  /**
   * Regex on `instance` selecting the nodes.
   * @default '.+' (every node)
   */
  readonly instancePattern?: string;
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
  | { readonly kind: typeof Symptoms.disk; readonly thresholdPercent: number; readonly mountpoint: string; readonly instancePattern: string };

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
    return new Symptom({ kind: Symptoms.errorRatio, errors: props.errors, total: props.total, thresholdPercent: props.thresholdPercent }, props, 'critical');
  }
  /** A latency quantile above an SLA (seeds: "P99 latency > 2s"). */
  static latency(props: LatencySymptomProps): Symptom {
    return new Symptom(
      { kind: Symptoms.latency, metric: props.metric, quantile: props.quantile, thresholdSeconds: props.thresholdSeconds, matchers: props.matchers ?? [] },
      props, 'warning',
    );
  }
  /** A scrape target is down (`up == 0`). */
  static targetDown(props: TargetDownSymptomProps = {}): Symptom {
    return new Symptom({ kind: Symptoms.targetDown }, props, 'critical');
  }
  /** Pod CPU use above a share of its limit (cAdvisor + kube-state-metrics). */
  static cpuSaturation(props: SaturationSymptomProps = {}): Symptom {
    return new Symptom({ kind: Symptoms.cpu, thresholdPercent: props.thresholdPercent ?? 80, podPattern: props.podPattern }, props, 'warning');
  }
  /** Pod memory (working set) above a share of its limit. */
  static memorySaturation(props: SaturationSymptomProps = {}): Symptom {
    return new Symptom({ kind: Symptoms.memory, thresholdPercent: props.thresholdPercent ?? 85, podPattern: props.podPattern }, props, 'warning');
  }
  /** Repeated authentication failures. */
  static authFailures(props: AuthFailuresSymptomProps): Symptom {
    return new Symptom({ kind: Symptoms.authFailures, failures: props.failures, perMinute: props.perMinute }, props, 'warning');
  }
  /** A queue longer than N items. */
  static queueLength(props: QueueLengthSymptomProps): Symptom {
    return new Symptom({ kind: Symptoms.queueLength, queue: props.queue, above: props.above }, props, 'warning');
  }
  /** A node filesystem fuller than N % (node_exporter). */
  static diskUsage(props: DiskUsageSymptomProps = {}): Symptom {
    return new Symptom(
      { kind: Symptoms.disk, thresholdPercent: props.thresholdPercent ?? 85, mountpoint: props.mountpoint ?? '/', instancePattern: props.instancePattern ?? '.+' },
      props, 'warning',
    );
  }

  readonly kind: SymptomKind;
  readonly for: string;
  readonly severity: Severity;

  private constructor(readonly spec: SymptomSpec, common: Common, defaultSeverity: Severity) {
    this.kind = spec.kind;
    this.for = common.for ?? DEFAULT_FOR[spec.kind];
    this.severity = common.severity ?? defaultSeverity;
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
    return new Symptom(spec, { for: this.for, severity: this.severity }, this.severity);
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

/** What is wrong with a symptom of a service: `[subject, value, expected]` triples. */
export function symptomProblems(
  symptom: Symptom,
  lookup: (name: string) => Metric | undefined,
  serviceName: string,
  targetLabels: readonly string[] = TARGET_LABELS,
): Array<readonly [string, unknown, string]> {
  const out: Array<readonly [string, unknown, string]> = [];
  const at = `symptom ${symptom.kind}`;
  const forProblem = checkDuration(symptom.for);
  if (forProblem) out.push([`${at} for`, symptom.for, forProblem]);
  const s = symptom.spec;
  const percent = (field: string, v: number) => {
    if (!(Number.isFinite(v) && v > 0 && v < 100)) out.push([`${at} ${field}`, v, 'a percentage strictly between 0 and 100']);
  };
  const positive = (field: string, v: number) => {
    if (!(Number.isFinite(v) && v > 0)) out.push([`${at} ${field}`, v, 'a number greater than 0']);
  };
  switch (s.kind) {
    case Symptoms.errorRatio: percent('thresholdPercent', s.thresholdPercent); break;
    case Symptoms.cpu: case Symptoms.memory: case Symptoms.disk: percent('thresholdPercent', s.thresholdPercent); break;
    case Symptoms.authFailures: positive('perMinute', s.perMinute); break;
    case Symptoms.queueLength: positive('above', s.above); break;
    case Symptoms.latency:
      positive('thresholdSeconds', s.thresholdSeconds);
      if (!(s.quantile > 0 && s.quantile < 1)) out.push([`${at} quantile`, s.quantile, 'a quantile strictly between 0 and 1, such as 0.99']);
      break;
    default: break;
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
