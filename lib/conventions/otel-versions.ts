/**
 * What changes with the target collector version: component type names (the snake_case renames of
 * core #14396 and contrib #45339) and the names of the collector's own metrics. Old names still load
 * on new collectors (deprecated aliases); new names fail on old ones, so we emit the target's names.
 */
import type { Signal } from './otel';

/** The collector release test/tools/build.sh builds (core and contrib v0.158.0). */
export const BUILT_COLLECTOR_VERSION = '0.158.0';
/** The oldest release whose config keys we emit (telemetry `readers`, `sending_queue.sizer`). */
export const OLDEST_COLLECTOR_VERSION = '0.120.0';

export interface ComponentNames {
  readonly otlpGrpcExporter: string;
  readonly otlpHttpExporter: string;
  readonly k8sAttributes: string;
  readonly resourceDetection: string;
  readonly prometheusRemoteWrite: string;
  readonly spanMetrics: string;
  readonly fileLog: string;
}

/**
 * First release with each new name. The core renames are in its CHANGELOG (v0.144.0); the contrib ones
 * are dated by their merged PRs (#45901 Feb 2026, #46750 Mar 2026, #47963 Apr 2026, #48525 and #48705
 * May 2026) and the first release after each merge.
 */
export const RENAMES: ReadonlyArray<{ readonly key: keyof ComponentNames; readonly legacy: string; readonly current: string; readonly since: string }> = [
  { key: 'otlpGrpcExporter', legacy: 'otlp', current: 'otlp_grpc', since: '0.144.0' },
  { key: 'otlpHttpExporter', legacy: 'otlphttp', current: 'otlp_http', since: '0.144.0' },
  { key: 'k8sAttributes', legacy: 'k8sattributes', current: 'k8s_attributes', since: '0.146.0' },
  { key: 'fileLog', legacy: 'filelog', current: 'file_log', since: '0.149.0' },
  { key: 'spanMetrics', legacy: 'spanmetrics', current: 'span_metrics', since: '0.151.0' },
  { key: 'resourceDetection', legacy: 'resourcedetection', current: 'resource_detection', since: '0.153.0' },
  { key: 'prometheusRemoteWrite', legacy: 'prometheusremotewrite', current: 'prometheus_remote_write', since: '0.154.0' },
];

/** `0.158.0` → [0, 158, 0]; undefined when not a release number. */
export function parseVersion(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a)!;
  const pb = parseVersion(b)!;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

const atLeast = (version: string, since: string) => compareVersions(version, since) >= 0;

export function componentNames(version: string): ComponentNames {
  const out: Partial<Record<keyof ComponentNames, string>> = {};
  for (const r of RENAMES) out[r.key] = atLeast(version, r.since) ? r.current : r.legacy;
  return out as ComponentNames;
}

/** Telemetry item suffix of each signal in the collector's own metric names. */
const ITEMS: Record<Signal, string> = { traces: 'spans', metrics: 'metric_points', logs: 'log_records' };

/**
 * The collector's own metrics (default Prometheus reader: no `_total`, no unit suffix), checked on
 * otelcol-mac v0.158.0. The memory limiter has its own counters since v0.155.0; before that it
 * reported through the generic `otelcol_processor_refused_*` (label `processor`).
 */
export function selfMetrics(version: string) {
  const limiterOwn = atLeast(version, '0.155.0');
  return {
    receiverAccepted: (s: Signal) => `otelcol_receiver_accepted_${ITEMS[s]}`,
    receiverRefused: (s: Signal) => `otelcol_receiver_refused_${ITEMS[s]}`,
    receiverFailed: (s: Signal) => `otelcol_receiver_failed_${ITEMS[s]}`,
    exporterSent: (s: Signal) => `otelcol_exporter_sent_${ITEMS[s]}`,
    exporterSendFailed: (s: Signal) => `otelcol_exporter_send_failed_${ITEMS[s]}`,
    exporterEnqueueFailed: (s: Signal) => `otelcol_exporter_enqueue_failed_${ITEMS[s]}`,
    queueSize: 'otelcol_exporter_queue_size',
    queueCapacity: 'otelcol_exporter_queue_capacity',
    memoryLimiterRefused: (s: Signal) => (limiterOwn ? `otelcol_processor_memory_limiter_refused_${ITEMS[s]}` : `otelcol_processor_refused_${ITEMS[s]}`),
    /** Extra matchers the memory-limiter series needs (the generic counter covers every processor). */
    memoryLimiterMatchers: (limiterOwn ? {} : { processor: 'memory_limiter' }) as Readonly<Record<string, string>>,
    processRss: 'otelcol_process_memory_rss',
    uptime: 'otelcol_process_uptime',
  };
}
export type SelfMetrics = ReturnType<typeof selfMetrics>;
