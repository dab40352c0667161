/** Typed declarations of the metrics a service exposes: the single source of truth for rules and panels. */
import { checkOneOf } from './enums';
import { checkLabelName, checkMetricName } from './names';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** Base units (Prometheus naming guide) and the few non-base units existing services use. */
export type MetricUnit =
  | 'seconds' | 'milliseconds' | 'microseconds'
  | 'bytes' | 'kilobytes' | 'megabytes'
  | 'ratio' | 'percent'
  | 'celsius' | 'volts' | 'amperes' | 'joules' | 'meters' | 'grams'
  | 'count';

export const METRIC_UNITS: readonly MetricUnit[] = [
  'seconds', 'milliseconds', 'microseconds', 'bytes', 'kilobytes', 'megabytes', 'ratio', 'percent',
  'celsius', 'volts', 'amperes', 'joules', 'meters', 'grams', 'count',
];

/** Naming-convention checks that produce warnings; a metric may opt out of each. */
export type NamingRule = 'counter-total-suffix' | 'base-unit' | 'unit-suffix';
export const NAMING_RULES: readonly NamingRule[] = ['counter-total-suffix', 'base-unit', 'unit-suffix'];

export interface MetricProps {
  /** Metric family name, as exposed (for histograms and summaries, without `_bucket`/`_sum`/`_count`). */
  readonly name: string;
  /** HELP text. */
  readonly help: string;
  /**
   * Unit of the values.
   * @default inferred from the name's suffix (`_seconds`, `_bytes`, `_ms`, `_ratio`…), else 'count'
   */
  readonly unit?: MetricUnit;
  /**
   * Label names the metric carries (besides the target labels Prometheus adds).
   * @default []
   */
  readonly labels?: readonly string[];
  /**
   * Naming-convention warnings to silence for this metric, for metrics that already exist.
   * @default [] (all conventions checked)
   */
  readonly ignoreNamingRules?: readonly NamingRule[];
}

export interface HistogramProps extends MetricProps {
  /**
   * Upper bounds of the classic buckets (`le`), strictly increasing; `+Inf` is implicit.
   * @default none: required unless `native` is set
   */
  readonly buckets?: readonly number[];
  /**
   * The histogram is (also) exposed as a Prometheus native histogram.
   * @default false
   */
  readonly native?: boolean;
}

export interface SummaryProps extends MetricProps {
  /**
   * Quantiles the summary exposes; an empty list means only `_sum` and `_count`.
   * @default []
   */
  readonly quantiles?: readonly number[];
}

const UNIT_SUFFIXES: ReadonlyArray<readonly [RegExp, MetricUnit]> = [
  [/_seconds(_total)?$/, 'seconds'],
  [/_(ms|milliseconds)(_total)?$/, 'milliseconds'],
  [/_(us|microseconds)(_total)?$/, 'microseconds'],
  [/_bytes(_total)?$/, 'bytes'],
  [/_(kb|kilobytes)(_total)?$/, 'kilobytes'],
  [/_(mb|megabytes)(_total)?$/, 'megabytes'],
  [/_ratio$/, 'ratio'],
  [/_percent$/, 'percent'],
  [/_celsius$/, 'celsius'],
  [/_volts$/, 'volts'],
  [/_amperes$/, 'amperes'],
  [/_joules(_total)?$/, 'joules'],
  [/_meters(_total)?$/, 'meters'],
  [/_grams(_total)?$/, 'grams'],
];

const NON_BASE: Partial<Record<MetricUnit, string>> = {
  milliseconds: 'seconds', microseconds: 'seconds', kilobytes: 'bytes', megabytes: 'bytes', percent: 'ratio',
};

/** What a metric declaration gets wrong: errors stop synthesis, warnings only inform. */
export interface MetricFindings {
  readonly errors: ReadonlyArray<{ readonly subject: string; readonly value: unknown; readonly expected: string }>;
  readonly warnings: readonly string[];
}

export class Metric {
  static counter(props: MetricProps): Metric {
    return new Metric('counter', props);
  }
  static gauge(props: MetricProps): Metric {
    return new Metric('gauge', props);
  }
  static histogram(props: HistogramProps): Metric {
    return new Metric('histogram', props, props.buckets ?? [], props.native ?? false);
  }
  static summary(props: SummaryProps): Metric {
    return new Metric('summary', props, [], false, props.quantiles ?? []);
  }

  readonly name: string;
  readonly help: string;
  readonly unit: MetricUnit;
  readonly labels: readonly string[];
  readonly ignoreNamingRules: readonly NamingRule[];

  private constructor(
    readonly type: MetricType,
    props: MetricProps,
    /** Classic bucket upper bounds (histograms). */
    readonly buckets: readonly number[] = [],
    /** Exposed as a native histogram (histograms). */
    readonly native: boolean = false,
    /** Exposed quantiles (summaries). */
    readonly quantiles: readonly number[] = [],
  ) {
    this.name = props.name;
    this.help = props.help;
    this.labels = [...(props.labels ?? [])];
    this.ignoreNamingRules = [...(props.ignoreNamingRules ?? [])];
    this.unit = props.unit ?? UNIT_SUFFIXES.find(([re]) => re.test(props.name))?.[1] ?? 'count';
  }

  /** Classic histogram: has `_bucket` series with `le`. */
  get hasBuckets(): boolean {
    return this.type === 'histogram' && this.buckets.length > 0;
  }

  /** Names of the series this metric family exposes. */
  get series(): readonly string[] {
    switch (this.type) {
      case 'counter':
      case 'gauge':
        return [this.name];
      case 'histogram':
        return this.hasBuckets ? [`${this.name}_bucket`, `${this.name}_sum`, `${this.name}_count`] : [this.name];
      case 'summary':
        return this.quantiles.length > 0 ? [this.name, `${this.name}_sum`, `${this.name}_count`] : [`${this.name}_sum`, `${this.name}_count`];
    }
  }

  /** Checks the declaration against the Prometheus data model and naming conventions. */
  check(): MetricFindings {
    const errors: { subject: string; value: unknown; expected: string }[] = [];
    const warnings: string[] = [];
    const subject = `metric "${this.name}"`;
    const nameProblem = checkMetricName(this.name);
    if (nameProblem) errors.push({ subject: `${subject} name`, value: this.name, expected: nameProblem });
    if (this.help.trim() === '') errors.push({ subject: `${subject} help`, value: this.help, expected: 'a non-empty HELP text' });

    const unit = checkOneOf(this.unit, METRIC_UNITS);
    if (unit) errors.push({ subject: `${subject} unit`, value: this.unit, expected: unit });
    for (const rule of this.ignoreNamingRules) {
      const r = checkOneOf(rule, NAMING_RULES);
      if (r) errors.push({ subject: `${subject} ignoreNamingRules`, value: rule, expected: r });
    }
    const seen = new Set<string>();
    for (const label of this.labels) {
      const p = checkLabelName(label);
      if (p) errors.push({ subject: `${subject} label`, value: label, expected: p });
      if (seen.has(label)) errors.push({ subject: `${subject} label`, value: label, expected: 'each label name once' });
      seen.add(label);
      if (this.type === 'histogram' && label === 'le') {
        errors.push({ subject: `${subject} label`, value: label, expected: 'no "le" label on a histogram (Prometheus adds it to the buckets)' });
      }
      if (this.type === 'summary' && label === 'quantile') {
        errors.push({ subject: `${subject} label`, value: label, expected: 'no "quantile" label on a summary (Prometheus adds it)' });
      }
    }

    if (this.type === 'histogram') {
      if (this.buckets.length === 0 && !this.native) {
        errors.push({ subject: `${subject} buckets`, value: [], expected: 'classic bucket boundaries, or native: true' });
      }
      const bad = this.buckets.find((b, i) => !Number.isFinite(b) || (i > 0 && b <= this.buckets[i - 1]!));
      if (bad !== undefined) {
        errors.push({ subject: `${subject} buckets`, value: [...this.buckets], expected: 'finite, strictly increasing upper bounds (+Inf is implicit)' });
      }
    }
    if (this.type === 'summary') {
      const bad = this.quantiles.find((q) => !(q >= 0 && q <= 1));
      if (bad !== undefined) errors.push({ subject: `${subject} quantiles`, value: [...this.quantiles], expected: 'quantiles between 0 and 1' });
    }

    const ignored = new Set(this.ignoreNamingRules);
    const optOut = (rule: NamingRule) => `; if the metric already exists, silence this with ignoreNamingRules: ['${rule}']`;
    if (!ignored.has('counter-total-suffix')) {
      if (this.type === 'counter' && !this.name.endsWith('_total')) {
        warnings.push(`${subject}: counter names should end in "_total"${optOut('counter-total-suffix')}`);
      }
      if (this.type !== 'counter' && this.name.endsWith('_total')) {
        warnings.push(`${subject}: "_total" is reserved for counters, but this is a ${this.type}${optOut('counter-total-suffix')}`);
      }
    }
    const base = NON_BASE[this.unit];
    if (base && !ignored.has('base-unit')) {
      warnings.push(`${subject}: unit ${this.unit} is not a base unit; Prometheus convention is ${base}${optOut('base-unit')}`);
    }
    const suffixUnit = UNIT_SUFFIXES.find(([re]) => re.test(this.name))?.[1];
    if (suffixUnit && suffixUnit !== this.unit && !ignored.has('unit-suffix')) {
      warnings.push(`${subject}: the name says ${suffixUnit} but unit is ${this.unit}${optOut('unit-suffix')}`);
    }
    return { errors, warnings };
  }
}
