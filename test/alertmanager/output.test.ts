/** The Alertmanager outputs: committed dist/ is current and deterministic, the CRs validate, the tree has the shape. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { expectedReceivers } from '../../lib/alertmanager';
import { catalogOf, MonitoringApp } from '../../lib';
import { Files } from '../../lib/conventions';
import { defineServices, platform } from '../../services';
import { listFiles, synthTo } from '../support/synth';
import { defineFixture, fixtureSettings, fixtureSettingsFor } from './fixture';

const DIST = path.resolve(import.meta.dirname, '../../dist');
const mine = (rel: string) => rel.startsWith('alertmanager/') || /^kubernetes\/AlertmanagerConfig\./.test(rel);

describe('committed dist/', () => {
  it('holds exactly what a fresh synth writes for alert routing, byte for byte, twice', () => {
    const a = synthTo();
    const b = synthTo();
    const files = listFiles(a).filter(mine);
    expect(files).toEqual(listFiles(DIST).filter(mine));
    expect(files).toEqual([
      'alertmanager/alertmanager.yml',
      'alertmanager/routes.test.tsv',
      'kubernetes/AlertmanagerConfig.agents-routing.k8s.yaml',
      'kubernetes/AlertmanagerConfig.edge-routing.k8s.yaml',
      'kubernetes/AlertmanagerConfig.identity-routing.k8s.yaml',
      'kubernetes/AlertmanagerConfig.workflow-routing.k8s.yaml',
    ]);
    for (const f of files) {
      const fresh = fs.readFileSync(path.join(a, f), 'utf8');
      expect(fs.readFileSync(path.join(b, f), 'utf8'), f).toBe(fresh);
      expect(fs.readFileSync(path.join(DIST, f), 'utf8'), `${f} is stale: run npm run synth`).toBe(fresh);
    }
  });
});

describe('AlertmanagerConfig per team', () => {
  it('validates against the v1alpha1 schema, with Secret references only', () => {
    for (const [define, props] of [[defineServices, platform], [defineFixture, fixtureSettings], [defineFixture, fixtureSettingsFor('0.25')]] as const) {
      const app = new MonitoringApp(props);
      define(app);
      const amcs = app.render().manifests.filter((m) => m.kind === 'AlertmanagerConfig');
      expect(amcs.length).toBeGreaterThan(0);
      for (const m of amcs) {
        expect(m.apiVersion).toBe('monitoring.coreos.com/v1alpha1');
        expect(() => new AlertmanagerConfig(m as never).validate(), m.metadata.name).not.toThrow();
      }
      // The validator is real: a matcher type the CRD rejects fails it.
      const bad = structuredClone(amcs[0]!) as unknown as { spec: { route: { matchers: { matchType: string }[] } } };
      bad.spec.route.matchers[0]!.matchType = '==';
      expect(() => new AlertmanagerConfig(bad as never).validate()).toThrow();
    }
  });

  it('routes only its own team, in the namespace of its services', () => {
    const dir = synthTo(defineFixture, fixtureSettings);
    const amc = parse(fs.readFileSync(path.join(dir, 'kubernetes/AlertmanagerConfig.payments-routing.k8s.yaml'), 'utf8'));
    expect(amc.metadata.namespace).toBe('shop');
    expect(amc.spec.route.matchers).toEqual([{ name: 'team', value: 'payments', matchType: '=' }]);
    expect(amc.spec.route.receiver).toBe('payments-chat');
    expect(amc.spec.receivers.map((r: { name: string }) => r.name)).toEqual(['payments-pager', 'payments-opsgenie', 'payments-chat', 'payments-mail', 'payments-hook']);
    expect(amc.spec.receivers[0].pagerdutyConfigs[0].routingKey).toEqual({ name: 'am-payments', key: 'pd' });
    // The operator resolves urlSecret itself, whatever the Alertmanager version; 0.25's plain URL stays a url.
    expect(amc.spec.receivers[4].webhookConfigs[0]).toMatchObject({ urlSecret: { name: 'am-payments', key: 'bridge-url' } });
    expect(amc.spec.receivers[4].webhookConfigs[0].url).toBeUndefined();
    const old = parse(fs.readFileSync(path.join(synthTo(defineFixture, fixtureSettingsFor('0.25')), 'kubernetes/AlertmanagerConfig.payments-routing.k8s.yaml'), 'utf8'));
    expect(old.spec.receivers[4].webhookConfigs[0]).toMatchObject({ url: 'http://bridge.payments.svc:8080/am' });
    expect(old.spec.receivers[4].webhookConfigs[0].urlSecret).toBeUndefined();
    expect(amc.spec.muteTimeIntervals.map((i: { name: string }) => i.name)).toEqual(['berlin-office-hours', 'year-end-freeze']);
    // The team without receivers gets no AlertmanagerConfig: its alerts stay with the platform's catch-all.
    expect(listFiles(dir).filter((f) => f.includes('AlertmanagerConfig'))).toEqual(['kubernetes/AlertmanagerConfig.payments-routing.k8s.yaml']);
  });
});

describe('plain alertmanager.yml', () => {
  const config = parse(fs.readFileSync(path.join(DIST, 'alertmanager/alertmanager.yml'), 'utf8'));

  it('groups by alertname, service and slo under a catch-all root without matchers', () => {
    expect(config.route.receiver).toBe('platform-catchall');
    expect(config.route.group_by).toEqual(['alertname', 'service', 'slo']);
    expect(config.route.matchers).toBeUndefined();
    expect(config.route.routes.slice(1).map((r: { matchers: string[] }) => r.matchers)).toEqual([['team="agents"'], ['team="edge"'], ['team="identity"'], ['team="workflow"']]);
  });

  it('has the three inhibitions of the issue, on label-contract names only', () => {
    expect(config.inhibit_rules).toEqual([
      { source_matchers: ['sloth_severity="page"'], target_matchers: ['sloth_severity="ticket"'], equal: ['service', 'slo'] },
      { source_matchers: ['symptom="target-down"'], target_matchers: ['symptom!="target-down"', 'exporter=""'], equal: ['service'] },
      { source_matchers: ['severity="critical"', 'symptom=~".+"'], target_matchers: ['severity="warning"', 'symptom=~".+"'], equal: ['alertname', 'service'] },
    ]);
  });

  it('uses only *_file paths for credentials', () => {
    const text = fs.readFileSync(path.join(DIST, 'alertmanager/alertmanager.yml'), 'utf8');
    const credentialLines = text.split('\n').filter((l) => /(api_url|routing_key|api_key|password|credentials)/.test(l));
    expect(credentialLines.length).toBeGreaterThan(0);
    for (const l of credentialLines) expect(l).toMatch(/_file: \/etc\/alertmanager\/secrets\/alertmanager-[a-z]+\/[a-z-]+$/);
  });
});

describe('alertmanager.version', () => {
  it('changes only how webhook URLs are written: same tree, inhibit rules, time intervals (with location) and routing table', () => {
    const [old, cur] = [fixtureSettingsFor('0.25'), fixtureSettings].map((props) => synthTo(defineFixture, props));
    const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    expect(read(old!, Files.routesTable)).toBe(read(cur!, Files.routesTable));
    const [a, b] = [old!, cur!].map((d) => parse(read(d, Files.alertmanagerConfig)));
    expect(a.time_intervals.find((i: { name: string }) => i.name === 'berlin-office-hours').time_intervals[0].location).toBe('Europe/Berlin');
    const webhooks = (c: { receivers: { webhook_configs?: Record<string, unknown>[] }[] }) => c.receivers.flatMap((r) => r.webhook_configs ?? []);
    expect(webhooks(a).map((w) => Object.keys(w)[0])).toEqual(['url', 'url']);
    expect(webhooks(b).map((w) => Object.keys(w)[0])).toEqual(['url_file', 'url_file']);
    for (const w of [...webhooks(a), ...webhooks(b)]) {
      delete w.url;
      delete w.url_file;
    }
    expect(a).toEqual(b);
  });
});

describe('expected receivers come from the model', () => {
  const app = new MonitoringApp(fixtureSettings);
  defineFixture(app);
  const catalog = catalogOf(app);
  const labels = (service: string, team: string, severity: string, namespace = 'shop') => ({ service, team, severity, namespace });

  it('follows extra routes, continue, service overrides, team mapping and defaults', () => {
    expect(expectedReceivers(catalog, labels('checkout', 'payments', 'critical'))).toEqual(['audit', 'payments-pager', 'payments-chat']);
    expect(expectedReceivers(catalog, labels('ledger', 'payments', 'critical'))).toEqual(['audit', 'payments-opsgenie', 'payments-hook']);
    expect(expectedReceivers(catalog, labels('checkout', 'payments', 'info'))).toEqual(['payments-chat']);
    expect(expectedReceivers(catalog, labels('checkout', 'payments', 'critical', 'sandbox'))).toEqual(['blackhole']);
    expect(expectedReceivers(catalog, labels('search-api', 'search', 'critical'))).toEqual(['ops-catchall']);
    expect(expectedReceivers(catalog, labels('x', 'unknown-team', 'warning'))).toEqual(['ops-catchall']);
    expect(expectedReceivers(catalog, { team: 'payments' })).toEqual(['payments-chat']);
  });
});
