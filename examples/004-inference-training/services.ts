/**
 * Seed 004: the Gemma-3N agent loop's inference API (FastAPI, prometheus_client) and its training
 * components, which push to a Pushgateway. HTTP, inference, GPU and training metrics, the SLIs/SLOs the
 * review recommends, head-based trace sampling through an OTel collector, logs to Loki.
 * `npm run synth:examples` writes ./dist.
 *
 * Outside the package's job: the OpenTelemetry SDK and FastAPI/httpx instrumentation in the code, Sentry
 * error tracking (the package generates no Sentry configuration), structlog's logger set-up, and the
 * correlation ID in downstream calls, background tasks and WebSocket messages. Log sanitization happens in
 * the collector (its default sensitive fields), not in structlog.
 */
import { Construct } from 'constructs';
import {
  Collector, Dashboard, eq, Exporter, Infrastructure, Integration, Metric, PlatformExporter, re, Service, Sli, Symptom, Team,
  type MonitoringAppProps, type SecretKeyRef,
} from '../../lib';

const NAMESPACE = 'gemma';
const secret = (key: string): SecretKeyRef => ({ name: 'alertmanager-ml', key });

export const platform: MonitoringAppProps = {
  prometheus: {
    scrapeInterval: '15s',
    evaluationInterval: '15s',
    externalLabels: { cluster: 'gemma' },
    alertmanagers: ['alertmanager:9093'],
  },
  grafanaUrl: 'https://grafana.gemma.example',
  runbookBaseUrl: 'https://runbooks.gemma.example',
  grafana: {
    prometheusUrl: 'http://prometheus:9090',
    // Priority 3 of the review: Loki for the structlog JSON lines, with trace IDs.
    loki: { url: 'http://loki:3100' },
    tempo: { url: 'http://tempo:3200' },
    folder: 'Gemma',
  },
};

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** The models the agent loop serves (Gemma 3n's two sizes): the `model` label takes only these. */
const MODELS = ['gemma-3n-e2b', 'gemma-3n-e4b'];
/** GPUs per node. */
const GPU = { name: 'gpu', values: ['0', '1', '2', '3'] };
/** The inference API's series budget: its estimate (CATALOG.md) with room for a few more routes. */
const SERIES_BUDGET = 5000;

export function defineServices(scope: Construct): void {
  const team = new Team(scope, 'ml', {
    displayName: 'ML platform',
    receivers: {
      pager: [Integration.pagerDuty({ routingKey: secret('pagerduty-routing-key') })],
      chat: [Integration.slack({ channel: '#ml-alerts', apiUrl: secret('slack-webhook-url') })],
    },
    routing: { critical: { receivers: ['pager', 'chat'] }, warning: { receivers: ['chat'] }, info: { receivers: ['chat'] } },
  });

  // The review's "no metric cardinality controls": every label says its values or how many it takes, and the
  // API has a series budget, so synth fails and the scrape limits drop a target before a label explodes.
  // `endpoint` is the route template (FastAPI's route path), never the raw URL.
  const method = { name: 'method', values: ['GET', 'POST', 'PUT', 'DELETE'] };
  const endpoint = { name: 'endpoint', cardinality: 15 };
  const status = { name: 'status', values: ['200', '201', '400', '401', '403', '404', '422', '429', '500', '503'] };
  const model = { name: 'model', values: MODELS };
  const requests = Metric.counter({ name: 'http_requests_total', help: 'HTTP requests', labels: [method, endpoint, status] });
  const duration = Metric.histogram({ name: 'http_request_duration_seconds', help: 'HTTP request latency', labels: [method, endpoint], buckets: BUCKETS });
  const inFlight = Metric.gauge({ name: 'http_requests_in_progress', help: 'Requests in flight' });
  const inferences = Metric.counter({ name: 'inference_requests_total', help: 'Inference requests', labels: [model, { name: 'status', values: ['success', 'error', 'timeout'] }] });
  const inferenceDuration = Metric.histogram({ name: 'inference_duration_seconds', help: 'Inference latency', labels: [model], buckets: BUCKETS });
  // The project's GPU monitor, in the API process.
  const gpuUtil = Metric.gauge({ name: 'gpu_utilization_percent', help: 'GPU utilization', unit: 'percent', labels: [GPU], ignoreNamingRules: ['base-unit'] });
  const gpuMemory = Metric.gauge({ name: 'gpu_memory_used_bytes', help: 'GPU memory in use', unit: 'bytes', labels: [GPU] });
  const securityEvents = Metric.counter({ name: 'security_events_total', help: 'Security events by type', labels: [{ name: 'type', cardinality: 12 }, { name: 'severity', values: ['low', 'medium', 'high', 'critical'] }] });
  const api = new Service(scope, 'inference-api', {
    team,
    namespace: NAMESPACE,
    tier: 'critical',
    description: 'Inference API (FastAPI) with the agent loop',
    scrape: { port: 8000 },
    replicas: 2,
    seriesBudget: SERIES_BUDGET,
    metrics: [requests, duration, inFlight, inferences, inferenceDuration, gpuUtil, gpuMemory, securityEvents],
    requests: { total: requests, duration },
    panels: [
      { metric: inFlight, title: 'Requests in flight', by: [] },
      { metric: inferences, title: 'Inference requests by model', by: ['model'] },
      { metric: inferenceDuration, title: 'Inference latency', by: ['model'] },
      { metric: gpuUtil, title: 'GPU utilization', by: ['gpu'] },
      { metric: gpuMemory, title: 'GPU memory', by: ['gpu'] },
      { metric: securityEvents, title: 'Security events', by: ['type'] },
    ],
  });
  // The review's SLIs/SLOs: API latency p95 < 500 ms, error rate < 0.1 %, availability > 99.9 %. Latency and
  // availability page only: each ticket tier's generated proof replays a day of evaluations of the whole rule
  // file (75 s of promtool CPU for all three); the error budget keeps both tiers.
  const pageOnly = { ticket: false };
  api.addSlo('latency-p95', {
    objective: 95, description: 'API latency p95 < 500 ms', sli: Sli.latency({ histogram: duration, thresholdSeconds: 0.5 }), alerting: pageOnly,
  });
  api.addSlo('errors', {
    objective: 99.9,
    description: 'Error rate < 0.1 %',
    sli: Sli.ratio({ errors: { metric: requests, matchers: [re('status', '5..')] }, total: { metric: requests } }),
  });
  api.addSlo('availability', {
    objective: 99.9,
    description: 'Availability > 99.9 % (scrape target up)',
    sli: Sli.boolGauge({ metric: Infrastructure.up, matchers: [eq('job', 'inference-api')] }),
    alerting: pageOnly,
  });
  // Security monitoring: repeated authentication failures.
  api.addSymptom(Symptom.authFailures({ failures: { metric: securityEvents, matchers: [eq('type', 'auth_failure')] }, perMinute: 10 }));
  // Node-level GPU metrics from dcgm-exporter (a DaemonSet: PodMonitor) beside the GPU monitor's own, the node
  // exporters the review's compose file has commented out, and the training jobs' Pushgateway (honor_labels,
  // so pushed groups keep their job; its push-stale alert warns when a run stops pushing for an hour).
  const dcgm = new PlatformExporter(scope, 'dcgm', { exporter: Exporter.dcgm({ kubernetes: 'pod' }), namespace: NAMESPACE, team });
  new PlatformExporter(scope, 'node', { exporter: Exporter.node(), namespace: NAMESPACE, team });
  // Training runs push loss, steps, epochs and learning rate.
  const run = { name: 'run', cardinality: 20 };
  const trainingLabels = [run, model];
  const loss = Metric.gauge({ name: 'training_loss', help: 'Training loss of the last step', labels: trainingLabels });
  const steps = Metric.counter({ name: 'training_steps_total', help: 'Training steps completed', labels: trainingLabels });
  const epoch = Metric.gauge({ name: 'training_epoch', help: 'Current epoch', labels: trainingLabels });
  const learningRate = Metric.gauge({ name: 'training_learning_rate', help: 'Current learning rate', labels: trainingLabels });
  new PlatformExporter(scope, 'pushgateway', { exporter: Exporter.pushgateway({ metrics: [loss, steps, epoch, learningRate] }), namespace: NAMESPACE, team });

  // GPUs: utilisation and temperature are averaged or maxed per GPU, never summed (a sum of percentages means nothing).
  const util = dcgm.metric('DCGM_FI_DEV_GPU_UTIL')!;
  const temp = dcgm.metric('DCGM_FI_DEV_GPU_TEMP')!;
  new Dashboard(scope, 'gpus', {
    title: 'GPUs',
    rows: [
      {
        title: 'Utilisation',
        panels: [
          { type: 'gauge', title: 'GPU utilisation (average)', queries: [{ metric: util, aggregation: 'avg' }], min: 0, max: 100, thresholds: [{ value: 90, color: 'orange' }] },
          { title: 'GPU utilisation per GPU', queries: [{ metric: util, aggregation: 'max', by: ['Hostname', 'gpu'], legend: '{{Hostname}} GPU {{gpu}}' }], min: 0, max: 100 },
          { title: 'GPU utilisation seen by the API', queries: [{ metric: gpuUtil, aggregation: 'avg', by: ['gpu'], legend: 'GPU {{gpu}}' }], min: 0, max: 100 },
        ],
      },
      {
        title: 'Temperature and memory',
        panels: [
          { title: 'Hottest GPU per host', queries: [{ metric: temp, aggregation: 'max', by: ['Hostname'] }], thresholds: [{ value: 85, color: 'red' }] },
          { title: 'GPU memory used', queries: [{ metric: dcgm.metric('DCGM_FI_DEV_FB_USED')!, aggregation: 'max', by: ['Hostname', 'gpu'], legend: '{{Hostname}} GPU {{gpu}}' }] },
          { type: 'table', title: 'GPUs by host', queries: [{ metric: util, aggregation: 'avg', by: ['Hostname'], legend: 'Utilisation' }, { metric: temp, aggregation: 'max', by: ['Hostname'], legend: 'Temperature' }] },
        ],
      },
    ],
  });
  new Dashboard(scope, 'training', {
    title: 'Training',
    rows: [{
      title: 'Runs',
      panels: [
        { title: 'Training loss', queries: [{ metric: loss, aggregation: 'max', by: ['run'] }] },
        { title: 'Training steps per second', queries: [{ metric: steps, by: ['run'] }] },
        { title: 'Epoch', queries: [{ metric: epoch, aggregation: 'max', by: ['run'] }] },
        { title: 'Learning rate', queries: [{ metric: learningRate, aggregation: 'max', by: ['run'] }] },
      ],
    }],
  });

  // Priority 1 (tracing) and 3 (log aggregation): the SDKs sample 10 % of traces at the head
  // (OTEL_TRACES_SAMPLER=parentbased_traceidratio in inference-api-otel-env); the gateway keeps errors and slow ones.
  new Collector(scope, 'otel-gateway', {
    team,
    backends: {
      traces: { protocol: 'otlp-grpc', endpoint: 'tempo:4317', insecure: true },
      logs: { protocol: 'otlp-http', endpoint: 'http://loki:3100/otlp' },
    },
    tenants: [{ name: 'gemma', namespaces: [NAMESPACE] }],
    sampling: { headRatio: 0.1, slowerThan: '500ms' },
  });
}
