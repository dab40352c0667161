/**
 * The service catalogue: each service once, with its owner, its metrics endpoint, the metrics it
 * exposes and its SLOs. `npm run synth` turns it into everything in dist/.
 *
 * This catalogue models a 15-service agent platform: every service exposes the same HTTP metric
 * families at :8000/metrics, and the agent runtime adds its domain counters.
 */
import { Construct } from 'constructs';
import {
  Collector, Dashboard, div, eq, gt, Infrastructure, Integration, Metric, num, rate, re, selector, Service, Sli, sum, Symptom, Team, TimeInterval,
  type MonitoringAppProps, type SecretKeyRef, type ServiceProps, type Tier,
} from './lib';

const NAMESPACE = 'keviq';

/**
 * Credentials live in Kubernetes Secrets, one per team, in the namespace of the team's
 * AlertmanagerConfig; only their names and keys appear here. For the plain config, mount the same
 * Secrets into Alertmanager (`Alertmanager.spec.secrets`) under /etc/alertmanager/secrets/.
 * Webhook URLs are Secrets too: the config is for Alertmanager 0.35 (the default `alertmanager.version`).
 */
const secret = (name: string, key: string): SecretKeyRef => ({ name, key });
const slack = (channel: string, secretName: string) => Integration.slack({ channel, apiUrl: secret(secretName, 'slack-webhook-url') });
const pagerDuty = (secretName: string) => Integration.pagerDuty({ routingKey: secret(secretName, 'pagerduty-routing-key') });

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
  alertmanager: {
    // Alerts without a known team (e.g. from kube-prometheus-stack) still reach a human.
    defaultReceiver: { name: 'platform-catchall', integrations: [slack('#platform-alerts', 'alertmanager-platform')] },
    receivers: [
      {
        name: 'incident-log',
        integrations: [
          Integration.webhook({
            url: secret('alertmanager-platform', 'incident-log-url'),
            bearerToken: secret('alertmanager-platform', 'incident-log-token'),
          }),
        ],
      },
    ],
    // Every page is also recorded in the incident log; `continue` lets the owning team get it too.
    extraRoutes: [{ matchers: [eq('severity', 'critical')], receiver: 'incident-log', continue: true }],
  },
};

// Times are UTC: AlertmanagerConfig v1alpha1 cannot carry a time zone. 07:00-15:00 UTC is 9-17 in Berlin (summer).
const businessHours = new TimeInterval({ name: 'business-hours', periods: [{ weekdays: ['monday:friday'], times: [{ start: '07:00', end: '15:00' }] }] });
const maintenanceWindow = new TimeInterval({ name: 'sunday-maintenance', periods: [{ weekdays: ['sunday'], times: [{ start: '01:00', end: '03:00' }] }] });

// Labels of the HTTP families, with the values they take: the series estimate, the scrape limits and
// the labels metric relabeling keeps come from these. `path` is the route template, never the raw URL.
const method = { name: 'method', values: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] };
const path = { name: 'path', cardinality: 25 };
const status = { name: 'status', values: ['200', '201', '204', '400', '401', '403', '404', '409', '429', '500', '502', '503', '504'] };

// HTTP metric families every service exposes through the shared metrics middleware.
const httpRequests = Metric.counter({
  name: 'mona_http_requests_total',
  help: 'Total HTTP requests',
  labels: [method, path, status],
});
const httpErrors = Metric.counter({
  name: 'mona_http_request_errors_total',
  help: 'Requests with status >= 500',
  labels: [method, path],
});
// The middleware exports a cumulative duration in milliseconds as `_sum`/`_count`: a summary
// without quantiles. Renaming it to seconds would break existing dashboards, so keep it.
const httpDuration = Metric.summary({
  name: 'mona_http_request_duration_ms',
  help: 'Cumulative request duration in ms',
  unit: 'milliseconds',
  labels: [method, path],
  ignoreNamingRules: ['base-unit'],
});
const HTTP_METRICS = [httpRequests, httpErrors, httpDuration];

// Domain metrics of the agent runtime, recorded at invocation lifecycle points.
const agentInvocations = Metric.counter({ name: 'mona_agent_invocations_total', help: 'Agent invocations started' });
const agentBudgetExhausted = Metric.counter({ name: 'mona_agent_budget_exhausted_total', help: 'Invocations stopped due to budget limits' });
const agentTurns = Metric.counter({ name: 'mona_agent_turns_total', help: 'LLM turns completed' });
const agentGuardrailRetries = Metric.counter({ name: 'mona_agent_guardrail_retries_total', help: 'Guardrail-triggered retries' });
const AGENT_METRICS = [
  agentInvocations,
  Metric.counter({ name: 'mona_agent_tool_calls_total', help: 'Tool calls executed across all invocations' }),
  agentTurns,
  agentGuardrailRetries,
  agentBudgetExhausted,
];

/** Availability objective per tier: the Workbook's request classes (table 5-10). */
const AVAILABILITY: Record<Tier, number> = { critical: 99.95, high: 99.9, standard: 99.5, low: 99 };

/** Server errors (5xx) out of all requests, from the shared HTTP counter. */
const httpAvailability = Sli.ratio({
  errors: { metric: httpRequests, matchers: [re('status', '5..')] },
  total: { metric: httpRequests },
});

/**
 * Opt-in symptom alerts of the seeds: 5xx ratio above 5 % for 5 m, target down for 1 m, pod CPU / memory
 * saturation. Memory is tiered: 85 % of the limit is a warning, 95 % (the OOM killer is close) pages.
 */
const STANDARD_SYMPTOMS = () => [
  Symptom.errorRatio({ errors: { metric: httpRequests, matchers: [re('status', '5..')] }, total: { metric: httpRequests }, thresholdPercent: 5 }),
  Symptom.targetDown(),
  Symptom.cpuSaturation({ thresholdPercent: 80 }),
  Symptom.memorySaturation({ thresholdPercent: 85, critical: { thresholdPercent: 95 } }),
];

/** Declares the catalogue under `scope`. */
export function defineServices(scope: Construct): void {
  const teams = new Construct(scope, 'teams');
  const edge = new Team(teams, 'edge', {
    displayName: 'Edge & API',
    receivers: {
      pager: [pagerDuty('alertmanager-edge'), slack('#edge-oncall', 'alertmanager-edge')],
      chat: [slack('#edge-alerts', 'alertmanager-edge')],
    },
    routing: { critical: { receivers: ['pager'] }, warning: { receivers: ['chat'] }, info: { receivers: ['chat'] } },
  });
  const identity = new Team(teams, 'identity', {
    displayName: 'Identity & Security',
    receivers: {
      pager: [pagerDuty('alertmanager-identity')],
      chat: [slack('#identity-alerts', 'alertmanager-identity')],
      tickets: [
        Integration.email({
          to: 'security-tickets@keviq.example',
          from: 'alertmanager@keviq.example',
          smarthost: 'smtp.keviq.example:587',
          authUsername: 'alertmanager',
          authPassword: secret('alertmanager-identity', 'smtp-password'),
        }),
      ],
    },
    routing: {
      critical: { receivers: ['pager', 'chat'] },
      // Warnings open tickets, which are only worked on in business hours.
      warning: { receivers: ['tickets'], activeDuring: [businessHours] },
      info: { receivers: ['chat'] },
    },
    defaultReceiver: 'chat',
  });
  const workflow = new Team(teams, 'workflow', {
    displayName: 'Workflow',
    receivers: {
      pager: [pagerDuty('alertmanager-workflow')],
      chat: [slack('#workflow-alerts', 'alertmanager-workflow')],
    },
    routing: {
      critical: { receivers: ['pager', 'chat'] },
      warning: { receivers: ['chat'] },
      // Sunday maintenance restarts workers; informational alerts about it are noise.
      info: { receivers: ['chat'], mutedDuring: [maintenanceWindow] },
    },
  });
  const agents = new Team(teams, 'agents', {
    displayName: 'Agents & Models',
    receivers: {
      pager: [Integration.opsgenie({ apiKey: secret('alertmanager-agents', 'opsgenie-api-key'), priority: 'P1' })],
      chat: [slack('#agents-alerts', 'alertmanager-agents')],
      incidents: [
        Integration.webhook({
          url: secret('alertmanager-agents', 'incident-bridge-url'),
          bearerToken: secret('alertmanager-agents', 'incident-bridge-token'),
        }),
      ],
    },
    routing: { critical: { receivers: ['pager', 'incidents'] }, warning: { receivers: ['chat'] }, info: { receivers: ['chat'] } },
  });

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
  // No symptom kind says "the model keeps tripping the guardrails": a custom alert on the domain counters.
  agentRuntime.addAlert('guardrail-retries', {
    expr: gt(div(sum(rate(selector(agentGuardrailRetries.name), '10m')), sum(rate(selector(agentTurns.name), '10m'))), num(0.2)),
    for: '15m',
    severity: 'warning',
    summary: 'Agents retry many LLM turns on guardrails.',
    description: '{{ $value | humanizePercentage }} of LLM turns were retried by a guardrail over 10m (threshold 20%)',
  });
  service('model-gateway', agents, 'high', 'Routes LLM calls to model providers');
  // Low tier: the health view going stale is not worth waking anyone up.
  service('telemetry-service', agents, 'low', 'Scrapes and stores metric samples for the in-product health view', {
    routing: { critical: { receivers: ['chat'] } },
  });

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

  // Seed 001's suggested panels across all 15 services, with the health view the telemetry-service feeds.
  new Dashboard(scope, 'platform-health', {
    title: 'Platform health',
    description: 'All services at a glance: which targets are up, firing alerts, request and error rates and latency per service, agent activity, and recent error logs.',
    tags: ['platform'],
    rows: [
      {
        title: 'Health',
        panels: [
          {
            type: 'bargauge', title: 'Targets up per service', description: 'Share of each service\'s scrape targets that answered the last scrape (1 = all up).',
            queries: [{ metric: Infrastructure.up, aggregation: 'avg', by: ['service'], legend: '{{service}}' }],
            unit: 'percentunit', min: 0, max: 1, baseColor: 'red', thresholds: [{ value: 0.5, color: 'orange' }, { value: 1, color: 'green' }], span: 16,
          },
          {
            type: 'stat', title: 'Firing alerts', description: 'Alerts Prometheus is firing now, across the catalogue.',
            queries: [{ metric: Infrastructure.alerts, aggregation: 'count', filters: { alertstate: 'firing' } }],
            unit: 'short', thresholds: [{ value: 1, color: 'red' }], span: 8,
          },
        ],
      },
      {
        title: 'Traffic',
        panels: [
          { title: 'Request rate per service', queries: [{ metric: httpRequests, by: ['service'] }], unit: 'reqps' },
          { title: 'Server errors per service', queries: [{ metric: httpErrors, by: ['service'] }] },
          { title: 'Average latency per service', queries: [{ metric: httpDuration, by: ['service'] }] },
        ],
      },
      {
        title: 'Agents',
        panels: [
          { title: 'Agent invocations', queries: [{ metric: agentInvocations, legend: 'started' }, { metric: agentBudgetExhausted, legend: 'stopped by budget' }] },
        ],
      },
      {
        title: 'Logs',
        panels: [{
          type: 'logs', title: 'Errors at the edge', services: [services.node.findChild('api-gateway') as Service, auth],
          pipeline: '| json | level=~"(?i)error"',
        }],
      },
    ],
  });

  // One gateway for all three signals (seeds 000, 003, 004). Services get its address, their identity
  // and tenant from the `<service>-otel-env` ConfigMaps; sensitive fields are seed 003's defaults.
  new Collector(scope, 'otel-gateway', {
    backends: {
      traces: { protocol: 'otlp-grpc', endpoint: 'tempo-distributor.monitoring:4317', insecure: true },
      // Prometheus started with --web.enable-remote-write-receiver.
      metrics: { protocol: 'prometheus-remote-write', endpoint: 'http://prometheus-operated.monitoring:9090/api/v1/write' },
      logs: { protocol: 'otlp-http', endpoint: 'http://loki-gateway.monitoring/otlp' },
    },
    tenants: [{ name: NAMESPACE, namespaces: [NAMESPACE] }],
  });
}
