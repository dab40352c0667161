import { describe, expect, it } from 'vitest';
import { sandboxAlertmanagerConfig, sandboxPrometheusConfig, selectRuleFiles } from '../../lib/sandbox/config';

const generated = {
  global: { scrape_interval: '30s', scrape_timeout: '10s', evaluation_interval: '30s', external_labels: { cluster: 'c1' } },
  rule_files: ['rules/*.yml'],
  alerting: { alertmanagers: [{ static_configs: [{ targets: ['alertmanager:9093'] }] }] },
  remote_write: [{ url: 'https://mimir.example/api/v1/push' }],
  scrape_configs: [
    { job_name: 'api', scrape_interval: '30s', scrape_timeout: '10s', metrics_path: '/metrics', scheme: 'http', static_configs: [{ targets: ['api:8000'], labels: { service: 'api', team: 'edge' } }] },
    { job_name: 'files', metrics_path: '/m', file_sd_configs: [{ files: ['/etc/targets/*.json'] }], relabel_configs: [{ action: 'replace', target_label: 'service', replacement: 'files' }] },
    { job_name: 'other', static_configs: [{ targets: ['other:8000'] }] },
  ],
};

describe('sandbox prometheus.yml', () => {
  const { config, targetLabels } = sandboxPrometheusConfig(generated, {
    targets: new Map([['api', '127.0.0.1:4001'], ['files', '127.0.0.1:4002']]),
    alertmanager: '127.0.0.1:4000',
    ruleFiles: ['/dist/prometheus/rules/api.yml'],
    scrapeInterval: '2s',
    evaluationInterval: '1s',
  });

  it('scrapes only the selected jobs, on loopback, at the sandbox interval, keeping their labels and relabelling', () => {
    expect(config.scrape_configs).toEqual([
      { job_name: 'api', scrape_interval: '2s', scrape_timeout: '2s', metrics_path: '/metrics', scheme: 'http', static_configs: [{ targets: ['127.0.0.1:4001'], labels: { service: 'api', team: 'edge' } }] },
      { job_name: 'files', metrics_path: '/m', scrape_interval: '2s', scrape_timeout: '2s', relabel_configs: [{ action: 'replace', target_label: 'service', replacement: 'files' }], static_configs: [{ targets: ['127.0.0.1:4002'] }] },
    ]);
    expect(targetLabels.get('api')).toEqual({ job: 'api', instance: '127.0.0.1:4001', service: 'api', team: 'edge' });
    expect(targetLabels.get('files')).toEqual({ job: 'files', instance: '127.0.0.1:4002', service: 'files' });
  });

  it('points alerting at the local Alertmanager, loads the given rule files and drops outbound sections', () => {
    expect(config.alerting).toEqual({ alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:4000'] }] }] });
    expect(config.rule_files).toEqual(['/dist/prometheus/rules/api.yml']);
    expect(config.global).toEqual({ scrape_interval: '2s', scrape_timeout: '2s', evaluation_interval: '1s', external_labels: { cluster: 'c1' } });
    expect(Object.keys(config)).toEqual(['global', 'rule_files', 'alerting', 'scrape_configs']);
  });

  it('says which selected service has no scrape job', () => {
    expect(() => sandboxPrometheusConfig(generated, { targets: new Map([['nope', 'x:1']]), alertmanager: 'a:1', ruleFiles: [], scrapeInterval: '1s', evaluationInterval: '1s' }))
      .toThrow('prometheus.yml has no scrape job for "nope"');
  });

  it('loads the rule files of the selected services and the shared ones, not those of services that do not run', () => {
    expect(selectRuleFiles(['/r/b.yml', '/r/platform.yml', '/r/a.yml', '/r/c.yml'], ['a', 'b', 'c'], ['a', 'c'])).toEqual(['/r/a.yml', '/r/c.yml', '/r/platform.yml']);
  });
});

describe('sandbox alertmanager.yml', () => {
  const am = {
    global: { resolve_timeout: '5m', slack_api_url_file: '/etc/alertmanager/secrets/slack/url' },
    templates: ['templates/*.tmpl'],
    route: { receiver: 'null', group_by: ['alertname'], routes: [{ receiver: 'edge-page', matchers: ['team="edge"', 'severity="critical"'] }] },
    inhibit_rules: [{ source_matchers: ['sloth_severity="page"'], target_matchers: ['sloth_severity="ticket"'], equal: ['sloth_id'] }],
    receivers: [
      { name: 'null' },
      { name: 'edge-page', pagerduty_configs: [{ routing_key_file: '/etc/alertmanager/secrets/pd/key' }], slack_configs: [{ channel: '#edge' }] },
    ],
  };
  const out = sandboxAlertmanagerConfig(am, 'http://127.0.0.1:5000', '/dist/alertmanager');

  it('points every notifying receiver at the sink under its own name and keeps null receivers null', () => {
    expect(out.receivers).toEqual([
      { name: 'null' },
      { name: 'edge-page', webhook_configs: [{ url: 'http://127.0.0.1:5000/receiver/edge-page', send_resolved: true }] },
    ]);
  });

  it('keeps the route tree and inhibit rules as generated, and no secret file references', () => {
    expect(out.route).toEqual(am.route);
    expect(out.inhibit_rules).toEqual(am.inhibit_rules);
    expect(out.global).toEqual({ resolve_timeout: '5m' });
    expect(out.templates).toEqual(['/dist/alertmanager/templates/*.tmpl']);
    expect(JSON.stringify(out)).not.toContain('secrets');
  });
});
