/** Symptoms with a warning and a critical threshold: two rules under one alert name, exact messages for bad tiers. */
import { describe, expect, it } from 'vitest';
import { Metric, MonitoringApp, Service, Symptom, Team } from '../../lib';
import { catalogOf } from '../../lib/model/catalog';
import { serviceGroups } from '../../lib/slo';
import { tempDir } from '../support/synth';

const queue = Metric.gauge({ name: 'jobs_waiting', help: 'Jobs waiting', labels: ['queue'] });

function svc() {
  const app = new MonitoringApp({ outdir: tempDir() });
  const team = new Team(app, 'team', { name: 'payments' });
  return { app, s: new Service(app, 'checkout', { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [queue] }) };
}

describe('tiered symptoms', () => {
  it('render one rule per tier with the same alert name, the lower tier a warning by default', () => {
    const { app, s } = svc();
    s.addSymptom(Symptom.diskUsage({ thresholdPercent: 85, critical: { thresholdPercent: 95, for: '2m' } }));
    s.addSymptom(Symptom.errorRatio({ errors: { metric: Metric.counter({ name: 'e_total', help: 'e' }) }, total: { metric: Metric.counter({ name: 't_total', help: 't' }) }, thresholdPercent: 5, critical: { thresholdPercent: 20 } }));
    s.addMetric(Metric.counter({ name: 'e_total', help: 'e' }), Metric.counter({ name: 't_total', help: 't' }));
    expect(app.problems()).toEqual([]);
    const rules = serviceGroups(catalogOf(app).settings, s).find((g) => g.name === 'checkout-symptoms')!.rules;
    expect(rules.map((r) => [r.alert, r.labels!.severity, r.for, r.expr.match(/> ([\d.]+)$/)![1]])).toEqual([
      ['CheckoutDiskUsage', 'warning', '5m', '0.85'],
      ['CheckoutDiskUsage', 'critical', '2m', '0.95'],
      ['CheckoutErrorRatio', 'warning', '5m', '0.05'],
      ['CheckoutErrorRatio', 'critical', '5m', '0.2'],
    ]);
  });

  it('report a critical threshold that is not above the lower one, a critical lower tier and a bad critical for', () => {
    const { app, s } = svc();
    s.addSymptom(
      Symptom.diskUsage({ thresholdPercent: 95, critical: { thresholdPercent: 85 } }),
      Symptom.queueLength({ queue: { metric: queue }, above: 100, severity: 'critical', critical: { above: 500, for: 'later' } }),
      Symptom.cpuSaturation({ critical: { thresholdPercent: 120 } }),
    );
    expect(app.problems()).toEqual([
      '[checkout] symptom disk-usage critical.thresholdPercent: got 85, expected a critical threshold above the warning threshold (95)',
      '[checkout] symptom queue-length severity: got "critical", expected "warning" or "info": with a critical threshold, the lower tier is not critical',
      '[checkout] symptom queue-length critical.for: got "later", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
      '[checkout] symptom cpu-saturation critical.thresholdPercent: got 120, expected a percentage strictly between 0 and 100',
    ]);
  });

  it('reject a severity outside the contract', () => {
    const { app, s } = svc();
    s.addSymptom(Symptom.targetDown({ severity: 'page' as never }));
    expect(app.problems()).toEqual(['[checkout] symptom target-down severity: got "page", expected one of "critical", "warning", "info"']);
  });
});
