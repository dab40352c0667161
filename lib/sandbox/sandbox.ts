/**
 * The local sandbox: Prometheus and Alertmanager (the current built ones by default, lib/sandbox/binaries)
 * on loopback with the generated files from dist/, a demo target per selected service and exporter, and a webhook
 * sink for the notifications. With a collector, the real one (otelcol-mac) runs the generated gateway
 * config between the demo targets' OTLP traces and logs and stand-in backends (lib/sandbox/collector).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { Files, SANDBOX_HOST, SandboxPaths } from '../conventions';
import { OtelAttributes, OtelFiles, OtelK8sNames } from '../conventions/otel';
import type { Collector } from '../model/collector';
import type { ExporterTarget } from '../model/exporters';
import type { Service } from '../model/service';
import { serviceEnv } from '../otel/app-env';
import { BUILT, isExecutable } from '../toolchain';
import { parseDuration } from '../promql/format';
import { AlertmanagerApi, PrometheusApi } from './api';
import { resolveBinaries, type SandboxBinaries } from './binaries';
import { FALLBACK_ALERTMANAGER, sandboxAlertmanagerConfig, sandboxPrometheusConfig, selectRuleFiles } from './config';
import {
  loopbackPorts, metricsPath, onLoopback, PROMETHEUS_RECEIVER_FLAG, SANDBOX_COLLECTOR_ENV,
  sandboxCollectorConfig, type MetricsPath,
} from './collector';
import type { LoopbackPorts } from './collector-config';
import { exampleKey } from './sensitive-keys';
import { exporterTargetSpec, spanShapes, SPEC_ENV, targetSpec, type OtlpSpec, type TrafficSettings } from './demo/spec';
import { startOtlpSink, type OtlpSink } from './otlp-sink';
import { historyOf, writeBlocks } from './history';
import { freePort, httpJson, waitFor } from './net';
import { ProcessGroup, type ManagedProcess } from './processes';
import { startSink, type WebhookSink } from './sink';

export interface SandboxProps {
  /** Services to run a demo target for (and one for each of their exporters). */
  readonly services: readonly Service[];
  /**
   * Platform exporters to run a demo target for too (`PlatformExporter`: nodes, GPUs, a Pushgateway).
   * @default [] (only the exporters of the selected services)
   */
  readonly platformExporters?: readonly ExporterTarget[];
  /** Names of every service in the catalogue, to tell shared rule files from those of services not running. */
  readonly catalogServices: readonly string[];
  /**
   * The synthesized output to run.
   * @default 'dist'
   */
  readonly distDir?: string;
  /**
   * Scrape interval of every job (a sandbox setting; the generated one is for production).
   * @default '2s'
   */
  readonly scrapeInterval?: string;
  /**
   * Rule evaluation interval (groups with their own `interval` keep it).
   * @default '2s'
   */
  readonly evaluationInterval?: string;
  /**
   * Healthy traffic backfilled before the start, so long burn-rate windows are full; '0s' for none.
   * @default '1d'
   */
  readonly history?: string;
  /**
   * Sample spacing of the backfilled history.
   * @default '30s'
   */
  readonly historyStep?: string;
  /**
   * Initial traffic per service name (or exporter job).
   * @default DEFAULT_TRAFFIC for every service
   */
  readonly traffic?: Readonly<Record<string, Partial<TrafficSettings>>>;
  /**
   * Fail when dist/ has no alertmanager.yml, instead of routing everything to one stand-in receiver.
   * @default false
   */
  readonly requireAlertmanagerConfig?: boolean;
  /**
   * Keep the temporary directory (configs, data) after stop, for inspection.
   * @default false
   */
  readonly keepData?: boolean;
  /**
   * The binaries to run, from `resolveBinaries`.
   * @default resolveBinaries(): the current built ones, else Debian's with a warning
   */
  readonly binaries?: SandboxBinaries;
  /**
   * How long to wait for each process to become ready.
   * @default 30000
   */
  readonly startTimeoutMs?: number;
  /**
   * The collector whose generated gateway config (dist/otel/collector.yml) runs between the demo
   * targets and stand-in backends; the demo targets then also send it OTLP traces and logs.
   * @default none: no collector, the demo targets are only scraped
   */
  readonly collector?: Collector;
  /**
   * The collector binary.
   * @default BUILT.otelcol (.tools/bin/otelcol-mac)
   */
  readonly collectorBinary?: string;
  /**
   * How often each demo target exports its spans and logs.
   * @default 1000
   */
  readonly otlpIntervalMs?: number;
}

/** The running collector and its stand-in backends. */
export interface RunningCollector {
  readonly name: string;
  readonly process: ManagedProcess;
  /** Where the demo targets send OTLP/HTTP. */
  readonly otlpHttp: string;
  readonly metricsUrl: string;
  /** Traces and logs backends: one sink path per exporter (`traces-<tenant>`, `logs-audit`). */
  readonly sink: OtlpSink;
  /** How its metrics reach the sandbox Prometheus. */
  readonly metricsPath: MetricsPath;
  /** The config it runs, as written. */
  readonly configFile: string;
  /** Attribute keys the demo targets send with secret values, one per declared sensitive field. */
  readonly sensitiveKeys: readonly string[];
}

export interface RunningTarget {
  readonly service: string;
  readonly url: string;
  readonly process: ManagedProcess;
}

const DEMO_MAIN = fileURLToPath(new URL('./demo/main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function readYaml(file: string): Record<string, unknown> {
  return parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function durationMs(field: string, value: string, allowZero = false): number {
  const ms = parseDuration(value);
  if (ms === undefined || (ms === 0 && !allowZero)) throw new Error(`sandbox ${field}: got ${JSON.stringify(value)}, expected a Prometheus duration such as 2s or 1d`);
  return ms;
}

export class Sandbox {
  readonly distDir: string;
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  readonly history: string;
  readonly historyStep: string;
  readonly workDir: string;
  readonly targets = new Map<string, RunningTarget>();
  /** Rule files loaded, as absolute paths. */
  readonly ruleFiles: readonly string[];
  /** False when dist/ had no alertmanager.yml and the stand-in config is used. */
  readonly generatedAlertmanagerConfig: boolean;
  readonly binaries: SandboxBinaries;
  prometheus: PrometheusApi | undefined;
  alertmanager: AlertmanagerApi | undefined;
  sink: WebhookSink | undefined;
  collector: RunningCollector | undefined;
  private otlpSink: OtlpSink | undefined;
  private readonly group = new ProcessGroup();
  private stopped = false;

  /** Starts everything; on failure, stops whatever had started before rethrowing. */
  static async start(props: SandboxProps): Promise<Sandbox> {
    const sb = new Sandbox(props);
    try {
      await sb.boot(props);
      return sb;
    } catch (e) {
      await sb.stop();
      throw e;
    }
  }

  private constructor(private readonly props: SandboxProps) {
    this.binaries = props.binaries ?? Sandbox.defaultBinaries();
    this.distDir = path.resolve(props.distDir ?? 'dist');
    this.scrapeInterval = props.scrapeInterval ?? '2s';
    this.evaluationInterval = props.evaluationInterval ?? '2s';
    this.history = props.history ?? '1d';
    this.historyStep = props.historyStep ?? '30s';
    for (const [f, v] of [['scrapeInterval', this.scrapeInterval], ['evaluationInterval', this.evaluationInterval], ['historyStep', this.historyStep]] as const) durationMs(f, v);
    durationMs('history', this.history, true);
    if (props.services.length === 0) throw new Error('sandbox services: got [], expected at least one service to run');

    const promFile = path.join(this.distDir, Files.prometheusConfig);
    if (!fs.existsSync(promFile)) throw new Error(`${promFile} does not exist: run \`npm run synth\` first`);
    const rulesDir = path.join(path.dirname(promFile), path.dirname(Files.ruleFilesGlob));
    const allRules = fs.existsSync(rulesDir) ? fs.readdirSync(rulesDir).filter((f) => f.endsWith('.yml')).map((f) => path.join(rulesDir, f)) : [];
    this.ruleFiles = selectRuleFiles(allRules, props.catalogServices, props.services.map((s) => s.name));
    const amFile = path.join(this.distDir, Files.alertmanagerConfig);
    this.generatedAlertmanagerConfig = fs.existsSync(amFile);
    if (!this.generatedAlertmanagerConfig && props.requireAlertmanagerConfig) {
      throw new Error(`${amFile} does not exist: the generated Alertmanager config is required (npm run synth)`);
    }
    this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mac-sandbox-'));
  }

  private static defaultBinaries(): SandboxBinaries {
    const { binaries, notice } = resolveBinaries();
    if (notice) console.warn(`sandbox: ${notice}`);
    return binaries;
  }

  get prometheusUrl(): string {
    return this.prometheus?.url ?? '';
  }

  get alertmanagerUrl(): string {
    return this.alertmanager?.url ?? '';
  }

  get processes(): readonly ManagedProcess[] {
    return this.group.processes;
  }

  private async boot(props: SandboxProps): Promise<void> {
    const timeoutMs = props.startTimeoutMs ?? 30_000;
    this.sink = await startSink();
    const [promPort, amPort] = [await freePort(), await freePort()];
    const promUrl = `http://${SANDBOX_HOST}:${promPort}`;
    const amUrl = `http://${SANDBOX_HOST}:${amPort}`;

    const otel = props.collector ? await this.prepareCollector(props.collector, promUrl) : undefined;

    // Demo targets first: their ports go into prometheus.yml.
    const exporters = [...props.services.flatMap((s) => s.exporters), ...(props.platformExporters ?? [])];
    const specs = [
      ...props.services.map((s) => targetSpec(s, props.traffic?.[s.name], otel && otel.spec(s))),
      ...exporters.map((e) => exporterTargetSpec(e, props.traffic?.[e.job])),
    ];
    for (const [i, spec] of specs.entries()) {
      const port = await freePort();
      const env = { ...process.env, [SPEC_ENV]: JSON.stringify(spec), ...(otel && i < props.services.length ? otel.env(props.services[i]!) : {}) };
      const p = this.group.start(`demo target ${spec.service}`, process.execPath, ['--import', 'tsx', DEMO_MAIN, String(port)], env, REPO_ROOT);
      this.targets.set(spec.service, { service: spec.service, url: `http://${SANDBOX_HOST}:${port}`, process: p });
    }

    // Services whose metrics arrive over OTLP have no scrape job and no scraped history.
    const scraped = new Set([...props.services.filter((s) => s.metricsVia !== 'otlp').map((s) => s.name), ...exporters.map((e) => e.job)]);
    const generated = readYaml(path.join(this.distDir, Files.prometheusConfig));
    const { config, targetLabels } = sandboxPrometheusConfig(generated, {
      targets: new Map([
        ...[...this.targets.values()].filter((t) => scraped.has(t.service)).map((t) => [t.service, t.url.replace('http://', '')] as const),
        ...(otel ? [otel.scrapeTarget] : []),
      ]),
      alertmanager: `${SANDBOX_HOST}:${amPort}`,
      ruleFiles: this.ruleFiles,
      scrapeInterval: this.scrapeInterval,
      evaluationInterval: this.evaluationInterval,
    });
    const promConfig = path.join(this.workDir, 'prometheus.yml');
    fs.writeFileSync(promConfig, stringify(config, { lineWidth: 0 }));

    const amDir = path.join(this.distDir, path.dirname(Files.alertmanagerConfig));
    const amGenerated = this.generatedAlertmanagerConfig ? readYaml(path.join(this.distDir, Files.alertmanagerConfig)) : FALLBACK_ALERTMANAGER;
    const amConfig = path.join(this.workDir, 'alertmanager.yml');
    fs.writeFileSync(amConfig, stringify(sandboxAlertmanagerConfig(amGenerated, this.sink.url, amDir), { lineWidth: 0 }));

    const promData = path.join(this.workDir, 'prometheus-data');
    const historyMs = durationMs('history', this.history, true);
    if (historyMs > 0) {
      const files = specs.filter((spec) => scraped.has(spec.service)).map((spec) => {
        const file = path.join(this.workDir, `history-${spec.service}.om`);
        fs.writeFileSync(file, historyOf(spec, targetLabels.get(spec.service)!, { durationMs: historyMs, stepMs: durationMs('historyStep', this.historyStep), endMs: Date.now() }));
        return file;
      });
      writeBlocks(files, promData, this.binaries.promtool);
      for (const f of files) fs.rmSync(f);
    }

    const am = this.group.start('alertmanager', this.binaries.alertmanager, [
      `--config.file=${amConfig}`,
      `--storage.path=${path.join(this.workDir, 'alertmanager-data')}`,
      `--web.listen-address=${SANDBOX_HOST}:${amPort}`,
      '--cluster.listen-address=',
    ]);
    const prom = this.group.start('prometheus', this.binaries.prometheus, [
      `--config.file=${promConfig}`,
      `--storage.tsdb.path=${promData}`,
      `--web.listen-address=${SANDBOX_HOST}:${promPort}`,
      ...(otel?.prometheusFlag ? [otel.prometheusFlag] : []),
    ]);
    const col = otel ? otel.start() : undefined;

    const ready = (p: ManagedProcess, url: string) =>
      waitFor(
        async () => {
          if (!p.running) throw new Error(`${p.name} exited with code ${p.exitCode}`);
          await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => (r.ok ? true : Promise.reject(new Error(`HTTP ${r.status}`))));
          return true;
        },
        { timeoutMs, intervalMs: 200, what: `${p.name} to become ready at ${url}`, detail: () => `${p.name} output:\n${p.log}` },
      );
    await Promise.all([
      ...[...this.targets.values()].map((t) => ready(t.process, `${t.url}${SandboxPaths.control}`)),
      ready(am, `${amUrl}/-/ready`),
      ready(prom, `${promUrl}/-/ready`),
      ...(col && otel ? [ready(col, otel.healthUrl)] : []),
    ]);
    this.prometheus = new PrometheusApi(promUrl);
    this.alertmanager = new AlertmanagerApi(amUrl);
  }

  /** Everything the collector needs before the demo targets and Prometheus start; `start` launches it. */
  private async prepareCollector(c: Collector, promUrl: string) {
    const generatedFile = path.join(this.distDir, OtelFiles.collector);
    if (!fs.existsSync(generatedFile)) throw new Error(`${generatedFile} does not exist: run \`npm run synth\` first`);
    const binary = this.props.collectorBinary ?? BUILT.otelcol;
    if (!isExecutable(binary)) throw new Error(`${binary}: the collector binary is missing; build it with test/tools/build.sh`);
    const generated = readYaml(generatedFile);
    const ports: LoopbackPorts = await loopbackPorts();
    const sink = await startOtlpSink();
    this.otlpSink = sink;
    const configFile = path.join(this.workDir, 'collector.json');
    fs.writeFileSync(configFile, JSON.stringify(sandboxCollectorConfig(generated, { ports, sinkUrl: sink.url, prometheusUrl: promUrl }), null, 2));
    const mp = metricsPath(generated);
    const otlpHttp = `http://${onLoopback(ports.otlpHttp)}`;
    const sensitiveKeys = c.sensitiveFields.map(exampleKey).filter((k): k is string => k !== undefined);
    const intervalMs = this.props.otlpIntervalMs ?? 1000;
    return {
      prometheusFlag: PROMETHEUS_RECEIVER_FLAG[mp],
      healthUrl: `http://${onLoopback(ports.health)}/`,
      // prometheus.yml's job for the gateway's self-metrics, pointed at its loopback port.
      scrapeTarget: [OtelK8sNames.collector(c.name), onLoopback(ports.metrics)] as const,
      spec: (s: Service): OtlpSpec => ({
        spans: spanShapes(s), sensitiveKeys, intervalMs,
        // What k8s_attributes would add in a cluster (the tenant attribute reads the namespace), and an instance id.
        clusterResource: { [OtelAttributes.k8sNamespace]: s.namespace, 'k8s.pod.name': `${s.name}-sandbox-0`, 'service.instance.id': `${s.namespace}.${s.name}-sandbox-0` },
      }),
      // The service's generated SDK settings, pointed at the sandbox collector.
      env: (s: Service): Record<string, string> => ({ ...serviceEnv(s, c, 'sandbox'), OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttp, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
      start: (): ManagedProcess => {
        const p = this.group.start('collector', binary, [`--config=${configFile}`], { ...process.env, ...SANDBOX_COLLECTOR_ENV });
        this.collector = { name: c.name, process: p, otlpHttp, metricsUrl: `http://${onLoopback(ports.metrics)}/metrics`, sink, metricsPath: mp, configFile, sensitiveKeys };
        return p;
      },
    };
  }

  /** Changes a demo target's traffic while it runs; returns its new state. */
  async setTraffic(service: string, changes: Partial<TrafficSettings>): Promise<TrafficSettings> {
    const t = this.targets.get(service);
    if (!t) throw new Error(`no demo target for service "${service}"; running: ${[...this.targets.keys()].join(', ')}`);
    return httpJson<TrafficSettings>(`${t.url}${SandboxPaths.control}`, { method: 'POST', body: changes });
  }

  /** Stops every process it started, closes the sink and removes the temporary directory. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.group.stopAll();
    await this.sink?.close();
    await this.otlpSink?.close();
    if (!this.props.keepData) fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}
