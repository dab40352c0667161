/**
 * group_by per platform and team, custom inhibit rules and notification templates (seed 002): exact
 * errors, both output forms, and amtool 0.25 / 0.35 on the result, templates rendered by amtool.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Integration, Metric, MonitoringApp, Service, Team, type MonitoringAppProps, type SecretKeyRef } from '../../lib';
import { Files } from '../../lib/conventions';
import { eq, re } from '../../lib/promql';
import { defineSecured, NEURAL_GROUP_BY, securedPlatform } from '../fixtures/neural-secured';
import { readManifests, validateObject } from '../support/schemas';
import { scanDir } from '../support/secret-scan';
import { synthTo, tempDir } from '../support/synth';
import { availableToolchains, run } from '../support/tools';

const metrics = [Metric.counter({ name: 'x_total', help: 'x' })];
const slackRef: SecretKeyRef = { name: 'am-edge', key: 'slack' };

function problems(build: (app: MonitoringApp) => void, props: MonitoringAppProps = {}): readonly string[] {
  const app = new MonitoringApp({ ...props, outdir: tempDir() });
  build(app);
  return app.problems();
}

const KNOWN = '"alertname", "service", "team", "severity", "namespace", "tier", "slo", "symptom", "sloth_severity", "sloth_id"';
const carried = (extra = '') => `a label generated alerts carry: one of the label contract, the external labels or the labels declared on services and SLOs (${KNOWN}${extra})`;

describe('groupBy and inhibitRules validation', () => {
  const edge = (props: Partial<ConstructorParameters<typeof Team>[2]> = {}) => (app: MonitoringApp) => {
    const team = new Team(app, 'edge', { receivers: { chat: [Integration.slack({ channel: '#edge', apiUrl: slackRef })] }, ...props });
    new Service(app, 'api', { team, namespace: 'shop', scrape: { port: 8080 }, metrics, labels: { owner: 'edge' } });
  };

  it('accepts contract labels, external labels and labels declared on services, and group by all', () => {
    const ok = problems(edge({ groupBy: ['alertname', 'owner'], inhibitRules: [{ source: [eq('severity', 'critical')], target: [re('severity', 'warning|info')], equal: ['cluster', 'owner'] }] }), {
      prometheus: { externalLabels: { cluster: 'eu1' } },
      alertmanager: { groupBy: ['...'] },
    });
    expect(ok).toEqual([]);
  });

  it('reports every unknown, repeated or malformed label with the path, the value and the labels alerts carry', () => {
    const found = problems(
      edge({
        groupBy: ['alertname', 'cluster', 'alertname'],
        inhibitRules: [
          { source: [], target: [eq('severity', 'warning')] },
          { source: [eq('env', 'prod')], target: [re('severity', '(warning')], equal: ['instance', 'service', 'service'] },
        ],
      }),
      {
        prometheus: { externalLabels: { region: 'eu' } },
        alertmanager: { groupBy: ['...', 'service'], inhibitRules: [{ source: [eq('severity', 'critical')], target: [] }] },
      },
    );
    const known = carried(', "owner", "region"');
    expect(found).toEqual([
      '[settings] alertmanager.groupBy: got ["...", "service"], expected "..." alone: it already groups by every label',
      '[settings] alertmanager.inhibitRules[0].target: got [], expected at least one matcher (an empty target matches every alert)',
      `[edge] groupBy label: got "cluster", expected ${known}`,
      '[edge] groupBy label: got "alertname", expected each label once',
      '[edge] inhibitRules[0].source: got [], expected at least one matcher (an empty source matches every alert)',
      `[edge] inhibitRules[1].source label: got "env", expected ${known}`,
      '[edge] inhibitRules[1].target severity: got "(warning", expected a valid regular expression',
      `[edge] inhibitRules[1].equal label: got "instance", expected ${known}`,
      '[edge] inhibitRules[1].equal label: got "service", expected each label once',
    ]);
  });

  it('rejects an empty groupBy', () => {
    expect(problems(edge({ groupBy: [] }))).toEqual(['[edge] groupBy: got [], expected at least one label, or ["..."] to group by every label']);
  });
});

describe('notification template validation', () => {
  const team = (integrations: Integration[]) => (app: MonitoringApp) => new Team(app, 'edge', { receivers: { r: integrations } });
  const EXPECTED = 'a notification template: non-empty Go template text with balanced {{ }} actions and {{ end }} for every block';

  it('accepts seed 002 templates and rejects broken ones with what is wrong', () => {
    expect(problems(team([Integration.slack({ channel: '#edge', apiUrl: slackRef, title: '🚨 CRITICAL: {{ .CommonLabels.alertname }}', text: '{{ range .Alerts }}{{ if .Annotations.description }}{{ .Annotations.description }}{{ else }}-{{ end }}{{ end }}' })]))).toEqual([]);
    const found = problems(team([
      Integration.slack({ channel: '#edge', apiUrl: slackRef, title: '{{ .CommonLabels.alertname }', text: '{{ range .Alerts }}{{ .Annotations.description }}' }),
      Integration.slack({ channel: '#edge', apiUrl: slackRef, title: ' ', text: '}} {{ end }}' }),
      Integration.email({ to: 'a@b.example', from: 'c@b.example', smarthost: 'smtp.b.example:25', subject: '{{ end }}' }),
      Integration.slack({ channel: '#edge', apiUrl: slackRef, title: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' }),
    ]));
    expect(found).toEqual([
      `[edge] receivers.r[0] (slack) title: got "{{ .CommonLabels.alertname }", expected ${EXPECTED}; it has a "{{" without its "}}"`,
      `[edge] receivers.r[0] (slack) text: got "{{ range .Alerts }}{{ .Annotations.description }}", expected ${EXPECTED}; it has 1 unclosed {{ if/range/with }} block(s): close each with {{ end }}`,
      `[edge] receivers.r[1] (slack) title: got " ", expected ${EXPECTED}`,
      `[edge] receivers.r[1] (slack) text: got "}} {{ end }}", expected ${EXPECTED}; it has a "}}" without its "{{"`,
      `[edge] receivers.r[2] (email) subject: got "{{ end }}", expected ${EXPECTED}; it has an {{ end }} without its {{ if/range/with }}`,
      `[edge] receivers.r[3] (slack) title: got <masked string of 77 characters>, expected ${EXPECTED}, not a secret (secrets belong in a Kubernetes Secret, referenced by { name, key })`,
    ]);
  });

  it('takes exactly one of the PagerDuty routing key (v2) and service key (v1), each a Secret reference', () => {
    const key = { name: 'am-edge', key: 'pd' };
    expect(problems(team([
      Integration.pagerDuty({}),
      Integration.pagerDuty({ routingKey: key, serviceKey: key }),
      Integration.pagerDuty({ serviceKey: '0123456789abcdef0123456789abcdef' as unknown as SecretKeyRef }),
    ]))).toEqual([
      '[edge] receivers.r[0] (pagerduty) routingKey: got neither, expected either routingKey (Events API v2) or serviceKey (Events API v1), not both and not neither',
      '[edge] receivers.r[1] (pagerduty) routingKey: got both, expected either routingKey (Events API v2) or serviceKey (Events API v1), not both and not neither',
      '[edge] receivers.r[2] (pagerduty) serviceKey: got <masked string of 32 characters>, expected a Secret reference { name, key }: put the value in a Kubernetes Secret and name it here, never the value itself',
    ]);
  });
});

describe('seed 002 output', () => {
  let dir: string;
  let plain: { route: Record<string, unknown> & { routes: Record<string, unknown>[] }; inhibit_rules: unknown[]; receivers: Record<string, unknown>[] };
  beforeAll(() => {
    dir = synthTo(defineSecured, securedPlatform());
    plain = parse(fs.readFileSync(path.join(dir, Files.alertmanagerConfig), 'utf8'));
  });

  it('groups the root by the platform labels and a team by its own', () => {
    expect(plain.route.group_by).toEqual(NEURAL_GROUP_BY);
    const data = plain.route.routes.find((r) => r.receiver === 'data-chat')!;
    expect(data.group_by).toEqual(['alertname', 'service']);
    expect(plain.route.routes.find((r) => r.receiver === 'neural-alerts')!.group_by).toBeUndefined();
  });

  it('adds the platform inhibition after the generated ones, and the team one scoped to the team', () => {
    expect(plain.inhibit_rules.slice(3)).toEqual([
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'cluster', 'service'] },
      { source_matchers: ['team="data"', 'service="postgres-exporter"', 'symptom="target-down"'], target_matchers: ['team="data"', 'severity="warning"'], equal: ['cluster'] },
    ]);
  });

  it('writes titles, texts, the PagerDuty v1 key file and the e-mail subject', () => {
    const critical = plain.receivers.find((r) => r.name === 'neural-critical')!;
    expect(critical.pagerduty_configs).toEqual([{ service_key_file: '/etc/alertmanager/secrets/alertmanager-neural/pagerduty-service-key', send_resolved: true }]);
    expect((critical.slack_configs as Record<string, string>[])[0]).toMatchObject({ title: '🚨 CRITICAL: Neural DSL', text: '{{ range .Alerts }}{{ .Annotations.description }}{{ end }}' });
    const warning = plain.receivers.find((r) => r.name === 'neural-warning')!;
    expect((warning.email_configs as Record<string, unknown>[])[0]!.headers).toEqual({ Subject: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} on {{ .CommonLabels.service }}' });
  });

  it('puts the same in each team\'s AlertmanagerConfig, which passes the v1alpha1 schema', () => {
    const amcs = readManifests(dir).map((m) => m.object).filter((o) => o.kind === 'AlertmanagerConfig');
    expect(amcs.map((o) => o.metadata.name).sort()).toEqual(['data-routing', 'neural-routing']);
    for (const o of amcs) expect(validateObject(o)).toBe(true);
    const spec = (name: string) => amcs.find((o) => o.metadata.name === name)!.spec as Record<string, any>;
    expect(spec('neural-routing').route.groupBy).toEqual(NEURAL_GROUP_BY);
    expect(spec('data-routing').route.groupBy).toEqual(['alertname', 'service']);
    // The data team's own rule stays out of the neural team's object.
    expect(spec('neural-routing').inhibitRules).toHaveLength(4);
    expect(spec('data-routing').inhibitRules[4]).toEqual({
      sourceMatch: [{ name: 'team', value: 'data', matchType: '=' }, { name: 'service', value: 'postgres-exporter', matchType: '=' }, { name: 'symptom', value: 'target-down', matchType: '=' }],
      targetMatch: [{ name: 'team', value: 'data', matchType: '=' }, { name: 'severity', value: 'warning', matchType: '=' }],
      equal: ['cluster'],
    });
    const critical = spec('neural-routing').receivers.find((r: { name: string }) => r.name === 'neural-critical');
    expect(critical.pagerdutyConfigs).toEqual([{ serviceKey: { name: 'alertmanager-neural', key: 'pagerduty-service-key' }, sendResolved: true }]);
    const warning = spec('neural-routing').receivers.find((r: { name: string }) => r.name === 'neural-warning');
    expect(warning.emailConfigs[0].headers).toEqual([{ key: 'Subject', value: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} on {{ .CommonLabels.service }}' }]);
  });

  it('holds no secret value', () => {
    expect(scanDir(dir, { webhookUrls: true })).toEqual([]);
  });
});

describe.each(availableToolchains('amtool'))('amtool $alertmanager on the seed 002 config', (tc) => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = synthTo(defineSecured, securedPlatform({ version: tc.alertmanager.replace(/\.0$/, '') as never }));
    config = path.join(dir, Files.alertmanagerConfig);
  });

  it('check-config accepts the grouping, the five inhibit rules and the templated receivers', () => {
    const r = run(tc.bin.amtool, ['check-config', config]);
    expect(r.status, r.output).toBe(0);
    expect(r.stdout).toContain(' - 5 inhibit rules');
    expect(r.stdout).toContain(' - 5 receivers');
  });

  it('routes every line of the routing table through the regrouped routes', () => {
    const lines = fs.readFileSync(path.join(dir, Files.routesTable), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    for (const line of lines) {
      const [labels, expected] = line.split('\t');
      const r = run(tc.bin.amtool, ['config', 'routes', 'test', `--config.file=${config}`, `--verify.receivers=${expected}`, ...labels!.split(' ')]);
      expect(r.status, `${line}: ${r.output}`).toBe(0);
    }
  });

  it('renders every title, text and subject of the config, and fails on a broken one', () => {
    const glob = path.join(tempDir(), 'none.tmpl');
    fs.writeFileSync(glob, '');
    const render = (text: string) => run(tc.bin.amtool, ['template', 'render', `--template.glob=${glob}`, `--template.text=${text}`]);
    const c = parse(fs.readFileSync(config, 'utf8')) as { receivers: Record<string, Record<string, unknown>[] | string>[] };
    const texts = c.receivers.flatMap((r) => [
      ...((r.slack_configs ?? []) as Record<string, string>[]).flatMap((s) => [s.title!, s.text!]),
      ...((r.email_configs ?? []) as { headers?: Record<string, string> }[]).flatMap((e) => Object.values(e.headers ?? {})),
    ]);
    expect(texts.length).toBe(9);
    for (const text of texts) {
      const r = render(text);
      expect(r.status, `${text}: ${r.output}`).toBe(0);
    }
    expect(render('[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }').status).not.toBe(0);
  });
});
