/**
 * The real collector in the sandbox, between the demo targets and stand-in backends: the generated
 * gateway config on loopback (collector-config), traces and logs exported as OTLP/HTTP JSON to the
 * local sink (one path per tenant and signal, with the generated headers), metrics to the local
 * Prometheus by the generated protocol: remote write to its remote-write receiver, OTLP to its OTLP
 * receiver. Its self-metrics are scraped with the relabelings of the generated ServiceMonitor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
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

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A Prometheus Operator relabeling (camelCase) as a Prometheus relabel_config. */
const relabelConfig = (r: Obj): Obj => Object.fromEntries(Object.entries(r).map(([k, v]) => [snake(k), typeof v === 'string' && k === 'action' ? v.toLowerCase() : v]));

/** The generated ServiceMonitor or PodMonitor named `name`, from dist/kubernetes. */
export function findMonitor(kubernetesDir: string, name: string): Obj | undefined {
  if (!fs.existsSync(kubernetesDir)) return undefined;
  for (const f of fs.readdirSync(kubernetesDir).filter((x) => /^(Service|Pod)Monitor\./.test(x)).sort()) {
    const m = parse(fs.readFileSync(path.join(kubernetesDir, f), 'utf8')) as Obj;
    if (m?.metadata?.name === name) return m;
  }
  return undefined;
}

/**
 * A scrape job with the monitor's relabelings; the Kubernetes discovery labels they read
 * (`__meta_kubernetes_namespace`) are set on the static target as discovery would set them.
 */
export function monitorScrapeJob(monitor: Obj, target: string, scrapeInterval: string): Obj {
  const endpoint = (monitor.spec?.endpoints ?? monitor.spec?.podMetricsEndpoints ?? [])[0] ?? {};
  return {
    job_name: `${monitor.kind}/${monitor.metadata.namespace}/${monitor.metadata.name}`,
    scrape_interval: scrapeInterval,
    scrape_timeout: scrapeInterval,
    static_configs: [{ targets: [target], labels: { __meta_kubernetes_namespace: monitor.metadata.namespace } }],
    relabel_configs: (endpoint.relabelings ?? []).map(relabelConfig),
  };
}

/** `host:port` of a loopback port. */
export const onLoopback = (port: number): string => `${SANDBOX_HOST}:${port}`;
