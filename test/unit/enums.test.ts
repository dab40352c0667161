/**
 * Every string union of the props is checked at runtime: synth runs services.ts through tsx without
 * type checks, so `severity: 'page'` or `tier: 'gold'` must be an exact error listing the allowed values.
 */
import { describe, expect, it } from 'vitest';
import { gt, Metric, MonitoringApp, num, PlatformAlert, selector, Service, Sli, Symptom, Team, type MonitoringAppProps } from '../../lib';
import { tempDir } from '../support/synth';

const any = <T>(v: string) => v as unknown as T;

function problems(props: Partial<MonitoringAppProps>, define: (app: MonitoringApp, team: Team) => void): string[] {
  const app = new MonitoringApp({ outdir: tempDir(), ...props });
  define(app, new Team(app, 'team', { name: 'payments' }));
  return app.problems();
}

const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['code'] });
const service = (app: MonitoringApp, team: Team, extra: object = {}) =>
  new Service(app, 'checkout', { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [requests], ...extra });

describe('enum-like props', () => {
  it('service tier, scrape scheme and kubernetes kind', () => {
    expect(problems({}, (app, team) => service(app, team, { tier: 'gold', scrape: { port: 8080, scheme: 'ftp', kubernetes: 'deployment' } }))).toEqual([
      '[checkout] tier: got "gold", expected one of "critical", "high", "standard", "low"',
      '[checkout] scrape.scheme: got "ftp", expected one of "http", "https"',
      '[checkout] scrape.kubernetes: got "deployment", expected one of "service", "pod" (a ServiceMonitor or a PodMonitor)',
    ]);
  });

  it('severity of symptoms, custom and platform alerts', () => {
    const alert = { expr: gt(selector(requests.name), num(1)), severity: any<'warning'>('page'), summary: 'Many requests', description: '{{ $value }}' };
    expect(problems({}, (app, team) => {
      service(app, team).addSymptom(Symptom.targetDown({ severity: any('page') })).addAlert('many', alert);
      new PlatformAlert(app, 'Up', { ...alert, expr: gt(selector('up'), num(1)), team: any('payments') });
    })).toEqual([
      '[checkout] symptom target-down severity: got "page", expected one of "critical", "warning", "info"',
      '[checkout/many] severity: got "page", expected one of "critical", "warning", "info"',
      '[Up] severity: got "page", expected one of "critical", "warning", "info"',
      '[Up] team: got "payments", expected a Team construct (new Team(…)), or no team for the platform\'s default receiver',
    ]);
  });

  it('metric unit and naming rules', () => {
    const bad = Metric.gauge({ name: 'temp', help: 'Temperature', unit: any('fahrenheit'), ignoreNamingRules: [any('no-suffix')] });
    expect(problems({}, (app, team) => service(app, team, { metrics: [requests, bad] }))).toEqual([
      '[checkout] metric "temp" unit: got "fahrenheit", expected one of "seconds", "milliseconds", "microseconds", "bytes", "kilobytes", "megabytes", "ratio", "percent", "celsius", "volts", "amperes", "joules", "meters", "grams", "count"',
      '[checkout] metric "temp" ignoreNamingRules: got "no-suffix", expected one of "counter-total-suffix", "base-unit", "unit-suffix"',
    ]);
  });

  it('burn-rate window severity, delivery, matcher strategy and timing keys', () => {
    const found = problems(
      { delivery: any('kubernetes'), alertmanager: { matcherStrategy: any('Auto'), timings: { page: { groupWait: '10s' } } as never } },
      (app, team) => service(app, team).addSlo('availability', {
        objective: 99,
        sli: Sli.ratio({ errors: { metric: requests }, total: { metric: requests } }),
        alerting: { windows: [{ severity: any('urgent'), shortWindow: '5m', longWindow: '1h', budgetPercent: 2 }] },
      }),
    );
    expect(found).toEqual([
      '[checkout/availability] alerting.windows[0].severity: got "urgent", expected one of "page", "ticket"',
      '[settings] delivery: got "kubernetes", expected one of "operator", "files", "both"',
      '[settings] alertmanager.matcherStrategy: got "Auto", expected one of "OnNamespace", "None"',
      '[settings] alertmanager.timings: got "page", expected one of "default", "critical", "warning", "info"',
    ]);
  });
});
