/**
 * The service catalogue: each service once, with its owner, its metrics endpoint, the metrics it
 * exposes and its SLOs. `npm run synth` turns it into everything in dist/.
 *
 * This catalogue models a 15-service agent platform: every service exposes the same HTTP metric
 * families at :8000/metrics, and the agent runtime adds its domain counters.
 */
import { Construct } from 'constructs';
import { Metric, Service, Team, type MonitoringAppProps, type ServiceProps, type Tier } from './lib';

/** Platform-wide settings. */
export const platform: MonitoringAppProps = {
  prometheus: {
    scrapeInterval: '30s',
    evaluationInterval: '30s',
    externalLabels: { cluster: 'keviq', environment: 'production' },
    alertmanagers: ['alertmanager:9093'],
  },
  grafanaUrl: 'https://grafana.keviq.example',
  runbookBaseUrl: 'https://runbooks.keviq.example',
  grafana: {
    prometheusUrl: 'http://prometheus-operated.monitoring:9090',
    // Services log request_id and trace_id on every line: Loki and Tempo make them clickable.
    loki: { url: 'http://loki-gateway.monitoring' },
    tempo: { url: 'http://tempo.monitoring:3200' },
    folder: 'Keviq',
  },
};

const NAMESPACE = 'keviq';

// HTTP metric families every service exposes through the shared metrics middleware.
const httpRequests = Metric.counter({
  name: 'mona_http_requests_total',
  help: 'Total HTTP requests',
  labels: ['method', 'path', 'status'],
});
const httpErrors = Metric.counter({
  name: 'mona_http_request_errors_total',
  help: 'Requests with status >= 500',
  labels: ['method', 'path'],
});
// The middleware exports a cumulative duration in milliseconds as `_sum`/`_count`: a summary
// without quantiles. Renaming it to seconds would break existing dashboards, so keep it.
const httpDuration = Metric.summary({
  name: 'mona_http_request_duration_ms',
  help: 'Cumulative request duration in ms',
  unit: 'milliseconds',
  labels: ['method', 'path'],
  ignoreNamingRules: ['base-unit'],
});
const HTTP_METRICS = [httpRequests, httpErrors, httpDuration];

// Domain metrics of the agent runtime, recorded at invocation lifecycle points.
const AGENT_METRICS = [
  Metric.counter({ name: 'mona_agent_invocations_total', help: 'Agent invocations started' }),
  Metric.counter({ name: 'mona_agent_tool_calls_total', help: 'Tool calls executed across all invocations' }),
  Metric.counter({ name: 'mona_agent_turns_total', help: 'LLM turns completed' }),
  Metric.counter({ name: 'mona_agent_guardrail_retries_total', help: 'Guardrail-triggered retries' }),
  Metric.counter({ name: 'mona_agent_budget_exhausted_total', help: 'Invocations stopped due to budget limits' }),
];

/** Declares the catalogue under `scope`. */
export function defineServices(scope: Construct): void {
  const teams = new Construct(scope, 'teams');
  const edge = new Team(teams, 'edge', { displayName: 'Edge & API' });
  const identity = new Team(teams, 'identity', { displayName: 'Identity & Security' });
  const workflow = new Team(teams, 'workflow', { displayName: 'Workflow' });
  const agents = new Team(teams, 'agents', { displayName: 'Agents & Models' });

  const services = new Construct(scope, 'services');
  const service = (name: string, team: Team, tier: Tier, description: string, extra: Partial<ServiceProps> = {}) =>
    new Service(services, name, {
      team,
      tier,
      description,
      namespace: NAMESPACE,
      scrape: { port: 8000 },
      metrics: HTTP_METRICS,
      requests: { total: httpRequests, errors: httpErrors, duration: httpDuration },
      ...extra,
    });

  service('api-gateway', edge, 'critical', 'Public HTTP entry point');
  service('sse-gateway', edge, 'high', 'Server-sent event streams to the browser');
  service('notification-service', edge, 'standard', 'Email and in-app notifications');

  service('auth-service', identity, 'critical', 'Sign-in, sessions and tokens');
  service('policy-service', identity, 'critical', 'Authorization decisions');
  service('secret-broker', identity, 'high', 'Brokers access to stored secrets');
  service('audit-service', identity, 'standard', 'Append-only audit trail');

  service('workspace-service', workflow, 'high', 'Workspaces and membership');
  service('orchestrator', workflow, 'high', 'Plans and schedules tasks');
  service('artifact-service', workflow, 'standard', 'Stores task artifacts');
  service('execution-service', workflow, 'high', 'Runs sandboxed executions');
  service('event-store', workflow, 'high', 'Event log of every task');

  const agentRuntime = service('agent-runtime', agents, 'high', 'Runs agent invocations');
  agentRuntime.addMetric(...AGENT_METRICS);
  service('model-gateway', agents, 'high', 'Routes LLM calls to model providers');
  service('telemetry-service', agents, 'low', 'Scrapes and stores metric samples for the in-product health view');
}
