/**
 * Custom alerts of the seed fixture (test/fixtures/custom-alerts.ts) on the real tools: promtool 2.42
 * and 3.16 check the rule files and pass the generated tests, which fail when a threshold or `for`
 * in the rules is changed; amtool routes every line of the routing table, custom alerts included.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Files, PLATFORM } from '../../lib/conventions';
import { customAlertsPlatform, defineCustomAlerts } from '../fixtures/custom-alerts';
import { misrouted, namedRoutes, routesTable } from '../support/dist-checks';
import { testRules } from '../support/promtool';
import { listFiles, synthTo, tempDir } from '../support/synth';
import { availableToolchains, CURRENT, run } from '../support/tools';

const promtools = availableToolchains('promtool');
const amtools = availableToolchains('amtool').filter((tc) => tc === CURRENT);
let dir: string;
beforeAll(() => {
  dir = synthTo(defineCustomAlerts, customAlertsPlatform);
});

/** A copy of the output with `from` replaced in one rule file. */
function broken(owner: string, from: string, to: string): string {
  const copy = tempDir();
  fs.cpSync(path.join(dir, 'prometheus'), path.join(copy, 'prometheus'), { recursive: true });
  const file = path.join(copy, Files.ruleFile(owner));
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  return copy;
}

describe('generated cases', () => {
  it('cover every custom alert built as a threshold, and none written as text', () => {
    const names = (owner: string) => parse(fs.readFileSync(path.join(dir, Files.ruleTest(owner)), 'utf8')).tests.map((t: { name: string }) => t.name);
    expect(names('neural-api').filter((n: string) => n.startsWith('NeuralApiDiskUsage'))).toEqual([
      'NeuralApiDiskUsage: warning fires above the threshold after 5m',
      'NeuralApiDiskUsage: critical fires above the threshold after 5m',
      'NeuralApiDiskUsage: silent below the threshold',
    ]);
    expect(names('neural-api').filter((n: string) => !/^NeuralApi(TargetDown|DiskUsage)/.test(n))).toEqual([
      'NeuralApiConnectionPoolExhausted: fires after 2m on the far side of 0.9',
      'NeuralApiConnectionPoolExhausted: silent on the near side of 0.9',
      'NeuralApiHighQueueLength: fires after 10m on the far side of 100',
      'NeuralApiHighQueueLength: silent on the near side of 100',
      'NeuralApiHighErrorRate: fires after 5m on the far side of 0.05',
      'NeuralApiHighErrorRate: silent on the near side of 0.05',
    ]);
    expect(names(PLATFORM)).toEqual(['HighMemoryUsage: fires after 5m on the far side of 90', 'HighMemoryUsage: silent on the near side of 90']);
  });
});

describe.each(promtools)('promtool $prometheus', (tc) => {
  it('check rules --lint=all --lint-fatal accepts the service and platform rule files', () => {
    const files = listFiles(dir).filter((f) => f.startsWith('prometheus/rules/'));
    expect(files).toEqual([Files.ruleFile('neural-api'), Files.ruleFile(PLATFORM)]);
    const r = run(tc.bin.promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...files], dir);
    expect(r.status, r.output).toBe(0);
  });

  it('passes every generated test', async () => {
    const files = listFiles(dir).filter((f) => f.startsWith('prometheus/tests/'));
    expect(files).toEqual([Files.ruleTest('neural-api'), Files.ruleTest(PLATFORM)]);
    expect(await Promise.all(files.map((f) => testRules(tc, dir, f)))).toEqual([undefined, undefined]);
  }, 300_000);

  it.each([
    ['a threshold', 'neural-api', 'max_connections{job="neural-api"}) > 0.9', 'max_connections{job="neural-api"}) > 0.95', 'NeuralApiConnectionPoolExhausted'],
    ['a for', 'neural-api', 'for: 10m', 'for: 30s', 'NeuralApiHighQueueLength'],
    ['a threshold of a platform alert', PLATFORM, '* 100 > 90', '* 100 > 80', 'HighMemoryUsage'],
    ['the critical tier of a symptom', 'neural-api', '> 0.95', '> 0.99', 'NeuralApiDiskUsage'],
    ['the mount-point pattern of a symptom', 'neural-api', 'mountpoint=~"/var/lib/(postgresql|redis)"', 'mountpoint="/var/lib/(postgresql|redis)"', 'NeuralApiDiskUsage'],
  ])('fails when %s in the rules changes', async (_, owner, from, to, alert) => {
    const copy = broken(owner, from, to);
    const failure = await testRules(tc, copy, Files.ruleTest(owner));
    expect(failure).toMatch(/FAILED/);
    expect(failure).toContain(alert);
  }, 300_000);
});

describe.each(amtools)('amtool $alertmanager', (tc) => {
  it('routes every line of the table, custom and platform alerts included', () => {
    const lines = routesTable(dir);
    expect(namedRoutes(lines)).toEqual([
      'NeuralApiConnectionPoolExhausted → incident-log,neural-critical',
      'NeuralApiHighQueueLength → neural-warning',
      'NeuralApiHighErrorRate → incident-log,neural-critical',
      'NeuralApiWorkerAnomaly → neural-warning',
      'HighMemoryUsage → incident-log,neural-critical',
      'GpuTemperatureHigh → platform-catchall',
    ]);
    const config = path.join(dir, Files.alertmanagerConfig);
    expect(misrouted(tc, config, lines)).toEqual([]);
  });
});
