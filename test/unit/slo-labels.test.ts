/** SLO, service and tier labels, annotations, alert names and objective 100: validation and where they land. */
import { describe, expect, it } from 'vitest';
import { eq, Metric, MonitoringApp, Service, Sli, Team, type ServiceProps, type SloProps } from '../../lib';
import { routingCases } from '../../lib/alertmanager';
import { catalogOf } from '../../lib/model/catalog';
import { serviceGroups } from '../../lib/slo';
import { ruleTestFiles } from '../../lib/slo/tests';
import { tempDir } from '../support/synth';

const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['code', 'route'] });
const sli = Sli.ratio({ errors: { metric: requests, matchers: [eq('code', '500')] }, total: { metric: requests } });

function setup(slo: Partial<SloProps> = {}, svc: Partial<ServiceProps> = {}) {
  const app = new MonitoringApp({ outdir: tempDir() });
  const team = new Team(app, 'team', { name: 'payments' });
  const service = new Service(app, 'checkout', { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [requests], ...svc });
  service.addSlo('availability', { sli, objective: 99.9, ...slo });
  return { app, service, groups: () => serviceGroups(app.settings, service) };
}

describe('SLO labels, annotations and alert names', () => {
  it('puts service and SLO labels on every record, tier labels and annotations on the tier\'s alert', () => {
    const { app, groups } = setup({
      labels: { category: 'availability', owner: 'slo-team' },
      annotations: { runbook_url: 'https://runbooks.example/checkout', title: 'Checkout availability' },
      alerting: { name: 'CheckoutHighErrorRate', pageAlert: { labels: { routing_key: 'checkout-oncall' }, annotations: { summary: 'Checkout fails.' } }, ticketAlert: { labels: { slack_channel: 'checkout' } } },
    }, { labels: { owner: 'payments', cost_center: 'cc-7' } });
    expect(app.problems()).toEqual([]);
    const rules = groups().flatMap((g) => g.rules);
    for (const r of rules.filter((x) => x.record)) expect(r.labels).toMatchObject({ owner: 'slo-team', cost_center: 'cc-7', category: 'availability' });
    const [page, ticket] = rules.filter((r) => r.alert);
    expect([page!.alert, ticket!.alert]).toEqual(['CheckoutHighErrorRate', 'CheckoutHighErrorRate']);
    // The expression carries the record labels; the rule sets only tier labels and the contract's.
    expect(page!.labels).toEqual({ routing_key: 'checkout-oncall', service: 'checkout', team: 'payments', namespace: 'shop', tier: 'standard', severity: 'critical', slo: 'availability', sloth_id: 'checkout-availability', sloth_severity: 'page' });
    expect(ticket!.labels).toMatchObject({ slack_channel: 'checkout', severity: 'warning' });
    expect(ticket!.labels).not.toHaveProperty('routing_key');
    expect(page!.annotations).toMatchObject({ summary: 'Checkout fails.', runbook_url: 'https://runbooks.example/checkout', title: 'Checkout availability', dashboard_url: 'http://localhost:3000/d/svc-checkout' });
    expect(ticket!.annotations!.summary).toMatch(/burning its error budget faster/);
  });

  it('expects the labels and alert name in the generated promtool tests and the routes table', () => {
    // A value with a space cannot be a `k=v` word of the table, so it stays out of the routing cases.
    const { app, service, groups } = setup({ labels: { category: 'availability', note: 'two words' }, alerting: { name: 'CheckoutHighErrorRate', pageAlert: { labels: { routing_key: 'oncall' } } } });
    const files = ruleTestFiles(app.settings, service, groups());
    const text = JSON.stringify(files[0]!.content);
    expect(text).toContain('"alertname":"CheckoutHighErrorRate"');
    expect(text).toContain('"category":"availability"');
    expect(text).toContain('"routing_key":"oncall"');
    const cases = routingCases(catalogOf(app)).map((c) => c.labels).filter((l) => 'category' in l);
    expect(cases).toEqual([
      { category: 'availability', routing_key: 'oncall', service: 'checkout', team: 'payments', severity: 'critical', namespace: 'shop', slo: 'availability', sloth_severity: 'page' },
      { category: 'availability', service: 'checkout', team: 'payments', severity: 'warning', namespace: 'shop', slo: 'availability', sloth_severity: 'ticket' },
    ]);
  });

  it('rejects bad and reserved label names, saying which clash breaks routing, and bad alert names', () => {
    const { app } = setup({
      groupBy: ['route'],
      labels: { team: 'x', 'bad-name': 'x', route: 'a', empty: '' },
      annotations: { dashboard_url: 'x' },
      alerting: { name: 'Checkout-Errors', pageAlert: { labels: { severity: 'page', sloth_severity: 'x' } }, ticketAlert: { labels: { sloth_id: 'x', alertname: 'y' } } },
    }, { labels: { service: 'other', route: 'b' } });
    expect(app.problems()).toEqual([
      '[checkout] labels label name: got "service", expected a label name we do not set for you: "service" is reserved, because Alertmanager routes a team\'s alerts to per-service receivers by it, and inhibition matches on it',
      '[checkout/availability] labels label name: got "team", expected a label name we do not set for you: "team" is reserved, because Alertmanager routes every alert to its team by it',
      '[checkout/availability] labels label name: got "bad-name", expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*',
      '[checkout/availability] labels label name: got "route", expected a label that is not in groupBy: the SLI is computed per "route", so a fixed value would overwrite it',
      '[checkout/availability] labels.empty: got "", expected a non-empty string (an empty label value is no label in Prometheus)',
      '[checkout/availability] groupBy label: got "route", expected a label the service does not set: service labels put one "route" value on every series of the SLO',
      '[checkout/availability] annotations annotation name: got "dashboard_url", expected an annotation we do not set for you: "dashboard_url" links the service dashboard',
      '[checkout/availability] alerting.pageAlert.labels label name: got "severity", expected a label name we do not set for you: "severity" is reserved, because Alertmanager picks the receiver by it, and inhibition mutes warnings under criticals by it',
      '[checkout/availability] alerting.pageAlert.labels label name: got "sloth_severity", expected a label name we do not set for you: "sloth_severity" is reserved, because inhibition mutes ticket alerts under page alerts by it',
      '[checkout/availability] alerting.ticketAlert.labels label name: got "sloth_id", expected a label name we do not set for you: "sloth_id" is reserved, because Sloth\'s identity labels join the recorded series, and Sloth\'s dashboards read them',
      '[checkout/availability] alerting.ticketAlert.labels label name: got "alertname", expected a label name we do not set for you: "alertname" is reserved, because Prometheus sets it to the alert name',
      '[checkout/availability] alerting.name: got "Checkout-Errors", expected an alert name matching [a-zA-Z_][a-zA-Z0-9_]*, such as CheckoutHighErrorRate',
    ]);
  });

  it('accepts objective 100 with a warning: records kept, no burn-rate alerts', () => {
    const { app, groups } = setup({ objective: 100, alerting: { page: true } });
    expect(app.problems()).toEqual([]);
    expect(app.warnings()).toEqual([
      '[checkout] warning: SLO availability: objective 100 leaves no error budget, so no burn-rate alert is generated (alerting.page/ticket: true ignored); the SLI and metadata are still recorded. Lower the objective (such as 99.99) to be paged on burn',
    ]);
    const rules = groups().flatMap((g) => g.rules);
    expect(rules.filter((r) => r.alert)).toEqual([]);
    expect(rules.find((r) => r.record === 'slo:error_budget:ratio')!.expr).toBe('vector(0)');
    expect(rules.filter((r) => r.record).length).toBe(15);
  });

  it('still rejects objectives above 100', () => {
    for (const objective of [100.1]) {
      expect(setup({ objective }).app.problems()).toEqual([`[checkout/availability] objective: got ${objective}, expected a percentage greater than 0 and at most 100, such as 99.9`]);
    }
  });
});
