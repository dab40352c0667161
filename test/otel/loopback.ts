/**
 * Runs a generated collector config on loopback (lib/sandbox/collector-config) with every exporter
 * replaced by a `file` exporter of the same tenant and signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loopbackCollectorConfig, sinkName } from '../../lib/sandbox/collector-config';
import { freePort, waitFor } from '../../lib/sandbox/net';
import { BUILT } from '../../lib/toolchain';
import { COLLECTOR_ENV } from './support';

export { sinkName };

export interface LoopbackCollector {
  readonly otlpHttp: string;
  readonly metricsUrl: string;
  /** Exporter id (`otlp_http/logs-acme` → `logs-acme`) → file its data lands in. */
  readonly sinks: ReadonlyMap<string, string>;
  readonly child: ChildProcess;
  stop(): Promise<void>;
  log(): string;
}

export async function startLoopback(config: any, dir: string): Promise<LoopbackCollector> {
  const [otlpGrpc, otlpHttp, health, metrics, pprof, zpages] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => freePort()));
  const sinks = new Map<string, string>();
  const cfg = loopbackCollectorConfig(config, {
    ports: { otlpGrpc, otlpHttp, health, metrics, pprof, zpages },
    decisionWait: '1s',
    exporter: (id) => {
      const name = sinkName(id);
      sinks.set(name, path.join(dir, `${name}.jsonl`));
      return [`file/${name}`, { path: sinks.get(name), flush_interval: '100ms' }];
    },
  });
  const file = path.join(dir, 'loopback.json');
  fs.writeFileSync(file, JSON.stringify(cfg));
  const lines: string[] = [];
  const child = spawn(BUILT.otelcol, [`--config=${file}`], { env: { ...process.env, ...COLLECTOR_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b) => lines.push(String(b)));
  child.stderr!.on('data', (b) => lines.push(String(b)));
  const log = () => lines.join('').slice(-4000);
  await waitFor(async () => ((await fetch(`http://127.0.0.1:${health}/`)).ok ? true : undefined), { timeoutMs: 20_000, what: 'the collector to be healthy', detail: log });
  return {
    otlpHttp: `http://127.0.0.1:${otlpHttp}`,
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

export { attrs, otlpAttrs } from '../../lib/sandbox/otlp-json';
