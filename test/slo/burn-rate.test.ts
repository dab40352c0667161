import { describe, expect, it } from 'vitest';
import {
  burnRateFactor, detectionSeconds, lowestFiringObjective, Metric, MonitoringApp, re, Service, Sli, Team, type SloProps,
} from '../../lib';
import { formatNumber, parseDuration } from '../../lib/promql';

const H = 3_600_000;
const D = 24 * H;

describe('burn-rate math against the SRE Workbook', () => {
  const factors = (periodDays: number) =>
    [[2, 1 * H], [5, 6 * H], [10, 1 * D], [10, 3 * D]].map(([pct, long]) => burnRateFactor(pct!, periodDays * D, long!));

  it('gives 14.4 / 6 / 3 / 1 for 30 days', () => {
    expect(factors(30)).toEqual([14.4, 6, 3, 1]);
  });

  it('gives 13.44 / 5.6 / 2.8 / 0.93 for 28 days, printed without float noise', () => {
    const f = factors(28);
    expect(f.slice(0, 3)).toEqual([13.44, 5.6, 2.8]);
    expect(f[3]!.toFixed(2)).toBe('0.93');
    expect(f.map(formatNumber)).toEqual(['13.44', '5.6', '2.8', '0.933333333333']);
  });

  it("gives Sloth's 7-day factors for its 8 / 12.5 / 20 / 42 % rows", () => {
    const rows = [[8, 1 * H], [12.5, 6 * H], [20, 1 * D], [42, 3 * D]];
    expect(rows.map(([pct, long]) => burnRateFactor(pct!, 7 * D, long!))).toEqual([13.44, 3.5, 1.4, 0.98]);
  });

  it('detects a total outage at 99.9 % with the 1 h window in 52 s', () => {
    expect(Math.round(detectionSeconds(0.001, 1, H, 14.4))).toBe(52);
    expect(detectionSeconds(0.001, 1, 6 * H, 6)).toBeCloseTo(129.6, 9);
    // An error ratio at or below the threshold never fires.
    expect(detectionSeconds(0.001, 0.0144, H, 14.4)).toBe(Infinity);
  });

  it('knows the lowest objective at which each tier can still fire', () => {
    expect([14.4, 6, 3].map((f) => formatNumber(lowestFiringObjective(f)))).toEqual(['93.0555555556', '83.3333333333', '66.6666666667']);
  });
});

const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['status'] });
const latency = Metric.histogram({ name: 'http_request_duration_seconds', help: 'Latency', buckets: [0.1, 0.3, 1] });
const up = Metric.gauge({ name: 'probe_success', help: 'Probe' });

/** Builds a one-service catalogue (declaring only `requests`) with one SLO and returns the catalogue's problems. */
function problemsOf(slo: (m: { requests: Metric; latency: Metric; up: Metric }) => SloProps, extra: (s: Service) => void = () => {}): string[] {
  const app = new MonitoringApp({ outdir: '/nonexistent' });
  const team = new Team(app, 'team');
  const svc = new Service(app, 'api', { team, namespace: 'ns', scrape: { port: 80 }, metrics: [requests] });
  svc.addSlo('main', slo({ requests, latency, up }));
  extra(svc);
  return app.problems();
}

const availability = (requests: Metric) => Sli.ratio({ errors: { metric: requests, matchers: [re('status', '5..')] }, total: { metric: requests } });

describe('SLO validation messages', () => {
  it('rejects a tier that can never fire, saying why', () => {
    expect(problemsOf(({ requests }) => ({ objective: 90, sli: availability(requests) }))).toEqual([
      '[api/main] alerting.windows[0] (page 1h/5m): got threshold 14.4 × 0.1 = 1.44, expected a threshold below 1: an error ratio never exceeds 1, so this alert could never fire; raise the objective above 93.0555555556%, lower the window\'s budgetPercent, or set alerting.page: false',
    ]);
  });

  it('accepts the same objective once the page tier is disabled', () => {
    expect(problemsOf(({ requests }) => ({ objective: 90, sli: availability(requests), alerting: { page: false } }))).toEqual([]);
  });

  it('lists the bucket boundaries when a latency threshold is not one of them', () => {
    expect(problemsOf(({ latency }) => ({ objective: 95, sli: Sli.latency({ histogram: latency, thresholdSeconds: 0.25 }) }), (s) => s.addMetric(latency))).toEqual([
      '[api/main] sli.thresholdSeconds: got 0.25, expected one of the bucket boundaries of "http_request_duration_seconds" (seconds): [0.1, 0.3, 1]',
    ]);
  });

  it('reports metrics the service does not declare, even when declared later elsewhere', () => {
    expect(problemsOf(({ latency }) => ({ objective: 95, sli: Sli.latency({ histogram: latency, thresholdSeconds: 0.3 }) }))).toEqual([
      '[api/main] sli.histogram metric: got "http_request_duration_seconds", expected a metric declared by service "api" (addMetric) or a well-known infrastructure metric',
    ]);
  });

  it('checks metrics lazily, so a metric added after the SLO is fine', () => {
    expect(problemsOf(({ latency }) => ({ objective: 95, sli: Sli.latency({ histogram: latency, thresholdSeconds: 0.3 }) }), (s) => s.addMetric(latency))).toEqual([]);
  });

  it('rejects objectives outside (0, 100], unknown matcher labels and wrong metric types', () => {
    expect(problemsOf(({ requests, up }) => ({
      // 100 is allowed (no budget, no burn alerts: test/unit/slo-labels.test.ts); above is not.
      objective: 100.5,
      sli: Sli.ratio({ errors: { metric: requests, matchers: [re('code', '5..')] }, total: { metric: up } }),
      groupBy: ['route'],
    }), (s) => s.addMetric(up))).toEqual([
      '[api/main] objective: got 100.5, expected a percentage greater than 0 and at most 100, such as 99.9',
      '[api/main] sli.errors matcher label: got "code", expected one of the labels of "http_requests_total": status, job, instance, service, team, namespace',
      '[api/main] sli.total metric "probe_success" type: got "gauge", expected a counter for a ratio SLI',
      '[api/main] groupBy label: got "route", expected a label every metric of the SLI has: job, instance, service, team, namespace',
    ]);
  });

  it('parse-checks raw queries and requires the window placeholder', () => {
    expect(problemsOf(() => ({ objective: 99, sli: Sli.raw({ errorRatioQuery: 'sum(rate(x[5m]))' }) }))).toEqual([
      '[api/main] sli.errorRatioQuery: got "sum(rate(x[5m]))", expected a query containing {{.window}} where the range goes',
    ]);
    const [msg] = problemsOf(() => ({ objective: 99, sli: Sli.raw({ errorRatioQuery: 'sum(rate(x[{{.window}}]) by' }) }));
    expect(msg).toMatch(/^\[api\/main\] sli\.errorRatioQuery: got "sum\(rate\(x\[\{\{\.window\}\}\]\) by", expected valid PromQL \(parse error at character \d+/);
  });

  it('refuses a traffic guard on a bool-gauge SLI and a bad window pair', () => {
    expect(problemsOf(({ up }) => ({
      objective: 99,
      sli: Sli.boolGauge({ metric: up }),
      alerting: { minEventsPerSecond: 1, windows: [{ severity: 'page', shortWindow: '1h', longWindow: '5m', budgetPercent: 2 }] },
    }), (s) => s.addMetric(up))).toEqual([
      '[api/main] alerting.minEventsPerSecond: got 1, expected no traffic guard on a bool-gauge SLI, which has no event counter',
      '[api/main] alerting.windows[0].shortWindow: got "1h", expected a window shorter than the long window (5m)',
      // Reported in the same synth: the factor derived from a 5m "long" window is 2% × 720h / 5m.
      "[api/main] alerting.windows[0] (page 5m/1h): got threshold 172.8 × 0.01 = 1.728, expected a threshold below 1: an error ratio never exceeds 1, so this alert could never fire; raise the objective above 99.4212962963%, lower the window's budgetPercent, or set alerting.page: false",
    ]);
  });

  it('resolves the period canonically and records every window once', () => {
    const app = new MonitoringApp({ outdir: '/nonexistent' });
    const total = Metric.counter({ name: 'r_total', help: 'r' });
    const svc = new Service(app, 'api', { team: new Team(app, 't'), namespace: 'ns', scrape: { port: 80 }, metrics: [total] });
    const slo = svc.addSlo('a', { objective: 99.9, period: '28d', sli: Sli.ratio({ errors: { metric: total }, total: { metric: total } }) });
    expect([slo.period, slo.periodDays, slo.errorBudget, slo.objectiveRatio]).toEqual(['4w', 28, 0.001, 0.999]);
    expect(slo.sliWindows.map((ms) => ms / 60_000)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => parseDuration(w)! / 60_000));
    expect(svc.slos).toEqual([slo]);
  });
});
