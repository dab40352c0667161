/**
 * amtool shows neither grouping nor inhibition, so this runs the real Alertmanager 0.25 and 0.35 on the
 * seed 002 config: alert groups carry the platform's and the team's group_by labels, the platform's
 * custom rule mutes warnings under criticals of the same alertname/cluster/service, and the team's
 * rule mutes only its own team's warnings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Files } from '../../lib/conventions';
import { defineSecured, securedPlatform } from '../fixtures/neural-secured';
import { synthTo, tempDir } from '../support/synth';
import { availableToolchains } from '../support/tools';
import { postAlerts, sleep, startAlertmanager, startCapture, type Capture, type Daemon } from './daemon';
import { versionOf } from './versions';

const base = { namespace: 'neural-prod', cluster: 'neural-prod' };
const ALERTS: Record<string, Record<string, string>> = {
  apiCritical: { ...base, alertname: 'HighErrorRate', service: 'neural-api', team: 'neural', severity: 'critical' },
  apiWarning: { ...base, alertname: 'HighErrorRate', service: 'neural-api', team: 'neural', severity: 'warning' },
  workersWarning: { ...base, alertname: 'HighErrorRate', service: 'neural-workers', team: 'neural', severity: 'warning' },
  otherCluster: { ...base, cluster: 'neural-staging', alertname: 'HighErrorRate', service: 'neural-api', team: 'neural', severity: 'warning' },
  postgresDown: { ...base, alertname: 'PostgresExporterTargetDown', service: 'postgres-exporter', team: 'data', severity: 'critical', symptom: 'target-down' },
  pushgatewayWarning: { ...base, alertname: 'PushgatewayStale', service: 'pushgateway', team: 'data', severity: 'warning' },
};
// workersWarning: other service; otherCluster: other cluster; neither is muted, though postgresDown fires in the same cluster.
const INHIBITED = ['apiWarning', 'pushgatewayWarning'];

const keyOf = (l: Record<string, string>) => Object.entries(ALERTS).find(([, a]) => Object.entries(a).every(([k, v]) => l[k] === v))?.[0] ?? JSON.stringify(l);

describe.each(availableToolchains('alertmanager'))('seed 002 grouping and inhibition in a real Alertmanager $alertmanager', (tc) => {
  let daemon: Daemon;
  let slack: Capture;
  beforeAll(async () => {
    // Slack's webhook URLs, as the mounted Secrets would hold them, point at a local capture.
    slack = await startCapture();
    const secrets = tempDir('am-secrets-');
    for (const [file, url] of [['alertmanager-neural/slack-webhook-url', `${slack.url}/neural`], ['alertmanager-data/slack', `${slack.url}/data`]] as const) {
      fs.mkdirSync(path.dirname(path.join(secrets, file)), { recursive: true });
      fs.writeFileSync(path.join(secrets, file), url);
    }
    const fast = { groupWait: '1s' };
    const props = securedPlatform({ version: versionOf(tc), alertmanager: { secretsDir: secrets, timings: { default: fast, critical: fast } } });
    daemon = await startAlertmanager(tc, path.join(synthTo(defineSecured, props), Files.alertmanagerConfig));
    expect(await postAlerts(daemon, Object.values(ALERTS), (l) => `${keyOf(l)} is failing`), daemon.log()).toBe(200);
  });
  afterAll(async () => {
    daemon?.stop();
    await slack?.close();
  });

  it('mutes exactly the warnings the platform and team rules target', async () => {
    let inhibited: string[] = [];
    for (let i = 0; i < 50; i++) {
      const alerts = (await (await fetch(`${daemon.url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { inhibitedBy: string[] } }[];
      inhibited = alerts.filter((a) => a.status.inhibitedBy.length > 0).map((a) => keyOf(a.labels)).sort();
      if (alerts.length === Object.keys(ALERTS).length && JSON.stringify(inhibited) === JSON.stringify(INHIBITED)) break;
      await sleep(100);
    }
    expect(inhibited).toEqual(INHIBITED);
  });

  it('groups the neural team by alertname, cluster and service, and the data team by alertname and service', async () => {
    type Group = { labels: Record<string, string>; receiver: { name: string }; alerts: { labels: Record<string, string> }[] };
    let groups: string[] = [];
    for (let i = 0; i < 50; i++) {
      const got = (await (await fetch(`${daemon.url}/api/v2/alerts/groups`)).json()) as Group[];
      groups = got.map((g) => `${g.receiver.name} ${Object.entries(g.labels).map(([k, v]) => `${k}=${v}`).sort().join(',')}: ${g.alerts.map((a) => keyOf(a.labels)).sort().join(',')}`).sort();
      if (got.reduce((n, g) => n + g.alerts.length, 0) === Object.keys(ALERTS).length) break;
      await sleep(100);
    }
    expect(groups).toEqual([
      'data-chat alertname=PostgresExporterTargetDown,service=postgres-exporter: postgresDown',
      'data-chat alertname=PushgatewayStale,service=pushgateway: pushgatewayWarning',
      'neural-critical alertname=HighErrorRate,cluster=neural-prod,service=neural-api: apiCritical',
      'neural-warning alertname=HighErrorRate,cluster=neural-prod,service=neural-api: apiWarning',
      'neural-warning alertname=HighErrorRate,cluster=neural-prod,service=neural-workers: workersWarning',
      'neural-warning alertname=HighErrorRate,cluster=neural-staging,service=neural-api: otherCluster',
    ]);
  });

  it('renders the Slack titles and texts of the model into real notifications', async () => {
    type Slack = { channel: string; attachments: { title: string; text: string }[] };
    for (let i = 0; i < 100 && slack.bodies.length < 2; i++) await sleep(100);
    const got = slack.bodies.map(({ path: p, body }) => { const b = body as Slack; return `${p} ${b.channel} | ${b.attachments[0]!.title} | ${b.attachments[0]!.text}`; }).sort();
    expect(got, daemon.log()).toEqual([
      // The team's default templates: status, count, alert name and service; summary in bold, then the description.
      '/data #data | [FIRING:1] PostgresExporterTargetDown (postgres-exporter) | *test*\npostgresDown is failing\n',
      // Seed 002's own title and text.
      '/neural #neural-critical | 🚨 CRITICAL: Neural DSL | apiCritical is failing',
    ]);
  });
});
