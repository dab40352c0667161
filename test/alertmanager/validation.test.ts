/** The routing model's validation: exact messages, every problem at once, secrets never echoed, nothing written. */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Integration, Metric, MonitoringApp, Service, Team, TimeInterval, type MonitoringAppProps, type SecretKeyRef } from '../../lib';
import { re } from '../../lib/promql';
import { synthProblems, tempDir } from '../support/synth';

const SLACK_URL = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const PD_KEY = '0123456789abcdef0123456789abcdef';
const metrics = [Metric.counter({ name: 'x_total', help: 'x' })];

function problemsOf(build: (app: MonitoringApp) => void, props: MonitoringAppProps = {}): { problems: readonly string[]; message: string; outdir: string } {
  const result = synthProblems(props, build);
  if (result.problems.length === 0) throw new Error('expected a CatalogError');
  return result;
}

describe('secrets are references only', () => {
  it('rejects inline secret values with the path, a masked value and the expectation, and writes nothing', () => {
    const { problems, message, outdir } = problemsOf((app) => {
      new Team(app, 'edge', {
        receivers: {
          // A JS caller (or a cast) can put the value where the reference belongs.
          chat: [Integration.slack({ channel: '#edge', apiUrl: SLACK_URL as unknown as SecretKeyRef })],
          pager: [Integration.pagerDuty({ routingKey: PD_KEY as unknown as SecretKeyRef })],
          named: [Integration.pagerDuty({ routingKey: { name: PD_KEY, key: 'routing-key' } })],
          hook: [Integration.webhook({ url: 'https://bridge.example/hook?token=s3cr3t-t0ken' })],
          misplaced: [Integration.slack({ channel: SLACK_URL, apiUrl: { name: 'am-edge', key: 'slack' } })],
        },
      });
    });
    expect(problems).toEqual([
      '[edge] receivers.chat[0] (slack) apiUrl: got <masked string of 77 characters>, expected a Secret reference { name, key }: put the value in a Kubernetes Secret and name it here, never the value itself',
      '[edge] receivers.pager[0] (pagerduty) routingKey: got <masked string of 32 characters>, expected a Secret reference { name, key }: put the value in a Kubernetes Secret and name it here, never the value itself',
      '[edge] receivers.named[0] (pagerduty) routingKey.name: got <masked string of 32 characters>, expected the name of a Kubernetes Secret (a DNS-1123 subdomain)',
      '[edge] receivers.hook[0] (webhook) url: got <masked string of 46 characters>, expected a Secret reference { name, key } to a key holding the URL: Alertmanager 0.35 reads it from url_file, so it is never written in plain text (a plain URL only with alertmanager.version 0.25)',
      '[edge] receivers.misplaced[0] (slack) channel: got <masked string of 77 characters>, expected a Slack channel such as "#edge-alerts", not a secret (secrets belong in a Kubernetes Secret, referenced by { name, key })',
    ]);
    for (const secret of [SLACK_URL, PD_KEY, 's3cr3t-t0ken', 'XXXXXXXX']) expect(message).not.toContain(secret);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  it('rejects credentials in a plain webhook URL (Alertmanager 0.25)', () => {
    const { problems } = problemsOf((app) => new Team(app, 'edge', { receivers: { hook: [Integration.webhook({ url: 'https://user:pw@bridge.example/hook' })] } }), {
      alertmanager: { version: '0.25' },
    });
    expect(problems).toEqual([
      '[edge] receivers.hook[0] (webhook) url: got <masked string of 35 characters>, expected an http(s) URL without credentials, not a secret (secrets belong in a Kubernetes Secret, referenced by { name, key })',
    ]);
  });
});

describe('alertmanager.version', () => {
  const hook = (url: string | SecretKeyRef) => (app: MonitoringApp) => new Team(app, 'edge', { receivers: { hook: [Integration.webhook({ url })] } });
  const ref = { name: 'am-edge', key: 'hook-url' };

  it('rejects a version outside 0.25 to 0.35, or not written 0.<minor>[.<patch>], and nothing else', () => {
    for (const version of ['0.24', '0.36', '0.35.x', 'latest', '1.0', 0.35]) {
      const { problems } = problemsOf(hook(ref), { alertmanager: { version: version as never } });
      expect(problems).toEqual([
        `[settings] alertmanager.version: got ${typeof version === 'string' ? JSON.stringify(version) : version}, expected an Alertmanager release from 0.25 to 0.35, written "0.<minor>" or "0.<minor>.<patch>", such as "0.35"`,
      ]);
    }
  });

  it('from 0.26 takes a webhook URL only as a Secret reference, and renders url_file / urlSecret', () => {
    for (const version of [undefined, '0.26', '0.35.0'] as const) {
      const { problems } = problemsOf(hook('http://bridge.edge.svc:8080/am'), { alertmanager: { version } });
      expect(problems).toEqual([
        `[edge] receivers.hook[0] (webhook) url: got "http://bridge.edge.svc:8080/am", expected a Secret reference { name, key } to a key holding the URL: Alertmanager ${version ?? '0.35'} reads it from url_file, so it is never written in plain text (a plain URL only with alertmanager.version 0.25)`,
      ]);
    }
    const app = new MonitoringApp({ outdir: tempDir(), alertmanager: { version: '0.26', receivers: [{ name: 'log', integrations: [Integration.webhook({ url: ref })] }] } });
    expect(app.problems()).toEqual([]);
    const rendered = app.render();
    const plain = parse(rendered.files.get('alertmanager/alertmanager.yml')!) as { receivers: { name: string; webhook_configs?: unknown[] }[] };
    expect(plain.receivers.find((r) => r.name === 'log')!.webhook_configs).toEqual([{ url_file: '/etc/alertmanager/secrets/am-edge/hook-url', send_resolved: true, max_alerts: 0 }]);
  });

  it('for 0.25 takes only a plain URL, and says why a Secret reference does not work there', () => {
    const { problems } = problemsOf(hook(ref), { alertmanager: { version: '0.25' } });
    expect(problems).toEqual([
      '[edge] receivers.hook[0] (webhook) url: got { name: "am-edge", key: "hook-url" }, expected an http(s) URL without credentials: Alertmanager 0.25 has no url_file (it came in 0.26), so set alertmanager.version to 0.26 or later to keep the URL in a Secret',
    ]);
    const app = new MonitoringApp({ outdir: tempDir(), alertmanager: { version: '0.25.0' } });
    hook('http://bridge.edge.svc:8080/am')(app);
    expect(app.problems()).toEqual([]);
  });

  it('still checks the reference itself, and masks a secret given where the reference belongs', () => {
    const { problems } = problemsOf(hook({ name: 'Not_A_Name', key: 'https://bridge.example/hook?token=s3cr3t' }));
    expect(problems).toEqual([
      '[edge] receivers.hook[0] (webhook) url.name: got <masked string of 10 characters>, expected the name of a Kubernetes Secret (a DNS-1123 subdomain)',
      '[edge] receivers.hook[0] (webhook) url.key: got <masked string of 40 characters>, expected a key of that Secret (letters, digits, "-", "_" and ".")',
    ]);
  });
});

describe('routing references and settings', () => {
  it('reports every problem of teams, services, time intervals and settings in one synth', () => {
    const { problems } = problemsOf(
      (app) => {
        const edge = new Team(app, 'edge', {
          receivers: {
            chat: [Integration.slack({ channel: '#edge', apiUrl: { name: 'am-edge', key: 'slack' } })],
            mail: [Integration.email({ to: 'not-an-address', from: 'am@example.com', smarthost: 'smtp', authUsername: 'am' })],
          },
          routing: {
            critical: { receivers: ['pagr'] },
            warning: {
              receivers: [],
              activeDuring: [new TimeInterval({ name: 'Office', periods: [{ times: [{ start: '17:00', end: '09:00' }], weekdays: ['funday'] }], location: 'Mars/Olympus' })],
            },
          },
          defaultReceiver: 'nope',
        });
        new Service(app, 'api', { team: edge, namespace: 'a', scrape: { port: 80 }, metrics, routing: { info: { receivers: ['ghost'] } } });
        new Service(app, 'web', { team: edge, namespace: 'b', scrape: { port: 80 }, metrics });
      },
      { alertmanager: { extraRoutes: [{ matchers: [re('team', '(')], receiver: 'nobody' }], timings: { warning: { groupWait: 'soon' } }, secretsDir: 'secrets' } },
    );
    expect(problems).toEqual([
      '[edge] receivers.mail[0] (email) to: got "not-an-address", expected an email address',
      '[edge] receivers.mail[0] (email) smarthost: got "smtp", expected an SMTP server as host:port',
      '[edge] receivers.mail[0] (email) authUsername: got "am", expected authUsername and authPassword together, or neither',
      '[edge] defaultReceiver: got "nope", expected one of the team\'s receivers ("chat", "mail")',
      '[edge] routing.critical.receivers: got "pagr", expected one of the team\'s receivers ("chat", "mail")',
      '[edge] routing.warning.receivers: got [], expected at least one receiver key',
      '[edge] time interval "Office" name: got "Office", expected lower-case letters, digits, "-" and "_", starting and ending with a letter or digit',
      '[edge] time interval "Office" periods[0].times: got "17:00-09:00", expected HH:MM start before HH:MM end (00:00 to 24:00)',
      '[edge] time interval "Office" periods[0].weekdays: got "funday", expected day names or ranges such as "monday:friday"',
      '[edge] time interval "Office" location: got "Mars/Olympus", expected an IANA time zone such as "Europe/Berlin"',
      '[api] routing.info.receivers: got "ghost", expected one of the team\'s receivers ("chat", "mail")',
      '[settings] alertmanager.timings.warning.groupWait: got "soon", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
      '[settings] alertmanager.secretsDir: got "secrets", expected an absolute path',
      '[settings] alertmanager.extraRoutes[0].matchers team: got "(", expected a valid regular expression',
      '[settings] alertmanager.extraRoutes[0].receiver: got "nobody", expected a platform receiver or a team receiver ("unrouted", "edge-chat", "edge-mail")',
      "[edge] services' namespaces: got [\"a\", \"b\"], expected one namespace per team, because its AlertmanagerConfig only sees alerts of its own namespace (matcherStrategy OnNamespace); split the team or set matcherStrategy 'None'",
    ]);
  });

  it('rejects receiver names that collide across teams and the platform, and two time intervals of one name', () => {
    const slack = Integration.slack({ channel: '#x', apiUrl: { name: 'am', key: 'slack' } });
    const { problems } = problemsOf(
      (app) => {
        new Team(app, 'edge', { receivers: { 'a-chat': [slack] }, routing: { info: { receivers: ['a-chat'], mutedDuring: [new TimeInterval({ name: 'night', periods: [{ times: [{ start: '00:00', end: '06:00' }] }] })] } } });
        new Team(app, 'edge-a', { receivers: { chat: [slack] }, routing: { info: { receivers: ['chat'], mutedDuring: [new TimeInterval({ name: 'night', periods: [{ times: [{ start: '00:00', end: '07:00' }] }] })] } } });
      },
      { alertmanager: { defaultReceiver: { name: 'edge-a-chat' } } },
    );
    expect(problems).toEqual([
      '[edge] receiver name: got "edge-a-chat", expected a name not already used by settings.alertmanager.defaultReceiver',
      '[edge-a] receiver name: got "edge-a-chat", expected a name not already used by settings.alertmanager.defaultReceiver',
      '[edge-a] time interval "night": got a second, different definition, expected one TimeInterval per name',
    ]);
  });

  it("accepts a team spanning namespaces when the operator doesn't scope by namespace", () => {
    const outdir = tempDir();
    const app = new MonitoringApp({ outdir, alertmanager: { matcherStrategy: 'None', namespace: 'monitoring' } });
    const edge = new Team(app, 'edge', { receivers: { chat: [Integration.slack({ channel: '#edge', apiUrl: { name: 'am', key: 'slack' } })] } });
    new Service(app, 'api', { team: edge, namespace: 'a', scrape: { port: 80 }, metrics });
    new Service(app, 'web', { team: edge, namespace: 'b', scrape: { port: 80 }, metrics });
    const amc = app.render().manifests.filter((m) => m.kind === 'AlertmanagerConfig');
    expect(amc.map((m) => `${m.metadata.namespace}/${m.metadata.name}`)).toEqual(['monitoring/edge-routing']);
  });

  it('does not constrain the namespaces of a team without receivers (it gets no AlertmanagerConfig)', () => {
    const app = new MonitoringApp({ outdir: tempDir() });
    const search = new Team(app, 'search');
    new Service(app, 'api', { team: search, namespace: 'a', scrape: { port: 80 }, metrics });
    new Service(app, 'web', { team: search, namespace: 'b', scrape: { port: 80 }, metrics });
    expect(app.problems()).toEqual([]);
  });
});
