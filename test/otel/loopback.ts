/**
 * Runs a generated collector config on loopback: ports moved to free ones, every exporter replaced
 * by a `file` exporter of the same tenant and signal, and k8s_attributes (which needs the Kubernetes
 * API) left out. Everything else (redaction, tenant attribute, routing, audit, sampling) runs as generated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, waitFor } from '../../lib/sandbox/net';
import { BUILT } from '../../lib/toolchain';
import { COLLECTOR_ENV } from './support';

export interface LoopbackCollector {
  readonly otlpHttp: string;
  readonly metricsUrl: string;
  /** Exporter id (`otlp_http/logs-acme` → `logs-acme`) → file its data lands in. */
  readonly sinks: ReadonlyMap<string, string>;
  readonly child: ChildProcess;
  stop(): Promise<void>;
  log(): string;
}

/** `type/signal-tenant` → `signal-tenant`. */
export const sinkName = (exporterId: string): string => exporterId.slice(exporterId.indexOf('/') + 1);

export async function startLoopback(config: any, dir: string): Promise<LoopbackCollector> {
  const cfg = structuredClone(config);
  const [grpc, http, health, metrics, pprof, zpages] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => freePort()));
  cfg.receivers.otlp.protocols = { grpc: { endpoint: `127.0.0.1:${grpc}` }, http: { endpoint: `127.0.0.1:${http}` } };
  cfg.extensions = { health_check: { endpoint: `127.0.0.1:${health}` }, pprof: { endpoint: `127.0.0.1:${pprof}` }, zpages: { endpoint: `127.0.0.1:${zpages}` } };
  cfg.service.telemetry.metrics.readers[0].pull.exporter.prometheus = { host: '127.0.0.1', port: metrics };
  const k8s = Object.keys(cfg.processors).filter((p) => /^k8s_?attributes/.test(p));
  for (const p of k8s) delete cfg.processors[p];
  for (const [id, p] of Object.entries<any>(cfg.processors)) if (id.startsWith('tail_sampling')) p.decision_wait = '1s';
  const sinks = new Map<string, string>();
  const renamed = new Map<string, string>();
  for (const id of Object.keys(cfg.exporters)) {
    const name = sinkName(id);
    const file = path.join(dir, `${name}.jsonl`);
    sinks.set(name, file);
    renamed.set(id, `file/${name}`);
  }
  cfg.exporters = Object.fromEntries([...renamed].map(([id, to]) => [to, { path: sinks.get(sinkName(id)), flush_interval: '100ms' }]));
  for (const p of Object.values<any>(cfg.service.pipelines)) {
    p.processors = (p.processors ?? []).filter((x: string) => !k8s.includes(x));
    p.exporters = p.exporters.map((e: string) => renamed.get(e) ?? e);
  }
  const file = path.join(dir, 'loopback.json');
  fs.writeFileSync(file, JSON.stringify(cfg));
  const lines: string[] = [];
  const child = spawn(BUILT.otelcol, [`--config=${file}`], { env: { ...process.env, ...COLLECTOR_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b) => lines.push(String(b)));
  child.stderr!.on('data', (b) => lines.push(String(b)));
  const log = () => lines.join('').slice(-4000);
  await waitFor(async () => ((await fetch(`http://127.0.0.1:${health}/`)).ok ? true : undefined), { timeoutMs: 20_000, what: 'the collector to be healthy', detail: log });
  return {
    otlpHttp: `http://127.0.0.1:${http}`,
    metricsUrl: `http://127.0.0.1:${metrics}/metrics`,
    sinks,
    child,
    log,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Every OTLP JSON request the file exporter wrote. */
export function readSink(file: string): any[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** OTLP JSON attributes → plain object. */
export const attrs = (list: Array<{ key: string; value: Record<string, unknown> }> = []): Record<string, unknown> =>
  Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));

export const otlpAttrs = (o: Record<string, string | number | boolean>) =>
  Object.entries(o).map(([key, v]) => ({ key, value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { intValue: String(v) } }));
