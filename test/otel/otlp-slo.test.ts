/**
 * Services whose metrics come through the collector: scoped by the OTLP translation's job, never
 * scraped, no target-down, span-metric SLIs; their generated tests pass on both promtools.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { Metric, MonitoringApp, Service, Sli, slothExport, Symptom, Team, type ServiceProps } from '../../lib';
import { Dashboards, Files } from '../../lib/conventions';
import { catalogOf } from '../../lib/model/catalog';
import { platform } from '../../services';
import { defineOtlpServices, OTLP_NAMESPACE } from '../fixtures/otlp-services';
import { testRules } from '../support/promtool';
import { synthTo, tempDir } from '../support/synth';
import { availableToolchains } from '../support/tools';

const requests = Metric.counter({ name: 'http_server_requests_total', help: 'Requests', labels: ['code'] });

function otlp(props: Partial<ServiceProps> = {}) {
  const a = new MonitoringApp({ outdir: tempDir() });
  const team = new Team(a, 'team', { name: 'payments' });
  const s = new Service(a, 'checkout', { team, namespace: 'shop', metricsVia: 'otlp', metrics: [requests], ...props });
  return { a, s };
}

const rules = (dir: string, service: string) => fs.readFileSync(path.join(dir, Files.ruleFile(service)), 'utf8');

describe('metricsVia: otlp', () => {
  it('scopes SLIs and symptoms by job="<namespace>/<name>", as the collector writes it', () => {
    const { a, s } = otlp();
    const slo = s.addSlo('errors', { objective: 99, sli: Sli.ratio({ errors: { metric: requests }, total: { metric: requests } }) });
    s.addSymptom(Symptom.errorRatio({ errors: { metric: requests }, total: { metric: requests }, thresholdPercent: 5 }));
    expect(a.problems()).toEqual([]);
    expect(slo.sli.total!.matchers).toEqual([{ label: 'job', op: '=', value: 'shop/checkout' }]);
    expect(s.symptoms[0]!.selections[0]![1].matchers).toEqual([{ label: 'job', op: '=', value: 'shop/checkout' }]);
  });

  it('a scraped service keeps job="<name>", and its span SLIs still read the collector\'s job', () => {
    const a = new MonitoringApp({ outdir: tempDir() });
    const s = new Service(a, 'checkout', { team: new Team(a, 'team'), namespace: 'shop', scrape: { port: 8080 }, metrics: [requests] });
    const plain = s.addSlo('errors', { objective: 99, sli: Sli.ratio({ errors: { metric: requests }, total: { metric: requests } }) });
    const spans = s.addSlo('spans', { objective: 99, sli: Sli.spanErrors() });
    expect(a.problems()).toEqual([]);
    expect(plain.sli.total!.matchers).toEqual([{ label: 'job', op: '=', value: 'checkout' }]);
    expect(spans.sli.total!.matchers).toEqual([{ label: 'job', op: '=', value: 'shop/checkout' }, { label: 'span_kind', op: '=', value: 'SPAN_KIND_SERVER' }]);
  });

  it('rejects target-down, a scrape endpoint, an unknown metricsVia, scrape labels and an unknown span kind, all together', () => {
    const { a, s } = otlp({ scrape: { port: 8080 } });
    s.addSymptom(Symptom.targetDown());
    s.addSlo('team', { objective: 99, sli: Sli.ratio({ errors: { metric: requests, matchers: [{ label: 'team', op: '=', value: 'x' }] }, total: { metric: requests } }) });
    s.addSlo('spans', { objective: 99, sli: Sli.spanErrors({ spanKind: 'SERVER' as never }) });
    s.addSlo('slow', { objective: 99, sli: Sli.spanLatency({ thresholdMs: 300 }) });
    const b = new MonitoringApp({ outdir: tempDir() });
    new Service(b, 'x', { team: new Team(b, 't'), namespace: 'shop', metricsVia: 'push' as never, scrape: { port: 1 }, metrics: [requests] });
    new Service(b, 'y', { team: b.node.findChild('t') as Team, namespace: 'shop', metrics: [requests] });
    expect(a.problems()).toEqual([
      '[checkout] scrape.port: got 8080, expected no scrape endpoint when metricsVia is "otlp": the collector remote-writes the metrics, so leave scrape out',
      '[checkout] symptom target-down: got "otlp", expected a scraped service (metricsVia: \'scrape\'): series pushed over OTLP have no "up"; drop Symptom.targetDown() and use an SLO with alerting.absentAlert, or the collector\'s own alerts',
      '[checkout/team] sli.errors matcher label: got "team", expected one of the labels of "http_server_requests_total": code, job, instance',
      '[checkout/spans] sli.spanKind: got "SERVER", expected one of SPAN_KIND_SERVER, SPAN_KIND_CLIENT, SPAN_KIND_CONSUMER, SPAN_KIND_PRODUCER, SPAN_KIND_INTERNAL',
      '[checkout/slow] sli.thresholdMs: got 300, expected one of the bucket boundaries of "traces_span_metrics_duration_milliseconds" (milliseconds): [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]',
    ]);
    expect(b.problems()).toEqual([
      '[x] metricsVia: got "push", expected one of "scrape", "otlp"',
      '[y] scrape: got undefined, expected the metrics endpoint ({ port, … }), or metricsVia: "otlp" when the metrics reach Prometheus through the collector',
    ]);
  });

  it('a service with neither metrics nor a span SLO is still an error; a span SLO alone suffices', () => {
    const { a } = otlp({ metrics: [] });
    expect(a.problems()).toEqual([
      '[checkout] service declares no metrics: got [], expected at least one Metric (addMetric or props.metrics), or an SLO on span metrics (Sli.spanErrors, Sli.spanLatency)',
    ]);
    const ok = otlp({ metrics: [] });
    ok.s.addSlo('spans', { objective: 99, sli: Sli.spanErrors() });
    expect(ok.a.problems()).toEqual([]);
  });
});

describe('the OTLP fixture, synthesized', () => {
  let dir: string;
  beforeAll(() => {
    dir = synthTo(defineOtlpServices, platform);
  });

  it('is not scraped: no scrape job, no ServiceMonitor', () => {
    const prom = parse(fs.readFileSync(path.join(dir, Files.prometheusConfig), 'utf8'));
    expect(prom.scrape_configs).toEqual([]);
    const k8s = path.join(dir, 'kubernetes');
    const manifests = fs.readdirSync(k8s).map((f) => fs.readFileSync(path.join(k8s, f), 'utf8')).join('\n');
    expect(manifests).not.toMatch(/kind: (ServiceMonitor|PodMonitor)/);
    expect(manifests).toContain('kind: PrometheusRule');
  });

  it('rules select job="<namespace>/<name>" and the span metrics', () => {
    const api = rules(dir, 'api');
    expect(api).toContain(`http_server_requests_total{job="${OTLP_NAMESPACE}/api"}`);
    expect(api).toContain(`traces_span_metrics_duration_milliseconds_bucket{job="${OTLP_NAMESPACE}/api", span_kind="SPAN_KIND_SERVER", le=~"1000`);
    expect(api).not.toMatch(/job="api"/);
    const worker = rules(dir, 'provisioning-worker');
    expect(worker).toContain(`traces_span_metrics_calls_total{job="${OTLP_NAMESPACE}/provisioning-worker", span_kind="SPAN_KIND_CONSUMER", status_code="STATUS_CODE_ERROR"}`);
  });

  it('the generated test inputs carry the collector\'s job', () => {
    const t = fs.readFileSync(path.join(dir, Files.ruleTest('provisioning-worker')), 'utf8');
    expect(t).toContain(`traces_span_metrics_calls_total{job="${OTLP_NAMESPACE}/provisioning-worker", span_kind="SPAN_KIND_CONSUMER", status_code="STATUS_CODE_ERROR"}`);
  });

  it('the catalogue says how the metrics arrive and which SLOs read spans', () => {
    const md = fs.readFileSync(path.join(dir, Files.catalogPage('api')), 'utf8');
    expect(md).toContain(`Metrics arrive over OTLP through the collector (remote write), as \`job="${OTLP_NAMESPACE}/api"\`; not scraped.`);
    const worker = fs.readFileSync(path.join(dir, Files.catalogPage('provisioning-worker')), 'utf8');
    expect(worker).toMatch(/### SLO processing\n[\s\S]*?\| 99\.5% \| 30d \| 0\.5% \| 216 \| ratio \(span metrics\) \|/);
  });

  it('the service dashboard selects the collector\'s job and finds pods by name, not through up', () => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, Files.dashboard(Dashboards.serviceUid('api'))), 'utf8'));
    const exprs: string[] = (json.panels ?? []).flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.some((e) => e.includes(`http_server_requests_total{job="${OTLP_NAMESPACE}/api", instance=~"$instance"}`))).toBe(true);
    expect(exprs.filter((e) => e.includes('container_memory_working_set_bytes'))).toEqual([
      `sum by (pod) (container_memory_working_set_bytes{namespace="${OTLP_NAMESPACE}", pod=~"api-.*", container!=""})`,
    ]);
    expect(exprs.filter((e) => /\bup\{|service="api"/.test(e))).toEqual([]);
  });

  it('the service dashboard\'s dropdowns read target_info, not up: OTLP series have no up and no namespace label', () => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, Files.dashboard(Dashboards.serviceUid('api'))), 'utf8'));
    const variables = json.templating.list.filter((v: { type: string }) => v.type === 'query').map((v: { name: string; query: string }) => [v.name, v.query]);
    expect(variables).toEqual([['instance', `label_values(target_info{job="${OTLP_NAMESPACE}/api"}, instance)`]]);
    // The panels on the service's own series follow the dropdown.
    const exprs: string[] = (json.panels ?? []).flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.filter((e) => e.includes('http_server_requests_total')).every((e) => e.includes(`{job="${OTLP_NAMESPACE}/api", instance=~"$instance"}`))).toBe(true);
    // A scraped service keeps namespace → job → instance from up.
    const scraped = JSON.parse(fs.readFileSync(path.join(synthTo(), Files.dashboard(Dashboards.serviceUid('api-gateway'))), 'utf8'));
    expect(scraped.templating.list.filter((v: { type: string }) => v.type === 'query').map((v: { query: string }) => v.query.split('(')[1]!.split('{')[0])).toEqual(['up', 'up', 'up']);
  });

  it('the Sloth export carries the span SLIs with their scope', () => {
    const a = new MonitoringApp({ outdir: tempDir() });
    defineOtlpServices(a);
    const out = JSON.stringify(slothExport(a.settings, catalogOf(a).services));
    expect(out).toContain(`traces_span_metrics_calls_total{job=\\"${OTLP_NAMESPACE}/provisioning-worker\\"`);
  });

  describe.each(availableToolchains('promtool'))('promtool $prometheus', (tc) => {
    it.each(['api', 'provisioning-worker'])('the generated tests of %s pass', async (service) => {
      expect(await testRules(tc, dir, Files.ruleTest(service))).toBeUndefined();
    }, 300_000);
    it('a generated test fails when the rules read the scrape job instead', async () => {
      const copy = tempDir();
      fs.cpSync(dir, copy, { recursive: true });
      const file = path.join(copy, Files.ruleFile('provisioning-worker'));
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll(`job="${OTLP_NAMESPACE}/provisioning-worker"`, 'job="provisioning-worker"'));
      expect(await testRules(tc, copy, Files.ruleTest('provisioning-worker'))).toMatch(/FAILED/);
    }, 300_000);
  });
});
