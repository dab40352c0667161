/** Conformance: amtool 0.25 accepts the generated config and routes every service × severity as the model says. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Files } from '../../lib/conventions';
import { run, toolAvailable } from '../support/tools';
import { synthTo, tempDir } from '../support/synth';
import { defineFixture, fixtureSettings } from './fixture';

const haveAmtool = toolAvailable('amtool');

interface Line {
  readonly labels: string[];
  readonly expected: string;
}

function readTable(dir: string): Line[] {
  const text = fs.readFileSync(path.join(dir, Files.routesTable), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const [labels, expected, ...rest] = line.split('\t');
      expect(rest, line).toEqual([]);
      return { labels: labels!.split(' '), expected: expected! };
    });
}

const checkConfig = (file: string) => run('amtool', ['check-config', file]);
const routesTest = (file: string, expected: string, labels: readonly string[]) =>
  run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${expected}`, ...labels]);

describe.runIf(haveAmtool)('amtool 0.25 on the default catalogue', () => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = synthTo();
    config = path.join(dir, Files.alertmanagerConfig);
  });

  it('check-config accepts alertmanager.yml', () => {
    const r = checkConfig(config);
    expect(r.status, r.output).toBe(0);
    expect(r.stdout).toContain('SUCCESS');
    expect(r.stdout).toContain(' - 3 inhibit rules');
    expect(r.stdout).toContain(' - 12 receivers');
  });

  it('has one routing-table line per service × severity (15 × 3)', () => {
    const lines = readTable(dir);
    expect(lines).toHaveLength(45);
    expect(new Set(lines.map((l) => l.labels.join(' '))).size).toBe(45);
  });

  it('routes every line of routes.test.tsv to the expected receivers', () => {
    const failures = readTable(dir)
      .map((l) => ({ l, r: routesTest(config, l.expected, l.labels) }))
      .filter(({ r }) => r.status !== 0)
      .map(({ l, r }) => `${l.labels.join(' ')} expected ${l.expected}: ${r.output}`);
    expect(failures).toEqual([]);
  });

  it('fails when the expected receiver is wrong, so the check is real', () => {
    const r = routesTest(config, 'edge-chat', ['service=api-gateway', 'team=edge', 'severity=critical', 'namespace=keviq']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('WARNING: Expected receivers did not match resolved receivers.');
  });

  it('catches a route tree that disagrees with the model (the table is not read back from the tree)', () => {
    const tampered = path.join(tempDir(), 'alertmanager.yml');
    // Send edge's warnings to the pager instead of chat.
    const text = fs.readFileSync(config, 'utf8');
    const edited = text.replace(/- receiver: edge-chat\n(\s+)matchers:\n\s+- severity="warning"/, (m) => m.replace('edge-chat', 'edge-pager'));
    expect(edited).not.toBe(text);
    fs.writeFileSync(tampered, edited);
    expect(checkConfig(tampered).status).toBe(0);
    const failing = readTable(dir).filter((l) => routesTest(tampered, l.expected, l.labels).status !== 0);
    expect(failing.map((l) => l.labels[0])).toEqual(['service=api-gateway', 'service=notification-service', 'service=sse-gateway']);
  });

  it('check-config rejects a config that names an undefined receiver', () => {
    const broken = path.join(tempDir(), 'alertmanager.yml');
    fs.writeFileSync(broken, fs.readFileSync(config, 'utf8').replace('receiver: edge-pager', 'receiver: edge-missing'));
    const r = checkConfig(broken);
    expect(r.status).toBe(1);
    expect(r.output).toContain('undefined receiver "edge-missing" used in route');
  });
});

describe.runIf(haveAmtool)('amtool 0.25 on a catalogue using every routing feature', () => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = synthTo(defineFixture, fixtureSettings);
    config = path.join(dir, Files.alertmanagerConfig);
  });

  it('check-config accepts email, Opsgenie, webhook, time intervals with a location, and null receivers', () => {
    const r = checkConfig(config);
    expect(r.status, r.output).toBe(0);
    expect(r.stdout).toContain(' - 8 receivers');
  });

  it('routes every line as the model expects', () => {
    const lines = readTable(dir);
    expect(lines.map((l) => `${l.labels.join(' ')}\t${l.expected}`)).toEqual([
      'service=checkout team=payments severity=critical namespace=shop\taudit,payments-pager,payments-chat',
      'service=checkout team=payments severity=warning namespace=shop\taudit,payments-mail',
      'service=checkout team=payments severity=info namespace=shop\tpayments-chat',
      'service=ledger team=payments severity=critical namespace=shop\taudit,payments-opsgenie,payments-hook',
      'service=ledger team=payments severity=warning namespace=shop\taudit,payments-mail',
      'service=ledger team=payments severity=info namespace=shop\tpayments-mail',
      'service=search-api team=search severity=critical namespace=shop\tops-catchall',
      'service=search-api team=search severity=warning namespace=shop\tops-catchall',
      'service=search-api team=search severity=info namespace=shop\tops-catchall',
    ]);
    for (const l of lines) {
      const r = routesTest(config, l.expected, l.labels);
      expect(r.status, `${l.labels.join(' ')}: ${r.output}`).toBe(0);
    }
  });

  it('an extra route without continue keeps alerts from the team', () => {
    const r = routesTest(config, 'blackhole', ['service=checkout', 'team=payments', 'severity=critical', 'namespace=sandbox']);
    expect(r.status, r.output).toBe(0);
  });
});
