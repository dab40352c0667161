/**
 * The scale workload of issue 12: N services, each with 10 declared metrics, 3 SLOs (ratio,
 * classic-histogram latency, bool gauge), 3 symptom alerts and request panels, owned by one of
 * 20 teams that route to Slack.
 */
import { Construct } from 'constructs';
import { Integration, Metric, re, Service, Sli, Symptom, Team } from '../../lib';

export const TEAMS = 20;

const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['method', 'code'] });
const latency = Metric.histogram({ name: 'http_request_duration_seconds', help: 'Latency', labels: ['method'], buckets: [0.05, 0.1, 0.3, 1, 3] });
const METRICS = [
  requests,
  latency,
  Metric.gauge({ name: 'probe_success', help: 'Synthetic probe result (0/1)' }),
  Metric.gauge({ name: 'queue_depth', help: 'Jobs waiting' }),
  Metric.counter({ name: 'jobs_processed_total', help: 'Jobs processed', labels: ['result'] }),
  Metric.counter({ name: 'cache_hits_total', help: 'Cache hits' }),
  Metric.counter({ name: 'cache_misses_total', help: 'Cache misses' }),
  Metric.gauge({ name: 'db_connections_in_use', help: 'Database connections in use' }),
  Metric.histogram({ name: 'db_query_duration_seconds', help: 'Database query latency', buckets: [0.001, 0.01, 0.1, 1] }),
  Metric.gauge({ name: 'worker_threads', help: 'Worker threads' }),
];
const serverErrors = { metric: requests, matchers: [re('code', '5..')] };

/** Declares the workload under `scope`: `n` services named svc-00000… */
export function defineWorkload(scope: Construct, n: number): void {
  const teamsScope = new Construct(scope, 'teams');
  const teams = Array.from({ length: TEAMS }, (_, i) => {
    const name = `team-${String(i).padStart(2, '0')}`;
    const slack = (channel: string) => Integration.slack({ channel, apiUrl: { name: `alertmanager-${name}`, key: 'slack-webhook-url' } });
    return new Team(teamsScope, name, {
      receivers: { pager: [slack(`#${name}-oncall`)], chat: [slack(`#${name}-alerts`)] },
      routing: { critical: { receivers: ['pager'] }, warning: { receivers: ['chat'] }, info: { receivers: ['chat'] } },
    });
  });
  const services = new Construct(scope, 'services');
  for (let i = 0; i < n; i++) {
    const svc = new Service(services, `svc-${String(i).padStart(5, '0')}`, {
      team: teams[i % TEAMS]!,
      namespace: `ns-${String(i % TEAMS).padStart(2, '0')}`,
      scrape: { port: 8000 },
      metrics: METRICS,
      requests: { total: requests, statusLabel: 'code', duration: latency },
    });
    svc.addSlo('availability', { objective: 99.9, sli: Sli.ratio({ errors: serverErrors, total: { metric: requests } }) });
    svc.addSlo('latency', { objective: 99, sli: Sli.latency({ histogram: latency, thresholdSeconds: 0.3 }) });
    svc.addSlo('probe', { objective: 99.5, sli: Sli.boolGauge({ metric: METRICS[2]! }) });
    svc.addSymptom(
      Symptom.targetDown(),
      Symptom.errorRatio({ errors: serverErrors, total: { metric: requests }, thresholdPercent: 5 }),
      Symptom.latency({ metric: latency, quantile: 0.99, thresholdSeconds: 1 }),
    );
  }
}
