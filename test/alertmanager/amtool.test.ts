/**
 * Conformance on both ends of the supported range: amtool 0.25 and 0.35 accept the generated config for
 * their version and route every service × severity as the model says; 0.35 also in UTF-8 strict mode.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Files } from '../../lib/conventions';
import { availableToolchains, CURRENT, run, type Toolchain } from '../support/tools';
import { synthTo } from '../support/synth';
import { defineFixture, fixtureSettingsFor } from './fixture';
import { loadableBy, readsUrlFile, versionOf, writeTemp } from './versions';

const chains = availableToolchains('amtool');
const current = chains.filter((tc) => tc === CURRENT);

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

const checkConfig = (tc: Toolchain, file: string, ...flags: string[]) => run(tc.bin.amtool, [...flags, 'check-config', file]);
const STRICT = '--enable-feature=utf8-strict-mode';
const routesTest = (tc: Toolchain, file: string, expected: string, labels: readonly string[]) =>
  run(tc.bin.amtool, ['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${expected}`, ...labels]);
/** What the fallback matcher parser (0.27+) logs for each matcher the UTF-8 parser would reject. */
const MATCHER_WARNING = /level=WARN.*(incompatible|parser)/;

describe.each(chains)('amtool $alertmanager on the default catalogue (dist/ is for 0.35)', (tc) => {
  let dir: string;
  let config: string;
  /** dist/'s config where this amtool can load it, else its routing view. */
  let routed: string;
  beforeAll(() => {
    dir = synthTo();
    config = path.join(dir, Files.alertmanagerConfig);
    routed = loadableBy(tc, config);
  });

  it(`check-config ${readsUrlFile(tc) ? 'accepts alertmanager.yml without a single matcher warning' : 'rejects the 0.35 form (webhook url_file) and accepts its routing'}`, () => {
    const r = checkConfig(tc, config);
    if (!readsUrlFile(tc)) {
      expect(r.status).toBe(1);
      expect(r.output).toContain('field url_file not found in type config.plain');
    }
    const accepted = readsUrlFile(tc) ? r : checkConfig(tc, routed);
    expect(accepted.status, accepted.output).toBe(0);
    expect(accepted.stdout).toContain('SUCCESS');
    expect(accepted.stdout).toContain(' - 3 inhibit rules');
    expect(accepted.stdout).toContain(' - 12 receivers');
    expect(accepted.output).not.toMatch(MATCHER_WARNING);
  });

  it('has one routing-table line per service × severity (15 × 3), and one per custom alert', () => {
    const lines = readTable(dir);
    expect(lines).toHaveLength(46);
    expect(new Set(lines.map((l) => l.labels.join(' '))).size).toBe(46);
    expect(lines.filter((l) => l.labels.some((x) => x.startsWith('alertname='))).map((l) => l.labels[0])).toEqual(['alertname=AgentRuntimeGuardrailRetries']);
  });

  it('routes every line of routes.test.tsv to the expected receivers', () => {
    const failures = readTable(dir)
      .map((l) => ({ l, r: routesTest(tc, routed, l.expected, l.labels) }))
      .filter(({ r }) => r.status !== 0)
      .map(({ l, r }) => `${l.labels.join(' ')} expected ${l.expected}: ${r.output}`);
    expect(failures).toEqual([]);
  });

  it('fails when the expected receiver is wrong, so the check is real', () => {
    const r = routesTest(tc, routed, 'edge-chat', ['service=api-gateway', 'team=edge', 'severity=critical', 'namespace=keviq']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('WARNING: Expected receivers did not match resolved receivers.');
  });

  it('catches a route tree that disagrees with the model (the table is not read back from the tree)', () => {
    // Send edge's warnings to the pager instead of chat.
    const text = fs.readFileSync(routed, 'utf8');
    const edited = text.replace(/- receiver: edge-chat\n(\s+)matchers:\n\s+- severity="warning"/, (m) => m.replace('edge-chat', 'edge-pager'));
    expect(edited).not.toBe(text);
    const tampered = writeTemp(edited);
    expect(checkConfig(tc, tampered).status).toBe(0);
    const failing = readTable(dir).filter((l) => routesTest(tc, tampered, l.expected, l.labels).status !== 0);
    expect(failing.map((l) => l.labels[0])).toEqual(['service=api-gateway', 'service=notification-service', 'service=sse-gateway']);
  });

  it('check-config rejects a config that names an undefined receiver', () => {
    const r = checkConfig(tc, writeTemp(fs.readFileSync(routed, 'utf8').replace('receiver: edge-pager', 'receiver: edge-missing')));
    expect(r.status).toBe(1);
    expect(r.output).toContain('undefined receiver "edge-missing" used in route');
  });
});

describe.each(chains)('amtool $alertmanager on the feature fixture generated for its version', (tc) => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = synthTo(defineFixture, fixtureSettingsFor(versionOf(tc)));
    config = path.join(dir, Files.alertmanagerConfig);
  });

  it('check-config accepts email, Opsgenie, webhook, time intervals with a location, quoted special values, and null receivers', () => {
    const r = checkConfig(tc, config);
    expect(r.status, r.output).toBe(0);
    expect(r.stdout).toContain(' - 8 receivers');
    expect(r.output).not.toMatch(MATCHER_WARNING);
    // The webhook URL takes the form this version reads.
    expect(fs.readFileSync(config, 'utf8')).toContain(readsUrlFile(tc) ? 'url_file: /etc/alertmanager/secrets/am-payments/bridge-url' : 'url: http://bridge.payments.svc:8080/am');
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
      const r = routesTest(tc, config, l.expected, l.labels);
      expect(r.status, `${l.labels.join(' ')}: ${r.output}`).toBe(0);
    }
  });

  it('an extra route without continue keeps alerts from the team', () => {
    const r = routesTest(tc, config, 'blackhole', ['service=checkout', 'team=payments', 'severity=critical', 'namespace=sandbox']);
    expect(r.status, r.output).toBe(0);
  });
});

describe.each(current)('amtool $alertmanager in UTF-8 strict mode', (tc) => {
  let configs: string[];
  beforeAll(() => {
    configs = [synthTo(), synthTo(defineFixture, fixtureSettingsFor(versionOf(tc))), synthTo(defineFixture, fixtureSettingsFor('0.25'))].map((d) =>
      path.join(d, Files.alertmanagerConfig),
    );
  });

  it('loads dist/, the fixture and the fixture in its 0.25 form', () => {
    for (const config of configs) {
      const r = checkConfig(tc, config, STRICT);
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('UTF-8 strict mode enabled');
      expect(r.stdout).toContain('SUCCESS');
    }
  });

  it('fails on a matcher the UTF-8 parser rejects, which the default mode only warns about', () => {
    const text = fs.readFileSync(configs[0]!, 'utf8');
    for (const [bad, error] of [
      ['- team=', 'end of input: expected label value'],
      ['- team=edge team', 'unexpected team'],
    ] as const) {
      const edited = text.replace('- team="edge"', bad);
      expect(edited).not.toBe(text);
      const file = writeTemp(edited);
      const strict = checkConfig(tc, file, STRICT);
      expect(strict.status, strict.output).toBe(1);
      expect(strict.output).toContain(error);
      const fallback = checkConfig(tc, file);
      expect(fallback.status, fallback.output).toBe(0);
      expect(fallback.output).toMatch(MATCHER_WARNING);
    }
  });
});
