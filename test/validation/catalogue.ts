/** A small valid catalogue that each bad-input case breaks in one place (or a few). */
import { Construct } from 'constructs';
import {
  Collector, Integration, Metric, MonitoringApp, Service, Sli, Team,
  type CollectorProps, type MonitoringAppProps, type ServiceProps, type SloProps, type TeamProps,
} from '../../lib';
export { synthProblems } from '../support/synth';

export const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['code', 'route'] });
export const errors = Metric.counter({ name: 'http_errors_total', help: 'Errors', labels: ['route'] });
export const latency = Metric.histogram({ name: 'http_request_duration_seconds', help: 'Latency', labels: ['route'], buckets: [0.1, 0.25, 0.5, 1] });
export const latencyMs = Metric.histogram({ name: 'rpc_duration_milliseconds', help: 'RPC latency', buckets: [50, 100, 250], ignoreNamingRules: ['base-unit'] });
export const queue = Metric.gauge({ name: 'queue_depth', help: 'Jobs waiting' });
export const METRICS = [requests, errors, latency, latencyMs, queue];

export const ratio = Sli.ratio({ errors: { metric: errors }, total: { metric: requests } });

export const chat = [Integration.slack({ channel: '#payments', apiUrl: { name: 'am-payments', key: 'slack-url' } })];

export function team(scope: Construct, props: TeamProps = {}, id = 'payments'): Team {
  return new Team(scope, id, { receivers: { chat }, routing: { critical: { receivers: ['chat'] } }, ...props });
}

/** The first team of the app, declared on first use. */
export function ownTeam(scope: Construct): Team {
  return (scope.node.tryFindChild('payments') as Team | undefined) ?? team(scope);
}

export function service(scope: Construct, props: Partial<ServiceProps> = {}, id = 'checkout'): Service {
  return new Service(scope, id, { team: ownTeam(scope), namespace: 'shop', scrape: { port: 8080 }, metrics: METRICS, ...props });
}

export function slo(scope: Construct, props: Partial<SloProps> = {}, id = 'availability', svc?: Service): Service {
  const s = svc ?? service(scope);
  s.addSlo(id, { sli: ratio, objective: 99.9, ...props });
  return s;
}

export const BACKENDS: CollectorProps['backends'] = {
  traces: { protocol: 'otlp-grpc', endpoint: 'tempo.monitoring:4317', insecure: true },
  metrics: { protocol: 'prometheus-remote-write', endpoint: 'http://prometheus.monitoring:9090/api/v1/write' },
};

export function collector(scope: Construct, props: Partial<CollectorProps> = {}, id = 'gateway'): Collector {
  return new Collector(scope, id, { backends: BACKENDS, ...props });
}

/** One malformed declaration and every problem synth must report for it, exactly. */
export interface BadInput {
  readonly name: string;
  readonly settings?: MonitoringAppProps;
  readonly build: (app: MonitoringApp) => void;
  readonly problems: readonly string[];
}

