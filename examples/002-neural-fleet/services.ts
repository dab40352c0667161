/**
 * Seed 002: the Neural DSL API and Celery worker fleet on kube-prometheus-stack (Helm release
 * "prometheus"), with PostgreSQL, Redis and NGINX exporters, three dashboards, eight alert rules and
 * Alertmanager routing. `npm run synth:examples` writes ./dist; dist/CATALOG.md is the generated
 * documentation of every custom metric the seed asks for.
 *
 * Outside the package's job: the Helm values (retention 30d / 50GB, storage, the Grafana admin password),
 * the Loki and Promtail installation and its pipeline stages, the Jaeger operator and the application's
 * tracer and metrics middleware, and recording-rule downsampling for the 90-day / 1-year retention tiers.
 * The seed's inline Slack webhook URL and PagerDuty key become Secret references.
 */
import { Construct } from 'constructs';
import {
  div, Discovery, eq, gt, Infrastructure, Integration, Metric, mul, num, PlatformAlert, re, selector, Service, sub, Symptom, Team,
  type MonitoringAppProps, type SecretKeyRef,
} from '../../lib';

const NAMESPACE = 'neural-prod';
const GROUP_BY = ['alertname', 'cluster', 'service'];
const secret = (key: string): SecretKeyRef => ({ name: 'alertmanager-neural', key });
const text = '{{ range .Alerts }}{{ .Annotations.description }}{{ end }}';
const TIMINGS = { groupWait: '10s', groupInterval: '10s', repeatInterval: '12h' };
const slack = (channel: string, title: string) => Integration.slack({ channel, title, text, apiUrl: secret('slack-webhook-url') });

export const platform: MonitoringAppProps = {
  prometheus: {
    scrapeInterval: '15s',
    evaluationInterval: '15s',
    externalLabels: { cluster: 'neural-prod', environment: 'production' },
    alertmanagers: ['alertmanager:9093'],
    // The seed's rule groups evaluate every 30s.
    ruleInterval: '30s',
  },
  // `helm install prometheus …`: the chart selects monitors and rules on release=prometheus.
  selectionLabels: { release: 'prometheus' },
  grafanaUrl: 'https://grafana.neural.example',
  runbookBaseUrl: 'https://runbooks.neural.example',
  grafana: {
    prometheusUrl: 'http://prometheus-server',
    loki: { url: 'http://loki:3100' },
  },
  alertmanager: {
    resolveTimeout: '5m',
    groupBy: GROUP_BY,
    // The seed's route times (group_wait 10s, group_interval 10s, repeat_interval 12h) for every severity.
    timings: { default: TIMINGS, critical: TIMINGS, warning: TIMINGS, info: TIMINGS },
    // The seed's root receiver: alerts without a team (kube-prometheus-stack's own) still reach #neural-alerts.
    defaultReceiver: { name: 'team-neural', integrations: [slack('#neural-alerts', 'Neural DSL Alert')] },
    // Critical mutes warning of the same alert, cluster and service.
    inhibitRules: [{ source: [eq('severity', 'critical')], target: [eq('severity', 'warning')], equal: GROUP_BY }],
  },
};

export function defineServices(scope: Construct): void {
  const neural = new Team(scope, 'neural', {
    displayName: 'Neural DSL',
    receivers: {
      alerts: [slack('#neural-alerts', 'Neural DSL Alert')],
      critical: [slack('#neural-critical', '🚨 CRITICAL: Neural DSL'), Integration.pagerDuty({ serviceKey: secret('pagerduty-service-key') })],
      warning: [slack('#neural-warnings', '⚠️ WARNING: Neural DSL')],
    },
    routing: { critical: { receivers: ['critical'] }, warning: { receivers: ['warning'] } },
    defaultReceiver: 'alerts',
  });

  // neural/metrics/metrics.py, served by the API.
  const requests = Metric.counter({ name: 'neural_api_requests_total', help: 'Total API requests', labels: ['method', 'endpoint', 'status'] });
  const duration = Metric.histogram({
    name: 'neural_api_request_duration_seconds', help: 'API request duration', labels: ['method', 'endpoint'], buckets: [0.1, 0.5, 1, 2, 5, 10],
  });
  const active = Metric.gauge({ name: 'neural_api_active_requests', help: 'Number of active requests' });
  const compilation = Metric.histogram({ name: 'neural_compilation_duration_seconds', help: 'Model compilation time', buckets: [1, 5, 10, 30, 60, 300] });
  // GAP(cardinality): model_id is unbounded (one series per model); declare its expected cardinality (the seed: < 100 combinations).
  const modelSize = Metric.gauge({ name: 'neural_model_size_bytes', help: 'Model size in bytes', unit: 'bytes', labels: ['model_id', 'format'] });
  const api = new Service(scope, 'neural-api', {
    team: neural,
    namespace: NAMESPACE,
    tier: 'critical',
    description: 'Neural DSL HTTP API (FastAPI)',
    selector: { app: 'neural-api' },
    monitorLabels: { app: 'neural-api' },
    scrape: { port: 'http', interval: '15s', timeout: '10s', discovery: Discovery.static(['neural-api:8000']) },
    metrics: [requests, duration, active, compilation, modelSize],
    requests: { total: requests, duration },
    panels: [
      { metric: active, title: 'Active Requests', by: [] },
      { metric: compilation, title: 'Model compilation time' },
      { metric: modelSize, title: 'Model size', by: ['format'] },
    ],
  });
  api.addSymptom(
    // Symptom alerts are named <Service><Kind> (NeuralApiErrorRatio for the seed's HighErrorRate, …).
    // HighErrorRate: the seed's expression is a 5xx rate compared with 0.05, described as "5 %"; this is the ratio it means.
    Symptom.errorRatio({ errors: { metric: requests, matchers: [re('status', '5..')] }, total: { metric: requests }, thresholdPercent: 5, for: '5m' }),
    // HighLatency: p95 above 2 s for 10 minutes, a warning.
    Symptom.latency({ metric: duration, quantile: 0.95, thresholdSeconds: 2, for: '10m', severity: 'warning' }),
    // APIDown: up == 0 for 1 minute.
    Symptom.targetDown({ for: '1m' }),
  );

  const queue = Metric.gauge({ name: 'celery_queue_length', help: 'Number of tasks in queue', labels: ['queue'] });
  const taskDuration = Metric.histogram({ name: 'celery_task_duration_seconds', help: 'Task processing time', buckets: [1, 5, 10, 30, 60, 300] });
  const training = Metric.histogram({
    name: 'neural_training_duration_seconds', help: 'Model training time', labels: ['model_type'], buckets: [60, 300, 600, 1800, 3600],
  });
  const workers = new Service(scope, 'neural-workers', {
    team: neural,
    namespace: NAMESPACE,
    description: 'Celery workers: training, compilation and export queues',
    selector: { app: 'neural-worker' },
    monitorLabels: { app: 'neural-worker' },
    scrape: { port: 'metrics', interval: '30s', discovery: Discovery.static(['worker-1:9090', 'worker-2:9090', 'worker-3:9090']) },
    metrics: [queue, taskDuration, training],
    panels: [
      { metric: queue, title: 'Queue Length', by: ['queue'] },
      { metric: taskDuration, title: 'Task Processing Time', quantiles: [0.95] },
      { metric: training, title: 'Model training time', by: ['model_type'] },
    ],
  });
  workers.addSymptom(
    // HighQueueLength: more than 100 tasks waiting for 10 minutes.
    Symptom.queueLength({ queue: { metric: queue }, above: 100, for: '10m' }),
    // WorkerDown: up == 0 for 2 minutes.
    Symptom.targetDown({ for: '2m' }),
  );

  // GAP(exporters): replace the three hand-written exporter services below with the PostgreSQL, Redis and
  // NGINX presets (postgres-exporter:9187, redis-exporter:9121, nginx-exporter:9113), keeping the alert.
  const backends = Metric.gauge({ name: 'pg_stat_database_numbackends', help: 'Backends connected per database', labels: ['datname'] });
  const postgres = new Service(scope, 'postgres-exporter', {
    team: neural, namespace: NAMESPACE, tier: 'high', description: 'postgres_exporter for the neural_api database', scrape: { port: 9187 }, metrics: [backends],
  });
  // DatabaseConnectionPoolExhausted: more than 90 of the 100 connections for 2 minutes.
  postgres.addAlert('connection-pool-exhausted', {
    name: 'DatabaseConnectionPoolExhausted',
    expr: gt(selector(backends.name, [eq('datname', 'neural_api')]), num(90)),
    for: '2m',
    severity: 'critical',
    summary: 'Database connection pool nearly exhausted',
    description: '{{ $value }} connections active (limit: 100)',
  });
  new Service(scope, 'redis-exporter', {
    team: neural, namespace: NAMESPACE, description: 'redis_exporter for the Celery broker', scrape: { port: 9121 },
    metrics: [Metric.gauge({ name: 'redis_memory_used_bytes', help: 'Redis memory in use', unit: 'bytes' })],
  });
  new Service(scope, 'nginx-exporter', {
    team: neural, namespace: NAMESPACE, description: 'nginx-prometheus-exporter for the ingress', scrape: { port: 9113 },
    metrics: [Metric.gauge({ name: 'nginx_connections_active', help: 'Active client connections' })],
  });

  // neural_system_alerts: node_exporter series, not tied to one service.
  // GAP(exporters): the node preset declares node_exporter itself; these alerts stay.
  new PlatformAlert(scope, 'HighDiskUsage', {
    expr: gt(mul(sub(num(1), div(selector(Infrastructure.filesystemAvail.name), selector(Infrastructure.filesystemSize.name))), num(100)), num(85)),
    severity: 'warning',
    team: neural,
    summary: 'Disk usage is high',
    description: 'Disk usage is {{ $value | humanize }}% on {{ $labels.instance }}',
  });
  new PlatformAlert(scope, 'HighMemoryUsage', {
    expr: gt(mul(sub(num(1), div(selector(Infrastructure.memoryAvailable.name), selector(Infrastructure.memoryTotal.name))), num(100)), num(90)),
    severity: 'critical',
    team: neural,
    summary: 'Memory usage is critical',
    description: 'Memory usage is {{ $value | humanize }}% on {{ $labels.instance }}',
  });

  // GAP(dashboards): the seed's three dashboards, "Neural DSL API Performance" (request rate, p50/p95/p99,
  // error rate, active requests), "Neural DSL Workers" (queue length for training|compilation|export, task p95,
  // worker CPU and memory from process_* series) and "Neural DSL System Overview" (API instances, database
  // connections, Redis memory, disk usage). Until then the service dashboards above carry those panels.
}
