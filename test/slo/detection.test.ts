import { describe, expect, it } from 'vitest';
import { Metric, MonitoringApp, Service, Sli, Team } from '../../lib';
import { tierDetectionSeconds, tierResetSeconds } from '../../lib/model/detection';

const DAY_MS = 86_400_000;

function slo(objective: number) {
  const app = new MonitoringApp();
  const total = Metric.counter({ name: 'req_total', help: 'Requests' });
  const errors = Metric.counter({ name: 'req_errors_total', help: 'Failed requests' });
  const svc = new Service(app, 'svc', { team: new Team(app, 't'), namespace: 'ns', scrape: { port: 80 }, metrics: [total, errors] });
  return svc.addSlo('availability', { sli: Sli.ratio({ errors: { metric: errors }, total: { metric: total } }), objective });
}

describe('Workbook predictions for the sandbox', () => {
  it('page at 100 % errors on 99.9 %: 0.001 × 3600 s × 14.4 ≈ 52 s, with a full hour of history', () => {
    expect(tierDetectionSeconds(slo(99.9), 'page', 1, DAY_MS)).toBeCloseTo(51.84, 6);
    expect(tierDetectionSeconds(slo(99.95), 'page', 1, DAY_MS)).toBeCloseTo(25.92, 6);
  });

  it('caps windows at the history: the 3d ticket window over one day fires after 86.4 s, over three days after 259.2 s', () => {
    expect(tierDetectionSeconds(slo(99.9), 'ticket', 1, DAY_MS)).toBeCloseTo(86.4, 6);
    expect(tierDetectionSeconds(slo(99.9), 'ticket', 1, 3 * DAY_MS)).toBeCloseTo(259.2, 6);
    // Over 30 min of data the 6h/30m row (0.001 × 1800 s × 6) beats the 1h/5m row (0.001 × 1800 s × 14.4).
    expect(tierDetectionSeconds(slo(99.9), 'page', 1, 0.5 * 3600_000)).toBeCloseTo(10.8, 6);
  });

  it('never fires below the threshold', () => {
    expect(tierDetectionSeconds(slo(99.9), 'ticket', 0.0005, DAY_MS)).toBe(Infinity);
  });

  it('resets once the short window holds less than the threshold of errors: 5 min × (1 − 14.4 × budget) for the page', () => {
    expect(tierResetSeconds(slo(99.9), 'page', 90, DAY_MS)).toBeCloseTo(300 - 0.0144 * 300, 6);
    // A burn long enough to trip the 6h/30m row makes the 30m window the one to wait for.
    expect(tierResetSeconds(slo(99.9), 'page', 140, DAY_MS)).toBeCloseTo(1800 - 0.006 * 1800, 6);
    expect(tierResetSeconds(slo(99.9), 'page', 10, DAY_MS)).toBe(0);
  });
});
