/** A small catalogue that uses every routing feature, for tests beside the default services.ts. */
import { Construct } from 'constructs';
import { Integration, Metric, Service, settingsOf, Team, TimeInterval, type AlertmanagerVersion, type MonitoringAppProps, type SecretKeyRef, type ServiceProps, type Team as TeamT } from '../../lib';
import { eq, re } from '../../lib/promql';

const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests' });

/** The fixture's platform settings for one Alertmanager release; `fixtureSettings` is the default (current) one. */
export const fixtureSettingsFor = (version?: AlertmanagerVersion): MonitoringAppProps => ({
  alertmanager: {
    ...(version ? { version } : {}),
    defaultReceiver: { name: 'ops-catchall', integrations: [Integration.slack({ channel: '#ops', apiUrl: { name: 'am-ops', key: 'slack' } })] },
    receivers: [{ name: 'blackhole' }, { name: 'audit', integrations: [Integration.webhook({ url: version === '0.25' ? 'https://audit.example/hook' : { name: 'am-ops', key: 'audit-url' } })] }],
    extraRoutes: [
      // Sandbox alerts are dropped, and nothing else sees them (no continue).
      { matchers: [eq('namespace', 'sandbox')], receiver: 'blackhole' },
      { matchers: [re('severity', 'critical|warning'), eq('team', 'payments')], receiver: 'audit', continue: true },
      // Values with spaces, quotes and backslashes: UTF-8 strict mode (0.27+) only takes them quoted and escaped.
      { matchers: [eq('cluster', 'eu west "1"'), re('instance', '.+\\.internal:\\d+')], receiver: 'blackhole' },
    ],
    timings: { critical: { repeatInterval: '30m' } },
  },
});
export const fixtureSettings = fixtureSettingsFor();

/** The same webhook in the form the targeted release reads: a Secret reference from 0.26, the URL as is for 0.25. */
const webhookUrl = (scope: Construct, plain: string, ref: SecretKeyRef) => (settingsOf(scope).alertmanager.supports('webhookUrlFile') ? ref : plain);

export const berlinHours = new TimeInterval({
  name: 'berlin-office-hours',
  periods: [{ weekdays: ['monday:friday'], times: [{ start: '09:00', end: '17:30' }], daysOfMonth: ['1:28'], months: ['january:december'] }],
  location: 'Europe/Berlin',
});
export const freeze = new TimeInterval({ name: 'year-end-freeze', periods: [{ months: ['december'], daysOfMonth: ['24:31'], years: ['2026:2030'] }] });

export function defineFixture(scope: Construct): void {
  const payments = new Team(scope, 'payments', {
    receivers: {
      pager: [Integration.pagerDuty({ routingKey: { name: 'am-payments', key: 'pd' } })],
      opsgenie: [Integration.opsgenie({ apiKey: { name: 'am-payments', key: 'opsgenie' }, priority: 'P2' })],
      chat: [Integration.slack({ channel: '#payments', apiUrl: { name: 'am-payments', key: 'slack' } })],
      mail: [
        Integration.email({
          to: 'payments@example.com',
          from: 'am@example.com',
          smarthost: 'smtp.example.com:587',
          authUsername: 'am',
          authPassword: { name: 'am-payments', key: 'smtp' },
        }),
      ],
      hook: [Integration.webhook({ url: webhookUrl(scope, 'http://bridge.payments.svc:8080/am', { name: 'am-payments', key: 'bridge-url' }), bearerToken: { name: 'am-payments', key: 'bridge' }, maxAlerts: 10 })],
    },
    routing: {
      critical: { receivers: ['pager', 'chat'], mutedDuring: [freeze] },
      warning: { receivers: ['mail'], activeDuring: [berlinHours] },
      // info is left out: it goes to the default receiver.
    },
    defaultReceiver: 'chat',
  });
  const search = new Team(scope, 'search'); // no receivers: its alerts reach the platform catch-all
  const svc = (id: string, team: TeamT, extra: Partial<ServiceProps> = {}) =>
    new Service(scope, id, { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [requests], ...extra });
  svc('checkout', payments);
  svc('ledger', payments, { routing: { critical: { receivers: ['opsgenie', 'hook'] }, info: { receivers: ['mail'] } } });
  svc('search-api', search);
}
