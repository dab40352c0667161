/**
 * Output depends on what is declared, not on the order: services, teams and SLOs declared in another
 * order give the same files. And dist/ holds nothing that changes from run to run or machine to
 * machine: no timestamps, random ids, or paths of this checkout, the temp folder or the home folder.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { Integration, Metric, Service, Sli, Symptom, Team, type SloProps, type TeamProps } from '../../lib';
import { re } from '../../lib/promql';
import { ROOT } from '../support/project';
import { readTree, synthTo } from '../support/synth';
import { collector } from './catalogue';

const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['code'] });
const latency = Metric.histogram({ name: 'http_request_duration_seconds', help: 'Latency', buckets: [0.1, 0.5, 1] });
const ref = (name: string) => ({ name, key: 'url' });

const TEAMS: readonly [string, TeamProps][] = [
  ['search', { receivers: { chat: [Integration.slack({ channel: '#search', apiUrl: ref('am-search') })] }, routing: { warning: { receivers: ['chat'] } } }],
  ['payments', { receivers: { pager: [Integration.pagerDuty({ routingKey: ref('am-pay') })], chat: [Integration.slack({ channel: '#pay', apiUrl: ref('am-pay') })] }, routing: { critical: { receivers: ['pager', 'chat'] } } }],
  ['edge', {}],
];

const SLOS: readonly [string, Omit<SloProps, 'sli'> & { latency?: boolean }][] = [
  ['availability', { objective: 99.9 }],
  ['latency', { objective: 99, latency: true, period: '28d' }],
  ['errors-weekly', { objective: 95, period: '7d', alerting: { page: false } }],
];

const SERVICES: readonly [string, string, string][] = [
  ['checkout', 'payments', 'shop'], ['cart', 'payments', 'shop'], ['search-api', 'search', 'search'], ['gateway-edge', 'edge', 'edge'],
];

/** Declares the same catalogue with teams, services and each service's SLOs in the order `order` gives. */
function declare(order: <T>(items: readonly T[]) => T[]) {
  return (scope: Construct) => {
    const teams = new Map(order(TEAMS).map(([name, props]) => [name, new Team(scope, name, props)] as const));
    for (const [name, team, namespace] of order(SERVICES)) {
      const s = new Service(scope, name, { team: teams.get(team)!, namespace, scrape: { port: 8080 }, metrics: [requests, latency], labels: { owner: team } });
      for (const [id, { latency: isLatency, ...props }] of order(SLOS)) {
        const sli = isLatency ? Sli.latency({ histogram: latency, thresholdSeconds: 0.5 }) : Sli.ratio({ errors: { metric: requests, matchers: [re('code', '5..')] }, total: { metric: requests } });
        s.addSlo(id, { ...props, sli });
      }
      s.addSymptom(...[Symptom.targetDown(), Symptom.errorRatio({ errors: { metric: requests, matchers: [re('code', '5..')] }, total: { metric: requests }, thresholdPercent: 5 })]);
    }
    collector(scope, { tenants: [{ name: 'shop', namespaces: ['shop'] }, { name: 'rest' }], defaultTenant: 'rest' });
  };
}

const MACHINE_PATHS = [ROOT, os.tmpdir() + path.sep, os.homedir() + path.sep, '/work/', '/tmp/'];

/** What in `text` would differ between runs or machines. */
function machineTraces(text: string): string[] {
  const out: string[] = [];
  const ts = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?/.exec(text);
  if (ts) out.push(`timestamp ${ts[0]}`);
  const uuid = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i.exec(text);
  if (uuid) out.push(`random id ${uuid[0]}`);
  for (const p of MACHINE_PATHS) if (text.includes(p)) out.push(`path ${p}`);
  return out;
}

describe('deterministic output', () => {
  it('declaring teams, services and SLOs in another order gives the same files', () => {
    const asGiven = readTree(synthTo(declare((xs) => [...xs])));
    expect(asGiven.size).toBeGreaterThan(30);
    for (const order of [<T,>(xs: readonly T[]) => [...xs].reverse(), <T,>(xs: readonly T[]) => [...xs.slice(1), ...xs.slice(0, 1)]]) {
      const other = readTree(synthTo(declare(order)));
      expect([...other.keys()]).toEqual([...asGiven.keys()]);
      for (const [f, text] of asGiven) expect(other.get(f), f).toBe(text);
    }
  });

  it('dist/ holds no timestamp, random id or path of this machine', () => {
    const found = [...readTree(path.join(ROOT, 'dist'))].flatMap(([f, text]) => machineTraces(text).map((t) => `${f}: ${t}`));
    expect(found).toEqual([]);
  });

  it('the scan finds what it looks for', () => {
    const traces = machineTraces(`created: 2026-12-01T12:00:00Z id: 123e4567-e89b-12d3-a456-426614174000 at ${ROOT}/dist, ${os.tmpdir()}/x`);
    expect(traces).toEqual(expect.arrayContaining(['timestamp 2026-12-01T12:00:00', 'random id 123e4567-e89b-12d3-a456-426614174000', `path ${ROOT}`, `path ${os.tmpdir()}${path.sep}`]));
    expect(machineTraces('expr: sum(rate(x[5m])) # /etc/alertmanager/secrets/a/b')).toEqual([]);
  });
});
