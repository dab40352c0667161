/**
 * Real promtool over the committed dist/prometheus and over the seed fixtures: every rule file loads,
 * and every generated unit test passes. Slow by nature: the ticket-tier outage proofs replay a day of
 * rule evaluations at the platform's 30 s interval (see the README's SLO section).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { Files } from '../../lib/conventions';
import { platform } from '../../services';
import { defineSeedSlos } from '../fixtures/seed-slos';
import { listFiles, synthTo } from '../support/synth';
import { run, toolAvailable } from '../support/tools';

const DIST = path.resolve(__dirname, '../../dist');
const exec = promisify(execFile);

/** `promtool test rules` on each file, two at a time (CI has two cores); returns the failures' output. */
async function testRules(dir: string, files: readonly string[]): Promise<string[]> {
  const failures: string[] = [];
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      try {
        // Niced: these CPU-bound runs overlap the end-to-end test, whose timing bounds must not starve.
        await exec('nice', ['-n', '15', 'promtool', 'test', 'rules', f], { cwd: dir, maxBuffer: 64 << 20 });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        failures.push(`${f}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return failures;
}

const rulesIn = (dir: string) => listFiles(dir).filter((f) => f.startsWith('prometheus/rules/'));
const testsIn = (dir: string) => listFiles(dir).filter((f) => f.startsWith('prometheus/tests/'));

describe.runIf(toolAvailable('promtool'))('promtool', () => {
  let fixtures = '';
  beforeAll(() => {
    fixtures = synthTo(defineSeedSlos, platform);
  });

  it.each([['dist', () => DIST], ['seed fixtures', () => fixtures]])('check rules accepts every rule file of %s', (_, dir) => {
    const files = rulesIn(dir());
    expect(files.length).toBeGreaterThan(0);
    const r = run('promtool', ['check', 'rules', ...files], dir());
    expect(r.status, r.output).toBe(0);
    expect(r.output.match(/SUCCESS: \d+ rules found/g)).toHaveLength(files.length);
  });

  it('every generated test of the seed fixtures passes', async () => {
    const files = testsIn(fixtures);
    expect(files).toHaveLength(3);
    expect(await testRules(fixtures, files)).toEqual([]);
  }, 300_000);

  it('every generated test of dist passes', async () => {
    const files = testsIn(DIST);
    expect(files).toHaveLength(rulesIn(DIST).length);
    expect(await testRules(DIST, files)).toEqual([]);
  }, 600_000);

  it('a generated test fails when a burn-rate threshold in the rules is wrong', async () => {
    const rules = path.join(fixtures, Files.ruleFile('public-api'));
    const good = fs.readFileSync(rules, 'utf8');
    expect(good).toContain('> (14.4 * 0.05)');
    try {
      // Doubling the page factor makes the alert fire later than the detection time allows.
      fs.writeFileSync(rules, good.replaceAll('> (14.4 * 0.05)', '> (28.8 * 0.05)'));
      const [failure] = await testRules(fixtures, [Files.ruleTest('public-api')]);
      expect(failure).toMatch(/FAILED/);
      expect(failure).toContain('PublicApiLatencyP95BudgetBurn');
    } finally {
      fs.writeFileSync(rules, good);
    }
  }, 120_000);
});
