/** What the dashboards show: RED, SLO rows, metric panels by type, saturation, the overview; goldens. */
import { describe, expect, it } from 'vitest';
import { Dashboards } from '../../lib/conventions';
import { dashboardJson, dashboards, overviewDashboard, serviceDashboard } from '../../lib/grafana';
import { dataPanels } from '../support/dashboard-lint';
import { testApp, testCatalog } from './catalog';
import { catalogOf } from '../../lib/model/catalog';
import { Metric, Service, Team } from '../../lib';

const catalog = testCatalog();
const json = (uid: string) => {
  const d = dashboards(catalog).find((x) => x.uid === uid)!;
  return JSON.parse(dashboardJson(d)) as Record<string, any>;
};
const panel = (d: Record<string, any>, title: string) => dataPanels(d).find((p) => p.title === title)!;
const exprs = (p: Record<string, any>) => p.targets.map((t: any) => t.expr);
const rows = (d: Record<string, any>) => d.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title);

describe('service dashboard', () => {
  it('uses the uid alerts link to, and lays out RED, SLO, metrics and saturation rows', () => {
    const d = json(Dashboards.serviceUid('api-gateway'));
    expect(d.uid).toBe('svc-api-gateway');
    expect(rows(d)).toEqual(['Requests (RED)', 'SLO availability: 99.95% over 30d', 'Saturation']);
    expect(rows(json('svc-agent-runtime'))).toEqual([
      // SLO rows sorted by name: the output does not depend on declaration order.
      'Requests (RED)', 'SLO availability: 99.9% over 30d', 'SLO budget: 99% over 4w', 'SLO invocation-success: 99% over 30d', 'Metrics', 'Saturation',
    ]);
  });

  it('shows the average latency, labelled as such, when only _sum/_count exist (seed 001)', () => {
    const p = panel(json('svc-api-gateway'), 'Latency (average)');
    expect(p.description).toMatch(/is an average, not a percentile/);
    expect(p.fieldConfig.defaults.unit).toBe('ms');
    expect(p.targets.map((t: any) => t.legendFormat)).toEqual(['average']);
    expect(exprs(p)[0]).toBe(
      'sum(rate(mona_http_request_duration_ms_sum{service="api-gateway", namespace=~"$namespace", job=~"$job", instance=~"$instance"}[$__rate_interval]))'
      + ' / sum(rate(mona_http_request_duration_ms_count{service="api-gateway", namespace=~"$namespace", job=~"$job", instance=~"$instance"}[$__rate_interval]))',
    );
  });

  it('shows p50/p95/p99 from histogram buckets, and 5xx by status label when no errors counter exists', () => {
    const d = json('svc-neurondb');
    const latency = panel(d, 'Latency');
    expect(latency.targets.map((t: any) => t.legendFormat)).toEqual(['p50', 'p95', 'p99']);
    expect(exprs(latency)[2]).toMatch(/^histogram_quantile\(0\.99, sum by \(le\) \(rate\(neurondb_query_duration_seconds_bucket\{/);
    expect(exprs(panel(d, 'Error ratio'))[0]).toMatch(/^sum\(rate\(neurondb_requests_total\{service="neurondb", .*code=~"5\.\."\}\[\$__rate_interval\]\)\) \/ sum\(rate\(neurondb_requests_total\{/);
    expect(exprs(panel(d, 'Request rate by status class'))[0]).toContain('label_replace(sum by (code) (rate(neurondb_requests_total{');
  });

  it('has one panel per domain metric by default, chosen by type, and none for the request metrics', () => {
    const d = json('svc-agent-runtime');
    const metricsRow = d.panels.findIndex((p: any) => p.title === 'Metrics');
    const saturation = d.panels.findIndex((p: any) => p.title === 'Saturation');
    const panels = d.panels.slice(metricsRow + 1, saturation);
    expect(panels.map((p: any) => p.title)).toEqual([
      'Agent invocations started', 'Tool calls executed across all invocations', 'LLM turns completed',
      'Guardrail-triggered retries', 'Invocations stopped due to budget limits',
    ]);
    expect(exprs(panels[0])).toEqual(['sum(rate(mona_agent_invocations_total{service="agent-runtime", namespace=~"$namespace", job=~"$job", instance=~"$instance"}[$__rate_interval]))']);
    expect(panels[0].fieldConfig.defaults.unit).toBe('ops');
  });

  it('expresses seed 000\'s panel list: chosen titles, quantiles and label breakdowns', () => {
    const d = json('svc-neurondb');
    const scope = 'service="neurondb", namespace=~"$namespace", job=~"$job", instance=~"$instance"';
    expect(exprs(panel(d, 'Connection count'))).toEqual([`sum(neurondb_connections{${scope}})`]);
    expect(exprs(panel(d, 'Query latency (p99)'))).toEqual([`histogram_quantile(0.99, sum by (le, query) (rate(neurondb_query_duration_seconds_bucket{${scope}}[$__rate_interval])))`]);
    expect(panel(d, 'Query latency (p99)').targets[0].legendFormat).toBe('p99 {{query}}');
    expect(exprs(panel(d, 'ML training duration'))[0]).toBe(`histogram_quantile(0.5, sum(rate(neurondb_training_duration_seconds{${scope}}[$__rate_interval])))`);
    expect(exprs(panel(d, 'Vector index size'))).toEqual([`sum by (index) (neurondb_vector_index_size_bytes{${scope}})`]);
    expect(panel(d, 'Vector index size').fieldConfig.defaults.unit).toBe('bytes');
    expect(exprs(panel(d, 'Auth success/failure'))).toEqual([`sum by (result) (rate(neurondb_auth_attempts_total{${scope}}[$__rate_interval]))`]);
  });

  it('reads the SLO recording rules by sloth_id, with thresholds from the objective and the alert factors', () => {
    const d = json('svc-api-gateway');
    expect(exprs(panel(d, 'Error budget remaining'))).toEqual(['slo:period_error_budget_remaining:ratio{sloth_id="api-gateway-availability"}']);
    expect(exprs(panel(d, 'Burn rate'))).toEqual([
      'slo:current_burn_rate:ratio{sloth_id="api-gateway-availability"}', 'slo:period_burn_rate:ratio{sloth_id="api-gateway-availability"}',
    ]);
    expect(panel(d, 'SLI (30d)').fieldConfig.defaults.thresholds.steps).toEqual([{ value: null, color: 'red' }, { value: 0.9995, color: 'green' }]);
    expect(panel(d, 'Burn rate').fieldConfig.defaults.thresholds.steps.at(-1)).toEqual({ value: 14.4, color: 'red' });
    expect(panel(d, 'Objective').targets[0].instant).toBe(true);
  });

  it('saturation joins cAdvisor and kube-state-metrics series to the service\'s pods', () => {
    const d = json('svc-api-gateway');
    expect(exprs(panel(d, 'CPU'))).toEqual([
      'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=~"$namespace", container!=""}[$__rate_interval]) and on(namespace, pod) up{service="api-gateway", namespace=~"$namespace", job=~"$job", instance=~"$instance"})',
    ]);
    expect(panel(d, 'Memory').fieldConfig.defaults.unit).toBe('bytes');
    expect(exprs(panel(d, 'Restarts'))[0]).toMatch(/^sum by \(pod\) \(increase\(kube_pod_container_status_restarts_total\{/);
  });

  it('a panel added after construction still lands (rendering is lazy)', () => {
    const app = testApp();
    const gw = app.node.findAll().find((c): c is Service => Service.isService(c) && c.name === 'api-gateway')!;
    const queue = Metric.gauge({ name: 'gateway_queue_length', help: 'Queued requests' });
    gw.addMetric(queue);
    gw.addPanel({ metric: queue });
    const d = serviceDashboard(gw, catalogOf(app).settings.grafana);
    expect(dataPanels(d).map((p) => p.title)).toContain('Queued requests');
  });
});

describe('overview', () => {
  const d = json('slo-overview');

  it('lists SLOs worst first with objective, SLI, budget remaining and burn rate per service and SLO', () => {
    const t = panel(d, 'SLOs, worst first');
    expect(t.options.sortBy).toEqual([{ displayName: 'Budget remaining', desc: false }]);
    const organize = t.transformations.find((x: any) => x.id === 'organize').options;
    expect(Object.values(organize.renameByName)).toEqual(['Service', 'SLO', 'Objective', 'SLI', 'Budget remaining', 'Burn rate']);
    expect(t.targets.map((x: any) => [x.refId, x.format, x.instant])).toEqual(['A', 'B', 'C', 'D'].map((r) => [r, 'table', true]));
    expect(exprs(t)[2]).toBe('min by (sloth_service, sloth_slo) (slo:period_error_budget_remaining:ratio{sloth_service=~"$job"})');
  });

  it('shows firing alerts and request and error rates per service', () => {
    expect(exprs(panel(d, 'Firing alerts'))).toEqual(['sum by (alertname, service, severity, slo) (ALERTS{alertstate="firing", service=~"$job"})']);
    // Services counting requests the same way share one query; neurondb counts them differently.
    expect(panel(d, 'Request rate per service').targets).toHaveLength(2);
    // Bounded by teams, not services: each group's metric selects its services.
    expect(exprs(panel(d, 'Error ratio per service'))[1]).toMatch(/^sum by \(service\) \(rate\(neurondb_requests_total\{team=~"[a-z|-]+", .*code=~"5\.\."\}/);
  });

  it('has no Traffic row, rather than empty panels, when no service declares request metrics (seed 003)', () => {
    const app = testApp(undefined, (scope) => {
      const m = Metric.gauge({ name: 'queue_depth', help: 'Depth' });
      new Service(scope, 'worker', { team: new Team(scope, 't'), namespace: 'ns', scrape: { port: 8080 }, metrics: [m] });
    });
    const o = JSON.parse(dashboardJson(overviewDashboard(catalogOf(app))));
    expect(rows(o)).not.toContain('Traffic');
    expect(dataPanels(o).filter((p) => (p.targets ?? []).length === 0)).toEqual([]);
    expect(rows(d)).toContain('Traffic');
  });

  it('renders the same bytes twice', () => {
    expect(dashboardJson(overviewDashboard(testCatalog()))).toBe(dashboardJson(overviewDashboard(catalog)));
  });
});

describe('golden files', () => {
  it('service dashboard of api-gateway', async () => {
    await expect(dashboardJson(dashboards(catalog).find((x) => x.uid === 'svc-api-gateway')!)).toMatchFileSnapshot('__golden__/svc-api-gateway.json');
  });
  it('overview', async () => {
    await expect(dashboardJson(overviewDashboard(catalog))).toMatchFileSnapshot('__golden__/slo-overview.json');
  });
  it('declared platform-health of the default catalogue', async () => {
    await expect(dashboardJson(dashboards(catalog).find((x) => x.uid === 'platform-health')!)).toMatchFileSnapshot('__golden__/platform-health.json');
  });
});
