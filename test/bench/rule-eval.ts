/**
 * Rule evaluation cost on the built Prometheus 3 (issue 12): the bench workload's SLOs with three rule
 * sets — Sloth's own (`sloth generate` on lib/sloth's export), ours in the Sloth-shaped form, ours in the
 * derived form — each loaded in its own Prometheus, all three started together on hard-linked copies
 * of one data directory: 3 days of backfilled history (promtool tsdb create-blocks-from openmetrics)
 * with SERIES_PER_METRIC series per SLI metric, plus the same series scraped live. Every group's
 * `evaluationTime` is read from /api/v1/rules after each evaluation; the first evaluations are dropped.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { MonitoringApp, Service, type RuleForm } from '../../lib';
import { Records, RuleGroups } from '../../lib/conventions';
import { serviceGroups } from '../../lib/slo';
import type { RuleGroup } from '../../lib/slo/rule';
import { slothExport } from '../../lib/sloth';
import { PrometheusApi } from '../../lib/sandbox/api';
import { freePort, httpJson, waitFor } from '../../lib/sandbox/net';
import { ProcessGroup } from '../../lib/sandbox/processes';
import { BUILT, CURRENT, isExecutable } from '../../lib/toolchain';
import { generateWithSloth, sloGroups } from '../support/sloth';
import { exposition, recordSeries, serviceSeries, SERIES_PER_METRIC, writeHistory } from './rule-eval-data';
import { defineWorkload } from './workload';

export interface RuleEvalOptions {
  /** Workload services (3 SLOs each). */
  readonly services: number;
  /** Evaluations measured per rule set, after WARMUP dropped ones. */
  readonly rounds: number;
  /** Evaluation interval of the bench's Prometheus (the cost of one evaluation does not depend on it). */
  readonly evalMs: number;
  readonly historyMs: number;
  /** Sample spacing of the history and of the live scrape (the platform's scrape interval). */
  readonly stepMs: number;
}

export const DEFAULT_RULE_EVAL: RuleEvalOptions = { services: 1, rounds: 20, evalMs: 10_000, historyMs: 3 * 86_400_000, stepMs: 30_000 };
const WARMUP = 2;

export const SETS = ['sloth generate', 'ours, sloth form', 'ours, derived form'] as const;
export type RuleSet = (typeof SETS)[number];
export const KINDS = ['SLI recordings', 'metadata', 'alerts'] as const;
type Kind = (typeof KINDS)[number];

export interface RuleEvalResult {
  readonly options: RuleEvalOptions;
  readonly slos: number;
  readonly rawSeries: number;
  readonly historySamples: number;
  /** Seconds of evaluation per group, by set and kind (every group and evaluation pooled). */
  readonly samples: ReadonlyMap<RuleSet, ReadonlyMap<Kind, readonly number[]>>;
  /** Seconds of the SLI group per SLI kind, by set. */
  readonly sliByKind: ReadonlyMap<RuleSet, ReadonlyMap<string, readonly number[]>>;
}

const log = (what: string) => process.stderr.write(`rule evaluation: ${what} (${new Date().toISOString().slice(11, 19)})\n`);

const kindOf = (group: string): Kind | undefined =>
  group.startsWith(RuleGroups.sliRecordings('')) ? 'SLI recordings'
    : group.startsWith(RuleGroups.metaRecordings('')) ? 'metadata'
      : group.startsWith(RuleGroups.alerts('')) ? 'alerts' : undefined;

/** Our SLO groups (no symptom groups: Sloth has none) of every service in one rule form. */
function ourGroups(services: number, ruleForm: RuleForm): { groups: RuleGroup[]; app: MonitoringApp } {
  const app = new MonitoringApp({ outdir: '/nonexistent', ruleForm });
  defineWorkload(app, services);
  const groups = app.node.findAll().filter(Service.isService).flatMap((s) => serviceGroups(app.settings, s).filter((g) => kindOf(g.name)));
  return { groups, app };
}

interface PromGroupStatus {
  readonly name: string;
  readonly evaluationTime: number;
  readonly lastEvaluation: string;
  readonly rules: ReadonlyArray<{ readonly name: string; readonly health: string; readonly lastError?: string }>;
}

export async function measureRuleEvaluation(opts: RuleEvalOptions = DEFAULT_RULE_EVAL): Promise<RuleEvalResult> {
  for (const bin of [CURRENT.bin.prometheus, CURRENT.bin.promtool, BUILT.sloth]) {
    if (!isExecutable(bin)) throw new Error(`${bin} is not built (run test/tools/build.sh)`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rule-eval-'));
  const procs = new ProcessGroup();
  let server: http.Server | undefined;
  try {
    const sloth = ourGroups(opts.services, 'sloth');
    const derived = ourGroups(opts.services, 'derived');
    const services = sloth.app.node.findAll().filter(Service.isService);
    const exported = slothExport(sloth.app.settings, services);
    if (exported.skipped.size) throw new Error(`not exportable to Sloth: ${[...exported.skipped.keys()].join(', ')}`);
    const slothGroups = await generateWithSloth(exported.runs);
    const sets: Record<RuleSet, RuleGroup[]> = {
      'sloth generate': services.flatMap((s) => s.slos.flatMap((slo) => sloGroups(slothGroups.groups.get(s.name) ?? [], slo.id))),
      'ours, sloth form': sloth.groups,
      'ours, derived form': derived.groups,
    };

    // History: raw series, and the records read over ranges, labelled as the rules label them.
    const endMs = Math.floor(Date.now() / opts.stepMs) * opts.stepMs - opts.stepMs;
    const originMs = endMs - opts.historyMs - opts.stepMs;
    const raw = services.flatMap((s) => serviceSeries(s.name));
    const ranged = new Set(derived.app.node.findAll().filter(Service.isService).flatMap((s) => s.slos.flatMap((slo) => {
      const w = slo.sliWindows[0]!;
      return [Records.sliError(w), Records.badEvents(w), Records.totalEvents(w)];
    })));
    const labelsOf = (groups: readonly RuleGroup[], record: string, id: string) =>
      groups.flatMap((g) => g.rules).find((r) => r.record === record && r.labels?.sloth_id === id)?.labels ?? {};
    const records = derived.app.node.findAll().filter(Service.isService).flatMap((s) => s.slos).flatMap((slo) =>
      recordSeries(slo, labelsOf(derived.groups, Records.sliError(slo.sliWindows[0]!), slo.id), slo.ruleForm === 'derived'));
    if (!records.every((r) => ranged.has(r.name))) throw new Error('history for a record no rule reads over a range');
    const historyFile = path.join(root, 'history.om');
    log('writing the history');
    const historySamples = writeHistory(historyFile, [...raw, ...records], originMs, endMs, opts.historyMs, opts.stepMs);
    const data = path.join(root, 'data');
    log(`backfilling ${(historySamples / 1e6).toFixed(1)} M samples`);
    // 1-day blocks: Prometheus does not compact them again while it is measured.
    const created = spawnSync('nice', ['-n', '10', CURRENT.bin.promtool, 'tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', historyFile, data], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`promtool could not backfill: ${`${created.stdout}${created.stderr}`.slice(-2000)}`);
    fs.rmSync(historyFile);

    // Live: the same counters, scraped by all three.
    server = http.createServer((_, res) => res.end(exposition(raw, originMs, Date.now())));
    const targetPort = await freePort();
    await new Promise<void>((resolve) => server!.listen(targetPort, '127.0.0.1', resolve));

    const apis = new Map<RuleSet, PrometheusApi>();
    for (const [i, set] of SETS.entries()) {
      const dir = path.join(root, `set-${i}`);
      fs.mkdirSync(dir);
      fs.cpSync(data, path.join(dir, 'data'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'rules.yml'), JSON.stringify({ groups: sets[set] }));
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify({
        global: { scrape_interval: `${opts.stepMs / 1000}s`, evaluation_interval: `${opts.evalMs / 1000}s` },
        rule_files: ['rules.yml'],
        scrape_configs: [{ job_name: 'bench', honor_labels: true, static_configs: [{ targets: [`127.0.0.1:${targetPort}`] }] }],
      }));
      const port = await freePort();
      procs.start(`prometheus (${set})`, CURRENT.bin.prometheus, [
        `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
        '--storage.tsdb.retention.time=30d', `--web.listen-address=127.0.0.1:${port}`,
      ]);
      apis.set(set, new PrometheusApi(`http://127.0.0.1:${port}`));
    }
    fs.rmSync(data, { recursive: true, force: true });

    log('starting three Prometheus');
    const groupsOf = async (api: PrometheusApi) => (await httpJson<{ data: { groups: PromGroupStatus[] } }>(`${api.url}/api/v1/rules`)).data.groups;
    for (const [set, api] of apis) {
      await waitFor(async () => ((await groupsOf(api)).length === sets[set].length ? true : undefined), {
        timeoutMs: 120_000, what: `Prometheus (${set}) to load its rules`, detail: () => procs.processes.map((p) => p.log).join('\n'),
      });
    }
    log(`measuring ${WARMUP} + ${opts.rounds} evaluations every ${opts.evalMs / 1000} s`);
    // Every evaluation of every group, by its lastEvaluation; polled at a quarter interval.
    const seen = new Map<RuleSet, Map<string, Map<string, number>>>(SETS.map((s) => [s, new Map()]));
    const enough = () => [...seen.values()].every((groups) => groups.size > 0 && [...groups.values()].every((evals) => evals.size >= WARMUP + opts.rounds));
    await waitFor(async () => {
      for (const [set, api] of apis) {
        for (const g of await groupsOf(api)) {
          const bad = g.rules.find((r) => r.health === 'err');
          if (bad) throw new Error(`${set}: rule ${bad.name} of ${g.name} failed: ${bad.lastError}`);
          if (g.lastEvaluation.startsWith('0001-')) continue;
          const evals = seen.get(set)!.get(g.name) ?? new Map<string, number>();
          seen.get(set)!.set(g.name, evals);
          evals.set(g.lastEvaluation, g.evaluationTime);
        }
      }
      return enough() ? true : undefined;
    }, { timeoutMs: (WARMUP + opts.rounds + 4) * opts.evalMs * 2, intervalMs: opts.evalMs / 4, what: 'enough evaluations' });

    // The rules read what they should: every SLO has a 3-day SLI and its records' history is there.
    const slos = services.reduce((n, s) => n + s.slos.length, 0);
    for (const [set, api] of apis) {
      const n = await api.query(`count(${Records.sliError('3d')})`);
      if (Number(n[0]?.value?.[1]) !== slos) throw new Error(`${set}: ${n[0]?.value?.[1] ?? 0} of ${slos} 3-day SLIs recorded`);
    }
    const history = await apis.get('ours, derived form')!.query(`min(count_over_time(${Records.totalEvents('5m')}[3d]))`);
    // The window has moved on since the history ended; live records are there from then on.
    if (Number(history[0]?.value?.[1]) < 0.99 * (opts.historyMs / opts.stepMs)) throw new Error(`derived records span ${history[0]?.value?.[1]} samples, not 3 days`);

    const samples = new Map<RuleSet, Map<Kind, number[]>>();
    const sliByKind = new Map<RuleSet, Map<string, number[]>>();
    const sloKind = new Map(services.flatMap((s) => s.slos.map((slo) => [RuleGroups.sliRecordings(slo.id), slo.sli.kind])));
    for (const [set, groups] of seen) {
      const byKind = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
      const perSli = new Map<string, number[]>();
      for (const [name, evals] of groups) {
        const times = [...evals.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).slice(WARMUP).map(([, t]) => t);
        byKind.get(kindOf(name)!)!.push(...times);
        const sli = sloKind.get(name);
        if (sli) perSli.set(sli, [...(perSli.get(sli) ?? []), ...times]);
      }
      samples.set(set, byKind);
      sliByKind.set(set, perSli);
    }
    return { options: opts, slos, rawSeries: raw.length, historySamples, samples, sliByKind };
  } finally {
    await procs.stopAll();
    server?.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const ms = (s: number) => `${(s * 1000).toFixed(2)} ms`;

/**
 * Markdown lines: per group kind, mean / median per set and the Sloth ÷ derived ratios; then SLI groups
 * per SLI kind. Medians resist the bursts of load other processes put on the shared cores; means do not.
 */
export function ruleEvalTable(r: RuleEvalResult): string[] {
  const per = (set: RuleSet, kind: Kind) => r.samples.get(set)!.get(kind)!;
  const ratio = (f: (xs: readonly number[]) => number, kind: Kind) => (f(per('sloth generate', kind)) / f(per('ours, derived form', kind))).toFixed(1);
  const lines = [
    `| group (one per SLO) | ${SETS.map((s) => `${s} (mean / median)`).join(' | ')} | Sloth ÷ derived (means / medians) |`,
    `|---|${SETS.map(() => '---:').join('|')}|---:|`,
  ];
  for (const kind of KINDS) {
    const cells = SETS.map((s) => `${ms(mean(per(s, kind)))} / ${ms(median(per(s, kind)))}`);
    lines.push(`| ${kind} | ${cells.join(' | ')} | ${ratio(mean, kind)} / ${ratio(median, kind)} |`);
  }
  // One evaluation of all three groups of an SLO.
  const all = (set: RuleSet, f: (xs: readonly number[]) => number) => KINDS.reduce((t, k) => t + f(per(set, k)), 0);
  const allRatio = (f: (xs: readonly number[]) => number) => (all('sloth generate', f) / all('ours, derived form', f)).toFixed(1);
  lines.push(`| **all three** | ${SETS.map((s) => `**${ms(all(s, mean))} / ${ms(all(s, median))}**`).join(' | ')} | **${allRatio(mean)} / ${allRatio(median)}** |`);
  lines.push('', `| SLI recordings by SLI kind (mean / median) | ${SETS.join(' | ')} | Sloth ÷ derived (means / medians) |`, `|---|${SETS.map(() => '---:').join('|')}|---:|`);
  for (const kind of r.sliByKind.get('sloth generate')!.keys()) {
    const v = (s: RuleSet) => r.sliByKind.get(s)!.get(kind)!;
    const q = (f: (xs: readonly number[]) => number) => (f(v('sloth generate')) / f(v('ours, derived form'))).toFixed(1);
    lines.push(`| ${kind} | ${SETS.map((s) => `${ms(mean(v(s)))} / ${ms(median(v(s)))}`).join(' | ')} | ${q(mean)} / ${q(median)} |`);
  }
  return lines;
}

export function ruleEvalSetup(r: RuleEvalResult): string {
  const o = r.options;
  return `${r.slos} SLOs (${o.services} workload services: ratio, classic-histogram latency, bool gauge), ${SERIES_PER_METRIC} series per SLI metric ` +
    `(${r.rawSeries} raw series with the histogram's buckets), ${o.historyMs / 86_400_000} days of history every ${o.stepMs / 1000} s ` +
    `(${(r.historySamples / 1e6).toFixed(1)} M samples), Prometheus ${CURRENT.prometheus}, ${o.rounds} evaluations per group every ${o.evalMs / 1000} s after ${WARMUP} dropped`;
}
