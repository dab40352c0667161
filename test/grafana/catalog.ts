/**
 * The default catalogue plus what the Grafana tests need on top: SLOs (so SLO rows exist) and a
 * service shaped like seed 000's database (gauges, histograms, panels with chosen quantiles/labels).
 */
import type { Construct } from 'constructs';
import { MonitoringApp, Metric, Service, Sli, Team, type MonitoringAppProps } from '../../lib';
import { catalogOf, type Catalog } from '../../lib/model/catalog';
import { defineServices, platform } from '../../services';

export function defineTestCatalog(scope: Construct): void {
  defineServices(scope);
  const services = scope.node.findAll().filter(Service.isService);
  const gateway = services.find((s) => s.name === 'api-gateway')!;
  gateway.addSlo('availability', {
    sli: Sli.ratio({ errors: { metric: gateway.metric('mona_http_request_errors_total')! }, total: { metric: gateway.metric('mona_http_requests_total')! } }),
    objective: 99.9,
    description: 'Requests served without a server error',
  });
  const agent = services.find((s) => s.name === 'agent-runtime')!;
  agent.addSlo('budget', {
    sli: Sli.ratio({ errors: { metric: agent.metric('mona_agent_budget_exhausted_total')! }, total: { metric: agent.metric('mona_agent_invocations_total')! } }),
    objective: 99,
    period: '28d',
  });

  // Seed 000: "Connection count, query latency (p99), ML training duration, vector index size" and
  // "auth success/failure": a gauge, histograms with chosen quantiles, a counter broken down by a label.
  const data = new Team(scope, 'data');
  const connections = Metric.gauge({ name: 'neurondb_connections', help: 'Open connections' });
  const queryLatency = Metric.histogram({ name: 'neurondb_query_duration_seconds', help: 'Query latency', labels: ['query'], buckets: [0.005, 0.05, 0.5, 5] });
  const training = Metric.histogram({ name: 'neurondb_training_duration_seconds', help: 'ML training duration', native: true });
  const indexSize = Metric.gauge({ name: 'neurondb_vector_index_size_bytes', help: 'Vector index size', labels: ['index'] });
  const auth = Metric.counter({ name: 'neurondb_auth_attempts_total', help: 'Authentication attempts', labels: ['result'] });
  const requests = Metric.counter({ name: 'neurondb_requests_total', help: 'Requests', labels: ['code'] });
  const db = new Service(scope, 'neurondb', {
    team: data, namespace: 'neuron', scrape: { port: 9187 },
    metrics: [connections, queryLatency, training, indexSize, auth, requests],
    requests: { total: requests, duration: queryLatency },
    panels: [
      { metric: connections, title: 'Connection count', by: [] },
      { metric: queryLatency, title: 'Query latency (p99)', quantiles: [0.99], by: ['query'] },
      { metric: training, title: 'ML training duration' },
      { metric: indexSize, title: 'Vector index size', by: ['index'] },
    ],
  });
  db.addPanel({ metric: auth, title: 'Auth success/failure', by: ['result'] });
}

export function testApp(props: MonitoringAppProps = platform, define: (scope: Construct) => void = defineTestCatalog): MonitoringApp {
  const app = new MonitoringApp({ ...props, outdir: '/nonexistent-not-written' });
  define(app);
  return app;
}

export function testCatalog(props: MonitoringAppProps = platform): Catalog {
  const app = testApp(props);
  const problems = app.problems();
  if (problems.length) throw new Error(problems.join('\n'));
  return catalogOf(app);
}
