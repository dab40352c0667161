/**
 * Rule-group `interval` (seed 002's 30s, a service's 1m): rendered in the PrometheusRule and the plain
 * rule file, the generated promtool tests evaluate at the same interval (promtool ignores a group's
 * `interval` and steps every group at the test's evaluation_interval), and promtool 2.42 / 3.16 pass
 * `check rules` and `test rules` on the result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { Metric, MonitoringApp, Service, Sli, Team } from '../../lib';
import { Files, K8sNames } from '../../lib/conventions';
import { defineSecured, securedPlatform } from '../fixtures/neural-secured';
import { testFilesFor, testRules } from '../support/promtool';
import { readManifests, validateObject } from '../support/schemas';
import { listFiles, synthTo, tempDir } from '../support/synth';
import { availableToolchains, run } from '../support/tools';

const requests = Metric.counter({ name: 'x_requests_total', help: 'x', labels: ['code'] });

function problemsOf(ruleInterval: string | undefined, platformInterval?: string): readonly string[] {
  const app = new MonitoringApp({ outdir: tempDir(), ...(platformInterval ? { prometheus: { ruleInterval: platformInterval } } : {}) });
  const svc = new Service(app, 'api', { team: new Team(app, 'edge'), namespace: 'shop', scrape: { port: 8080 }, metrics: [requests], ...(ruleInterval ? { ruleInterval } : {}) });
  svc.addSlo('availability', { objective: 99.9, sli: Sli.ratio({ errors: { metric: requests, matchers: [] }, total: { metric: requests } }) });
  return app.problems();
}

describe('ruleInterval validation', () => {
  it('accepts an interval up to the shortest alert window', () => {
    expect(problemsOf('5m')).toEqual([]);
    expect(problemsOf(undefined, '1m')).toEqual([]);
  });

  it('rejects a bad duration once, where it was given', () => {
    expect(problemsOf('30 seconds')).toEqual(['[api] ruleInterval: got "30 seconds", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m']);
    expect(problemsOf(undefined, '0s')).toEqual(['[settings] prometheus.ruleInterval: got "0s", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m']);
  });

  it('rejects an interval longer than an SLO\'s shortest window, inherited or not', () => {
    const msg = '[api] ruleInterval: got "10m", expected an interval no longer than the shortest alert window of SLO "availability" (5m), or its alerts would read stale windows';
    expect(problemsOf('10m')).toEqual([msg]);
    expect(problemsOf(undefined, '10m')).toEqual([msg]);
  });
});

describe('seed 002 rule groups', () => {
  let dir: string;
  beforeAll(() => {
    dir = synthTo(defineSecured, securedPlatform());
  });
  const groupsOf = (file: string) => (parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { groups: { name: string; interval?: string }[] }).groups;

  it('sets the platform interval on every group, and a service\'s own where it has one', () => {
    const api = groupsOf(Files.ruleFile('neural-api'));
    expect(api.length).toBeGreaterThan(1);
    for (const g of api) expect(g.interval, g.name).toBe('30s');
    for (const g of groupsOf(Files.ruleFile('neural-workers'))) expect(g.interval, g.name).toBe('1m');
    // `interval` follows the name, as in Prometheus' examples.
    expect(Object.keys(api[0]!)).toEqual(['name', 'interval', 'rules']);
  });

  it('puts the same groups in the PrometheusRule, which passes its schema', () => {
    const rules = readManifests(dir).map((m) => m.object).filter((o) => o.kind === 'PrometheusRule');
    const api = rules.find((o) => o.metadata.name === K8sNames.prometheusRule('neural-api'))!;
    expect((api.spec as { groups: unknown }).groups).toEqual(groupsOf(Files.ruleFile('neural-api')));
    for (const o of rules) expect(validateObject(o)).toBe(true);
  });

  it('evaluates each service\'s generated tests at its group interval', () => {
    const interval = (name: string) => (parse(fs.readFileSync(path.join(dir, Files.ruleTest(name)), 'utf8')) as { evaluation_interval: string }).evaluation_interval;
    expect(interval('neural-api')).toBe('30s');
    expect(interval('neural-workers')).toBe('1m');
    const api = parse(fs.readFileSync(path.join(dir, Files.ruleTest('neural-api')), 'utf8')) as { tests: { interval: string }[] };
    for (const t of api.tests) expect(t.interval).toBe('30s');
  });
});

describe.each(availableToolchains('promtool'))('promtool $prometheus on rule groups with an interval', (tc) => {
  let dir: string;
  beforeAll(() => {
    dir = synthTo(defineSecured, securedPlatform());
  });

  it('check rules accepts every rule file, lint included', () => {
    const files = listFiles(dir).filter((f) => f.startsWith('prometheus/rules/'));
    // The Pushgateway has no SLO and no symptom: no rules.
    expect(files.length).toBe(3);
    const r = run(tc.bin.promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...files], dir);
    expect(r.status, r.output).toBe(0);
  });

  it('every generated test passes', async () => {
    const files = testFilesFor(tc, listFiles(dir));
    expect(files.length).toBe(3);
    expect((await Promise.all(files.map((f) => testRules(tc, dir, f)))).filter(Boolean)).toEqual([]);
  });

  it('evaluates every group at the test\'s evaluation_interval, whatever its interval (why the tests follow the groups)', () => {
    const tmp = tempDir();
    fs.writeFileSync(path.join(tmp, 'r.yml'), 'groups:\n  - name: g\n    interval: 1m\n    rules:\n      - record: x:count\n        expr: count_over_time(up[10m])\n');
    // Were the 1m interval honoured, the last evaluation before 90s would be at 60s and see 3 samples.
    const test = (value: number) => `rule_files: [r.yml]\nevaluation_interval: 30s\ntests:\n  - interval: 30s\n    input_series: [{series: up, values: 1x10}]\n    promql_expr_test:\n      - {expr: 'x:count', eval_time: 90s, exp_samples: [{labels: 'x:count', value: ${value}}]}\n`;
    fs.writeFileSync(path.join(tmp, 'every-step.yml'), test(4));
    fs.writeFileSync(path.join(tmp, 'every-minute.yml'), test(3));
    expect(run(tc.bin.promtool, ['test', 'rules', 'every-step.yml'], tmp).status).toBe(0);
    const r = run(tc.bin.promtool, ['test', 'rules', 'every-minute.yml'], tmp);
    expect(r.status).toBe(1);
    expect(r.output).toContain('got: {__name__="x:count"} 4');
  });
});
