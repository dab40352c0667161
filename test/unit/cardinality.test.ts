import { describe, expect, it } from 'vitest';
import { Discovery, eq, Metric, MonitoringApp, Service, Sli, Team, type MonitoringAppProps, type ServiceProps } from '../../lib';
import { keptLabels, labelLimit, metricSeries, sampleLimit, targetEstimate } from '../../lib/model/cardinality';
import { seriesEstimate } from '../../lib/slo/cardinality';

const app = (props: MonitoringAppProps = {}) => new MonitoringApp(props);
const service = (scope: MonitoringApp, id: string, extra: Partial<ServiceProps> = {}) =>
  new Service(scope, id, { team: new Team(scope, `team-${id}`), namespace: 'shop', scrape: { port: 8080 }, ...extra });

const method = { name: 'method', values: ['GET', 'POST', 'PUT'] };
const route = { name: 'route', cardinality: 20 };

describe('label declarations', () => {
  it('reports every bad value set and cardinality with the construct path, the value and what was expected', () => {
    const a = app();
    service(a, 'checkout', {
      metrics: [
        Metric.counter({ name: 'both_total', help: 'x', labels: [{ name: 'code', values: ['200'], cardinality: 3 }] }),
        Metric.counter({ name: 'neither_total', help: 'x', labels: [{ name: 'code' }] }),
        Metric.counter({ name: 'zero_total', help: 'x', labels: [{ name: 'route', cardinality: 0 }] }),
        Metric.counter({ name: 'fraction_total', help: 'x', labels: [{ name: 'route', cardinality: 2.5 }] }),
        Metric.counter({ name: 'huge_total', help: 'x', labels: [{ name: 'user_id', cardinality: 5_000_000 }] }),
        Metric.counter({ name: 'empty_total', help: 'x', labels: [{ name: 'code', values: [] }] }),
        Metric.counter({ name: 'twice_total', help: 'x', labels: [{ name: 'code', values: ['200', '500', '200'] }] }),
        Metric.counter({ name: 'blank_total', help: 'x', labels: [{ name: 'code', values: ['200', ''] }] }),
        Metric.counter({ name: 'bad_name_total', help: 'x', labels: [{ name: 'bad-label', values: ['a'] }] }),
        Metric.counter({ name: 'string_total', help: 'x', labels: [{ name: 'code', values: '200' as never }] }),
      ],
      replicas: 0,
      seriesBudget: 1.5,
    });
    const path = '[checkout]';
    expect(a.problems()).toEqual([
      `${path} replicas: got 0, expected a whole number of targets of at least 1`,
      `${path} seriesBudget: got 1.5, expected a whole number of series of at least 1`,
      `${path} metric "both_total" label "code" cardinality: got 3, expected no cardinality next to values: the value set's size is the cardinality`,
      `${path} metric "neither_total" label "code" values: got undefined, expected the label's value set (values) or how many values it takes (cardinality); the plain name "code" takes the platform default`,
      `${path} metric "zero_total" label "route" cardinality: got 0, expected a whole number of values from 1 to 100000 (a label with more values is an identifier: drop it or move it to logs)`,
      `${path} metric "fraction_total" label "route" cardinality: got 2.5, expected a whole number of values from 1 to 100000 (a label with more values is an identifier: drop it or move it to logs)`,
      `${path} metric "huge_total" label "user_id" cardinality: got 5000000, expected a whole number of values from 1 to 100000 (a label with more values is an identifier: drop it or move it to logs)`,
      `${path} metric "empty_total" label "code" values: got [], expected at least one value`,
      `${path} metric "twice_total" label "code" values: got ["200", "500", "200"], expected each value once`,
      `${path} metric "blank_total" label "code" values: got ["200", ""], expected non-empty strings (an empty value is the same as no label)`,
      `${path} metric "bad_name_total" label: got "bad-label", expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*`,
      `${path} metric "string_total" label "code" values: got "200", expected a list of the label's values`,
    ]);
  });

  it('checks the platform settings', () => {
    const a = app({ cardinality: { seriesBudget: 0, defaultLabelValues: -1, headroomPercent: Number.NaN } });
    service(a, 'ok', { metrics: [Metric.gauge({ name: 'g', help: 'x' })] });
    expect(a.problems()).toEqual([
      '[settings] cardinality.seriesBudget: got 0, expected a whole number of series of at least 1',
      '[settings] cardinality.defaultLabelValues: got -1, expected a whole number of values from 1 to 100000',
      '[settings] cardinality.headroomPercent: got NaN, expected a percentage from 0 to 1000',
    ]);
  });

  it('keeps plain label names working, with the platform default cardinality', () => {
    const m = Metric.counter({ name: 'x_total', help: 'x', labels: ['a', method] });
    expect(m.labels).toEqual(['a', 'method']);
    expect(metricSeries(m, new MonitoringApp().settings.cardinality)).toBe(10 * 3);
    expect(metricSeries(m, new MonitoringApp({ cardinality: { defaultLabelValues: 4 } }).settings.cardinality)).toBe(4 * 3);
  });
});

describe('series estimate', () => {
  const c = new MonitoringApp().settings.cardinality;

  it('multiplies label value counts by the series each label set exposes', () => {
    expect(metricSeries(Metric.counter({ name: 'r_total', help: 'x', labels: [method, route] }), c)).toBe(3 * 20);
    expect(metricSeries(Metric.gauge({ name: 'g', help: 'x' }), c)).toBe(1);
    // 3 buckets + +Inf + _sum + _count per label set.
    expect(metricSeries(Metric.histogram({ name: 'h_seconds', help: 'x', labels: [method], buckets: [0.1, 0.5, 1] }), c)).toBe(3 * 6);
    // Native only: one sample, or +Inf, _sum and _count when scraped as text.
    expect(metricSeries(Metric.histogram({ name: 'n_seconds', help: 'x', native: true }), c)).toBe(3);
    expect(metricSeries(Metric.histogram({ name: 'b_seconds', help: 'x', buckets: [1], native: true }), c)).toBe(4 + 1);
    expect(metricSeries(Metric.summary({ name: 's_bytes', help: 'x', labels: [route], quantiles: [0.5, 0.9, 0.99] }), c)).toBe(20 * 5);
    expect(metricSeries(Metric.summary({ name: 'a_ms', help: 'x', unit: 'milliseconds', ignoreNamingRules: ['base-unit'] }), c)).toBe(2);
  });

  it('counts every target, and every rule once per groupBy group', () => {
    const a = app();
    const total = Metric.counter({ name: 'r_total', help: 'x', labels: [method, { name: 'code', values: ['200', '500'] }] });
    const one = service(a, 'one', { metrics: [total], scrape: { port: 80, discovery: Discovery.static(['a:80', 'b:80', 'c:80']) } });
    one.addSlo('avail', { sli: Sli.ratio({ errors: { metric: total, matchers: [eq('code', '500')] }, total: { metric: total } }), objective: 99 });
    const grouped = service(a, 'grouped', { metrics: [total], replicas: 2 });
    grouped.addSlo('avail', { sli: Sli.ratio({ errors: { metric: total }, total: { metric: total } }), objective: 99, groupBy: ['method'] });
    expect(a.problems()).toEqual([]);
    const e1 = seriesEstimate(a.settings, one);
    const e2 = seriesEstimate(a.settings, grouped);
    expect([e1.perTarget, e1.targets]).toEqual([6, 3]);
    expect([e2.perTarget, e2.targets]).toEqual([6, 2]);
    // 8 SLI windows + 7 metadata rules + page and ticket alerts, each split by the 3 methods.
    expect(e1.recorded).toBe(17);
    expect(e2.recorded).toBe(17 * 3);
    expect(e1.total).toBe(3 * 6 + 17);
    expect(e2.total).toBe(2 * 6 + 51);
  });

  it('fails the synth when a service exceeds its budget, naming the largest metric', () => {
    const a = app({ cardinality: { seriesBudget: 500 } });
    const big = Metric.counter({ name: 'big_total', help: 'x', labels: [method, route, { name: 'code', values: ['200', '404', '500'] }] });
    service(a, 'over', { metrics: [big, Metric.gauge({ name: 'small', help: 'x' })], replicas: 2 });
    service(a, 'raised', { metrics: [big], seriesBudget: 1000 });
    service(a, 'under', { metrics: [Metric.counter({ name: 'r_total', help: 'x', labels: [method] })] });
    // 2 × 181 = 362 fits 500; three targets do not.
    expect(a.problems()).toEqual([]);
    const b = app({ cardinality: { seriesBudget: 500 } });
    service(b, 'over', { metrics: [big, Metric.gauge({ name: 'small', help: 'x' })], replicas: 3 });
    service(b, 'raised', { metrics: [big], replicas: 5, seriesBudget: 1000 });
    expect(b.problems()).toEqual([
      '[over] series estimate: got 543 (3 targets × 181 scraped + 0 recorded), expected at most the series budget of 500; the largest is big_total with 180 per target: declare fewer label values, or raise seriesBudget on the service or cardinality.seriesBudget in the platform settings',
    ]);
    expect(() => b.render()).toThrow(/1 problem in the service catalogue:\n {2}\[over\] series estimate: got 543/);
  });
});

describe('scrape limits and kept labels', () => {
  it('derive sample_limit with the headroom, label_limit from the most labels, and the labels to keep', () => {
    const a = app({ cardinality: { headroomPercent: 20 } });
    const s = service(a, 'api', {
      metrics: [
        Metric.counter({ name: 'r_total', help: 'x', labels: [method, route] }),
        Metric.histogram({ name: 'd_seconds', help: 'x', labels: [method], buckets: [0.1, 1] }),
      ],
    });
    expect(targetEstimate(s, a.settings.cardinality).perTarget).toBe(60 + 3 * 5);
    expect(sampleLimit(s, a.settings.cardinality)).toBe(90);
    // __name__ + 5 target labels + method, route + 2 (plain); the operator adds pod, container, endpoint.
    expect(labelLimit(s, false)).toBe(1 + 5 + 2 + 2);
    expect(labelLimit(s, true)).toBe(1 + 8 + 2 + 2);
    expect(keptLabels(s, false)).toEqual(['__name__', 'instance', 'job', 'le', 'method', 'namespace', 'quantile', 'route', 'service', 'team']);
    expect(keptLabels(s, true)).toEqual(['__name__', 'container', 'endpoint', 'instance', 'job', 'le', 'method', 'namespace', 'pod', 'quantile', 'route', 'service', 'team']);
  });
});
