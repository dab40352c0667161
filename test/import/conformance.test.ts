/**
 * The imported example specs through the whole pipeline: promtool (oldest and current) checks the rule
 * files and passes the generated tests, which expect the imported labels and alert names; amtool routes
 * the table's SLO cases, which carry the imported labels, including an extra route on `routing_key`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importOpenSlo, importSloth, Integration, Metric, Team, type MonitoringAppProps } from '../../lib';
import { Files } from '../../lib/conventions';
import { eq } from '../../lib/promql';
import { testFilesFor, testRules } from '../support/promtool';
import { listFiles, synthTo } from '../support/synth';
import { availableToolchains, CURRENT, run, toolAvailable } from '../support/tools';

const DIR = path.join(__dirname, '..', 'fixtures', 'import');

const props: MonitoringAppProps = {
  alertmanager: {
    receivers: [{ name: 'checkout-oncall', integrations: [Integration.webhook({ url: { name: 'am', key: 'checkout' } })] }],
    matcherStrategy: 'None',
    // A route on an imported label, before the team routes.
    extraRoutes: [{ matchers: [eq('routing_key', 'checkout-oncall')], receiver: 'checkout-oncall', continue: true }],
  },
};

function define(scope: Construct): void {
  const team = new Team(scope, 'team', {
    name: 'payments',
    receivers: { pager: [Integration.pagerDuty({ routingKey: { name: 'am', key: 'pd' } })] },
    routing: { critical: { receivers: ['pager'] } },
  });
  for (const f of ['checkout.sloth.yml', 'payments.sloth-crd.yml']) importSloth(scope, path.join(DIR, f), { team, namespace: 'shop', scrape: { port: 8080 } });
  importOpenSlo(scope, [path.join(DIR, 'search.openslo.yml')], {
    team, namespace: 'search', scrape: { port: 8080 },
    metrics: [Metric.counter({ name: 'search_requests_total', help: 'Searches', labels: ['code'] }), Metric.gauge({ name: 'search_index_age_seconds', help: 'Index age' })],
  });
}

const promtools = availableToolchains('promtool');

describe('imported specs through promtool and amtool', () => {
  let dir: string;
  beforeAll(() => {
    dir = synthTo(define, props);
  });

  it('lists the imported SLOs with their labels, alert names and receivers in the catalogue', () => {
    const checkout = fs.readFileSync(path.join(dir, Files.catalogPage('checkout')), 'utf8');
    const payments = fs.readFileSync(path.join(dir, Files.catalogPage('payments')), 'utf8');
    for (const name of ['CheckoutHighErrorRate', 'CheckoutSlowRequests']) expect(checkout).toContain(`\`${name}\``);
    expect(payments).toContain('`PaymentsApiErrors`');
    expect(checkout).toContain('### SLO payment-capture\n\nCaptured payments are never lost.\n\nLabels `owner=payments-team` `cost_center=cc-042`.\n\n| Objective |');
    expect(checkout).toContain('| 100% | 30d | 0% | 0 | ratio |\n\nNo error budget at 100%');
    // The imported tier labels route the page through the extra route on routing_key, then to the team.
    expect(checkout).toContain('| `CheckoutHighErrorRate` (page) `owner=payments-team` `cost_center=cc-042` `category=availability` `routing_key=checkout-oncall` | critical |');
    expect(checkout).toMatch(/`CheckoutHighErrorRate` \(ticket\) [^|]*`slack_channel=checkout-alerts` \| warning \|[^\n]*\| `checkout-oncall`, `payments-pager` \|\n/);
  });

  it.each(promtools)('promtool $prometheus: checks the rules and passes the generated tests', async (tc) => {
    const start = Date.now();
    const files = listFiles(dir);
    for (const f of files.filter((x) => x.startsWith('prometheus/rules/'))) {
      const r = run(tc.bin.promtool, ['check', 'rules', '--lint=all', '--lint-fatal', path.join(dir, f)]);
      expect(r.status, r.output).toBe(0);
    }
    const tests = testFilesFor(tc, files);
    expect(tests.length).toBe(3);
    const failures = (await Promise.all(tests.map((f) => testRules(tc, dir, f)))).filter(Boolean);
    expect(failures).toEqual([]);
    console.log(`promtool ${tc.prometheus}: ${tests.length} test files in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }, 300_000);

  it.runIf(toolAvailable(CURRENT.bin.amtool))('amtool: routes every line of the table, the imported labels included', () => {
    const config = path.join(dir, Files.alertmanagerConfig);
    const check = run(CURRENT.bin.amtool, ['check-config', config]);
    expect(check.status, check.output).toBe(0);
    const lines = fs.readFileSync(path.join(dir, Files.routesTable), 'utf8').trimEnd().split('\n');
    const routed = lines.filter((l) => l.includes('routing_key=checkout-oncall'));
    // Both checkout tiers carry the shared routing_key; payments' own key does not match the extra route.
    expect(routed.map((l) => l.split('\t')[1])).toEqual(['checkout-oncall,payments-pager', 'checkout-oncall,payments-pager']);
    expect(lines.filter((l) => l.includes('routing_key=payments-oncall')).map((l) => l.split('\t')[1])).toEqual(['payments-pager']);
    for (const line of lines) {
      const [labels, expected] = line.split('\t');
      const r = run(CURRENT.bin.amtool, ['config', 'routes', 'test', `--config.file=${config}`, `--verify.receivers=${expected}`, ...labels!.split(' ')]);
      expect(r.status, `${line}\n${r.output}`).toBe(0);
    }
  });
});
