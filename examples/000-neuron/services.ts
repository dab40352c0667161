/**
 * Seed 000: the four Neuron services (NeuronDB, NeuronAgent, NeuronDesktop API, NeuronMCP). Go services
 * with OpenTelemetry SDKs that export to an OTLP collector, per-service dashboards, the seed's alert
 * rules and an audit pipeline. `npm run synth:examples` writes ./dist.
 *
 * Outside the package's job (application code): creating the TracerProvider and spans in each service,
 * propagating trace context into DB/LLM calls and MCP clients, the `X-Trace-ID` / `X-Request-ID`
 * response headers, the request-ID middleware and zerolog fields, NeuronDB's `pg_tracing`, and writing
 * the audit events themselves (who, what, when, result; no request bodies). The package gives each
 * service its OTLP environment and the collector the audit pipeline that keeps only those fields.
 */
import { Construct } from 'constructs';
import {
  Collector, Dashboard, Discovery, Exporter, Integration, Metric, re, Service, Symptom, Team,
  type MonitoringAppProps, type ChartPanelProps, type SecretKeyRef, type ServiceProps,
} from '../../lib';

const NAMESPACE = 'neuron';
const secret = (key: string): SecretKeyRef => ({ name: 'alertmanager-neuron', key });

export const platform: MonitoringAppProps = {
  prometheus: {
    scrapeInterval: '30s',
    evaluationInterval: '30s',
    externalLabels: { cluster: 'neuron' },
    alertmanagers: ['alertmanager:9093'],
  },
  grafanaUrl: 'https://grafana.neuron.example',
  runbookBaseUrl: 'https://runbooks.neuron.example',
  grafana: {
    prometheusUrl: 'http://prometheus-operated.monitoring:9090',
    // Every log line carries request_id, and trace_id/span_id once tracing is on: both become links.
    loki: { url: 'http://loki-gateway.monitoring' },
    tempo: { url: 'http://tempo.monitoring:3200' },
    // The seed keeps dashboards under monitoring/grafana/dashboards/ and provisions them by file or ConfigMap: both are written.
    folder: 'Neuron',
  },
};

/** Request counter and latency histogram with the same shape in every Go service (otelhttp-style buckets). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];
const requestsOf = (prefix: string) => Metric.counter({ name: `${prefix}_http_requests_total`, help: 'HTTP requests served', labels: ['method', 'endpoint', 'status'] });
const durationOf = (prefix: string) =>
  Metric.histogram({ name: `${prefix}_http_request_duration_seconds`, help: 'HTTP request latency', labels: ['method', 'endpoint'], buckets: BUCKETS });

/**
 * The seed's alert rules for every service: 5xx above 5 % over 5 minutes, p99 above the 2 s SLA, CPU above
 * 80 % and memory above 85 % of the pod limits.
 */
function standardAlerts(service: Service, requests: Metric, duration: Metric): void {
  service.addSymptom(
    Symptom.errorRatio({ errors: { metric: requests, matchers: [re('status', '5..')] }, total: { metric: requests }, thresholdPercent: 5, for: '5m' }),
    Symptom.latency({ metric: duration, quantile: 0.99, thresholdSeconds: 2 }),
    Symptom.cpuSaturation({ thresholdPercent: 80 }),
    Symptom.memorySaturation({ thresholdPercent: 85 }),
  );
}

export function defineServices(scope: Construct): void {
  const team = new Team(scope, 'neuron', {
    displayName: 'Neuron',
    receivers: {
      pager: [Integration.pagerDuty({ routingKey: secret('pagerduty-routing-key') })],
      chat: [Integration.slack({ channel: '#neuron-alerts', apiUrl: secret('slack-webhook-url') })],
    },
    routing: { critical: { receivers: ['pager', 'chat'] }, warning: { receivers: ['chat'] }, info: { receivers: ['chat'] } },
  });
  const service = (name: string, port: number, props: Partial<ServiceProps>) =>
    new Service(scope, name, { team, namespace: NAMESPACE, tier: 'critical', scrape: { port }, ...props });

  // NeuronDB: connection count, query latency (p99), ML training duration, vector index size.
  const queryDuration = Metric.histogram({ name: 'neurondb_query_duration_seconds', help: 'SQL query latency', labels: ['operation'], buckets: BUCKETS });
  const trainingDuration = Metric.histogram({
    name: 'neurondb_ml_training_duration_seconds', help: 'In-database ML training duration', labels: ['algorithm'], buckets: [1, 10, 60, 300, 900, 3600],
  });
  const indexSize = Metric.gauge({ name: 'neurondb_vector_index_size_bytes', help: 'Vector index size', unit: 'bytes', labels: ['index'] });
  const db = service('neurondb', 9187, {
    description: 'PostgreSQL with vector search and in-database ML',
    metrics: [queryDuration, trainingDuration, indexSize],
  });
  // The connection count comes from postgres_exporter beside NeuronDB, with its down and connections-exhausted alerts.
  const postgres = db.addExporter(Exporter.postgres({ discovery: Discovery.static(['neurondb-postgres-exporter:9187']) }))!;
  db.addSymptom(
    Symptom.latency({ metric: queryDuration, quantile: 0.99, thresholdSeconds: 2 }),
    Symptom.cpuSaturation({ thresholdPercent: 80 }),
    Symptom.memorySaturation({ thresholdPercent: 85 }),
  );

  // NeuronAgent: request rate, latency by endpoint, LLM call count and latency, error rate.
  const agentRequests = requestsOf('neuronagent');
  const agentDuration = durationOf('neuronagent');
  const llmCalls = Metric.counter({ name: 'neuronagent_llm_calls_total', help: 'LLM calls', labels: ['model', 'status'] });
  const llmDuration = Metric.histogram({ name: 'neuronagent_llm_call_duration_seconds', help: 'LLM call latency', labels: ['model'], buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60] });
  const agent = service('neuronagent', 8080, {
    description: 'Agent runtime: agent runs, tool calls, LLM calls',
    metrics: [agentRequests, agentDuration, llmCalls, llmDuration],
    requests: { total: agentRequests, duration: agentDuration },
  });
  standardAlerts(agent, agentRequests, agentDuration);

  // NeuronDesktop API: API latency, auth success/failure, session count; alerts on repeated auth failures.
  const desktopRequests = requestsOf('neurondesktop');
  const desktopDuration = durationOf('neurondesktop');
  const authAttempts = Metric.counter({ name: 'neurondesktop_auth_attempts_total', help: 'Sign-in attempts by result', labels: ['result'] });
  const sessions = Metric.gauge({ name: 'neurondesktop_active_sessions', help: 'Active sessions' });
  const desktop = service('neurondesktop-api', 8081, {
    description: 'Desktop API and SQL console',
    metrics: [desktopRequests, desktopDuration, authAttempts, sessions],
    requests: { total: desktopRequests, duration: desktopDuration },
  });
  standardAlerts(desktop, desktopRequests, desktopDuration);
  // "Repeated auth failures": more than 10 failed sign-ins a minute for 5 minutes.
  desktop.addSymptom(Symptom.authFailures({ failures: { metric: authAttempts, matchers: [re('result', 'failure|denied')] }, perMinute: 10 }));
  // "Unusual request patterns": request rate far outside its usual band (a raw expression: no generated test).
  desktop.addAlert('unusual-request-rate', {
    expr: 'abs(sum(rate(neurondesktop_http_requests_total[5m])) - avg_over_time(sum(rate(neurondesktop_http_requests_total[5m]))[1h:5m])) > 3 * stddev_over_time(sum(rate(neurondesktop_http_requests_total[5m]))[1h:5m])',
    for: '15m',
    severity: 'warning',
    summary: 'Request rate far outside its usual band',
    description: 'Request rate {{ $value | humanize }}/s away from the last hour\'s average',
  });

  // NeuronMCP: tool invocations, latency, errors.
  const toolCalls = Metric.counter({ name: 'neuronmcp_tool_invocations_total', help: 'MCP tool invocations', labels: ['tool', 'status'] });
  const toolDuration = Metric.histogram({ name: 'neuronmcp_tool_invocation_duration_seconds', help: 'MCP tool invocation latency', labels: ['tool'], buckets: BUCKETS });
  const mcp = service('neuronmcp', 8082, {
    description: 'Model Context Protocol server',
    metrics: [toolCalls, toolDuration],
    requests: { total: toolCalls, statusLabel: 'status', duration: toolDuration },
  });
  mcp.addSymptom(
    Symptom.errorRatio({ errors: { metric: toolCalls, matchers: [re('status', 'error')] }, total: { metric: toolCalls }, thresholdPercent: 5 }),
    Symptom.latency({ metric: toolDuration, quantile: 0.99, thresholdSeconds: 2 }),
    Symptom.cpuSaturation({ thresholdPercent: 80 }),
    Symptom.memorySaturation({ thresholdPercent: 85 }),
  );
  // The seed's per-service dashboards with exactly the panels it lists (the generated svc-* dashboards add RED,
  // SLO and saturation rows). An error rate is the share of 5xx (or errored) requests over the dashboard's targets.
  const errorShare = (metric: Metric, errors: string): ChartPanelProps => ({
    title: 'Error rate', unit: 'percentunit', min: 0, thresholds: [{ value: 0.05, color: 'red' }],
    queries: [{ promql: `sum(rate(${metric.name}{${errors}, namespace=~"$namespace", job=~"$job", instance=~"$instance"}[$__rate_interval])) / sum(rate(${metric.name}{namespace=~"$namespace", job=~"$job", instance=~"$instance"}[$__rate_interval]))`, legend: 'errors' }],
  });
  const perService = (service: Service, title: string, panels: ChartPanelProps[]) =>
    new Dashboard(scope, `${service.name}-overview`, { title, tags: [service.name], rows: [{ title, panels }] });
  perService(db, 'NeuronDB', [
    { title: 'Connection count', queries: [{ metric: postgres.metric('pg_stat_activity_count')!, by: ['state'] }] },
    { title: 'Query latency (p99)', queries: [{ metric: queryDuration, quantile: 0.99, legend: 'p99' }] },
    { title: 'ML training duration', queries: [{ metric: trainingDuration, by: ['algorithm'] }] },
    { title: 'Vector index size', queries: [{ metric: indexSize, aggregation: 'max', by: ['index'] }] },
  ]);
  perService(agent, 'NeuronAgent', [
    { title: 'Request rate', queries: [{ metric: agentRequests }], unit: 'reqps' },
    { title: 'Latency by endpoint', queries: [{ metric: agentDuration, by: ['endpoint'] }] },
    { title: 'LLM call count', queries: [{ metric: llmCalls, by: ['model'] }] },
    { title: 'LLM call latency', queries: [{ metric: llmDuration, by: ['model'] }] },
    errorShare(agentRequests, 'status=~"5.."'),
  ]);
  perService(desktop, 'NeuronDesktop', [
    { title: 'API latency', queries: [0.5, 0.95, 0.99].map((q) => ({ metric: desktopDuration, quantile: q, legend: `p${q * 100}` })) },
    { title: 'Auth success/failure', queries: [{ metric: authAttempts, by: ['result'] }] },
    { title: 'Session count', queries: [{ metric: sessions }] },
  ]);
  perService(mcp, 'NeuronMCP', [
    { title: 'Tool invocations', queries: [{ metric: toolCalls, by: ['tool'] }] },
    { title: 'Latency', queries: [{ metric: toolDuration, by: ['tool'] }] },
    errorShare(toolCalls, 'status="error"'),
  ]);

  // The OTLP collector the services export to: each gets a `<service>-otel-env` ConfigMap with
  // OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME (e.g. neurondesktop-api). Audit events (log records
  // with event.name "audit") go to their own Loki tenant with only who/what/result kept.
  new Collector(scope, 'otel-collector', {
    team,
    backends: {
      traces: { protocol: 'otlp-grpc', endpoint: 'tempo-distributor.monitoring:4317', insecure: true },
      logs: { protocol: 'otlp-http', endpoint: 'http://loki-gateway.monitoring/otlp' },
    },
    tenants: [{ name: 'neuron', namespaces: [NAMESPACE] }],
    audit: { orgId: 'neuron-audit' },
  });
}
