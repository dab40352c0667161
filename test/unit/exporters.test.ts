/** Exporter presets: exact validation messages, what a service or platform exporter adds to rules, scrape config and dashboards. */
import { describe, expect, it } from 'vitest';
import { Exporter, Metric, MonitoringApp, PlatformExporter, Service, Team } from '../../lib';
import { catalogOf } from '../../lib/model/catalog';
import { prometheusConfig, exporterMonitor } from '../../lib/prometheus';
import { serviceDashboard } from '../../lib/grafana';
import { tempDir } from '../support/synth';

function setup(svcProps: Partial<ConstructorParameters<typeof Service>[2]> = {}) {
  const app = new MonitoringApp({ outdir: tempDir() });
  const team = new Team(app, 'team', { name: 'payments' });
  const svc = new Service(app, 'checkout', { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [Metric.gauge({ name: 'jobs_waiting', help: 'Jobs' })], ...svcProps } as ConstructorParameters<typeof Service>[2]);
  return { app, team, svc };
}

describe('exporter validation', () => {
  it('reports every bad prop with the path, the value and what was expected', () => {
    const { app, svc } = setup();
    svc.addExporter(Exporter.postgres({ alerts: { 'connections-exhausted': { threshold: 150 }, down: { threshold: 2 } } }));
    svc.addExporter(Exporter.redis({ prot: 6379 } as never));
    svc.addExporter(Exporter.nginx({ alerts: { '5xx-ratio': {} } }));
    svc.addExporter(Exporter.dcgm({ alerts: { 'gpu-temperature': { severity: 'page' as never, tresh: 1 } as never } }));
    svc.addExporter(Exporter.node({ port: 0, interval: '10s', timeout: '20s' }));
    svc.addExporter(Exporter.postgres());
    expect(app.problems()).toEqual([
      '[checkout] exporter postgres: got "postgres", expected each exporter id once per service; give a second postgres exporter its own id (addExporter(Exporter.postgres(), \'postgres-2\'))',
      '[checkout/postgres] alerts.down.threshold: got 2, expected no threshold: the alert fires when the exporter reports 0',
      '[checkout/postgres] alerts.connections-exhausted.threshold: got 150, expected a percentage in (0, 100]',
      '[checkout/redis] exporter option: got "prot", expected one of "port", "path", "interval", "timeout", "kubernetes", "discovery", "selector", "alerts", "metrics"',
      '[checkout/nginx] alerts: got "5xx-ratio", expected a standard alert of the nginx exporter: one of "down"',
      '[checkout/dcgm] alerts.gpu-temperature option: got "tresh", expected one of "threshold", "for", "severity"',
      '[checkout/dcgm] alerts.gpu-temperature.severity: got "page", expected one of "critical", "warning", "info"',
      '[checkout/node] scrape.port: got 0, expected a port number from 1 to 65535, or a port name',
      '[checkout/node] scrape.timeout: got "20s", expected a timeout no longer than the scrape interval (10s)',
    ]);
  });

  it('rejects a job that a service already uses, a bad platform namespace and a non-preset', () => {
    const { app, svc, team } = setup();
    new Service(app, 'checkout-redis', { team, namespace: 'shop', scrape: { port: 9121 }, metrics: [Metric.gauge({ name: 'x_open', help: 'x' })] });
    svc.addExporter(Exporter.redis());
    new PlatformExporter(app, 'node', { exporter: Exporter.node(), namespace: 'Bad_NS' });
    expect(() => new PlatformExporter(app, 'gpu', { exporter: {} as never })).toThrow('[gpu] exporter: got [object Object], expected an exporter preset (Exporter.postgres() …)');
    expect(app.problems()).toEqual(expect.arrayContaining([
      '[checkout/redis] exporter job: got "checkout-redis", expected a job name not already used by checkout-redis (give the exporter another id)',
      expect.stringMatching(/^\[node\] namespace: got "Bad_NS", expected /),
    ]));
  });

  it('accepts an exporter on an OTLP service: the exporter is scraped, whatever way the service sends its own metrics', () => {
    const { app, svc } = setup({ scrape: undefined, metricsVia: 'otlp' });
    svc.addExporter(Exporter.redis());
    expect(app.problems()).toEqual([]);
    const jobs = (prometheusConfig(catalogOf(app)).scrape_configs as { job_name: string }[]).map((j) => j.job_name);
    expect(jobs).toEqual(['checkout-redis']);
  });
});

describe('exporter alerts', () => {
  it('drops an alert given false, and warns when a percentage threshold reads like a ratio', () => {
    const { app, svc } = setup();
    const pg = svc.addExporter(Exporter.postgres({ alerts: { down: false, 'connections-exhausted': { threshold: 0.9 } } }))!;
    expect(app.problems()).toEqual([]);
    expect(pg.standardAlerts.map((a) => a.name)).toEqual(['CheckoutPostgresConnectionsExhausted']);
    expect(app.warnings()).toEqual(['[checkout/postgres] warning: alerts.connections-exhausted.threshold: 0.9 is read as a percentage (0.9 %), not a ratio; did you mean 90?']);
  });
});

describe('exporter output', () => {
  it('gives a service exporter its scrape job, the exporter label, alerts owned by the service and a dashboard row', () => {
    const { app, svc } = setup();
    svc.addExporter(Exporter.postgres({ alerts: { 'connections-exhausted': { threshold: 80, for: '3m', severity: 'warning' } } }));
    expect(app.problems()).toEqual([]);
    expect(svc.alerts.map((a) => [a.name, a.severity, a.for, a.untestedReason])).toEqual([
      ['CheckoutPostgresDown', 'critical', '1m', undefined],
      ['CheckoutPostgresConnectionsExhausted', 'warning', '3m', undefined],
    ]);
    const job = (prometheusConfig(catalogOf(app)).scrape_configs as Record<string, unknown>[]).find((j) => j.job_name === 'checkout-postgres');
    expect(job).toEqual({
      job_name: 'checkout-postgres', scrape_interval: '30s', scrape_timeout: '10s', metrics_path: '/metrics', scheme: 'http',
      static_configs: [{ targets: ['checkout-postgres:9187'], labels: { service: 'checkout', team: 'payments', namespace: 'shop', exporter: 'checkout-postgres' } }],
    });
    const d = serviceDashboard(svc, catalogOf(app).settings.grafana) as { panels: { type: string; title: string; targets?: { expr: string }[] }[] };
    const rows = d.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows).toContain('PostgreSQL (postgres_exporter): checkout-postgres');
    const used = d.panels.find((p) => p.title === 'Connections used')!;
    const vars = 'namespace=~"$namespace", job=~"$job", instance=~"$instance"';
    expect(used.targets![0]!.expr).toBe(`100 * (sum by (instance) (pg_stat_activity_count{exporter="checkout-postgres", ${vars}}) / sum by (instance) (pg_settings_max_connections{exporter="checkout-postgres", ${vars}}))`);
  });

  it('scrapes a Pushgateway with honor_labels and selects its series by the exporter label, not job', () => {
    const { app, team } = setup();
    const pg = new PlatformExporter(app, 'pushgateway', { exporter: Exporter.pushgateway(), team });
    expect(app.problems()).toEqual([]);
    const m = exporterMonitor(pg, catalogOf(app).settings) as unknown as { spec: { endpoints: Record<string, unknown>[] } };
    expect(m.spec.endpoints[0]!.honorLabels).toBe(true);
    const job = (prometheusConfig(catalogOf(app)).scrape_configs as Record<string, unknown>[]).find((j) => j.job_name === 'pushgateway')!;
    expect(job.honor_labels).toBe(true);
    const [alert] = pg.standardAlerts;
    expect(alert!.name).toBe('PushgatewayPushStale');
    expect(alert!.untestedReason).toBe('it calls time(), which the test generator does not model');
  });
});
