/**
 * NGINX. nginx-prometheus-exporter (port 9113, seed 002's `nginx-exporter:9113`) reads stub_status, which
 * has no status codes: it can say NGINX is down, not that it answers 5xx. The 5xx ratio comes from the
 * ingress-nginx controller (port 10254), whose `nginx_ingress_controller_requests` counts every request by
 * `status` without rebuilding NGINX with a third-party module (as nginx-vts-exporter needs the VTS module).
 */
import { Labels } from '../../conventions';
import { add, div, gt, mul, nre, num, paren, rate, re, selector, sum, sumBy, withMatchers, type Matcher } from '../../promql/expr';
import { Metric } from '../metric';
import { downAlert, percentThreshold, type ExporterDefinition } from './definition';

const up = Metric.gauge({ name: 'nginx_up', help: 'Whether the last scrape of NGINX stub_status succeeded (nginx-prometheus-exporter)' });
const requests = Metric.counter({ name: 'nginx_http_requests_total', help: 'HTTP requests (stub_status, no status codes)' });
const connections = ['active', 'reading', 'writing', 'waiting'].map((state) => Metric.gauge({ name: `nginx_connections_${state}`, help: `Connections ${state} (stub_status)` }));
const accepted = Metric.counter({ name: 'nginx_connections_accepted', help: 'Accepted client connections', ignoreNamingRules: ['counter-total-suffix'] });
const handled = Metric.counter({ name: 'nginx_connections_handled', help: 'Handled client connections', ignoreNamingRules: ['counter-total-suffix'] });
const inst = [Labels.instance];

export const NGINX: ExporterDefinition = {
  kind: 'nginx',
  displayName: 'NGINX (nginx-prometheus-exporter)',
  port: 9113,
  path: '/metrics',
  honorLabels: false,
  metrics: [up, requests, ...connections, accepted, handled],
  alerts: [downAlert(up.name, 'NGINX')],
  panels: [
    { title: 'NGINX up', description: 'nginx_up per instance: 1 when the exporter reads stub_status.', unit: 'short', queries: (s) => [{ expr: selector(up.name, s), legend: '{{instance}}' }] },
    { title: 'Requests', description: 'Requests per second (nginx_http_requests_total).', unit: 'reqps', queries: (s) => [{ expr: sumBy(inst, rate(selector(requests.name, s), '$__rate_interval')), legend: '{{instance}}' }] },
    { title: 'Connections', description: 'Active connections and those reading, writing and waiting.', unit: 'short', queries: (s) => connections.map((m) => ({ expr: sum(selector(m.name, s)), legend: m.name.replace('nginx_connections_', '') })) },
  ],
};

const controllerRequests = Metric.counter({
  name: 'nginx_ingress_controller_requests',
  help: 'Requests by ingress and status (ingress-nginx controller)',
  // `namespace` and `service` clash with target labels, so Prometheus stores them as exported_*.
  labels: ['status', 'ingress', 'exported_namespace', 'exported_service', 'method', 'host', 'path', 'controller_class', 'controller_namespace', 'controller_pod'],
  ignoreNamingRules: ['counter-total-suffix'],
});
const FIVE_XX = '5..';
const byStatus = (scope: readonly Matcher[], m: Matcher, w: string) => sum(rate(withMatchers(selector(controllerRequests.name, scope), [m]), w));
// 5xx ÷ (5xx + the rest): two selectors no series matches both of, so the generated test can drive each.
const errorPercent = (scope: readonly Matcher[], w: string) =>
  mul(num(100), div(byStatus(scope, re('status', FIVE_XX), w), paren(add(byStatus(scope, re('status', FIVE_XX), w), byStatus(scope, nre('status', FIVE_XX), w)))));

export const INGRESS_NGINX: ExporterDefinition = {
  kind: 'ingress-nginx',
  displayName: 'NGINX (ingress-nginx controller)',
  port: 10254,
  path: '/metrics',
  honorLabels: false,
  metrics: [controllerRequests],
  alerts: [{
    id: '5xx-ratio', summary: 'NGINX answers many requests with 5xx',
    description: (t) => `{{ $value | humanize }}% of requests through NGINX got a 5xx status over 5m (threshold ${t}%).`,
    threshold: 5, ...percentThreshold, for: '5m', severity: 'critical',
    expr: (scope, t) => gt(errorPercent(scope, '5m'), num(t)),
  }],
  panels: [
    { title: 'Requests by status', description: 'Requests per second by status (nginx_ingress_controller_requests).', unit: 'reqps', queries: (s) => [{ expr: sumBy(['status'], rate(selector(controllerRequests.name, s), '$__rate_interval')), legend: '{{status}}' }] },
    { title: '5xx ratio', description: 'Share of requests answered with a 5xx status.', unit: 'percent', queries: (s) => [{ expr: errorPercent(s, '$__rate_interval'), legend: '5xx' }] },
  ],
};
