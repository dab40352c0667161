/**
 * The service catalogue: each service once, with its owner, its metrics endpoint, the metrics it
 * exposes and its SLOs. `npm run synth` turns it into everything in dist/.
 *
 * This catalogue models a 15-service agent platform: every service exposes the same HTTP metric
 * families at :8000/metrics, and the agent runtime adds its domain counters.
 */
import { Construct } from 'constructs';
import { eq, Metric, re, Service, Sli, Symptom, Team, type MonitoringAppProps, type ServiceProps, type Tier } from './lib';

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
const agentInvocations = Metric.counter({ name: 'mona_agent_invocations_total', help: 'Agent invocations started' });
const agentBudgetExhausted = Metric.counter({ name: 'mona_agent_budget_exhausted_total', help: 'Invocations stopped due to budget limits' });
const AGENT_METRICS = [
  agentInvocations,
  Metric.counter({ name: 'mona_agent_tool_calls_total', help: 'Tool calls executed across all invocations' }),
  Metric.counter({ name: 'mona_agent_turns_total', help: 'LLM turns completed' }),
  Metric.counter({ name: 'mona_agent_guardrail_retries_total', help: 'Guardrail-triggered retries' }),
  agentBudgetExhausted,
];

/** Availability objective per tier: the Workbook's request classes (table 5-10). */
const AVAILABILITY: Record<Tier, number> = { critical: 99.95, high: 99.9, standard: 99.5, low: 99 };

/** Server errors (5xx) out of all requests, from the shared HTTP counter. */
const httpAvailability = Sli.ratio({
  errors: { metric: httpRequests, matchers: [re('status', '5..')] },
  total: { metric: httpRequests },
});

/** Opt-in symptom alerts of the seeds: 5xx ratio above 5 % for 5 m, target down for 1 m, pod CPU / memory saturation. */
const STANDARD_SYMPTOMS = () => [
  Symptom.errorRatio({ errors: { metric: httpRequests, matchers: [re('status', '5..')] }, total: { metric: httpRequests }, thresholdPercent: 5 }),
  Symptom.targetDown(),
  Symptom.cpuSaturation({ thresholdPercent: 80 }),
  Symptom.memorySaturation({ thresholdPercent: 85 }),
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
      ...extra,
    });

  service('api-gateway', edge, 'critical', 'Public HTTP entry point');
  service('sse-gateway', edge, 'high', 'Server-sent event streams to the browser');
  service('notification-service', edge, 'standard', 'Email and in-app notifications');

  const auth = service('auth-service', identity, 'critical', 'Sign-in, sessions and tokens');
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
  agentRuntime.addSlo('invocation-success', {
    description: 'Agent invocations that are not stopped by their budget',
    objective: 99,
    sli: Sli.ratio({ errors: { metric: agentBudgetExhausted }, total: { metric: agentInvocations } }),
  });
  service('model-gateway', agents, 'high', 'Routes LLM calls to model providers');
  service('telemetry-service', agents, 'low', 'Scrapes and stores metric samples for the in-product health view');

  for (const svc of services.node.children.filter(Service.isService)) {
    svc.addSlo('availability', {
      description: 'Requests answered without a server error',
      objective: AVAILABILITY[svc.tier],
      sli: httpAvailability,
    });
    // Critical services opt into the symptom alerts; auth-service also watches failed sign-ins.
    if (svc.tier === 'critical') svc.addSymptom(...STANDARD_SYMPTOMS());
  }
  auth.addSymptom(Symptom.authFailures({ failures: { metric: httpRequests, matchers: [eq('status', '401')] }, perMinute: 30 }));
}
