/**
 * One measurement, in its own process so peak RSS belongs to one size:
 *   node --import tsx test/bench/measure.ts <synth|floor|rules> <services> <outdir>
 * prints one JSON line. `synth` is the whole synthesis (declare + validate + render + serialize +
 * write); `floor` renders the same documents untimed and times only serializing and writing them;
 * `rules` synthesizes only the SLO rules family (for comparisons with `sloth generate`).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MonitoringApp } from '../../lib';
import { FolderWriter } from '../../lib/output/staging';
import { sloRenderer } from '../../lib/slo';
import { defineWorkload } from './workload';

export interface Measurement {
  readonly mode: string;
  readonly services: number;
  readonly ms: number;
  /** User + system CPU of the same clocked work: steadier than wall time when other work shares the cores. */
  readonly cpuMs: number;
  readonly rssMb: number;
  readonly bytes: number;
  readonly files: number;
}

/** The rules family alone for `n` workload services, written to `outdir`. */
export function synthRulesOnly(n: number, outdir: string): MonitoringApp {
  const app = new MonitoringApp({ outdir, renderers: [sloRenderer] });
  defineWorkload(app, n);
  app.synth();
  return app;
}

const cpuSince = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};

function synth(n: number, outdir: string): Omit<Measurement, 'mode' | 'services' | 'rssMb'> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const app = new MonitoringApp({ outdir });
  defineWorkload(app, n);
  app.synth();
  return { ms: performance.now() - start, cpuMs: cpuSince(cpu), bytes: app.stats.bytes, files: app.stats.files };
}

/** Serializing and writing the same documents (on one thread), with rendering left out of the clock. */
function floor(n: number, outdir: string): Omit<Measurement, 'mode' | 'services' | 'rssMb'> {
  const app = new MonitoringApp({ outdir });
  defineWorkload(app, n);
  const folder = new FolderWriter(outdir);
  let ms = 0;
  let cpuMs = 0;
  for (const doc of app.documents()) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    folder.write(doc.path, doc.text());
    ms += performance.now() - start;
    cpuMs += cpuSince(cpu);
  }
  return { ms, cpuMs, bytes: folder.bytes, files: folder.files };
}

function rules(n: number, outdir: string): Omit<Measurement, 'mode' | 'services' | 'rssMb'> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const app = synthRulesOnly(n, outdir);
  return { ms: performance.now() - start, cpuMs: cpuSince(cpu), bytes: app.stats.bytes, files: app.stats.files };
}

const MODES = { synth, floor, rules } as const;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, n, outdir] = process.argv.slice(2);
  const run = MODES[mode as keyof typeof MODES];
  if (!run || !n || !outdir) throw new Error(`usage: measure.ts <${Object.keys(MODES).join('|')}> <services> <outdir>`);
  const r = run(Number(n), outdir);
  const out: Measurement = { mode: mode!, services: Number(n), ...r, rssMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(out));
}
