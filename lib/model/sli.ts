/** Service level indicators: how an SLO counts bad events, built from declared metrics. */
import { SPAN_STATUS_ERROR, SpanMetricLabels, SpanMetricNames, type SpanKind } from '../conventions';
import { eq, SLOTH_WINDOW, type Matcher } from '../promql/expr';
import { Metric } from './metric';

/** Events of one metric, optionally narrowed by label matchers (build them with `eq`, `re`… of lib/promql). */
export interface EventSelector {
  /** A metric the service declares (or a well-known infrastructure metric). */
  readonly metric: Metric;
  /**
   * Label matchers that select the events.
   * @default [] (every series of the metric)
   */
  readonly matchers?: readonly Matcher[];
}

/**
 * The selection narrowed by `scope` matchers (those on labels the user already matches are left out,
 * so an explicit matcher wins).
 */
export function scopeSelector(sel: EventSelector, scope: readonly Matcher[]): EventSelector {
  const own = sel.matchers ?? [];
  return { ...sel, matchers: [...scope.filter((m) => !own.some((u) => u.label === m.label)), ...own] };
}

export interface RatioSliProps {
  /** Bad events (a counter). */
  readonly errors: EventSelector;
  /** All events (a counter). */
  readonly total: EventSelector;
}

export interface LatencySliProps {
  /** A classic histogram (with buckets). */
  readonly histogram: Metric;
  /** Requests slower than this are bad; must be one of the histogram's bucket boundaries. */
  readonly thresholdSeconds: number;
  /**
   * Matchers on the histogram's series.
   * @default []
   */
  readonly matchers?: readonly Matcher[];
}

export interface NativeLatencySliProps {
  /** A native histogram (`native: true`). */
  readonly histogram: Metric;
  /** Requests slower than this are bad (any value: native buckets are interpolated by `histogram_fraction`). */
  readonly thresholdSeconds: number;
  /**
   * @default []
   */
  readonly matchers?: readonly Matcher[];
}

export interface BoolGaugeSliProps {
  /** A 0/1 gauge where 1 is good, such as `probe_success` or `up`. */
  readonly metric: Metric;
  /**
   * @default []
   */
  readonly matchers?: readonly Matcher[];
}

export interface RawSliProps {
  /** PromQL of the error ratio (0..1), with `{{.window}}` where the range goes (Sloth's placeholder). */
  readonly errorRatioQuery: string;
}

export interface SpanSliProps {
  /**
   * Spans of this kind (`span_kind`).
   * @default 'SPAN_KIND_SERVER' (the requests the service answers)
   */
  readonly spanKind?: SpanKind;
  /**
   * Only spans of this name (`span_name`, e.g. `GET /cart`).
   * @default every span of the kind
   */
  readonly spanName?: string;
}

export interface SpanLatencySliProps extends SpanSliProps {
  /** Spans slower than this are bad; must be one of the collector's bucket boundaries. */
  readonly thresholdMs: number;
  /**
   * The span_metrics connector's explicit buckets, in ms.
   * @default SpanMetricNames.bucketsMs (what lib/otel configures)
   */
  readonly bucketsMs?: readonly number[];
}

/** The connector's call counter, as a declared metric (it is never scraped from the service). */
export const spanCalls = Metric.counter({
  name: SpanMetricNames.calls,
  help: 'Spans ended, per service, span name, kind and status (OpenTelemetry collector span_metrics)',
  labels: Object.values(SpanMetricLabels),
});

/** The connector's duration histogram, in ms, with the collector's buckets. */
export const spanDuration = (bucketsMs: readonly number[] = SpanMetricNames.bucketsMs): Metric => Metric.histogram({
  name: SpanMetricNames.duration,
  help: 'Span durations (OpenTelemetry collector span_metrics)',
  unit: 'milliseconds',
  labels: Object.values(SpanMetricLabels),
  buckets: bucketsMs,
  ignoreNamingRules: ['base-unit'],
});

/** Whether the metric is one of the collector's span metrics (which always arrive over OTLP). */
export const isSpanMetric = (m: Metric): boolean => m.name === SpanMetricNames.calls || m.name === SpanMetricNames.duration;

export type SliKind = 'ratio' | 'latency' | 'native-latency' | 'bool-gauge' | 'raw';

/** Sloth's placeholder for the window in raw queries. */
export const WINDOW_PLACEHOLDER = SLOTH_WINDOW;

export class Sli {
  /** Error ratio = bad events / all events, from counters. */
  static ratio(props: RatioSliProps): Sli {
    return new Sli('ratio', { errors: props.errors, total: props.total });
  }
  /** Share of requests slower than a bucket boundary of a classic histogram. */
  static latency(props: LatencySliProps): Sli {
    return new Sli('latency', { histogram: { metric: props.histogram, matchers: props.matchers }, thresholdSeconds: props.thresholdSeconds });
  }
  /** Share of requests slower than a threshold, from a native histogram via `histogram_fraction`. */
  static nativeLatency(props: NativeLatencySliProps): Sli {
    return new Sli('native-latency', { histogram: { metric: props.histogram, matchers: props.matchers }, thresholdSeconds: props.thresholdSeconds });
  }
  /** Share of time a 0/1 gauge is 0. */
  static boolGauge(props: BoolGaugeSliProps): Sli {
    return new Sli('bool-gauge', { gauge: { metric: props.metric, matchers: props.matchers } });
  }
  /** Failed spans (`status_code="STATUS_CODE_ERROR"`) out of all spans, from the collector's span metrics: an SLO on traces alone. */
  static spanErrors(props: SpanSliProps = {}): Sli {
    const m = spanMatchers(props);
    return new Sli('ratio', {
      errors: { metric: spanCalls, matchers: [...m, eq(SpanMetricLabels.status, SPAN_STATUS_ERROR)] },
      total: { metric: spanCalls, matchers: m },
      spanKind: props.spanKind ?? DEFAULT_SPAN_KIND,
    });
  }
  /** Spans slower than a bucket boundary of the collector's span duration histogram (ms). */
  static spanLatency(props: SpanLatencySliProps): Sli {
    return new Sli('latency', {
      histogram: { metric: spanDuration(props.bucketsMs), matchers: spanMatchers(props) },
      thresholdSeconds: props.thresholdMs / 1000,
      spanKind: props.spanKind ?? DEFAULT_SPAN_KIND,
    });
  }
  /** Escape hatch: an error-ratio query of your own, parse-checked at synth. */
  static raw(props: RawSliProps): Sli {
    return new Sli('raw', { rawQuery: props.errorRatioQuery });
  }

  /** Bad events (ratio). */
  readonly errors: EventSelector | undefined;
  /** All events (ratio). */
  readonly total: EventSelector | undefined;
  /** The histogram (latency, native-latency). */
  readonly histogram: EventSelector | undefined;
  /** The 0/1 gauge (bool-gauge). */
  readonly gauge: EventSelector | undefined;
  /** Latency threshold in seconds (latency, native-latency). */
  readonly thresholdSeconds: number | undefined;
  /** The user's query, with the window placeholder (raw). */
  readonly rawQuery: string | undefined;
  /** The span kind of an SLI on span metrics (Sli.spanErrors, Sli.spanLatency); undefined otherwise. */
  readonly spanKind: string | undefined;

  private constructor(
    readonly kind: SliKind,
    parts: {
      errors?: EventSelector | undefined; total?: EventSelector | undefined; histogram?: EventSelector | undefined;
      gauge?: EventSelector | undefined; thresholdSeconds?: number | undefined; rawQuery?: string | undefined;
      spanKind?: string | undefined;
    },
  ) {
    this.errors = parts.errors;
    this.total = parts.total;
    this.histogram = parts.histogram;
    this.gauge = parts.gauge;
    this.thresholdSeconds = parts.thresholdSeconds;
    this.rawQuery = parts.rawQuery;
    this.spanKind = parts.spanKind;
  }

  /** Built on the collector's span metrics. */
  get onSpans(): boolean {
    return this.spanKind !== undefined;
  }

  /** The same SLI reading only series that also match the scope of each selection's metric (e.g. its own service's `job`). */
  scopedTo(scope: (metric: Metric) => readonly Matcher[]): Sli {
    const narrow = (sel: EventSelector | undefined) => (sel ? scopeSelector(sel, scope(sel.metric)) : undefined);
    return new Sli(this.kind, {
      errors: narrow(this.errors), total: narrow(this.total), histogram: narrow(this.histogram), gauge: narrow(this.gauge),
      thresholdSeconds: this.thresholdSeconds, rawQuery: this.rawQuery, spanKind: this.spanKind,
    });
  }

  /** Every metric selection the SLI reads, with the role it plays (for validation messages). */
  get selections(): ReadonlyArray<readonly [string, EventSelector]> {
    const out: Array<readonly [string, EventSelector]> = [];
    if (this.errors) out.push(['sli.errors', this.errors]);
    if (this.total) out.push(['sli.total', this.total]);
    if (this.histogram) out.push(['sli.histogram', this.histogram]);
    if (this.gauge) out.push(['sli.metric', this.gauge]);
    return out;
  }

  /** The selection that counts all events, for low-traffic guards and absent alerts (none for raw SLIs). */
  get events(): EventSelector | undefined {
    return this.total ?? this.histogram ?? this.gauge;
  }
}

const DEFAULT_SPAN_KIND: SpanKind = 'SPAN_KIND_SERVER';

function spanMatchers(p: SpanSliProps): Matcher[] {
  return [eq(SpanMetricLabels.kind, p.spanKind ?? DEFAULT_SPAN_KIND), ...(p.spanName !== undefined ? [eq(SpanMetricLabels.span, p.spanName)] : [])];
}
