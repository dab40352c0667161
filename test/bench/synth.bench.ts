/**
 * `npm run bench`: synthesis time and memory as the catalogue grows. Synthesis must grow linearly
 * with the number of services; the last column shows time per service, which should stay flat.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { Metric, MonitoringApp, re, Service, Sli, Symptom, Team } from '../../lib';

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
