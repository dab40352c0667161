/**
 * The real collector in the sandbox, between the demo targets and stand-in backends: the generated
 * gateway config on loopback (collector-config), traces and logs exported as OTLP/HTTP JSON to the
 * local sink (one path per tenant and signal, with the generated headers), metrics to the local
 * Prometheus by the generated protocol: remote write to its remote-write receiver, OTLP to its OTLP
 * receiver. Its self-metrics are scraped by the collector's job of the generated prometheus.yml.
 */
import { OtelEnv, SIGNALS } from '../conventions/otel';
import { SANDBOX_HOST } from '../conventions/sandbox';
import { exporterSignal, loopbackCollectorConfig, sinkName, type LoopbackPorts } from './collector-config';
import { freePort } from './net';

type Obj = Record<string, any>;

/** How the collector's metrics reach Prometheus, from the generated metrics exporter. */
export type MetricsPath = 'remote-write' | 'otlp' | 'none';

const isRemoteWrite = (id: string): boolean => /^prometheus_?remote_?write(\/|$)/.test(id);

/** Prometheus' flag for the receiver the collector's metrics need. */
export const PROMETHEUS_RECEIVER_FLAG: Readonly<Record<MetricsPath, string | undefined>> = {
  'remote-write': '--web.enable-remote-write-receiver',
  otlp: '--web.enable-otlp-receiver',
  none: undefined,
};

export function metricsPath(config: Obj): MetricsPath {
  const ids = Object.keys(config.exporters ?? {}).filter((id) => exporterSignal(id) === 'metrics');
  if (ids.length === 0) return 'none';
  return ids.some(isRemoteWrite) ? 'remote-write' : 'otlp';
}

export interface SandboxCollectorRewrite {
  readonly ports: LoopbackPorts;
  /** Base URL of the OTLP sink (lib/sandbox/otlp-sink). */
  readonly sinkUrl: string;
  /** Base URL of the sandbox Prometheus. */
  readonly prometheusUrl: string;
  /** @default '1s' */
  readonly decisionWait?: string;
}

/** The generated config with its exporters pointed at the sink and Prometheus. */
export function sandboxCollectorConfig(generated: Obj, r: SandboxCollectorRewrite): Obj {
  return loopbackCollectorConfig(generated, {
    ports: r.ports,
    decisionWait: r.decisionWait ?? '1s',
    exporter: (id, g) => {
      const type = id.slice(0, id.indexOf('/'));
      const name = sinkName(id);
      if (isRemoteWrite(id)) return [id, { ...g, endpoint: `${r.prometheusUrl}/api/v1/write` }];
      // The OTLP/HTTP exporter under the name the generated version uses.
      const http = type.includes('_') ? 'otlp_http' : 'otlphttp';
      const { tls: _tls, endpoint: _endpoint, ...rest } = g;
      void _tls;
      void _endpoint;
      if (exporterSignal(id) === 'metrics') return [`${http}/${name}`, { ...rest, endpoint: `${r.prometheusUrl}/api/v1/otlp` }];
      return [`${http}/${name}`, { ...rest, endpoint: `${r.sinkUrl}/${name}`, encoding: 'json' }];
    },
  });
}

export async function loopbackPorts(): Promise<LoopbackPorts> {
  const [otlpGrpc, otlpHttp, health, metrics, pprof, zpages] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => freePort()));
  return { otlpGrpc, otlpHttp, health, metrics, pprof, zpages };
}

/** The environment the generated config expands: backend tokens get a stand-in value the sink records. */
export const SANDBOX_COLLECTOR_ENV: Readonly<Record<string, string>> = Object.fromEntries(SIGNALS.map((s) => [OtelEnv.backendToken(s), `sandbox-${s}-token`]));

/** `host:port` of a loopback port. */
export const onLoopback = (port: number): string => `${SANDBOX_HOST}:${port}`;
