/**
 * `npm run sandbox [-- --services a,b] [--dist dist] [--scrape-interval 2s] [--evaluation-interval 2s]
 * [--history 1d] [--keep] [--toolchain current|oldest] [--prometheus P --promtool P] [--alertmanager P]
 * [--no-collector]`: runs the generated configuration locally until Ctrl-C; with the services' collector
 * (and otelcol-mac built) the demo targets' traces and logs go through the real collector too.
 * An entry point like main.ts: it reads the catalogue from services.ts.
 */
import { parseArgs } from 'node:util';
import { SandboxPaths } from '../conventions/sandbox';
import { MonitoringApp } from '../output/app';
import { Collector, servicesGateway } from '../model/collector';
import { Service } from '../model/service';
import { BUILT, isExecutable } from '../toolchain';
import { defineServices, platform } from '../../services';
import { parseDuration } from '../promql/format';
import { MissingBinariesError, resolveBinaries, type SandboxBinaries } from './binaries';
import { tierDetectionSeconds } from '../model/detection';
import { Sandbox } from './sandbox';
import type { Notification } from './sink';

const DEFAULT_COUNT = 2;

const { values } = parseArgs({
  options: {
    services: { type: 'string' },
    dist: { type: 'string', default: 'dist' },
    'scrape-interval': { type: 'string', default: '2s' },
    'evaluation-interval': { type: 'string', default: '2s' },
    history: { type: 'string', default: '1d' },
    keep: { type: 'boolean', default: false },
    toolchain: { type: 'string' },
    prometheus: { type: 'string' },
    promtool: { type: 'string' },
    alertmanager: { type: 'string' },
    'no-collector': { type: 'boolean', default: false },
  },
});

const app = new MonitoringApp(platform);
defineServices(app);
const all = app.node.findAll().filter(Service.isService).sort((a, b) => (a.name < b.name ? -1 : 1));
const wanted = values.services?.split(',').map((s) => s.trim()).filter(Boolean) ?? all.slice(0, DEFAULT_COUNT).map((s) => s.name);
const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
if (unknown.length) {
  console.error(`sandbox --services: got ${unknown.map((u) => `"${u}"`).join(', ')}, expected names from services.ts: ${all.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const describe = (n: Notification) =>
  `${new Date(n.receivedAt).toISOString()} ${n.path}: ${n.status} ${n.alerts.map((a) => `${a.labels.alertname}{${Object.entries(a.labels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}="${v}"`).join(',')}} ${a.status}`).join('; ')}`;

let binaries: SandboxBinaries;
try {
  const resolved = resolveBinaries({ toolchain: values.toolchain, prometheus: values.prometheus, promtool: values.promtool, alertmanager: values.alertmanager });
  if (resolved.notice) console.warn(`sandbox: ${resolved.notice}`);
  binaries = resolved.binaries;
} catch (e) {
  console.error(`sandbox: ${(e as Error).message}`);
  process.exit(e instanceof MissingBinariesError ? 1 : 2);
}
console.log(`Prometheus ${binaries.prometheusVersion} (${binaries.prometheus}), Alertmanager ${binaries.alertmanagerVersion} (${binaries.alertmanager}): ${binaries.source}`);

const gateway = values['no-collector'] ? undefined : servicesGateway(app.node.findAll().filter(Collector.isCollector));
if (gateway && !isExecutable(BUILT.otelcol)) console.warn(`sandbox: ${BUILT.otelcol} is missing (build it with test/tools/build.sh), so the collector does not run`);
const collector = gateway && isExecutable(BUILT.otelcol) ? gateway : undefined;

let sandbox: Sandbox;
try {
  console.log(`Starting the sandbox for ${wanted.join(', ')} (backfilling ${values.history} of healthy history)…`);
  sandbox = await Sandbox.start({
    services: all.filter((s) => wanted.includes(s.name)),
    catalogServices: all.map((s) => s.name),
    distDir: values.dist,
    scrapeInterval: values['scrape-interval'],
    evaluationInterval: values['evaluation-interval'],
    history: values.history,
    keepData: values.keep,
    binaries,
    ...(collector ? { collector } : {}),
  });
} catch (e) {
  console.error(`sandbox failed to start: ${(e as Error).message}`);
  process.exit(1);
}

const sink = sandbox.sink!;
sink.onNotification = (n) => console.log(`notification ${describe(n)}`);
const first = [...sandbox.targets.values()][0]!;
// Where the UI pages are: 3.x at /alerts, Debian's 2.42 only its classic UI. A Prometheus built from
// its Go module has neither (the assets are not in the module), only the API.
let uiPrefix: string | undefined;
for (const prefix of ['', '/classic']) {
  if (await fetch(`${sandbox.prometheusUrl}${prefix}/alerts`).then((r) => r.ok, () => false)) {
    uiPrefix = prefix;
    break;
  }
}
const promPages = uiPrefix !== undefined
  ? `alerts: ${sandbox.prometheusUrl}${uiPrefix}/alerts, rules: ${sandbox.prometheusUrl}${uiPrefix}/rules`
  : `no web UI in this build: ${sandbox.prometheusUrl}/api/v1/alerts, ${sandbox.prometheusUrl}/api/v1/rules`;
console.log(`
Running on 127.0.0.1 only (Ctrl-C stops everything):
  Prometheus      ${sandbox.prometheusUrl}   (${promPages})
  Alertmanager    ${sandbox.alertmanagerUrl}   (alerts: ${sandbox.alertmanagerUrl}/api/v2/alerts)
  Webhook sink    ${sink.url}${SandboxPaths.notifications}   (every receiver posts here; notifications are also printed below)
${[...sandbox.targets.values()].map((t) => `  demo target     ${t.url}/metrics   ${t.service} (pid ${t.process.pid})`).join('\n')}
  rule files      ${sandbox.ruleFiles.length ? sandbox.ruleFiles.join(', ') : 'none in dist/ yet'}
  alert routing   ${sandbox.generatedAlertmanagerConfig ? 'generated alertmanager.yml, receivers pointed at the sink' : 'dist/ has no alertmanager.yml: one stand-in receiver'}
${collectorLines()}  data            ${sandbox.workDir}${values.keep ? ' (kept after stop)' : ' (removed on stop)'}

${predictions()}
Burn an SLO:       curl -X POST '${first.url}${SandboxPaths.control}?errorRatio=1'
Slow it down:      curl -X POST '${first.url}${SandboxPaths.control}?latencyMs=2000'
Back to healthy:   curl -X POST '${first.url}${SandboxPaths.control}?errorRatio=0&latencyMs=40'
Current settings:  curl ${first.url}${SandboxPaths.control}
`);

/** Where the collector and its stand-in backends are. */
function collectorLines(): string {
  const c = sandbox.collector;
  if (!c) return '';
  return `  collector       ${c.otlpHttp} (OTLP/HTTP; self-metrics ${c.metricsUrl}, scraped), ${c.name}'s generated gateway config without k8s_attributes
  Tempo/Loki sink ${c.sink.url}/requests   (what each tenant's exporter sent, with headers; one path per tenant and signal)
  metrics         span metrics to Prometheus by ${c.metricsPath === 'otlp' ? 'OTLP (--web.enable-otlp-receiver)' : 'remote write (--web.enable-remote-write-receiver)'}
`;
}

/** What the Workbook predicts at 100 % errors for each SLO of the running services. */
function predictions(): string {
  const historyMs = parseDuration(sandbox.history) ?? 0;
  const fmt = (s: number) => (Number.isFinite(s) ? `${s.toFixed(0)} s` : 'never');
  const lines = [...sandbox.targets.keys()].flatMap((name) => all.find((s) => s.name === name)!.slos.map((slo) =>
    `  ${slo.id} (${slo.objective} %): page after ${fmt(tierDetectionSeconds(slo, 'page', 1, historyMs))}, ticket after ${fmt(tierDetectionSeconds(slo, 'ticket', 1, historyMs))}`));
  return lines.length ? `At 100 % errors the Workbook predicts (with ${sandbox.history} of history):\n${lines.join('\n')}\n` : '';
}

let stopping = false;
const stop = async (signal: string, code = 0) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ${sandbox.processes.length} processes…`);
  await sandbox.stop();
  console.log('Stopped.');
  process.exit(code);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// A process that dies on its own leaves the sandbox incomplete: stop the rest.
for (const p of sandbox.processes) {
  void p.exited.then((code) => {
    if (stopping) return;
    console.error(`${p.name} exited unexpectedly (code ${code}):\n${p.log}`);
    void stop('process exit', 1);
  });
}
