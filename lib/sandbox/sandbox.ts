/**
 * The local sandbox: Prometheus and Alertmanager (the current built ones by default, lib/sandbox/binaries)
 * on loopback with the generated files from dist/, a demo target per selected service and exporter, and a webhook
 * sink for the notifications.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { Files, SANDBOX_HOST, SandboxPaths } from '../conventions';
import type { ExporterTarget } from '../model/exporters';
import type { Service } from '../model/service';
import { parseDuration } from '../promql/format';
import { AlertmanagerApi, PrometheusApi } from './api';
import { resolveBinaries, type SandboxBinaries } from './binaries';
import { FALLBACK_ALERTMANAGER, sandboxAlertmanagerConfig, sandboxPrometheusConfig, selectRuleFiles } from './config';
import { exporterTargetSpec, SPEC_ENV, targetSpec, type TrafficSettings } from './demo/spec';
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

    // Demo targets first: their ports go into prometheus.yml.
    const exporters = [...props.services.flatMap((s) => s.exporters), ...(props.platformExporters ?? [])];
    const specs = [
      ...props.services.map((s) => targetSpec(s, props.traffic?.[s.name])),
      ...exporters.map((e) => exporterTargetSpec(e, props.traffic?.[e.job])),
    ];
    for (const spec of specs) {
      const port = await freePort();
      const p = this.group.start(`demo target ${spec.service}`, process.execPath, ['--import', 'tsx', DEMO_MAIN, String(port)], { ...process.env, [SPEC_ENV]: JSON.stringify(spec) }, REPO_ROOT);
      this.targets.set(spec.service, { service: spec.service, url: `http://${SANDBOX_HOST}:${port}`, process: p });
    }

    const generated = readYaml(path.join(this.distDir, Files.prometheusConfig));
    const { config, targetLabels } = sandboxPrometheusConfig(generated, {
      targets: new Map([...this.targets.values()].map((t) => [t.service, t.url.replace('http://', '')])),
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
      const files = specs.map((spec) => {
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
    ]);

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
    ]);
    this.prometheus = new PrometheusApi(promUrl);
    this.alertmanager = new AlertmanagerApi(amUrl);
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
    if (!this.props.keepData) fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}
