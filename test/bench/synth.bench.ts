/**
 * `npm run bench`: the issue-12 workload (workload.ts) at 100 and 1,000 services (10,000 with
 * `--10k`, or any sizes with `--sizes=100,1000`), each size in fresh processes in a temporary folder.
 * Per size: wall time, peak RSS, bytes and files of the synth; its ratio to the next smaller size;
 * the serialization floor (the same documents serialized and written, rendering untimed) measured
 * in the same run, and our multiple of it. Medians of `--rounds=N` (default 3).
 * `npm run bench -- --write` also records the table in bench/RESULTS.md. Then our SLO rules alone
 * against `sloth generate` on the same SLOs (sloth.ts), up to 1,000 services; then the cost of
 * evaluating Sloth's rules and ours (both rule forms) on Prometheus 3 (rule-eval.ts) and the derived
 * form's alert timing (rule-timing.ts). `--rule-eval-only` runs just those two, `--no-rule-eval` skips
 * them; `--write` then keeps the other part of bench/RESULTS.md as it was.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './measure';
import { DEFAULT_RULE_EVAL, measureRuleEvaluation, ruleEvalSetup, ruleEvalTable } from './rule-eval';
import { measureAlertTiming, timingTable } from './rule-timing';
import { compareWithSloth } from './sloth';
import { CURRENT } from '../../lib/toolchain';

const CURRENT_PROMTOOL = CURRENT.prometheus;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEASURE = path.join(ROOT, 'test/bench/measure.ts');

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const value = (name: string) => flag(name)?.split('=')[1];
const SIZES = (value('sizes') ?? (flag('10k') ? '100,1000,10000' : '100,1000')).split(',').map(Number);
const ROUNDS = Number(value('rounds') ?? 3);

function measure(mode: 'synth' | 'floor' | 'rules', n: number): Measurement {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${mode}-`));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MEASURE, mode, String(n), path.join(outdir, 'dist')], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${mode} ${n} failed:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measurement;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  readonly services: number;
  readonly wallMs: number;
  readonly rssMb: number;
  readonly bytes: number;
  readonly files: number;
  readonly floorMs: number;
  readonly cpuMs: number;
  readonly floorCpuMs: number;
  readonly rulesMs: number;
}

function row(n: number): Row {
  const synths: Measurement[] = [];
  const floors: Measurement[] = [];
  const rules: Measurement[] = [];
  // Interleaved, so a burst of load on the shared machine hits both sides alike.
  for (let i = 0; i < ROUNDS; i++) {
    synths.push(measure('synth', n));
    floors.push(measure('floor', n));
    rules.push(measure('rules', n));
  }
  return {
    services: n,
    wallMs: median(synths.map((m) => m.ms)),
    rssMb: Math.max(...synths.map((m) => m.rssMb)),
    bytes: synths[0]!.bytes,
    files: synths[0]!.files,
    floorMs: median(floors.map((m) => m.ms)),
    cpuMs: median(synths.map((m) => m.cpuMs)),
    floorCpuMs: median(floors.map((m) => m.cpuMs)),
    rulesMs: median(rules.map((m) => m.ms)),
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

function table(rows: readonly Row[]): string[] {
  const lines = [
    '| services | wall | peak RSS | bytes | files | × previous size | floor | × floor | CPU: synth / floor / × floor | rules family alone |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    const ratio = prev ? (r.wallMs / prev.wallMs).toFixed(1) : '–';
    lines.push(`| ${r.services.toLocaleString('en-US')} | ${s(r.wallMs)} | ${r.rssMb.toFixed(0)} MB | ${mb(r.bytes)} | ${r.files} | ${ratio} | ${s(r.floorMs)} | ${(r.wallMs / r.floorMs).toFixed(2)} | ${s(r.cpuMs)} / ${s(r.floorCpuMs)} / ${(r.cpuMs / r.floorCpuMs).toFixed(2)} | ${s(r.rulesMs)} |`);
  });
  return lines;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

const desc = machine();
const RESULTS = path.join(ROOT, 'bench/RESULTS.md');
const RULE_HEADING = '## Rule evaluation on Prometheus 3';
const previous = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '';
const cut = previous.indexOf(`\n${RULE_HEADING}`);
let synthPart = cut < 0 ? previous : previous.slice(0, cut + 1);
let rulePart = cut < 0 ? '' : previous.slice(cut + 1);

if (!flag('rule-eval-only')) {
  console.log(`synth benchmark (medians of ${ROUNDS}): ${desc}`);
  const rows: Row[] = [];
  for (const n of SIZES) {
    rows.push(row(n));
    console.log(table(rows).at(-1));
  }
  const out = table(rows);
  console.log(['', ...out].join('\n'));
  synthPart = [
    '# Synthesis benchmark',
    '',
    'Written by `npm run bench -- --write' + (flag('10k') ? ' --10k' : '') + '`. The workload of issue 12 (test/bench/workload.ts): per service 10 metrics, 3 SLOs (ratio, classic-histogram latency, bool gauge), 3 symptom alerts and request panels; 20 teams routing to Slack. Every size runs in fresh processes; medians of ' + ROUNDS + ' rounds.',
    '',
    '- **wall**: declare, validate, render, serialize and write, in-process through `MonitoringApp.synth()` (module loading excluded); past 1,000 documents the synth serializes and writes on a writer thread while it renders; **peak RSS** of that process, both threads.',
    '- **floor**: the same documents serialized with the project\'s serializer (lib/output/yaml.ts, `JSON.stringify`) and written on one thread, rendering untimed; **× floor** is wall ÷ floor.',
    '- **CPU**: user + system CPU time of the same clocked work (synth, floor; every thread of the process) and their ratio: steadier than wall time when other work shares the cores, and what the synth costs whatever the cores do in parallel.',
    '- **rules family alone**: the same synth with only the SLO rules renderer (for comparing with `sloth generate`).',
    '',
    `Machine: ${desc}.`,
    '',
    ...out,
    '',
  ].join('\n');
  compareWithSloth(SIZES.filter((n) => n <= 1000), ROUNDS);
}

if (!flag('no-rule-eval')) {
  console.log('');
  const evaluation = await measureRuleEvaluation(DEFAULT_RULE_EVAL);
  const evalLines = ruleEvalTable(evaluation);
  console.log(`Rule evaluation cost on Prometheus 3 (evaluationTime per group): ${ruleEvalSetup(evaluation)}\n${evalLines.join('\n')}`);
  const timing = timingTable(await measureAlertTiming());
  console.log(`\nAlert timing, sloth form vs derived form (promtool ${CURRENT_PROMTOOL} replays):\n${timing.join('\n')}`);
  rulePart = [
    RULE_HEADING,
    '',
    'Written by `npm run bench -- --write` (or `-- --rule-eval-only --write`), test/bench/rule-eval.ts. `evaluationTime` of every rule group from `/api/v1/rules`, ' +
      'three rule sets for the same SLOs, each in its own Prometheus, the three started together on copies of one data directory (so they share the two cores, and a burst of load hits all three): ' +
      '`sloth generate` on lib/sloth\'s export, ours with `ruleForm: \'sloth\'`, ours with `ruleForm: \'derived\'`. ' +
      'The records other rules read over ranges (`slo:sli_error:ratio_rate5m`, the derived form\'s event rates) are backfilled for the same 3 days, as if the rules had run all along.',
    '',
    `Setup: ${ruleEvalSetup(evaluation)}. Machine: ${desc}.`,
    '',
    ...evalLines,
    '',
    '## Alert timing of the derived form',
    '',
    `test/bench/rule-timing.ts: our two rule forms of the workload's three SLOs replayed by promtool ${CURRENT_PROMTOOL} on the same input series (1m samples; ` +
      'the outage and the page-threshold burn evaluated every minute after 6 h healthy, the ticket-threshold burn every 5 minutes after a healthy day). ' +
      'Minutes from the start of the burn to the first firing evaluation, and from its end to the first evaluation no longer firing.',
    '',
    ...timing,
    '',
  ].join('\n');
}

if (flag('write')) {
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${synthPart.trimEnd()}\n\n${rulePart}`.trimEnd() + '\n');
  console.log(`\nwrote ${path.relative(ROOT, RESULTS)}`);
}
