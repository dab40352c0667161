/** Custom alerts (`service.addAlert`, `PlatformAlert`): exact validation messages, rules, routing lines and the catalogue. */
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  div, eq, gt, Infrastructure, Metric, MonitoringApp, num, PlatformAlert, rate, selector, Service, sum, Symptom, Team, type AlertProps,
} from '../../lib';
import { routingCases } from '../../lib/alertmanager/expected';
import { catalogOf } from '../../lib/model/catalog';
import { alertFacts } from '../../lib/docs/alerts';
import { serviceGroups } from '../../lib/slo';
import { tempDir } from '../support/synth';

const queue = Metric.gauge({ name: 'jobs_waiting', help: 'Jobs waiting', labels: ['queue'] });
const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['code'] });
const base: AlertProps = { expr: gt(selector(queue.name), num(100)), severity: 'warning', summary: 'Long queue', description: '{{ $value }} jobs' };

function setup(props: ConstructorParameters<typeof MonitoringApp>[0] = {}) {
  const app = new MonitoringApp({ outdir: tempDir(), ...props });
  const team = new Team(app, 'team', { name: 'payments' });
  const svc = new Service(app, 'checkout', { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [queue, requests] });
  return { app, team, svc };
}

describe('service.addAlert', () => {
  it('renders a rule with the label contract, the service scope on its own metrics and the default name and for', () => {
    const { app, svc } = setup();
    svc.addAlert('queue-too-long', { ...base, labels: { component: 'workers' }, annotations: { runbook_url: 'https://wiki/queue' } });
    expect(app.problems()).toEqual([]);
    const rules = serviceGroups(catalogOf(app).settings, svc).find((g) => g.name === 'checkout-alerts')!.rules;
    expect(rules).toEqual([{
      alert: 'CheckoutQueueTooLong',
      expr: 'jobs_waiting{job="checkout"} > 100',
      for: '5m',
      labels: { service: 'checkout', team: 'payments', namespace: 'shop', tier: 'standard', severity: 'warning', component: 'workers' },
      annotations: {
        summary: 'Long queue', description: '{{ $value }} jobs', runbook_url: 'https://wiki/queue', dashboard_url: 'http://localhost:3000/d/svc-checkout',
      },
    }]);
  });

  it('keeps well-known series unscoped and accepts metrics declared after the alert', () => {
    const { app, svc } = setup();
    const late = Metric.gauge({ name: 'pool_in_use', help: 'Connections in use' });
    svc.addAlert('pool', { ...base, expr: gt(div(selector(late.name), selector(Infrastructure.memoryTotal.name)), num(0.5)) });
    svc.addMetric(late);
    expect(app.problems()).toEqual([]);
    expect(svc.alerts[0]!.expr).toEqual(gt(div(selector(late.name, [eq('job', 'checkout')]), selector(Infrastructure.memoryTotal.name)), num(0.5)));
  });

  it('reports every bad prop with path, value and expectation', () => {
    const { app, svc } = setup();
    svc.addAlert('bad', {
      ...base,
      name: 'bad name',
      // Not type-checked at synth: tsx runs the catalogue as plain JavaScript.
      severity: 'page' as never,
      for: 'soon',
      summary: 'Queue at {{ $value }}',
      description: 'unclosed {{ $value',
      labels: { team: 'other', '1x': 'y' },
      annotations: { dashboard_url: 'x', summary: 'twice' },
    });
    expect(app.problems()).toEqual([
      '[checkout/bad] alert name: got "bad name", expected an alert name matching [a-zA-Z_][a-zA-Z0-9_]*, such as CheckoutHighErrorRate',
      '[checkout/bad] severity: got "page", expected one of "critical", "warning", "info"',
      '[checkout/bad] for: got "soon", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
      '[checkout/bad] summary: got "Queue at {{ $value }}", expected a static line without templates (it groups notifications); put values in the description',
      '[checkout/bad] description: got "unclosed {{ $value", expected templates closed as {{ … }}',
      '[checkout/bad] labels label name: got "team", expected a label name we do not set for you: "team" is reserved, because Alertmanager routes every alert to its team by it',
      '[checkout/bad] labels label name: got "1x", expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*',
      '[checkout/bad] annotations annotation name: got "dashboard_url", expected an annotation we do not set for you: "dashboard_url" links the service dashboard',
      '[checkout/bad] annotations.summary: got "twice", expected the summary prop, not an annotation',
    ]);
  });

  it('checks the metrics and matcher labels of built and raw expressions', () => {
    const { app, svc } = setup();
    svc.addAlert('unknown', { ...base, expr: gt(sum(rate(selector('orders_total', [eq('code', '500')]), '5m')), num(1)) });
    svc.addAlert('label', { ...base, expr: gt(selector(queue.name, [eq('region', 'eu')]), num(1)) });
    svc.addAlert('raw-unknown', { ...base, expr: 'sum(rate(orders_total[5m])) > 1' });
    svc.addAlert('raw-syntax', { ...base, expr: 'sum(rate(jobs_waiting[5m]) > ' });
    const known = 'a metric declared by service "checkout" (addMetric), a well-known series (up, container_cpu_usage_seconds_total, container_memory_working_set_bytes, '
      + 'kube_pod_container_resource_limits, kube_pod_container_status_restarts_total, ALERTS, node_filesystem_avail_bytes, node_filesystem_size_bytes, '
      + 'node_memory_MemAvailable_bytes, node_memory_MemTotal_bytes, node_cpu_seconds_total), or one added with the platform setting knownMetrics';
    expect(app.problems()).toEqual([
      `[checkout/unknown] expr metric: got "orders_total", expected ${known}`,
      '[checkout/label] expr matcher label: got "region", expected one of the labels of "jobs_waiting": queue, job, instance, service, team, namespace',
      `[checkout/raw-unknown] expr metric: got "orders_total", expected ${known}`,
      '[checkout/raw-syntax] expr: got "sum(rate(jobs_waiting[5m]) > ", expected PromQL that parses: parse error at character 30 near "ng[5m]) > "',
    ]);
  });

  it('accepts a platform knownMetrics series, and rejects a name taken by a generated alert', () => {
    const gpu = Metric.gauge({ name: 'DCGM_FI_DEV_GPU_TEMP', help: 'GPU temperature', labels: ['gpu'] });
    const { app, svc } = setup({ knownMetrics: [gpu] });
    svc.addSymptom(Symptom.targetDown());
    svc.addAlert('gpu', { ...base, expr: 'max(DCGM_FI_DEV_GPU_TEMP) > 85' });
    svc.addAlert('down', { ...base, name: 'CheckoutTargetDown' });
    svc.addAlert('gpu2', { ...base, name: 'CheckoutGpu' });
    expect(app.problems()).toEqual([
      '[checkout/down] alert name: got "CheckoutTargetDown", expected a name not already used by a generated alert of checkout in the same rule file',
      '[checkout/gpu2] alert name: got "CheckoutGpu", expected a name not already used by checkout/gpu in the same rule file',
    ]);
  });
});

describe('platform settings of custom alerts', () => {
  it('checks the knownMetrics and the rules namespace', () => {
    const { app } = setup({ knownMetrics: [Metric.gauge({ name: 'gpu temp', help: 'x' }), 'DCGM_FI_DEV_GPU_TEMP' as never], prometheus: { namespace: 'Monitoring' } });
    new PlatformAlert(app, 'NodeMemory', { ...base, expr: gt(selector(Infrastructure.memoryTotal.name), num(1)) });
    expect(app.problems()).toEqual([
      '[settings] prometheus.namespace: got "Monitoring", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
      '[settings] knownMetrics[0] metric "gpu temp" name: got "gpu temp", expected a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*',
      '[settings] knownMetrics[1]: got "DCGM_FI_DEV_GPU_TEMP", expected a Metric (Metric.gauge({ … }) and the like)',
    ]);
  });
});

describe('PlatformAlert', () => {
  it('carries team and severity only, and reads well-known series only', () => {
    const { app, team } = setup();
    new PlatformAlert(app, 'NodeMemory', { ...base, expr: gt(selector(Infrastructure.memoryTotal.name), num(1)), team });
    new PlatformAlert(app, 'own-metric', { ...base, expr: gt(selector(queue.name), num(1)) });
    expect(app.problems()).toEqual([
      expect.stringMatching(/^\[own-metric\] expr metric: got "jobs_waiting", expected a metric, a well-known series \(up, .*\), or one added with the platform setting knownMetrics$/),
    ]);
    const c = catalogOf(app);
    expect(c.platformAlerts.map((a) => a.name)).toEqual(['NodeMemory', 'OwnMetric']);
    expect(routingCases(c).slice(-2).map((x) => x.labels)).toEqual([
      { alertname: 'NodeMemory', team: 'payments', severity: 'warning' },
      { alertname: 'OwnMetric', severity: 'warning' },
    ]);
  });

  it('may not share its rule file with a service named "platform"', () => {
    const app = new MonitoringApp({ outdir: tempDir() });
    const team = new Team(app, 'team', { name: 'payments' });
    new Service(app, 'platform', { team, namespace: 'shop', scrape: { port: 8080 }, metrics: [queue] });
    new PlatformAlert(new Construct(app, 'infra'), 'NodeMemory', { ...base, expr: gt(selector(Infrastructure.memoryTotal.name), num(1)) });
    expect(app.problems()).toEqual(['[platform] name: got "platform", expected a name other than "platform", which the platform alerts\' rule file and tests use']);
  });
});

describe('routing and catalogue', () => {
  it('gives each custom alert a routing line with its name and labels, and lists it with its test status', () => {
    const { app, svc } = setup();
    svc.addAlert('queue', { ...base, labels: { component: 'workers' } });
    svc.addAlert('raw', { ...base, expr: 'jobs_waiting > 3' });
    const c = catalogOf(app);
    expect(routingCases(c).filter((x) => 'alertname' in x.labels).map((x) => x.labels)).toEqual([
      { component: 'workers', alertname: 'CheckoutQueue', service: 'checkout', team: 'payments', severity: 'warning', namespace: 'shop' },
      { alertname: 'CheckoutRaw', service: 'checkout', team: 'payments', severity: 'warning', namespace: 'shop' },
    ]);
    const facts = alertFacts(c, c.services[0]!).filter((a) => a.name.startsWith('CheckoutQueue') || a.name === 'CheckoutRaw');
    expect(facts.map(({ name, severity, for: f, condition, threshold, labels, metrics }) => ({ name, severity, for: f, condition, threshold, labels, metrics }))).toEqual([
      { name: 'CheckoutQueue', severity: 'warning', for: '5m', condition: 'Long queue (a generated test proves it)', threshold: 'jobs_waiting{job="checkout"} > 100', labels: { component: 'workers' }, metrics: ['jobs_waiting'] },
      { name: 'CheckoutRaw', severity: 'warning', for: '5m', condition: 'Long queue (no generated test: written as PromQL text: its inputs are unknown)', threshold: 'jobs_waiting > 3', labels: {}, metrics: ['jobs_waiting'] },
    ]);
  });

  it('says why a built expression gets no test', () => {
    const { svc } = setup();
    const a = svc.addAlert('absent', { ...base, expr: gt(sum(selector(queue.name)), selector(queue.name)) });
    expect(a.untestedReason).toBe('not of the form <value> > <number> (or >=, <, <=)');
    const b = svc.addAlert('ratio', { ...base, expr: gt(div(selector(queue.name, [eq('queue', 'a')]), selector(queue.name)), num(1)) });
    expect(b.untestedReason).toBe('it reads one metric through overlapping selectors, which one input series per selector cannot drive');
  });
});
