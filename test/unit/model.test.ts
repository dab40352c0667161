import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { CatalogError, Discovery, Metric, MonitoringApp, Service, Team, type ServiceProps } from '../../lib';
import { synthError, tempDir } from '../support/synth';

const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['code'] });

function app(): MonitoringApp {
  return new MonitoringApp({ outdir: tempDir() });
}

function service(scope: Construct, id: string, props: Partial<ServiceProps> = {}): Service {
  const team = (scope.node.tryFindChild('team') as Team | undefined) ?? new Team(scope, 'team', { name: 'payments' });
  return new Service(scope, id, { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [requests], ...props });
}

describe('Service', () => {
  it('resolves defaults from the platform settings', () => {
    const a = new MonitoringApp({ outdir: tempDir(), prometheus: { scrapeInterval: '15s', scrapeTimeout: '20s' } });
    const s = service(a, 'checkout');
    expect(s.name).toBe('checkout');
    expect(s.tier).toBe('standard');
    expect(s.selector).toEqual({ 'app.kubernetes.io/name': 'checkout' });
    // The platform timeout (20s) is longer than the interval (15s), so the interval caps it.
    expect(s.scrape).toMatchObject({ port: 8080, path: '/metrics', scheme: 'http', interval: '15s', timeout: '15s', kubernetes: 'service' });
    expect(s.scrape?.discovery).toEqual(Discovery.static(['checkout:8080']));
    expect(a.problems()).toEqual([]);
  });

  it('lands metrics added after construction', () => {
    const a = app();
    const s = service(a, 'checkout', { metrics: [] });
    s.addMetric(Metric.gauge({ name: 'queue_depth', help: 'Jobs waiting' }));
    expect(s.metrics.map((m) => m.name)).toEqual(['queue_depth']);
    expect(s.metricOfSeries('queue_depth')?.type).toBe('gauge');
  });

  it('reports every problem of one run at once, with path, value and expectation', () => {
    const a = app();
    service(a, 'Bad_Name', {
      namespace: 'Shop',
      scrape: { port: 'metrics', interval: '10s', timeout: '30s', path: 'metrics' },
      metrics: [
        requests,
        requests,
        Metric.counter({ name: 'bad-metric', help: 'x' }),
        Metric.gauge({ name: 'g', help: '', labels: ['__secret', 'ok', 'ok', 'bad-label'] }),
        Metric.histogram({ name: 'latency_seconds', help: 'Latency', labels: ['le'], buckets: [0.1, 0.05] }),
        Metric.histogram({ name: 'empty_seconds', help: 'No buckets' }),
        Metric.summary({ name: 'size_bytes', help: 'Sizes', labels: ['quantile'], quantiles: [0.5, 1.5] }),
      ],
    });
    service(a, 'empty', { metrics: [] });
    expect(a.problems()).toEqual([
      '[Bad_Name] service name: got "Bad_Name", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
      '[Bad_Name] namespace: got "Shop", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
      '[Bad_Name] scrape.path: got "metrics", expected an absolute HTTP path starting with "/"',
      '[Bad_Name] scrape.timeout: got "30s", expected a timeout no longer than the scrape interval (10s)',
      '[Bad_Name] scrape.discovery: got undefined, expected Discovery.static([...]) or Discovery.file([...]) for the plain Prometheus config, because port "metrics" is a name',
      '[Bad_Name] metric "http_requests_total": got "http_requests_total", expected each metric name declared once per service',
      '[Bad_Name] metric "bad-metric" name: got "bad-metric", expected a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*',
      '[Bad_Name] metric "g" help: got "", expected a non-empty HELP text',
      '[Bad_Name] metric "g" label: got "__secret", expected a label name that does not start with "__" (reserved for internal use)',
      '[Bad_Name] metric "g" label: got "ok", expected each label name once',
      '[Bad_Name] metric "g" label: got "bad-label", expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*',
      '[Bad_Name] metric "latency_seconds" label: got "le", expected no "le" label on a histogram (Prometheus adds it to the buckets)',
      '[Bad_Name] metric "latency_seconds" buckets: got [0.1, 0.05], expected finite, strictly increasing upper bounds (+Inf is implicit)',
      '[Bad_Name] metric "empty_seconds" buckets: got [], expected classic bucket boundaries, or native: true',
      '[Bad_Name] metric "size_bytes" label: got "quantile", expected no "quantile" label on a summary (Prometheus adds it)',
      '[Bad_Name] metric "size_bytes" quantiles: got [0.5, 1.5], expected quantiles between 0 and 1',
      '[empty] service declares no metrics: got [], expected at least one Metric (addMetric or props.metrics), or an SLO on span metrics (Sli.spanErrors, Sli.spanLatency)',
    ]);
  });

  it('rejects duplicate service and team names across the catalogue', () => {
    const a = app();
    const t1 = new Team(a, 'team', { name: 'payments' });
    new Team(a, 'team2', { name: 'payments' });
    service(a, 'one', { name: 'checkout', team: t1 });
    service(a, 'two', { name: 'checkout', team: t1 });
    expect(a.problems()).toEqual([
      '[two] service name: got "checkout", expected a name not already used by one',
      '[team2] team name: got "payments", expected a name not already used by team',
    ]);
  });

  it('validates ports, durations, static targets and selectors', () => {
    const a = app();
    service(a, 'a', { scrape: { port: 70000, interval: '1 minute' } });
    service(a, 'b', { scrape: { port: 'http-metrics-port-long', discovery: Discovery.static(['b', 'http://b:80']) } });
    service(a, 'c', { scrape: { port: 80, discovery: Discovery.file([]) }, selector: { 'bad key!': 'x', app: 'not valid!' } });
    expect(a.problems()).toEqual([
      '[a] scrape.port: got 70000, expected a port number from 1 to 65535, or a port name',
      '[a] scrape.interval: got "1 minute", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
      '[b] scrape.port: got "http-metrics-port-long", expected a Kubernetes port name (IANA_SVC_NAME: at most 15 characters of a-z, 0-9 and "-")',
      '[b] scrape.discovery target: got "b", expected host:port',
      '[b] scrape.discovery target: got "http://b:80", expected host:port',
      '[c] scrape.discovery: got [], expected at least one target or file',
      '[c] selector label name: got "bad key!", expected a Kubernetes label key',
      '[c] selector label app: got "not valid!", expected a Kubernetes label value',
    ]);
  });
});

describe('naming conventions', () => {
  it('warns about existing metrics that break conventions, and lets each metric opt out', () => {
    const a = app();
    service(a, 'legacy', {
      metrics: [
        Metric.counter({ name: 'requests', help: 'Requests' }),
        Metric.counter({ name: 'request_duration_ms_sum', help: 'Cumulative ms' }),
        Metric.gauge({ name: 'jobs_total', help: 'Jobs' }),
        Metric.counter({ name: 'legacy_calls', help: 'Calls', ignoreNamingRules: ['counter-total-suffix'] }),
        Metric.summary({ name: 'latency_ms', help: 'Latency', ignoreNamingRules: ['base-unit'] }),
        Metric.gauge({ name: 'temperature_celsius', help: 'T', unit: 'seconds' }),
      ],
    });
    expect(a.problems()).toEqual([]);
    expect(a.warnings()).toEqual([
      `[legacy] warning: metric "requests": counter names should end in "_total"; if the metric already exists, silence this with ignoreNamingRules: ['counter-total-suffix']`,
      `[legacy] warning: metric "request_duration_ms_sum": counter names should end in "_total"; if the metric already exists, silence this with ignoreNamingRules: ['counter-total-suffix']`,
      `[legacy] warning: metric "jobs_total": "_total" is reserved for counters, but this is a gauge; if the metric already exists, silence this with ignoreNamingRules: ['counter-total-suffix']`,
      `[legacy] warning: metric "temperature_celsius": the name says celsius but unit is seconds; if the metric already exists, silence this with ignoreNamingRules: ['unit-suffix']`,
    ]);
  });

  it('infers units from the name and lists the series a family exposes', () => {
    const h = Metric.histogram({ name: 'rpc_duration_seconds', help: 'x', buckets: [0.1, 1] });
    expect(h.unit).toBe('seconds');
    expect(h.series).toEqual(['rpc_duration_seconds_bucket', 'rpc_duration_seconds_sum', 'rpc_duration_seconds_count']);
    expect(Metric.summary({ name: 'x_ms', help: 'x' }).series).toEqual(['x_ms_sum', 'x_ms_count']);
    expect(Metric.summary({ name: 'x_ms', help: 'x' }).unit).toBe('milliseconds');
    expect(Metric.histogram({ name: 'n_bytes', help: 'x', native: true }).series).toEqual(['n_bytes']);
    expect(Metric.gauge({ name: 'queue', help: 'x' }).unit).toBe('count');
  });
});

describe('synth with errors', () => {
  it('throws one CatalogError listing every problem and writes nothing', () => {
    const outdir = path.join(tempDir(), 'dist');
    const a = new MonitoringApp({ outdir });
    service(a, 'ok');
    service(a, 'BAD', { metrics: [] });
    const error = synthError(a);
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).message).toBe(
      '2 problems in the service catalogue:\n' +
        '  [BAD] service name: got "BAD", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit\n' +
        '  [BAD] service declares no metrics: got [], expected at least one Metric (addMetric or props.metrics), or an SLO on span metrics (Sli.spanErrors, Sli.spanLatency)',
    );
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
