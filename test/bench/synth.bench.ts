/**
 * `npm run bench`: synthesis time and memory as the catalogue grows. Synthesis must grow linearly
 * with the number of services; the last column shows time per service, which should stay flat.
 * Then, on the same catalogues, our SLO rules alone (render and serialize) against `sloth generate`
 * on the equivalent specs (lib/sloth), when the built sloth is there.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { Metric, MonitoringApp, re, Service, Sli, Symptom, Team } from '../../lib';
import { RuleGroups, SlothExport } from '../../lib/conventions';
import { ruleFile, serviceGroups } from '../../lib/slo/rules';
import { serialize } from '../../lib/output/serialize';
import { slothExport, slothGenerateArgs, slothRunFiles } from '../../lib/sloth';
import { BUILT, isExecutable } from '../../lib/toolchain';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,300,1000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function defineMany(scope: Construct, n: number): void {
  const teams = Array.from({ length: 10 }, (_, i) => new Team(scope, `team-${i}`));
  const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['method', 'code'] });
  const latency = Metric.histogram({ name: 'http_request_duration_seconds', help: 'Latency', labels: ['method'], buckets: [0.05, 0.1, 0.3, 1, 3] });
  const queue = Metric.gauge({ name: 'queue_depth', help: 'Jobs waiting' });
  for (let i = 0; i < n; i++) {
    const svc = new Service(scope, `svc-${String(i).padStart(4, '0')}`, {
      team: teams[i % teams.length]!,
      namespace: `ns-${i % 20}`,
      scrape: { port: 8000 },
      metrics: [requests, latency, queue],
      requests: { total: requests, statusLabel: 'code', duration: latency },
    });
    // Every service carries what the default catalogue's services carry: SLOs and symptom alerts.
    svc.addSlo('availability', { objective: 99.9, sli: Sli.ratio({ errors: { metric: requests, matchers: [re('code', '5..')] }, total: { metric: requests } }) });
    svc.addSlo('latency', { objective: 99, sli: Sli.latency({ histogram: latency, thresholdSeconds: 0.3 }) });
    svc.addSymptom(Symptom.targetDown(), Symptom.errorRatio({ errors: { metric: requests, matchers: [re('code', '5..')] }, total: { metric: requests }, thresholdPercent: 5 }));
  }
}

function once(n: number): { ms: number; files: number; heapMb: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const start = process.hrtime.bigint();
  const app = new MonitoringApp({ outdir });
  defineMany(app, n);
  app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const files = fs.readdirSync(outdir, { recursive: true }).length;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { ms, files, heapMb };
}

console.log(`synth benchmark: best of ${ROUNDS} rounds, node ${process.version}, ${os.cpus().length} cores`);
console.log('services  files     ms   ms/service  heap MiB');
once(5); // warm up module loading and JIT
for (const n of SIZES) {
  const runs = Array.from({ length: ROUNDS }, () => once(n));
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const heap = Math.max(...runs.map((r) => r.heapMb));
  console.log(
    `${String(n).padStart(8)}  ${String(best.files).padStart(5)}  ${best.ms.toFixed(0).padStart(5)}  ${(best.ms / n).toFixed(2).padStart(10)}  ${heap.toFixed(0).padStart(8)}`,
  );
}

/** Our SLO rule files of every service (no symptom groups, as Sloth has none): render and serialize, best of ROUNDS. */
function oursRules(app: MonitoringApp, services: readonly Service[]): number {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (const s of services) {
      const names = new Set(s.slos.flatMap((slo) => [RuleGroups.sliRecordings(slo.id), RuleGroups.metaRecordings(slo.id), RuleGroups.alerts(slo.id)]));
      const groups = serviceGroups(app.settings, s).filter((g) => names.has(g.name));
      serialize(ruleFile(s, groups));
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

/** Export to Sloth specs (untimed), then `sloth generate` wall time per run, best of ROUNDS. */
function slothRules(app: MonitoringApp, services: readonly Service[]): { ms: number; slos: number } {
  const { runs } = slothExport(app.settings, services);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sloth-'));
  let best = Infinity;
  try {
    runs.forEach((run, i) => {
      for (const f of slothRunFiles(run)) {
        fs.mkdirSync(path.dirname(path.join(dir, String(i), f.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, String(i), f.path), f.text);
      }
    });
    for (let r = 0; r < ROUNDS; r++) {
      let ms = 0;
      runs.forEach((run, i) => {
        const out = path.join(dir, String(i));
        fs.rmSync(path.join(out, SlothExport.rulesDir), { recursive: true, force: true });
        fs.mkdirSync(path.join(out, SlothExport.rulesDir));
        const start = process.hrtime.bigint();
        const res = spawnSync(BUILT.sloth, slothGenerateArgs(run, out), { encoding: 'utf8', maxBuffer: 256 << 20 });
        ms += Number(process.hrtime.bigint() - start) / 1e6;
        if (res.status !== 0) throw new Error(`sloth generate failed:\n${res.stderr}`);
      });
      best = Math.min(best, ms);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { ms: best, slos: runs.reduce((n, r) => n + r.specs.reduce((m, s) => m + s.slos.length, 0), 0) };
}

const haveSloth = isExecutable(BUILT.sloth);
console.log('');
console.log(`SLO rules alone: ours (render + serialize) vs sloth generate on the same SLOs, best of ${ROUNDS}`);
if (!haveSloth) console.log(`sloth is not built (${BUILT.sloth}; run test/tools/build.sh): only our column is measured`);
console.log('services   SLOs   ours ms  sloth ms  sloth/ours');
for (const n of SIZES) {
  const app = new MonitoringApp({ outdir: '/nonexistent' });
  defineMany(app, n);
  const services = app.node.findAll().filter(Service.isService);
  const ours = oursRules(app, services);
  const sloth = haveSloth ? slothRules(app, services) : undefined;
  const slos = services.reduce((k, s) => k + s.slos.length, 0);
  if (sloth && sloth.slos !== slos) throw new Error(`exported ${sloth.slos} of ${slos} SLOs to Sloth`);
  console.log(
    `${String(n).padStart(8)}  ${String(slos).padStart(5)}  ${ours.toFixed(0).padStart(8)}  ${(sloth ? sloth.ms.toFixed(0) : '-').padStart(8)}  ${(sloth ? (sloth.ms / ours).toFixed(1) : '-').padStart(10)}`,
  );
}
