/**
 * Names of series that reach Prometheus through the OpenTelemetry collector (OTLP in, remote write
 * out), as the OTel → Prometheus translation spells them. Seen on otelcol-mac v0.158.0 writing to
 * Prometheus 3.16 (test/otel/otlp-labels.test.ts).
 */

/** `job` of a series translated from OTLP: `service.namespace/service.name` (just the name without a namespace). */
export const otlpJob = (namespace: string | undefined, service: string): string => (namespace ? `${namespace}/${service}` : service);

/** The only target labels an OTLP series carries (`instance` is `service.instance.id`); the rest of the resource is on `target_info`. */
export const OTLP_TARGET_LABELS: readonly string[] = ['job', 'instance'];

/** One series per OTLP resource (job, instance and the other resource attributes): what `up` is to scraped targets. */
export const OTLP_TARGET_INFO = 'target_info';

/** Span metrics of the collector's `span_metrics` connector (namespace `traces.span.metrics`, unit ms). */
export const SpanMetricNames = {
  calls: 'traces_span_metrics_calls_total',
  /** Histogram family; the series are `_bucket`, `_sum` and `_count`. */
  duration: 'traces_span_metrics_duration_milliseconds',
  /** Explicit buckets the collector is configured with, in ms (lib/otel uses the same list). */
  bucketsMs: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
} as const;

/** Labels of the span metrics (the connector's default dimensions, translated). */
export const SpanMetricLabels = {
  service: 'service_name',
  span: 'span_name',
  kind: 'span_kind',
  status: 'status_code',
} as const;

/** `status_code` of failed spans. */
export const SPAN_STATUS_ERROR = 'STATUS_CODE_ERROR';

export type SpanKind = 'SPAN_KIND_SERVER' | 'SPAN_KIND_CLIENT' | 'SPAN_KIND_CONSUMER' | 'SPAN_KIND_PRODUCER' | 'SPAN_KIND_INTERNAL';
/** The span kinds the connector writes. */
export const SPAN_KINDS: readonly SpanKind[] = ['SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_CONSUMER', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_INTERNAL'];
