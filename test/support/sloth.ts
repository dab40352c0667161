/**
 * Our SLO rules side by side with the real Sloth's: run `sloth generate` on the equivalent specs,
 * compare record names, label sets and alert names, and replay one scenario set on both rule sets
 * with the current promtool, comparing alert timelines and the recorded values at the end.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { Labels, Records, RuleGroups, SlothExport, SlothLabels } from '../../lib/conventions';
import type { Slo } from '../../lib/model/slo';
import { agg, call, eq, or, render, selector, str, subquery, type Expr } from '../../lib/promql';
import { formatDuration } from '../../lib/promql/format';
import { slothGenerateArgs, slothRunFiles, type SlothRun } from '../../lib/sloth';
import type { Rule, RuleGroup } from '../../lib/slo/rule';
import { assign } from '../../lib/slo/tests/examples';
import { SeriesBuilder, seriesText, type InputSeries } from '../../lib/slo/tests/traffic';
import { BUILT, CURRENT } from './tools';

const exec = promisify(execFile);

// ---- running Sloth -------------------------------------------------------------------------

/** Sloth's rule groups per service, from one `sloth generate` per run; and how long the runs took. */
export async function generateWithSloth(runs: readonly SlothRun[]): Promise<{ groups: Map<string, RuleGroup[]>; ms: number }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sloth-'));
  const groups = new Map<string, RuleGroup[]>();
  let ms = 0;
  try {
    for (const [i, run] of runs.entries()) {
      const dir = path.join(root, String(i));
      for (const f of slothRunFiles(run)) {
        fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.path), f.text);
      }
      fs.mkdirSync(path.join(dir, SlothExport.rulesDir), { recursive: true });
      const start = process.hrtime.bigint();
      await exec(BUILT.sloth, slothGenerateArgs(run, dir), { maxBuffer: 64 << 20 });
      ms += Number(process.hrtime.bigint() - start) / 1e6;
      for (const spec of run.specs) {
        const file = path.join(dir, SlothExport.rulesDir, SlothExport.specFile(spec.service));
        const parsed = parse(fs.readFileSync(file, 'utf8')) as { groups: RuleGroup[] };
        groups.set(spec.service, [...(groups.get(spec.service) ?? []), ...parsed.groups]);
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return { groups, ms };
}

/** The groups of one SLO (Sloth and we name them alike). */
export function sloGroups(groups: readonly RuleGroup[], sloId: string): RuleGroup[] {
  const names = new Set([RuleGroups.sliRecordings(sloId), RuleGroups.metaRecordings(sloId), RuleGroups.alerts(sloId)]);
  return groups.filter((g) => names.has(g.name));
}

// ---- names and labels ----------------------------------------------------------------------

const ruleKey = (r: Rule) => {
  const which = r.labels?.[SlothLabels.window] ?? r.labels?.[SlothLabels.severity];
  return `${r.record ? 'record' : 'alert'} ${r.record ?? r.alert}${which ? ` [${which}]` : ''}`;
};

/**
 * Every difference in group names, rule names (records per window, alerts per tier) and label sets,
 * one line each, as `<group>: <rule>: …`.
 */
export function compareShapes(ours: readonly RuleGroup[], sloth: readonly RuleGroup[]): string[] {
  const out: string[] = [];
  const byName = (gs: readonly RuleGroup[]) => new Map(gs.map((g) => [g.name, g]));
  const [a, b] = [byName(ours), byName(sloth)];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const [ga, gb] = [a.get(name), b.get(name)];
    if (!ga || !gb) {
      out.push(`${name}: group only in ${ga ? 'ours' : 'Sloth'}`);
      continue;
    }
    const rules = (g: RuleGroup) => new Map(g.rules.map((r) => [ruleKey(r), r]));
    const [ra, rb] = [rules(ga), rules(gb)];
    if (ra.size !== ga.rules.length || rb.size !== gb.rules.length) out.push(`${name}: two rules with the same name and window or tier`);
    for (const key of new Set([...ra.keys(), ...rb.keys()])) {
      const [x, y] = [ra.get(key), rb.get(key)];
      if (!x || !y) {
        out.push(`${name}: ${key}: only in ${x ? 'ours' : 'Sloth'}`);
        continue;
      }
      const [lx, ly] = [x.labels ?? {}, y.labels ?? {}];
      for (const l of [...new Set([...Object.keys(lx), ...Object.keys(ly)])].sort()) {
        if (!(l in ly)) out.push(`${name}: ${key}: label ${l} only in ours (${lx[l]})`);
        else if (!(l in lx)) out.push(`${name}: ${key}: label ${l} only in Sloth (${ly[l]})`);
        else if (lx[l] !== ly[l]) out.push(`${name}: ${key}: label ${l} is ${lx[l]} here, ${ly[l]} in Sloth`);
      }
    }
  }
  return out;
}

/** A known, deliberate difference: what it looks like and why we keep it (the README lists the same). */
export interface AllowedDifference {
  readonly id: string;
  readonly pattern: RegExp;
  readonly reason: string;
}

/** Differences no entry allows, and entries that allowed nothing (the list must stay exact). */
export function unexplained(diffs: readonly string[], allowed: readonly AllowedDifference[]): { unexpected: string[]; unused: string[] } {
  const used = new Set<string>();
  const unexpected = diffs.filter((d) => {
    const hit = allowed.find((a) => a.pattern.test(d));
    if (hit) used.add(hit.id);
    return !hit;
  });
  return { unexpected, unused: allowed.filter((a) => !used.has(a.id)).map((a) => a.id) };
}

// ---- scenarios -----------------------------------------------------------------------------

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface ScenarioPhase {
  /**
   * Error ratio as a multiple of the error budget (1 burns exactly the period's budget); 'outage': every
   * event bad; 'healthy': half the lowest threshold of the SLO's enabled pairs, so nothing may fire.
   */
  readonly burn: number | 'outage' | 'healthy';
  readonly ms: number;
  /** Counter samples only every n-th step (cheap healthy stretches; short windows go empty there). */
  readonly every?: number;
}

export interface Scenario {
  readonly name: string;
  /** promtool `evaluation_interval`; input samples are always 1m apart. */
  readonly evalMs: number;
  readonly phases: readonly ScenarioPhase[];
  /** The error counter exists from the start; otherwise it appears with the first error (as a fresh process's does). */
  readonly errorsFromStart: boolean;
}

/**
 * The scenario set. The fast tiers' scenarios evaluate every minute; the 3-day windows' ones every 5
 * minutes, and the healthy week every 10, with sparse samples where nothing may change, so the whole
 * set costs about a minute per rule set on two cores. The outage and the 20x burn start without an
 * error counter (and sample densely before it appears), which is where Sloth's SLI and ours differ.
 */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'total outage', evalMs: MIN, errorsFromStart: false, phases: [{ burn: 0, ms: 6 * HOUR }, { burn: 'outage', ms: HOUR }, { burn: 0, ms: 7 * HOUR }] },
  { name: '20x burn', evalMs: MIN, errorsFromStart: false, phases: [{ burn: 0, ms: 6 * HOUR }, { burn: 20, ms: 3 * HOUR }, { burn: 0, ms: 7 * HOUR }] },
  { name: '10x burn', evalMs: 5 * MIN, errorsFromStart: true, phases: [{ burn: 0, ms: DAY, every: 10 }, { burn: 10, ms: 10 * HOUR }, { burn: 0, ms: DAY }] },
  { name: '2x burn', evalMs: 5 * MIN, errorsFromStart: true, phases: [{ burn: 0, ms: 3 * DAY, every: 10 }, { burn: 2, ms: 2 * DAY }, { burn: 0, ms: DAY }] },
  { name: 'healthy week', evalMs: 10 * MIN, errorsFromStart: true, phases: [{ burn: 'healthy', ms: 7 * DAY, every: 2 }] },
];

export const scenarioLength = (s: Scenario) => s.phases.reduce((t, p) => t + p.ms, 0);

const SAMPLE_MS = MIN;
const EVENTS_PER_STEP = 1000;

/** An SLO whose series an input generator knows; raw SLIs name a stand-in that reads the same series. */
export interface ScenarioSlo {
  readonly slo: Slo;
  readonly inputsOf?: Slo;
}

/**
 * Input series for the SLO's SLI over the phases, in promtool notation, with the error ratio of each
 * 1m step. Undefined for SLI kinds without an input notation here (native histograms).
 */
export function scenarioInputs(target: ScenarioSlo, s: Scenario): InputSeries[] | undefined {
  const slo = target.inputsOf ?? target.slo;
  const ratioOf = (p: ScenarioPhase) => {
    if (p.burn === 'outage') return 1;
    const burn = p.burn === 'healthy' ? 0.5 * Math.min(...target.slo.alertWindows.map((w) => w.factor)) : p.burn;
    return Math.min(1, burn * target.slo.errorBudget);
  };
  const steps = s.phases.map((p) => ({ ratio: ratioOf(p), steps: p.ms / SAMPLE_MS, every: p.every ?? 1 }));
  const counter = (share: (r: number) => number, skipLeading = false) => {
    // A counter that does not exist until its first increment: promtool gaps, then 0.
    const lead = skipLeading ? steps.findIndex((p) => share(p.ratio) > 0) : 0;
    const gap = lead > 0 ? steps.slice(0, lead).reduce((n, p) => n + p.steps, 0) : 0;
    const b = new SeriesBuilder(0);
    for (const p of steps.slice(Math.max(0, lead))) b.counter(EVENTS_PER_STEP * share(p.ratio), p.steps, p.every);
    return gap > 0 ? `_x${gap} ${b.values}` : b.values;
  };
  const sli = slo.sli;
  const labelsOf = (ms: readonly { label: string }[] | undefined) => (ms ?? []).map((m) => m.label);
  if (sli.kind === 'ratio') {
    const [e, t] = [sli.errors!, sli.total!];
    const names = [...new Set([...labelsOf(e.matchers), ...labelsOf(t.matchers), ...slo.groupBy])];
    const bad = assign(names, [...(e.matchers ?? []), ...(t.matchers ?? [])]);
    if (!bad) return undefined;
    const late = !s.errorsFromStart;
    if (e.metric.name === t.metric.name) {
      const same = slo.groupBy.map((g) => ({ label: g, op: '=' as const, value: bad[g]! }));
      const good = assign(names, [...(t.matchers ?? []), ...same], e.matchers ?? []);
      if (!good) return undefined;
      return [
        { series: seriesText(t.metric.name, good), values: counter((r) => 1 - r) },
        { series: seriesText(e.metric.name, bad), values: counter((r) => r, late) },
      ];
    }
    const pick = (ls: readonly string[]) => Object.fromEntries(ls.map((l) => [l, bad[l]!]));
    return [
      { series: seriesText(e.metric.name, pick([...labelsOf(e.matchers), ...slo.groupBy])), values: counter((r) => r, late) },
      { series: seriesText(t.metric.name, pick([...labelsOf(t.matchers), ...slo.groupBy])), values: counter(() => 1) },
    ];
  }
  if (sli.kind === 'latency') {
    const h = sli.histogram!;
    const labels = assign([...new Set([...labelsOf(h.matchers), ...slo.groupBy])], h.matchers ?? []);
    if (!labels) return undefined;
    return [
      { series: seriesText(`${h.metric.name}_count`, labels), values: counter(() => 1) },
      { series: seriesText(`${h.metric.name}_bucket`, { ...labels, [Labels.le]: String(slo.bucketBoundary()) }), values: counter((r) => 1 - r) },
    ];
  }
  if (sli.kind === 'bool-gauge') {
    const g = sli.gauge!;
    const labels = assign([...new Set([...labelsOf(g.matchers), ...slo.groupBy])], g.matchers ?? []);
    if (!labels) return undefined;
    // A fractional gauge stands in for the share of down targets (avg_over_time reads it the same way).
    const b = new SeriesBuilder(1 - steps[0]!.ratio);
    for (const p of steps) b.gauge(1 - p.ratio, p.steps);
    return [{ series: seriesText(g.metric.name, labels), values: b.values }];
  }
  return undefined;
}

export interface AlertSpan {
  /** First and last evaluation step (index) at which the alert fired, and how many steps it fired. */
  readonly first: number;
  readonly last: number;
  readonly steps: number;
}

export interface ScenarioResult {
  /** `<alertname> <sloth_severity>` → its firing span. */
  readonly alerts: ReadonlyMap<string, AlertSpan>;
  /** Recorded series at the end: `<record> {<window or grouping>}` → value. */
  readonly records: ReadonlyMap<string, number>;
  readonly ms: number;
}

const PROMTOOL = CURRENT.bin.promtool;
/** Prometheus' series of active alerts, written by rule evaluation (also in promtool's test storage). */
const ALERTS = 'ALERTS';

/** `got:` of a failed promql_expr_test: series and values (labels only as far as our names go: no `}` inside). */
function parseGot(block: string): Array<{ labels: Record<string, string>; value: number }> {
  const got = /got: (.*)/.exec(block)?.[1] ?? '';
  return [...got.matchAll(/\{([^}]*)\} (\S+?)(?:,|$)/g)].map((m) => ({
    labels: Object.fromEntries([...m[1]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!])),
    value: Number(m[2]),
  }));
}

/** A replay: input series (1m apart) for `ms`, evaluated every `evalMs`. */
export interface Replay {
  readonly name: string;
  readonly sloId: string;
  readonly inputs: readonly InputSeries[];
  readonly ms: number;
  readonly evalMs: number;
}

/** The replay of a scenario for an SLO, on series its SLI (or its stand-in's) reads. */
export function scenarioReplay(target: ScenarioSlo, s: Scenario): Replay {
  const inputs = scenarioInputs(target, s);
  if (!inputs) throw new Error(`no scenario inputs for ${target.slo.id}`);
  return { name: s.name, sloId: target.slo.id, inputs, ms: scenarioLength(s), evalMs: s.evalMs };
}

/**
 * An exact tie with the page tier's quick threshold, for the alert group alone: every SLI record fed
 * as an input series, the quick pair's at half the threshold for 5 steps, then for one step at exactly
 * `factor * budget` as PromQL computes it, then above. The other pairs stay at 0.
 */
export function tieReplay(slo: Slo): Replay {
  const quick = [...slo.tier('page')].sort((a, b) => a.longMs - b.longMs)[0]!;
  const tie = quick.factor * slo.errorBudget;
  const windows = [...new Set(slo.windows.flatMap((w) => [w.shortMs, w.longMs]))];
  const ids = { [SlothLabels.id]: slo.id, [SlothLabels.service]: slo.service.name, [SlothLabels.slo]: slo.name };
  const inputs = windows.map((w) => ({
    series: seriesText(Records.sliError(w), { ...ids, [SlothLabels.window]: formatDuration(w) }),
    // Full precision on purpose: the tie must survive the round trip.
    values: w === quick.shortMs || w === quick.longMs ? `${tie / 2}x4 ${tie} ${tie * 2}x8` : '0x14',
  }));
  return { name: 'threshold tie', sloId: slo.id, inputs, ms: 14 * MIN, evalMs: MIN };
}

const RECORD = 'record';
const named = (e: Expr): Expr => call('label_replace', e, str(RECORD), str('$1'), str('__name__'), str('(.+)'));

/**
 * Replays on one rule set (the groups of one SLO) with promtool and reads back what happened: every
 * expectation is left empty, so promtool prints what it got.
 */
export async function replay(groups: readonly RuleGroup[], r: Replay): Promise<ScenarioResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sloth-scenario-'));
  const end = formatDuration(r.ms);
  const step = formatDuration(r.evalMs);
  const firing = selector(ALERTS, [eq('alertstate', 'firing'), eq(SlothLabels.id, r.sloId)]);
  const perAlert = (e: Expr) => agg('max', e, { by: ['alertname', SlothLabels.severity] });
  const overRun = (fn: string, e: Expr) => perAlert(call(fn, subquery(e, end, step)));
  const recordNames = [...new Set(groups.flatMap((g) => g.rules.flatMap((x) => (x.record?.startsWith('slo:') ? [x.record] : []))))];
  const queries: Record<string, string> = {
    first: render(overRun('min_over_time', call('timestamp', firing))),
    last: render(overRun('max_over_time', call('timestamp', firing))),
    steps: render(overRun('count_over_time', firing)),
    // `or` matches label sets without the metric name, so each record keeps its name in a label first.
    ...(recordNames.length ? { records: render(recordNames.map((x) => named(selector(x, [eq(SlothLabels.id, r.sloId)]))).reduce((x, y) => or(x, y))) } : {}),
  };
  try {
    fs.writeFileSync(path.join(dir, 'rules.yml'), stringify({ groups }));
    fs.writeFileSync(path.join(dir, 'test.yml'), stringify({
      rule_files: ['rules.yml'],
      evaluation_interval: step,
      group_eval_order: groups.map((g) => g.name),
      tests: [{
        name: r.name,
        interval: formatDuration(SAMPLE_MS),
        input_series: r.inputs,
        promql_expr_test: Object.values(queries).map((expr) => ({ expr, eval_time: end, exp_samples: [] })),
      }],
    }));
    const start = process.hrtime.bigint();
    const run = await exec('nice', ['-n', '10', PROMTOOL, 'test', 'rules', 'test.yml'], { cwd: dir, maxBuffer: 64 << 20 })
      .then((x) => ({ ok: true, out: x.stdout + x.stderr }), (e: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const { out } = run;
    // Every failure is an expression block; a failed run without one broke for another reason.
    if (!run.ok && !out.includes('expr: ')) throw new Error(`promtool on ${r.sloId} / ${r.name}:\n${out}`);
    if (queries.records && !out.includes(`expr: ${JSON.stringify(queries.records)}`)) throw new Error(`promtool on ${r.sloId} / ${r.name}: no records\n${out}`);
    type Got = ReturnType<typeof parseGot>;
    const blocks = new Map<string, Got>(Object.entries(queries).map(([k, q]) => {
      // An expectation that held (nothing fired) prints no block.
      const at = out.indexOf(`expr: ${JSON.stringify(q)}`);
      const next = out.indexOf('expr: ', at + 6);
      return [k, at < 0 ? [] : parseGot(out.slice(at, next < 0 ? undefined : next))];
    }));
    const alertKey = (l: Record<string, string>) => `${l.alertname} ${l[SlothLabels.severity]}`;
    const valueOf = (k: string, key: string) => blocks.get(k)!.find((g) => alertKey(g.labels) === key)?.value ?? Number.NaN;
    const alerts = new Map<string, AlertSpan>();
    for (const g of blocks.get('first')!) {
      const key = alertKey(g.labels);
      alerts.set(key, { first: (g.value * 1000) / r.evalMs, last: (valueOf('last', key) * 1000) / r.evalMs, steps: valueOf('steps', key) });
    }
    const records = new Map<string, number>();
    for (const g of blocks.get('records') ?? []) {
      const { [RECORD]: name, __name__: _n, sloth_id: _i, sloth_service: _s, sloth_slo: _l, ...rest } = g.labels;
      records.set(`${name} {${Object.entries(rest).map(([k, v]) => `${k}=${v}`).sort().join(',')}}`, g.value);
    }
    return { alerts, records, ms };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/**
 * Differences between two replays of one scenario, one line each: an alert that fires on one side
 * only, a fire or resolve step one evaluation apart (said so) or more, a different number of firing steps, a
 * record value that differs beyond float noise (relative 1e-9), or a record on one side only.
 */
export function compareScenario(label: string, ours: ScenarioResult, sloth: ScenarioResult): string[] {
  const out: string[] = [];
  for (const key of new Set([...ours.alerts.keys(), ...sloth.alerts.keys()])) {
    const [a, b] = [ours.alerts.get(key), sloth.alerts.get(key)];
    if (!a || !b) {
      out.push(`${label}: alert ${key} fires only in ${a ? 'ours' : 'Sloth'}`);
      continue;
    }
    const moved = (what: string, x: number, y: number) => {
      if (Math.abs(x - y) > 1) out.push(`${label}: alert ${key} ${what} at step ${x} here, ${y} in Sloth`);
      else if (x !== y) out.push(`${label}: alert ${key} ${what} one step ${y < x ? 'earlier' : 'later'} in Sloth`);
    };
    moved('fires', a.first, b.first);
    moved('resolves', a.last + 1, b.last + 1);
    if (Math.abs(a.steps - b.steps) > 2) out.push(`${label}: alert ${key} fires for ${a.steps} steps here, ${b.steps} in Sloth`);
  }
  for (const key of new Set([...ours.records.keys(), ...sloth.records.keys()])) {
    const [a, b] = [ours.records.get(key), sloth.records.get(key)];
    if (a === undefined || b === undefined) out.push(`${label}: record ${key} only in ${a === undefined ? 'Sloth' : 'ours'}`);
    else if (!close(a, b)) out.push(`${label}: record ${key} is ${a} here, ${b} in Sloth`);
  }
  return out;
}
