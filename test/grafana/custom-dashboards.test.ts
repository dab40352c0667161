/** Declared dashboards (`new Dashboard`): exact errors for every prop, the queries they build, and the panels they render. */
import { describe, expect, it } from 'vitest';
import { Dashboard, Exporter, Infrastructure, Metric, MonitoringApp, PlatformExporter, re, Service, Team } from '../../lib';
import { customDashboard, dashboardJson } from '../../lib/grafana';
import { catalogOf } from '../../lib/model/catalog';
import { dataPanels } from '../support/dashboard-lint';
import { crossServicePlatform, defineCrossService } from '../fixtures/cross-service';
import { testApp } from './catalog';

type Json = Record<string, any>;

const cross = catalogOf(testApp(crossServicePlatform, defineCrossService));
const rendered = (uid: string): Json => JSON.parse(dashboardJson(customDashboard(cross.dashboards.find((d) => d.uid === uid)!, cross)));
const panel = (uid: string, title: string) => dataPanels(rendered(uid)).find((p) => p.title === title)!;
const exprs = (p: Json) => p.targets.map((t: Json) => t.expr);
const SCOPE = 'team=~"neural", namespace=~"$namespace", job=~"$job", instance=~"$instance"';

describe('declared dashboards: validation', () => {
  it('reports every bad prop with its path, the value and what was expected', () => {
    const app = new MonitoringApp({ outdir: '/nonexistent' });
    const team = new Team(app, 'team');
    const queue = Metric.gauge({ name: 'queue_length', help: 'Queued', labels: ['queue'] });
    const temp = Metric.gauge({ name: 'gpu_temp_celsius', help: 'GPU temperature', labels: ['gpu'] });
    const lat = Metric.histogram({ name: 'task_seconds', help: 'Task time', buckets: [1, 5] });
    const rpc = Metric.summary({ name: 'rpc_seconds', help: 'RPC', quantiles: [0.5, 0.99] });
    const jobs = Metric.counter({ name: 'jobs_total', help: 'Jobs' });
    const undeclared = Metric.counter({ name: 'other_total', help: 'Other' });
    const svc = new Service(app, 'worker', { team, namespace: 'ns', scrape: { port: 80 }, metrics: [queue, temp, lat, rpc, jobs] });
    const d = new Dashboard(app, 'bad', {
      title: 'Bad',
      folder: '  ',
      rows: [
        {
          title: 'Row',
          panels: [
            { type: 'piechart' as 'stat', title: 'A', queries: [{ metric: queue, by: ['shard'], filters: { queue: 'training|export', zone: 'x' } }], unit: 'percentage' },
            { title: 'B', queries: [{ metric: temp, aggregation: 'sum' }, { metric: lat, aggregation: 'max' }, { metric: rpc, aggregation: 'sum' }, { metric: jobs, aggregation: 'median' as 'sum' }] },
            { title: 'C', queries: [{ metric: lat, quantile: 1 }, { metric: rpc, quantile: 0.9 }, { metric: jobs, quantile: 0.5 }, { metric: queue, filters: { queue: re('(') } }, { metric: queue, filters: { queue: re('(?!idle).*') } }] },
            { title: 'D', queries: [{ promql: 'sum(rate(jobs_total[5m])' }, { promql: 'sum(rate(nobody_total[$__rate_interval])) / sum(up)' }, { metric: undeclared }] },
            { type: 'stat', title: 'E', queries: [], thresholds: [{ value: 5, color: 'red' }, { value: 2, color: 'bluish' }], baseColor: 'greenish', min: 5, max: 1, span: 30 },
            { type: 'logs', title: 'F', services: [], pipeline: '| json |' },
          ],
        },
        { title: '', panels: [] },
      ],
    });
    new Dashboard(app, 'svc-worker', { title: 'Taken', rows: [{ title: 'r', panels: [{ title: 'x', queries: [{ metric: Infrastructure.up }] }] }] });
    new Dashboard(app, 'one', { title: 'One', uid: 'same', folder: 'Ops team', rows: [{ title: 'r', panels: [{ title: 'x', queries: [{ metric: jobs }] }] }] });
    new Dashboard(app, 'two', { title: 'Two', uid: 'same', folder: 'ops-team', rows: [{ title: 'r', panels: [{ type: 'logs', title: 'l', services: [svc] }] }] });
    new Dashboard(app, 'bad uid!', { title: '', rows: [] });
    new Dashboard(app, 'general', { title: 'G', folder: 'General', rows: [{ title: 'r', panels: [{ title: 'x', queries: [{ metric: jobs }] }] }] });
    const colour = 'a Grafana colour: red, orange, yellow, green, blue, purple (optionally dark-, semi-dark-, light-, super-light-), text, or #rrggbb';
    const queueLabels = 'a label of "queue_length" or a target label: one of ["queue", "job", "instance", "service", "team", "namespace", "pod"]';
    expect(app.problems()).toEqual([
      `[bad] folder: got "  ", expected a folder title, or '' for the General folder`,
      '[bad] rows[1].title: got "", expected a non-empty row title',
      '[bad] rows[1].panels: got [], expected at least one panel',
      '[bad] rows[0].panels[0].type: got "piechart", expected one of "timeseries", "stat", "gauge", "table", "bargauge", "logs"',
      '[bad] rows[0].panels[0].unit: got "percentage", expected a Grafana unit such as "short", "percent", "percentunit", "bytes", "s" or "reqps"',
      `[bad] rows[0].panels[0].queries[0].by: got "shard", expected ${queueLabels}`,
      `[bad] rows[0].panels[0].queries[0].filters: got "zone", expected ${queueLabels}`,
      '[bad] rows[0].panels[1].queries[0].aggregation: got "sum", expected one of "avg", "max", "min", "count" for a celsius gauge "gpu_temp_celsius" (its values do not add up across series)',
      '[bad] rows[0].panels[1].queries[1].aggregation: got "max", expected "sum" for histogram "task_seconds" (its buckets are summed before histogram_quantile)',
      '[bad] rows[0].panels[1].queries[2].aggregation: got "sum", expected one of "avg", "max", "min" for summary "rpc_seconds" (quantiles cannot be added or counted)',
      '[bad] rows[0].panels[1].queries[3].aggregation: got "median", expected one of "sum", "avg", "max", "min", "count"',
      '[bad] rows[0].panels[2].queries[0].quantile: got 1, expected a quantile between 0 and 1 (exclusive)',
      '[bad] rows[0].panels[2].queries[1].quantile: got 0.9, expected one of the quantiles "rpc_seconds" exposes: [0.5, 0.99]',
      '[bad] rows[0].panels[2].queries[2].quantile: got 0.5, expected no quantile: "jobs_total" is a counter',
      '[bad] rows[0].panels[2].queries[3].filters.queue: got "(", expected a valid regular expression',
      '[bad] rows[0].panels[2].queries[4].filters.queue: got "(?!idle).*", expected a regular expression RE2 accepts (Prometheus has no lookaround or backreferences)',
      '[bad] rows[0].panels[3].queries[0].promql: got "sum(rate(jobs_total[5m])", expected PromQL that parses (parse error at character 25 near "total[5m])")',
      '[bad] rows[0].panels[4].span: got 30, expected a whole number of grid columns from 1 to 24',
      '[bad] rows[0].panels[4].queries: got [], expected at least one query',
      '[bad] rows[0].panels[4].thresholds[1].value: got 2, expected a finite number above the previous step',
      `[bad] rows[0].panels[4].thresholds[1].color: got "bluish", expected ${colour}`,
      `[bad] rows[0].panels[4].baseColor: got "greenish", expected ${colour}`,
      '[bad] rows[0].panels[4].max: got 1, expected a number above min (5)',
      '[bad] rows[0].panels[5].services: got [], expected at least one Service whose logs to show',
      `[bad] rows[0].panels[5].pipeline: got "| json |", expected a LogQL pipeline such as '|= "error" | json' (parse error at character 9 near "| json |")`,
      '[bad uid!] title: got "", expected a non-empty title',
      '[bad uid!] uid: got "bad uid!", expected 1 to 40 characters of [a-zA-Z0-9_-]',
      '[bad uid!] rows: got [], expected at least one row of panels',
      `[general] folder: got "General", expected '' for Grafana's General folder (no folder may be titled General)`,
      // What only the whole catalogue shows, after every construct's own problems.
      '[bad] rows[0].panels[3].queries[1].promql: got ["nobody_total"], expected metrics a service of the catalogue or an exporter declares, well-known infrastructure series, or SLO recording rules',
      '[bad] rows[0].panels[3].queries[2].metric: got "other_total", expected a metric a service of the catalogue declares (addMetric or props.metrics), one of an exporter, or one of Infrastructure',
      '[bad] rows[0].panels[5].services: got [], expected a Loki datasource for log panels: set grafana.loki in the platform settings',
      '[two] uid: got "same", expected a uid not already used by dashboard one',
      '[two] folder: got "ops-team", expected a folder title whose file-provider key ("ops-team") differs from that of folder "Ops team"',
      '[two] rows[0].panels[0].services: got ["worker"], expected a Loki datasource for log panels: set grafana.loki in the platform settings',
      '[svc-worker] uid: got "svc-worker", expected a uid not already used by the dashboard of service worker',
    ]);
    expect(d.warnings).toEqual(['rows[0].panels[0].queries[0].filters.queue: "training|export" is matched literally; if it is a regular expression, write re("training|export")']);
    expect(app.warnings()).toContain('[bad] warning: rows[0].panels[0].queries[0].filters.queue: "training|export" is matched literally; if it is a regular expression, write re("training|export")');
  });

  it('accepts the seeds\' dashboards, the General folder and metrics declared after the dashboard', () => {
    expect(testApp(crossServicePlatform, defineCrossService).problems()).toEqual([]);
    const app = new MonitoringApp({ outdir: '/nonexistent', grafana: { folder: '' } });
    const team = new Team(app, 't');
    const later = Metric.gauge({ name: 'late_gauge', help: 'Declared after the dashboard' });
    new Dashboard(app, 'early', { title: 'Early', rows: [{ title: 'r', panels: [{ title: 'x', queries: [{ metric: later }, { promql: 'sum(late_gauge)' }] }] }] });
    new Service(app, 's', { team, namespace: 'ns', scrape: { port: 80 } }).addMetric(later);
    expect(app.problems()).toEqual([]);
    expect(catalogOf(app).dashboards[0]!.folder).toBe('');
  });
});

describe('declared dashboards: queries', () => {
  it('filters by a regular expression with re() and keeps the queue label (seed 002)', () => {
    expect(exprs(panel('neural-workers', 'Queue length'))).toEqual([
      `max by (queue) (celery_queue_length{${SCOPE}, queue=~"training|compilation|export"})`,
    ]);
    expect(panel('neural-workers', 'Queue length').targets[0].legendFormat).toBe('{{queue}}');
  });

  it('averages a percent gauge by default and takes the max of a temperature when asked (GPUs are not summed)', () => {
    expect(exprs(panel('neural-system-overview', 'GPU utilisation'))).toEqual([`avg(DCGM_FI_DEV_GPU_UTIL{${SCOPE}})`]);
    expect(exprs(panel('neural-system-overview', 'Hottest GPU'))).toEqual([`max by (Hostname) (DCGM_FI_DEV_GPU_TEMP{${SCOPE}})`]);
    expect(panel('neural-system-overview', 'Hottest GPU').fieldConfig.defaults.unit).toBe('celsius');
  });

  it('rates counters, takes histogram quantiles from summed buckets, and replaces the job variable with a job filter', () => {
    expect(exprs(panel('neural-api-performance', 'Error rate'))).toEqual([`sum(rate(neural_api_requests_total{${SCOPE}, status=~"5.."}[$__rate_interval]))`]);
    expect(exprs(panel('neural-api-performance', 'Response time'))[2]).toBe(`histogram_quantile(0.99, sum by (le) (rate(neural_api_request_duration_seconds_bucket{${SCOPE}}[$__rate_interval])))`);
    expect(panel('neural-api-performance', 'Response time').targets.map((t: Json) => t.legendFormat)).toEqual(['p50', 'p95', 'p99']);
    // `up` covers every team's targets; the job filter takes the place of the $job variable.
    expect(exprs(panel('neural-system-overview', 'API instances'))).toEqual(['count(up{team=~"neural|platform", namespace=~"$namespace", instance=~"$instance", job="neural-api"})']);
  });

  it('writes PromQL as given and reads infrastructure series without the services\' scope', () => {
    expect(exprs(panel('neural-system-overview', 'Disk usage'))).toEqual([
      'max by (instance, mountpoint) (1 - node_filesystem_avail_bytes{fstype!="tmpfs"} / node_filesystem_size_bytes{fstype!="tmpfs"})',
    ]);
    expect(exprs(panel('ops-overview', 'Critical alerts firing'))).toEqual(['count(ALERTS{alertstate="firing", severity="critical"}) or vector(0)']);
  });

  it('scopes a metric pushed over OTLP by its job, and a summary without quantiles to its average', () => {
    const app = new MonitoringApp({ outdir: '/nonexistent' });
    const team = new Team(app, 't');
    const pushed = Metric.counter({ name: 'pushed_total', help: 'Pushed' });
    const avg = Metric.summary({ name: 'call_seconds', help: 'Call time' });
    const rpc = Metric.summary({ name: 'rpc_seconds', help: 'RPC', quantiles: [0.5, 0.99] });
    new Service(app, 'otlp-svc', { team, namespace: 'ns', metricsVia: 'otlp', metrics: [pushed] });
    new Service(app, 'scraped', { team, namespace: 'ns', scrape: { port: 80 }, metrics: [avg, rpc] });
    new Dashboard(app, 'd', {
      title: 'D',
      rows: [{ title: 'r', panels: [{ title: 'x', queries: [{ metric: pushed }, { metric: avg, by: ['service'] }, { metric: rpc }, { metric: rpc, quantile: 0.5, aggregation: 'min' }] }] }],
    });
    expect(app.problems()).toEqual([]);
    const c = catalogOf(app);
    const scope = 'team=~"t", namespace=~"$namespace", job=~"$job", instance=~"$instance"';
    expect(exprs(dataPanels(JSON.parse(dashboardJson(customDashboard(c.dashboards[0]!, c))))[0]!)).toEqual([
      'sum(rate(pushed_total{job=~"ns/otlp-svc", instance=~"$instance"}[$__rate_interval]))',
      `sum by (service) (rate(call_seconds_sum{${scope}}[$__rate_interval])) / sum by (service) (rate(call_seconds_count{${scope}}[$__rate_interval]))`,
      `max(rpc_seconds{${scope}, quantile="0.99"})`,
      `min(rpc_seconds{${scope}, quantile="0.5"})`,
    ]);
  });

  it('reads an exporter\'s metrics, the preset\'s and the further ones it serves, by the exporter label', () => {
    const app = new MonitoringApp({ outdir: '/nonexistent' });
    const team = new Team(app, 't');
    const db = new Service(app, 'db', { team, namespace: 'ns', scrape: { port: 80 }, metrics: [Metric.counter({ name: 'db_queries_total', help: 'Queries' })] });
    const pg = db.addExporter(Exporter.postgres())!;
    const loss = Metric.gauge({ name: 'training_loss', help: 'Loss', labels: ['run'] });
    const push = new PlatformExporter(app, 'pushgateway', { exporter: Exporter.pushgateway({ metrics: [loss] }) });
    const dcgm = new PlatformExporter(app, 'dcgm', { exporter: Exporter.dcgm() });
    new Dashboard(app, 'd', {
      title: 'D',
      rows: [{ title: 'r', panels: [
        { title: 'x', queries: [{ metric: pg.metric('pg_stat_activity_count')!, by: ['state'] }, { metric: push.metric('training_loss')!, aggregation: 'min', by: ['run'] }, { metric: dcgm.metric('DCGM_FI_DEV_GPU_UTIL')! }] },
        { title: 'y', queries: [{ promql: 'max by (run) (training_loss) / max(pg_settings_max_connections)' }] },
      ] }],
    });
    expect(app.problems()).toEqual([]);
    const VARS = 'namespace=~"$namespace", job=~"$job", instance=~"$instance"';
    expect(push.metrics.map((m) => m.name)).toEqual(['push_time_seconds', 'push_failure_time_seconds', 'training_loss']);
    const c = catalogOf(app);
    expect(exprs(dataPanels(JSON.parse(dashboardJson(customDashboard(c.dashboards[0]!, c))))[0]!)).toEqual([
      `sum by (state) (pg_stat_activity_count{exporter=~"db-postgres", ${VARS}})`,
      `min by (run) (training_loss{exporter=~"pushgateway", ${VARS}})`,
      `avg(DCGM_FI_DEV_GPU_UTIL{exporter=~"dcgm", ${VARS}})`,
    ]);
  });

  it('rejects further exporter metrics that are not metrics or repeat a preset\'s', () => {
    const app = new MonitoringApp({ outdir: '/nonexistent' });
    const dup = Metric.gauge({ name: 'push_time_seconds', help: 'Again', unit: 'seconds' });
    new PlatformExporter(app, 'pushgateway', { exporter: Exporter.pushgateway({ metrics: [dup, 'loss' as unknown as Metric] }) });
    new PlatformExporter(app, 'node', { exporter: Exporter.node({ metrics: 'x' as unknown as Metric[] }) });
    expect(app.problems()).toEqual([
      '[pushgateway] metrics[0]: got "push_time_seconds", expected a metric name not already declared by the pushgateway preset or earlier in metrics',
      '[pushgateway] metrics[1]: got "loss", expected a Metric declaration (Metric.gauge(…), …)',
      '[node] metrics: got "x", expected a list of Metric declarations (Metric.gauge(…), …)',
    ]);
  });

  it('reads the logs of the services named, through the pipeline', () => {
    expect(exprs(panel('ops-overview', 'Errors'))).toEqual([
      '{namespace="hosting", service=~"api|billing-worker|provisioning-worker"} | json | level="error" | line_format "{{.correlation_id}} {{.error_code}} {{.msg}}"',
    ]);
    expect(exprs(panel('neural-system-overview', 'API errors'))).toEqual(['{namespace="neural-prod", service="neural-api"} | json | level="ERROR"']);
  });
});

describe('declared dashboards: panels', () => {
  it('renders each panel type with its unit, thresholds and range', () => {
    const types = Object.fromEntries(dataPanels(rendered('neural-system-overview')).map((p) => [p.title, p.type]));
    expect(types).toEqual({
      'API instances': 'stat', 'Database connections': 'timeseries', 'Redis memory usage': 'timeseries', 'Disk usage': 'bargauge',
      'GPU utilisation': 'gauge', 'Hottest GPU': 'timeseries', 'GPUs by host': 'table', 'API errors': 'logs',
    });
    const disk = panel('neural-system-overview', 'Disk usage');
    expect(disk.fieldConfig.defaults).toMatchObject({ unit: 'percentunit', min: 0, max: 1 });
    expect(disk.fieldConfig.defaults.thresholds.steps).toEqual([{ value: null, color: 'green' }, { value: 0.85, color: 'orange' }, { value: 0.95, color: 'red' }]);
    expect(panel('neural-system-overview', 'API instances').fieldConfig.defaults.thresholds.steps).toEqual([{ value: null, color: 'red' }, { value: 1, color: 'green' }]);
    expect(panel('neural-system-overview', 'GPU utilisation').targets[0].instant).toBe(true);
    expect(panel('neural-system-overview', 'Hottest GPU').fieldConfig.defaults.custom.thresholdsStyle).toEqual({ mode: 'dashed' });
    expect(panel('neural-system-overview', 'Redis memory usage').fieldConfig.defaults.unit).toBe('bytes');
    const table = panel('neural-system-overview', 'GPUs by host');
    expect(table.targets.map((t: Json) => [t.refId, t.format, t.instant])).toEqual([['A', 'table', true]]);
    expect(table.transformations.find((t: Json) => t.id === 'organize').options.renameByName).toEqual({ Hostname: 'Hostname', 'Value #A': 'Utilisation' });
  });

  it('lays rows out in order, splitting the width among a row\'s panels unless a span is given', () => {
    const d = rendered('ops-overview');
    expect(d.panels.filter((p: Json) => p.type === 'row').map((p: Json) => p.title)).toEqual(['Health roll-up', 'Queue depth', 'Throughput and errors', 'Recent incidents']);
    expect(dataPanels(d).map((p) => p.gridPos.w)).toEqual([16, 8, 12, 12, 8, 8, 8, 24]);
    expect(d.tags).toEqual(['monitoring-as-code', 'custom', 'ops']);
    expect(d.uid).toBe('ops-overview');
    expect(d.editable).toBe(false);
  });

  it('gives log panels a Loki datasource variable, and dashboards without them none', () => {
    const logs = panel('ops-overview', 'Errors');
    expect(logs.datasource).toEqual({ type: 'loki', uid: '${loki_datasource}' });
    expect(logs.targets[0]).toMatchObject({ refId: 'A', datasource: { type: 'loki', uid: '${loki_datasource}' } });
    expect(logs.options).toMatchObject({ enableLogDetails: true, sortOrder: 'Descending' });
    const vars = (uid: string) => rendered(uid).templating.list.map((v: Json) => [v.name, v.type, v.query]);
    expect(vars('ops-overview').at(-1)).toEqual(['loki_datasource', 'datasource', 'loki']);
    expect(vars('neural-workers').map((v: unknown[]) => v[0])).toEqual(['datasource', 'namespace', 'job', 'instance']);
  });

  it('describes a panel by its first metric when no description is given', () => {
    expect(panel('neural-system-overview', 'Redis memory usage').description).toBe('Memory Redis uses (redis_memory_used_bytes).');
    expect(panel('ops-overview', 'Errors').description).toBe(
      'Log lines of api, provisioning-worker, billing-worker through `| json | level="error" | line_format "{{.correlation_id}} {{.error_code}} {{.msg}}"`; request_id, correlation_id and trace_id link to the request\'s other lines and its trace.',
    );
  });

  it('renders the same bytes twice', () => {
    const again = catalogOf(testApp(crossServicePlatform, defineCrossService));
    for (const d of cross.dashboards) {
      expect(dashboardJson(customDashboard(again.dashboards.find((x) => x.uid === d.uid)!, again))).toBe(dashboardJson(customDashboard(d, cross)));
    }
  });
});
