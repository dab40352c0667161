/**
 * Real promtool, oldest and current, over the committed dist/prometheus and the fixture catalogues:
 * every rule file passes `check rules --lint=all --lint-fatal` and every generated unit test passes.
 * Every suite of every version goes through one bounded pool (test/support/promtool.ts), started in
 * beforeAll, so the slow ones (a day of 30 s evaluations for the ticket tiers) overlap the rest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dashboards, Files } from '../../lib/conventions';
import { openMetricsFloat } from '../../lib/promql';
import { seriesText } from '../../lib/slo/tests/traffic';
import { dataPanels } from '../support/dashboard-lint';
import { platform } from '../../services';
import { defineFloatLabels, NATIVE_SERVICE } from '../fixtures/float-labels';
import { defineSeedSlos } from '../fixtures/seed-slos';
import { needsPrometheus3, testFilesFor, testRules } from '../support/promtool';
import { listFiles, synthTo, tempDir } from '../support/synth';
import { availableToolchains, CURRENT, OLDEST, run, toolAvailable, type Toolchain } from '../support/tools';

const DIST = path.resolve(__dirname, '../../dist');
const toolchains = availableToolchains('promtool');
const SETS = ['dist', 'seed fixtures', 'float-label fixtures', 'derived-form seed fixtures'] as const;
type OutputSet = (typeof SETS)[number];

const dirs = new Map<OutputSet, string>();
const suites = new Map<string, { files: string[]; failures: Promise<Array<string | undefined>> }>();
const key = (tc: Toolchain, set: OutputSet) => `${tc.id} ${set}`;

const rulesIn = (dir: string) => listFiles(dir).filter((f) => f.startsWith('prometheus/rules/'));

beforeAll(() => {
  dirs.set('dist', DIST);
  dirs.set('seed fixtures', synthTo(defineSeedSlos, platform));
  dirs.set('float-label fixtures', synthTo(defineFloatLabels, platform));
  // The same SLOs with windows derived from the shortest window's records (raw and native SLIs stay Sloth-shaped).
  dirs.set('derived-form seed fixtures', synthTo(defineSeedSlos, { ...platform, ruleForm: 'derived' }));
  for (const tc of toolchains) {
    for (const set of SETS) {
      const dir = dirs.get(set)!;
      const files = testFilesFor(tc, listFiles(dir));
      suites.set(key(tc, set), { files, failures: Promise.all(files.map((f) => testRules(tc, dir, f))) });
    }
  }
});

/** A copy of a set's output, to break on purpose without racing the pooled runs over the original. */
function copyOf(set: OutputSet): string {
  const dir = tempDir();
  fs.cpSync(path.join(dirs.get(set)!, 'prometheus'), path.join(dir, 'prometheus'), { recursive: true });
  return dir;
}

function breakRule(dir: string, service: string, from: string, to: string): void {
  const file = path.join(dir, Files.ruleFile(service));
  const good = fs.readFileSync(file, 'utf8');
  expect(good).toContain(from);
  fs.writeFileSync(file, good.replaceAll(from, to));
}

describe.each(toolchains)('promtool $prometheus', (tc) => {
  it.each(SETS)('check rules --lint=all --lint-fatal accepts every rule file of %s', (set) => {
    const dir = dirs.get(set)!;
    const files = rulesIn(dir);
    expect(files.length).toBeGreaterThan(0);
    const r = run(tc.bin.promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...files], dir);
    expect(r.status, r.output).toBe(0);
    expect(r.output.match(/SUCCESS: \d+ rules found/g)).toHaveLength(files.length);
  });

  it('--lint-fatal fails on a duplicated rule (exit 3), so the check above is real', () => {
    const dir = copyOf('seed fixtures');
    const file = path.join(dir, Files.ruleFile('inference'));
    const doc = parse(fs.readFileSync(file, 'utf8'));
    doc.groups[0].rules.push(doc.groups[0].rules[0]);
    fs.writeFileSync(file, JSON.stringify(doc));
    const r = run(tc.bin.promtool, ['check', 'rules', '--lint=all', '--lint-fatal', file]);
    expect(r.status, r.output).toBe(3);
    expect(r.output).toContain('1 duplicate rule(s) found');
  });

  it.each(SETS)('every generated test of %s passes', async (set) => {
    const suite = suites.get(key(tc, set))!;
    // dist: the 15 services of services.ts and the otel-gateway collector.
    const expected = { dist: 16, 'seed fixtures': 3, 'float-label fixtures': 6, 'derived-form seed fixtures': 3 }[set];
    // The Prometheus 3 notation suites (native histograms) run on promtool 3 only.
    const prometheus3 = tc === CURRENT ? { dist: 0, 'seed fixtures': 1, 'float-label fixtures': 1, 'derived-form seed fixtures': 1 }[set] : 0;
    expect(suite.files).toHaveLength(expected + prometheus3);
    expect(suite.files.filter(needsPrometheus3)).toHaveLength(prometheus3);
    expect((await suite.failures).filter(Boolean)).toEqual([]);
    // The first set awaited waits for the whole pool (four sets, two versions) on two shared cores.
  }, 1_800_000);

  it('a generated test fails when a burn-rate threshold in the rules is wrong', async () => {
    const dir = copyOf('seed fixtures');
    // Doubling the page factor makes the alert fire later than the detection time allows.
    breakRule(dir, 'public-api', '> (14.4 * 0.05)', '> (28.8 * 0.05)');
    const failure = await testRules(tc, dir, Files.ruleTest('public-api'));
    expect(failure).toMatch(/FAILED/);
    expect(failure).toContain('PublicApiLatencyP95BudgetBurn');
  }, 300_000);

  it('a derived-form test fails when a derived window sums the wrong range', async () => {
    const dir = copyOf('derived-form seed fixtures');
    // The 1h window summed over 2h: a total outage trips the page tier later than its deadline.
    breakRule(dir, 'inference', '[59m45s]', '[1h59m45s]');
    const failure = await testRules(tc, dir, Files.ruleTest('inference'));
    expect(failure).toMatch(/FAILED/);
    expect(failure).toContain('InferenceLatencyP95BudgetBurn');
  }, 300_000);

  it('a generated test fails when the le matcher misses the 1e+06 that clients and Prometheus 3 write', async () => {
    const dir = copyOf('float-label fixtures');
    // The matcher this package generated before: it matches only 1000000 and 1000000.0.
    breakRule(dir, 'rpc', 'le=~"1e\\\\+06|1000000(\\\\.0)?"', 'le=~"1000000(\\\\.0)?"');
    const tests = fs.readFileSync(path.join(dir, Files.ruleTest('rpc')), 'utf8');
    expect(tests).toContain('le="1e+06"');
    const failure = await testRules(tc, dir, Files.ruleTest('rpc'));
    expect(failure).toMatch(/FAILED/);
    expect(failure).toContain('RpcLatency1sBudgetBurn');
  }, 300_000);

  it('the quantile panels of a summary and of a microsecond histogram read series in Prometheus 3 form', async () => {
    const dir = dirs.get('float-label fixtures')!;
    const targets = (service: string): Array<{ expr: string }> => {
      const d = JSON.parse(fs.readFileSync(path.join(dir, Files.dashboard(Dashboards.serviceUid(service))), 'utf8'));
      return dataPanels(d).flatMap((p) => p.targets ?? []).filter((t: { expr?: string }) => t.expr?.includes('quantile'));
    };
    // Grafana's variables select everything; one minute covers two 30 s samples on either range semantics.
    const runnable = (expr: string) => expr.replace(/\$__rate_interval/g, '1m').replace(/\$(namespace|job|instance)/g, '.+');
    const target = (service: string) => ({ service, namespace: 'floats', job: service, instance: `${service}:8080` });
    const quantiles = [0.5, 0.9, 0.99];
    const bounds = [100_000, 250_000, 500_000, 1_000_000, 2_500_000, Infinity];
    const [summary] = targets('handler');
    const histogram = targets('rpc');
    expect(summary).toBeDefined();
    expect(histogram).toHaveLength(3);
    const suite = {
      evaluation_interval: '30s',
      tests: [{
        interval: '30s',
        input_series: [
          ...quantiles.map((q) => ({ series: seriesText('rpc_handler_duration_seconds', { ...target('handler'), quantile: openMetricsFloat(q) }), values: `${q}x10` })),
          // Every observation between 500 ms and 1 s: p(q) = 500000 + 500000 × q by linear interpolation.
          ...bounds.map((le) => ({ series: seriesText('rpc_duration_microseconds_bucket', { ...target('rpc'), le: openMetricsFloat(le) }), values: le > 500_000 ? '0+10x10' : '0x10' })),
        ],
        promql_expr_test: [
          { expr: runnable(summary!.expr), eval_time: '5m', exp_samples: quantiles.map((q) => ({ labels: `{quantile="${openMetricsFloat(q)}"}`, value: q })) },
          ...histogram.map((t) => {
            const q = Number(/histogram_quantile\(([\d.]+),/.exec(t.expr)![1]);
            return { expr: runnable(t.expr), eval_time: '5m', exp_samples: [{ labels: '{}', value: 500_000 + 500_000 * q }] };
          }),
        ],
      }],
    };
    const tmp = tempDir();
    fs.writeFileSync(path.join(tmp, 'panels.test.yml'), JSON.stringify(suite));
    expect(fs.readFileSync(path.join(tmp, 'panels.test.yml'), 'utf8')).toContain('le=\\"1e+06\\"');
    expect(await testRules(tc, tmp, 'panels.test.yml')).toBeUndefined();
  }, 120_000);

  it('honours group_eval_order: an alert reading a record fires one interval later when the alerts group runs first', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'r.yml'), JSON.stringify({
      groups: [{ name: 'records', rules: [{ record: 'x:copy', expr: 'x' }] }, { name: 'alerts', rules: [{ alert: 'X', expr: 'x:copy > 0' }] }],
    }));
    const suite = (order: string[]) => JSON.stringify({
      rule_files: ['r.yml'], evaluation_interval: '1m', group_eval_order: order,
      tests: [{ interval: '1m', input_series: [{ series: 'x', values: '0 1x5' }], alert_rule_test: [{ eval_time: '1m', alertname: 'X', exp_alerts: [{ exp_labels: {} }] }] }],
    });
    fs.writeFileSync(path.join(dir, 'ordered.test.yml'), suite(['records', 'alerts']));
    fs.writeFileSync(path.join(dir, 'reversed.test.yml'), suite(['alerts', 'records']));
    expect(await testRules(tc, dir, 'ordered.test.yml')).toBeUndefined();
    expect(await testRules(tc, dir, 'reversed.test.yml')).toMatch(/FAILED/);
  }, 120_000);
});

describe('generated suites', () => {
  it.each(SETS)('of %s set group_eval_order to every group of their rule file, in its order', (set) => {
    const dir = dirs.get(set)!;
    const files = listFiles(dir).filter((f) => f.startsWith('prometheus/tests/'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const suite = parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const rules = parse(fs.readFileSync(path.resolve(path.dirname(path.join(dir, f)), suite.rule_files[0]), 'utf8'));
      expect(suite.group_eval_order, f).toEqual(rules.groups.map((g: { name: string }) => g.name));
    }
  });

  it.runIf(toolAvailable(OLDEST.bin.promtool))('in the Prometheus 3 notation are unreadable for promtool 2.42, which is why its run skips them', () => {
    const dir = dirs.get('float-label fixtures')!;
    const r = run(OLDEST.bin.promtool, ['test', 'rules', Files.ruleTestPrometheus3(NATIVE_SERVICE)], dir);
    expect(r.status).toBe(1);
    expect(r.output).toContain("unexpected character in series sequence: '{'");
  });

  it.runIf(toolAvailable(CURRENT.bin.promtool))('of native histograms fail on promtool 3 when the histogram_fraction limit is wrong', async () => {
    const dir = copyOf('float-label fixtures');
    // Counting the bad bucket (0.5, 1] as fast: the SLI reads no errors and nothing fires.
    breakRule(dir, NATIVE_SERVICE, 'histogram_fraction(0, 0.3,', 'histogram_fraction(0, 1,');
    const failure = await testRules(CURRENT, dir, Files.ruleTestPrometheus3(NATIVE_SERVICE));
    expect(failure).toMatch(/FAILED/);
    expect(failure).toContain('NativeLatencyTtftBudgetBurn');
  }, 120_000);
});
