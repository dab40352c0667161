/**
 * Our SLO rules alone against the real `sloth generate` on the equivalent specs (lib/sloth), on the
 * bench workload: the line issue 9 asks `npm run bench` to print beside the synthesis table.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MonitoringApp, Service } from '../../lib';
import { RuleGroups, SlothExport } from '../../lib/conventions';
import { serialize } from '../../lib/output/serialize';
import { ruleFile, serviceGroups } from '../../lib/slo/rules';
import { slothExport, slothGenerateArgs, slothRunFiles } from '../../lib/sloth';
import { BUILT, isExecutable } from '../../lib/toolchain';
import { defineWorkload } from './workload';

let ROUNDS = 3;

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

/** Prints one line per size: SLO count, our ms, sloth's ms and the ratio (best of `rounds`). */
export function compareWithSloth(sizes: readonly number[], rounds: number): void {
  ROUNDS = rounds;
  const haveSloth = isExecutable(BUILT.sloth);
  console.log('');
  console.log(`SLO rules alone: ours (render + serialize) vs sloth generate on the same SLOs, best of ${ROUNDS}`);
  if (!haveSloth) console.log(`sloth is not built (${BUILT.sloth}; run test/tools/build.sh): only our column is measured`);
  console.log('services   SLOs   ours ms  sloth ms  sloth/ours');
  for (const n of sizes) {
    const app = new MonitoringApp({ outdir: '/nonexistent' });
    defineWorkload(app, n);
    const services = app.node.findAll().filter(Service.isService);
    const ours = oursRules(app, services);
    const sloth = haveSloth ? slothRules(app, services) : undefined;
    const slos = services.reduce((k, s) => k + s.slos.length, 0);
    if (sloth && sloth.slos !== slos) throw new Error(`exported ${sloth.slos} of ${slos} SLOs to Sloth`);
    console.log(
      `${String(n).padStart(8)}  ${String(slos).padStart(5)}  ${ours.toFixed(0).padStart(8)}  ${(sloth ? sloth.ms.toFixed(0) : '-').padStart(8)}  ${(sloth ? (sloth.ms / ours).toFixed(1) : '-').padStart(10)}`,
    );
  }
}
