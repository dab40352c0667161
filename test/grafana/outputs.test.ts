/** What lands in dist/ for Grafana: JSON files, sidecar ConfigMaps, optional operator objects, provisioning. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkConfigMapSize, correlationRegex, REQUEST_ID_REGEX, TRACE_ID_REGEX, datasources } from '../../lib/grafana';
import { crossServicePlatform, defineCrossService } from '../fixtures/cross-service';
import { catalogOf } from '../../lib/model/catalog';
import { Metric, MonitoringApp, Service, Team } from '../../lib';
import { listFiles, synthTo } from '../support/synth';
import { platform } from '../../services';
import { defineTestCatalog, testApp } from './catalog';

const MiB = 1024 * 1024;
const dir = synthTo(defineTestCatalog);
const files = listFiles(dir);
const manifest = (f: string) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8'))[0]!.toJS();

describe('Grafana outputs', () => {
  const uids = files.filter((f) => f.startsWith('grafana/dashboards/')).map((f) => path.basename(f, '.json'));

  it('writes one JSON file per service plus the overview, the collector\'s and the declared platform-health', () => {
    expect(uids).toHaveLength(19);
    expect(uids).toContain('platform-health');
    expect(uids).toContain('otelcol-otel-gateway');
    expect(uids).toContain('slo-overview');
    expect(uids).toContain('svc-neurondb');
  });

  it('writes one sidecar ConfigMap per dashboard, with the same JSON, under 1 MiB', () => {
    for (const uid of uids) {
      const cm = manifest(`kubernetes/ConfigMap.grafana-dashboard-${uid}.k8s.yaml`);
      expect(cm.metadata.labels.grafana_dashboard).toBe('1');
      expect(cm.metadata.annotations).toEqual({ grafana_folder: 'Keviq' });
      expect(cm.metadata.namespace).toBe('monitoring');
      const data = cm.data[`${uid}.json`];
      expect(data).toBe(fs.readFileSync(path.join(dir, `grafana/dashboards/${uid}.json`), 'utf8'));
      expect(Buffer.byteLength(JSON.stringify(cm))).toBeLessThan(MiB);
      expect(checkConfigMapSize(cm.metadata.name, data)).toBeUndefined();
    }
  });

  it('emits no GrafanaDashboard objects unless an operator instance selector is set', () => {
    expect(files.filter((f) => f.includes('GrafanaDashboard'))).toEqual([]);
    const withOperator = synthTo(defineTestCatalog, { ...platform, grafana: { ...platform.grafana, operatorInstanceSelector: { dashboards: 'grafana' } } });
    const crs = listFiles(withOperator).filter((f) => f.includes('GrafanaDashboard'));
    expect(crs).toHaveLength(19);
    const cr = parse(fs.readFileSync(path.join(withOperator, 'kubernetes/GrafanaDashboard.svc-api-gateway.k8s.yaml'), 'utf8'));
    expect(cr.apiVersion).toBe('grafana.integreatly.org/v1beta1');
    expect(cr.spec).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'grafana' } },
      folder: 'Keviq', uid: 'svc-api-gateway', resyncPeriod: '10m0s',
      configMapRef: { name: 'grafana-dashboard-svc-api-gateway', key: 'svc-api-gateway.json' },
    });
  });

  it('warns past 256 KiB (client-side apply annotation limit) and refuses 1 MiB', () => {
    expect(checkConfigMapSize('cm', 'x'.repeat(256 * 1024))).toBe(
      'ConfigMap cm: dashboard JSON is 262144 bytes, over the 256 KiB annotation limit of client-side kubectl apply; use kubectl apply --server-side',
    );
    expect(() => checkConfigMapSize('cm', 'x'.repeat(MiB))).toThrow('ConfigMap cm: dashboard JSON is 1048576 bytes, over the 1 MiB ConfigMap limit; split the dashboard');
  });

  it('writes the dashboard provider and datasources with fixed uids as .yml', () => {
    const provider = parse(fs.readFileSync(path.join(dir, 'grafana/provisioning/dashboards/monitoring-as-code.yml'), 'utf8'));
    expect(provider.providers[0]).toMatchObject({ name: 'monitoring-as-code', type: 'file', folder: 'Keviq', allowUiUpdates: false, options: { path: '/var/lib/grafana/dashboards/monitoring-as-code' } });
    const ds = parse(fs.readFileSync(path.join(dir, 'grafana/provisioning/datasources/monitoring-as-code.yml'), 'utf8'));
    expect(ds.datasources.map((d: any) => [d.name, d.uid, d.type])).toEqual([['Prometheus', 'prometheus', 'prometheus'], ['Loki', 'loki', 'loki'], ['Tempo', 'tempo', 'tempo']]);
    const tempo = ds.datasources[2].jsonData;
    expect(tempo.tracesToLogsV2.datasourceUid).toBe('loki');
    expect(tempo.tracesToMetrics.datasourceUid).toBe('prometheus');
    // Every correlation id the catalogue's services log is a link: the trace in Tempo, the request's lines in Loki.
    expect(ds.datasources[1].jsonData.derivedFields.map((f: any) => [f.name, f.datasourceUid, f.matcherRegex])).toEqual([
      ['trace_id', 'tempo', TRACE_ID_REGEX], ['request_id', 'loki', REQUEST_ID_REGEX], ['correlation_id', 'loki', correlationRegex('correlation_id')],
    ]);
  });

  it('provisions only Prometheus when Loki and Tempo are not set', () => {
    const app = new MonitoringApp({ outdir: '/nonexistent' });
    const ds = datasources(catalogOf(app)) as any;
    expect(ds.datasources.map((d: any) => d.uid)).toEqual(['prometheus']);
    expect(ds.datasources[0].jsonData).toEqual({ timeInterval: '30s' });
  });
});

describe('log correlation', () => {
  const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
  // Log lines as the seeds' loggers write them: structlog JSON, zerolog JSON, logfmt.
  const lines = [
    `{"timestamp":"2024-01-01T00:00:00Z","level":"info","request_id":"3f9c1a52-7d1e-4c2b-9a61-0c1d2e3f4a5b","trace_id":"${trace}","message":"ok"}`,
    `{"level":"info","trace_id": "${trace}","span_id":"00f067aa0ba902b7","request_id": "3f9c1a52-7d1e-4c2b-9a61-0c1d2e3f4a5b"}`,
    `level=info request_id=3f9c1a52-7d1e-4c2b-9a61-0c1d2e3f4a5b trace_id=${trace} msg=ok`,
  ];
  it('turns trace_id into a Tempo link and request_id into a Loki search in every log format', () => {
    for (const line of lines) {
      expect(new RegExp(TRACE_ID_REGEX).exec(line)?.[1]).toBe(trace);
      expect(new RegExp(REQUEST_ID_REGEX).exec(line)?.[1]).toBe('3f9c1a52-7d1e-4c2b-9a61-0c1d2e3f4a5b');
    }
    expect(new RegExp(TRACE_ID_REGEX).exec('span_id=00f067aa0ba902b7')).toBeNull();
  });

  it('links correlation_id (seed 003) in JSON, logfmt and camel case, and request_id written from X-Request-ID', () => {
    const id = '01J8ZK2V3Q4R5S6T7U8V9W0XYZ';
    const correlation = new RegExp(correlationRegex('correlation_id'));
    for (const line of [`{"level":"error","correlation_id":"${id}","error_code":"E42"}`, `level=error correlation_id=${id} msg=failed`, `{"CorrelationID": "${id}"}`]) {
      expect(correlation.exec(line)?.[1]).toBe(id);
    }
    expect(new RegExp(REQUEST_ID_REGEX).exec(`{"x_request_id":"${id}"}`)?.[1]).toBe(id);
    expect(correlation.exec(`request_id=${id}`)).toBeNull();
  });
});

describe('declared dashboards in every delivery form', () => {
  const operator = { dashboards: 'grafana' };
  const props = { ...crossServicePlatform, grafana: { ...crossServicePlatform.grafana, operatorInstanceSelector: operator } };
  const out = synthTo(defineCrossService, props);
  const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');
  const yamlOf = (f: string) => parse(read(f));
  const FORMS: Array<[string, string, string, string]> = [
    // uid, folder, JSON file, the operator's folder
    ['neural-api-performance', 'Neural DSL', 'grafana/dashboards/neural-api-performance.json', 'Neural DSL'],
    ['neural-system-overview', '', 'grafana/folders/general/neural-system-overview.json', 'General'],
    ['ops-overview', 'Operations', 'grafana/folders/operations/ops-overview.json', 'Operations'],
  ];

  it.each(FORMS)('%s: JSON file, sidecar ConfigMap and GrafanaDashboard in folder %j', (uid, folder, file, operatorFolder) => {
    const cm = yamlOf(`kubernetes/ConfigMap.grafana-dashboard-${uid}.k8s.yaml`);
    expect(cm.metadata.annotations).toEqual({ grafana_folder: folder });
    expect(cm.data[`${uid}.json`]).toBe(read(file));
    expect(JSON.parse(read(file)).uid).toBe(uid);
    const cr = yamlOf(`kubernetes/GrafanaDashboard.${uid}.k8s.yaml`);
    expect(cr.spec).toEqual({
      instanceSelector: { matchLabels: operator }, folder: operatorFolder, uid, resyncPeriod: '10m0s',
      configMapRef: { name: `grafana-dashboard-${uid}`, key: `${uid}.json` },
    });
  });

  it('provisions one file provider per folder, each reading its own directory', () => {
    const providers = yamlOf('grafana/provisioning/dashboards/monitoring-as-code.yml').providers;
    expect(providers.map((p: any) => [p.name, p.folder, p.options.path])).toEqual([
      ['monitoring-as-code', 'Neural DSL', '/var/lib/grafana/dashboards/monitoring-as-code'],
      ['monitoring-as-code-general', '', '/var/lib/grafana/dashboards/monitoring-as-code-folders/general'],
      ['monitoring-as-code-operations', 'Operations', '/var/lib/grafana/dashboards/monitoring-as-code-folders/operations'],
    ]);
    expect(listFiles(out).filter((f) => f.startsWith('grafana/folders/'))).toEqual(['grafana/folders/general/neural-system-overview.json', 'grafana/folders/operations/ops-overview.json']);
  });

  it('respects delivery: operator writes only the Kubernetes objects, files only the JSON and provisioning', () => {
    const onlyOperator = listFiles(synthTo(defineCrossService, { ...props, delivery: 'operator' }));
    expect(onlyOperator.filter((f) => f.startsWith('grafana/'))).toEqual([]);
    expect(onlyOperator).toContain('kubernetes/ConfigMap.grafana-dashboard-ops-overview.k8s.yaml');
    expect(onlyOperator).toContain('kubernetes/GrafanaDashboard.ops-overview.k8s.yaml');
    const onlyFiles = listFiles(synthTo(defineCrossService, { ...props, delivery: 'files' }));
    expect(onlyFiles.filter((f) => f.startsWith('kubernetes/'))).toEqual([]);
    expect(onlyFiles).toContain('grafana/folders/operations/ops-overview.json');
  });

  it('puts every dashboard in the General folder when grafana.folder is empty', () => {
    const general = synthTo(defineCrossService, { ...props, grafana: { ...props.grafana, folder: '' } });
    const g = (f: string) => parse(fs.readFileSync(path.join(general, f), 'utf8'));
    expect(g('grafana/provisioning/dashboards/monitoring-as-code.yml').providers.map((p: any) => [p.name, p.folder])).toEqual([
      ['monitoring-as-code', ''], ['monitoring-as-code-operations', 'Operations'],
    ]);
    expect(g('kubernetes/ConfigMap.grafana-dashboard-svc-neural-api.k8s.yaml').metadata.annotations).toEqual({ grafana_folder: '' });
    expect(g('kubernetes/GrafanaDashboard.svc-neural-api.k8s.yaml').spec.folder).toBe('General');
    expect(fs.existsSync(path.join(general, 'grafana/dashboards/neural-system-overview.json'))).toBe(true);
    // Dashboards without a folder of their own follow grafana.folder.
    expect(fs.existsSync(path.join(general, 'grafana/dashboards/neural-api-performance.json'))).toBe(true);
    expect(listFiles(general).filter((f) => f.startsWith('grafana/folders/'))).toEqual(['grafana/folders/operations/ops-overview.json']);
  });

  it('allows an empty grafana.folder (General) but not a blank one or one titled General', () => {
    expect(new MonitoringApp({ outdir: '/nonexistent', grafana: { folder: '' } }).problems()).toEqual([]);
    expect(new MonitoringApp({ outdir: '/nonexistent', grafana: { folder: ' ' } }).problems()).toEqual([
      `[settings] grafana.folder: got " ", expected a folder title, or '' for the General folder`,
    ]);
    expect(new MonitoringApp({ outdir: '/nonexistent', grafana: { folder: 'general' } }).problems()).toEqual([
      `[settings] grafana.folder: got "general", expected '' for Grafana's General folder (no folder may be titled General)`,
    ]);
  });

  it('refuses a folders path inside the dashboards path (Grafana reads provider directories recursively)', () => {
    const app = new MonitoringApp({ outdir: '/nonexistent', grafana: { dashboardsPath: '/var/lib/grafana/dashboards', foldersPath: '/var/lib/grafana/dashboards/more' } });
    expect(app.problems()).toEqual([
      '[settings] grafana.foldersPath: got "/var/lib/grafana/dashboards/more", expected a directory neither inside nor around grafana.dashboardsPath (/var/lib/grafana/dashboards): Grafana reads provider directories recursively',
    ]);
  });
});

describe('validation', () => {
  it('reports bad request metrics, panels and Grafana settings with path, value and expectation', () => {
    const app = new MonitoringApp({ outdir: '/nonexistent', grafana: { prometheusUrl: 'prometheus:9090', refresh: 'often' } });
    const team = new Team(app, 'team');
    const total = Metric.counter({ name: 'x_requests_total', help: 'Requests', labels: ['method'] });
    const latency = Metric.gauge({ name: 'x_latency_seconds', help: 'Latency' });
    const undeclared = Metric.counter({ name: 'x_other_total', help: 'Other' });
    new Service(app, 'x', {
      team, namespace: 'ns', scrape: { port: 80 }, metrics: [total, latency],
      requests: { total, duration: latency, statusLabel: 'code' },
      panels: [{ metric: undeclared, by: ['pod', 'shard'] }],
    });
    expect(app.problems()).toEqual([
      '[x] requests.duration type: got "gauge", expected histogram or summary (metric "x_latency_seconds")',
      '[x] requests.statusLabel: got "code", expected a label of "x_requests_total": one of ["method"]',
      '[x] panel "Other" metric: got "x_other_total", expected a metric this service declares (addMetric or props.metrics)',
      '[x] panel "Other" by: got "shard", expected a label of "x_other_total" or a target label: one of ["instance", "job", "service", "team", "namespace", "pod"]',
      '[settings] grafana.prometheusUrl: got "prometheus:9090", expected an http:// or https:// URL',
      '[settings] grafana.refresh: got "often", expected a Grafana refresh interval such as 30s, 1m or 5m',
    ]);
  });

  it('needs an errors counter or a status label', () => {
    const app = testApp(platform, (scope) => {
      const total = Metric.counter({ name: 'y_requests_total', help: 'Requests' });
      new Service(scope, 'y', { team: new Team(scope, 't'), namespace: 'ns', scrape: { port: 80 }, metrics: [total], requests: { total } });
    });
    expect(app.problems()).toEqual(['[y] requests.errors: got undefined, expected an errors counter, or a statusLabel on "y_requests_total" to count 5xx responses']);
  });
});
