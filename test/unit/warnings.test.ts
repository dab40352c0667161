/** Warnings for likely slips: a percentage written as a ratio, a literal value that reads like a regular expression. */
import { describe, expect, it } from 'vitest';
import { eq, gt, Metric, MonitoringApp, neq, num, PlatformAlert, re, selector, Service, Sli, Symptom, Team } from '../../lib';
import { catalogOf } from '../../lib/model/catalog';
import { serviceGroups } from '../../lib/slo';
import { tempDir } from '../support/synth';

const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['status'] });

function setup() {
  const app = new MonitoringApp({ outdir: tempDir() });
  const team = new Team(app, 'team', { name: 'payments' });
  return { app, svc: new Service(app, 'checkout', { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [requests] }) };
}

describe('a percentage written as a ratio', () => {
  it('warns on thresholdPercent and its critical tier, and still synthesizes (an objective below 1 is an error: test/validation)', () => {
    const { app, svc } = setup();
    svc.addSymptom(
      Symptom.errorRatio({ errors: { metric: requests, matchers: [re('status', '5..')] }, total: { metric: requests }, thresholdPercent: 0.05 }),
      Symptom.diskUsage({ thresholdPercent: 0.85, critical: { thresholdPercent: 0.95 } }),
      Symptom.cpuSaturation({ thresholdPercent: 1 }),
    );
    svc.addSlo('availability', { objective: 99.9, alerting: { page: false, ticket: false }, sli: Sli.ratio({ errors: { metric: requests, matchers: [re('status', '5..')] }, total: { metric: requests } }) });
    expect(app.problems()).toEqual([]);
    expect(app.warnings()).toEqual([
      '[checkout] warning: symptom error-ratio thresholdPercent: 0.05 is read as a percentage (0.05 %), not a ratio; did you mean 5?',
      '[checkout] warning: symptom disk-usage thresholdPercent: 0.85 is read as a percentage (0.85 %), not a ratio; did you mean 85?',
      '[checkout] warning: symptom disk-usage critical.thresholdPercent: 0.95 is read as a percentage (0.95 %), not a ratio; did you mean 95?',
    ]);
  });
});

describe('regular expressions are explicit', () => {
  it('warns when = or != compares a value that reads like a regex, in SLIs, symptoms and custom alerts', () => {
    const { app, svc } = setup();
    svc.addSymptom(Symptom.errorRatio({ errors: { metric: requests, matchers: [eq('status', '5..')] }, total: { metric: requests }, thresholdPercent: 5 }));
    svc.addSlo('availability', { objective: 99, sli: Sli.ratio({ errors: { metric: requests, matchers: [neq('status', '2..|3..')] }, total: { metric: requests } }) });
    svc.addAlert('teapots', { expr: gt(selector(requests.name, [eq('status', '41[89]')]), num(1)), severity: 'info', summary: 'Teapots', description: '{{ $value }}' });
    new PlatformAlert(app, 'DataDisk', { expr: gt(selector('node_filesystem_avail_bytes', [eq('mountpoint', '/data.*')]), num(1)), severity: 'info', summary: 'Disk', description: '{{ $value }}' });
    // A regex as re(...) and plain literal values are fine.
    svc.addAlert('ok', { expr: gt(selector(requests.name, [re('status', '5..'), eq('status', '1.0')]), num(1)), severity: 'info', summary: 'Ok', description: '{{ $value }}' });
    expect(app.problems()).toEqual([]);
    expect(app.warnings()).toEqual([
      '[checkout] warning: symptom error-ratio errors matcher status="5..": the value looks like a regular expression, but = compares it literally, so no series matches it; write re("status", "5..") to match it as one',
      '[checkout] warning: SLO availability: sli.errors matcher status!="2..|3..": the value looks like a regular expression, but != compares it literally, so no series matches it; write nre("status", "2..|3..") to match it as one',
      '[checkout] warning: alert CheckoutTeapots: expr http_requests_total matcher status="41[89]": the value looks like a regular expression, but = compares it literally, so no series matches it; write re("status", "41[89]") to match it as one',
      '[DataDisk] warning: expr node_filesystem_avail_bytes matcher mountpoint="/data.*": the value looks like a regular expression, but = compares it literally, so no series matches it; write re("mountpoint", "/data.*") to match it as one',
    ]);
  });

  it('takes a disk mountpoint as re(...) and renders it as =~; a plain string stays literal and warns when it reads like a regex', () => {
    const { app, svc } = setup();
    svc.addSymptom(Symptom.diskUsage({ mountpoint: re('/var/lib/(postgres|redis)'), instancePattern: re('db-.+') }));
    const other = new Service(app, 'billing', { team: svc.team, namespace: 'shop', scrape: { port: 8080 }, metrics: [requests] });
    other.addSymptom(Symptom.diskUsage({ mountpoint: '/mnt/data*' }));
    expect(app.problems()).toEqual([]);
    const expr = (s: Service) => serviceGroups(catalogOf(app).settings, s).find((g) => g.name.endsWith('-symptoms'))!.rules[0]!.expr;
    expect(expr(svc)).toBe('1 - node_filesystem_avail_bytes{mountpoint=~"/var/lib/(postgres|redis)", instance=~"db-.+"} / node_filesystem_size_bytes{mountpoint=~"/var/lib/(postgres|redis)", instance=~"db-.+"} > 0.85');
    expect(expr(other)).toContain('mountpoint="/mnt/data*"');
    expect(app.warnings()).toEqual([
      '[billing] warning: symptom disk-usage mountpoint: "/mnt/data*" looks like a regular expression, but a plain string is matched literally; write re("/mnt/data*") to match it as one',
    ]);
  });
});
