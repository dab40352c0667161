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

/** A label with its expected values: the set itself, or how many there are. */
export interface LabelProps {
  /** Label name. */
  readonly name: string;
  /**
   * The label's value set, when it is known (methods, status codes).
   * @default none: give `cardinality` instead
   */
  readonly values?: readonly string[];
  /**
   * How many values the label takes at most, when they are not a fixed set (route templates).
   * @default none: give `values` instead
   */
  readonly cardinality?: number;
}

/**
 * A label of a metric: its name only (its cardinality is then the platform's
 * `cardinality.defaultLabelValues`), or its name with its values or their number.
 */
export type LabelDeclaration = string | LabelProps;

/** A label as the model keeps it; `values` and `cardinality` are undefined when only the name was given. */
export interface DeclaredLabel {
  readonly name: string;
  /** Given as `{ name, … }` (so it must say its values or cardinality), not as a plain name. */
  readonly props: boolean;
  readonly values: readonly string[] | undefined;
  readonly cardinality: number | undefined;
}

/** The largest cardinality one label may declare: beyond it the label is an identifier, not a dimension. */
export const MAX_LABEL_CARDINALITY = 100_000;

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
   * Labels the metric carries (besides the target labels Prometheus adds): a name, or
   * `{ name, values }` / `{ name, cardinality }` for the series estimate and the scrape limits.
   * @default []
   */
  readonly labels?: readonly LabelDeclaration[];
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
  /** Label names, in declaration order. */
  readonly labels: readonly string[];
  /** Labels with their declared values or cardinality. */
  readonly declaredLabels: readonly DeclaredLabel[];
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
    this.declaredLabels = (props.labels ?? []).map(declaredLabel);
    this.labels = this.declaredLabels.map((l) => l.name);
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

    for (const l of this.declaredLabels.filter((x) => x.props)) errors.push(...labelValueProblems(`${subject} label ${JSON.stringify(l.name)}`, l));

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

function declaredLabel(l: LabelDeclaration): DeclaredLabel {
  if (typeof l === 'string') return { name: l, props: false, values: undefined, cardinality: undefined };
  // A non-list `values` is kept as given, so the check below can report it.
  return { name: l.name, props: true, values: Array.isArray(l.values) ? [...l.values] : l.values, cardinality: l.cardinality };
}

/** What is wrong with a label's declared values or cardinality. */
function labelValueProblems(subject: string, l: DeclaredLabel): MetricFindings['errors'] {
  const out: { subject: string; value: unknown; expected: string }[] = [];
  if (l.values !== undefined && l.cardinality !== undefined) {
    out.push({ subject: `${subject} cardinality`, value: l.cardinality, expected: 'no cardinality next to values: the value set\'s size is the cardinality' });
  } else if (l.values === undefined && l.cardinality === undefined) {
    out.push({ subject: `${subject} values`, value: undefined, expected: `the label's value set (values) or how many values it takes (cardinality); the plain name ${JSON.stringify(l.name)} takes the platform default` });
  }
  if (l.cardinality !== undefined && !(Number.isInteger(l.cardinality) && l.cardinality >= 1 && l.cardinality <= MAX_LABEL_CARDINALITY)) {
    out.push({ subject: `${subject} cardinality`, value: l.cardinality, expected: `a whole number of values from 1 to ${MAX_LABEL_CARDINALITY} (a label with more values is an identifier: drop it or move it to logs)` });
  }
  if (l.values !== undefined) {
    const v = l.values as readonly unknown[];
    if (!Array.isArray(v)) out.push({ subject: `${subject} values`, value: v, expected: 'a list of the label\'s values' });
    else if (v.length === 0) out.push({ subject: `${subject} values`, value: [], expected: 'at least one value' });
    else if (v.some((x) => typeof x !== 'string' || x === '')) out.push({ subject: `${subject} values`, value: [...v], expected: 'non-empty strings (an empty value is the same as no label)' });
    else if (new Set(v).size !== v.length) out.push({ subject: `${subject} values`, value: [...v], expected: 'each value once' });
    else if (v.length > MAX_LABEL_CARDINALITY) out.push({ subject: `${subject} values`, value: `${v.length} values`, expected: `at most ${MAX_LABEL_CARDINALITY} values` });
  }
  return out;
}
