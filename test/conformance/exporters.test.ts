/**
 * Seed 002's and 004's exporters (test/fixtures/exporters.ts) on the real tools: promtool 2.42 and 3.16
 * check the config and rules and pass the generated tests of the standard alerts, which fail when a
 * threshold changes; amtool routes every line; every monitor passes the operator's schema.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Files, PLATFORM } from '../../lib/conventions';
import { defineExporters } from '../fixtures/exporters';
import { misrouted, namedRoutes, routesTable } from '../support/dist-checks';
import { testRules } from '../support/promtool';
import { readManifests, validateObject } from '../support/schemas';
import { listFiles, synthTo, tempDir } from '../support/synth';
import { availableToolchains, CURRENT, run } from '../support/tools';

let dir: string;
beforeAll(() => {
  dir = synthTo(defineExporters);
});

const testNames = (owner: string): string[] => parse(fs.readFileSync(path.join(dir, Files.ruleTest(owner)), 'utf8')).tests.map((t: { name: string }) => t.name);

describe('exporter output of the seeds', () => {
  it('writes a monitor per exporter, each passing the operator schema, the Pushgateway with honorLabels and DCGM as a PodMonitor', () => {
    const monitors = readManifests(dir).map((m) => m.object).filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor');
    expect(monitors.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'PodMonitor/monitoring/dcgm',
      'ServiceMonitor/monitoring/node',
      'ServiceMonitor/monitoring/pushgateway',
      'ServiceMonitor/neural-prod/neural-api',
      'ServiceMonitor/neural-prod/neural-api-ingress-nginx',
      'ServiceMonitor/neural-prod/neural-api-nginx',
      'ServiceMonitor/neural-prod/neural-api-postgres',
      'ServiceMonitor/neural-prod/neural-api-redis',
    ]);
    for (const o of monitors) expect(validateObject(o), `${o.kind} ${o.metadata.name}`).toBe(true);
    const push = monitors.find((o) => o.metadata.name === 'pushgateway')! as unknown as { spec: { endpoints: { honorLabels?: boolean }[] } };
    expect(push.spec.endpoints[0]!.honorLabels).toBe(true);
    const dcgm = monitors.find((o) => o.metadata.name === 'dcgm')! as unknown as { spec: { podMetricsEndpoints: { portNumber: number }[] } };
    expect(dcgm.spec.podMetricsEndpoints[0]!.portNumber).toBe(9400);
  });

  it('scrapes seed 002\'s exporter targets in prometheus.yml', () => {
    const cfg = parse(fs.readFileSync(path.join(dir, Files.prometheusConfig), 'utf8'));
    const targets = Object.fromEntries(cfg.scrape_configs.map((j: { job_name: string; static_configs: { targets: string[] }[] }) => [j.job_name, j.static_configs[0]!.targets[0]]));
    expect(targets).toMatchObject({
      'neural-api-postgres': 'postgres-exporter:9187', 'neural-api-redis': 'redis-exporter:9121', 'neural-api-nginx': 'nginx-exporter:9113',
      node: 'node:9100', dcgm: 'dcgm:9400', pushgateway: 'pushgateway:9091',
    });
  });

  it('generates a firing and a silent case for every standard alert whose inputs are known, and says why for the others', () => {
    expect(testNames('neural-api')).toEqual([
      'NeuralApiPostgresDown: fires after 1m on the far side of 1', 'NeuralApiPostgresDown: silent on the near side of 1',
      'NeuralApiPostgresConnectionsExhausted: fires after 2m on the far side of 90', 'NeuralApiPostgresConnectionsExhausted: silent on the near side of 90',
      'NeuralApiRedisDown: fires after 1m on the far side of 1', 'NeuralApiRedisDown: silent on the near side of 1',
      'NeuralApiNginxDown: fires after 1m on the far side of 1', 'NeuralApiNginxDown: silent on the near side of 1',
      'NeuralApiIngressNginx5xxRatio: fires after 5m on the far side of 5', 'NeuralApiIngressNginx5xxRatio: silent on the near side of 5',
    ]);
    expect(testNames(PLATFORM)).toEqual([
      'NodeMemoryHigh: fires after 5m on the far side of 90', 'NodeMemoryHigh: silent on the near side of 90',
      'DcgmGpuTemperature: fires after 5m on the far side of 85', 'DcgmGpuTemperature: silent on the near side of 85',
    ]);
    const catalog = fs.readFileSync(path.join(dir, Files.catalog), 'utf8');
    expect(catalog).toContain('## Exporters');
    expect(catalog).toMatch(/PushgatewayPushStale.*it calls time\(\)/);
  });
});

describe.each(availableToolchains('promtool'))('promtool $prometheus', (tc) => {
  it('check config and check rules --lint=all --lint-fatal accept the output', () => {
    const c = run(tc.bin.promtool, ['check', 'config', '--lint=all', '--lint-fatal', Files.prometheusConfig], dir);
    expect(c.status, c.output).toBe(0);
    const rules = listFiles(dir).filter((f) => f.startsWith('prometheus/rules/'));
    expect(rules).toEqual([Files.ruleFile('neural-api'), Files.ruleFile(PLATFORM)]);
    const r = run(tc.bin.promtool, ['check', 'rules', '--lint=all', '--lint-fatal', ...rules], dir);
    expect(r.status, r.output).toBe(0);
  });

  it('passes every generated test', async () => {
    expect(await Promise.all([Files.ruleTest('neural-api'), Files.ruleTest(PLATFORM)].map((f) => testRules(tc, dir, f)))).toEqual([undefined, undefined]);
  }, 300_000);

  it.each([
    ['the connection-pool threshold', 'neural-api', ') > 90', ') > 95', 'NeuralApiPostgresConnectionsExhausted'],
    ['the GPU temperature threshold', PLATFORM, '> 85', '> 95', 'DcgmGpuTemperature'],
    ['the exporter label of node memory', PLATFORM, 'node_memory_MemTotal_bytes{exporter="node"}', 'node_memory_MemTotal_bytes{exporter="nodes"}', 'NodeMemoryHigh'],
  ])('fails when %s in the rules changes', async (_, owner, from, to, alert) => {
    const copy = tempDir();
    fs.cpSync(path.join(dir, 'prometheus'), path.join(copy, 'prometheus'), { recursive: true });
    const file = path.join(copy, Files.ruleFile(owner));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(from);
    fs.writeFileSync(file, text.replace(from, to));
    const failure = await testRules(tc, copy, Files.ruleTest(owner));
    expect(failure).toMatch(/FAILED/);
    expect(failure).toContain(alert);
  }, 300_000);
});

// The default platform's receivers read webhook URLs from files (url_file), which only 0.35 of the two knows.
describe.each(availableToolchains('amtool').filter((tc) => tc === CURRENT))('amtool $alertmanager', (tc) => {
  it('routes every exporter alert: service exporters to the service\'s team, platform ones to theirs or the root', () => {
    const lines = routesTable(dir);
    expect(namedRoutes(lines)).toEqual([
      'NeuralApiPostgresDown → incident-log,neural-critical',
      'NeuralApiPostgresConnectionsExhausted → incident-log,neural-critical',
      'NeuralApiRedisDown → incident-log,neural-critical',
      'NeuralApiNginxDown → incident-log,neural-critical',
      'NeuralApiIngressNginx5xxRatio → incident-log,neural-critical',
      'NodeMemoryHigh → incident-log',
      'DcgmGpuTemperature → ml-platform-warning',
      'PushgatewayPushStale → ml-platform-warning',
    ]);
    const config = path.join(dir, Files.alertmanagerConfig);
    const c = run(tc.bin.amtool, ['check-config', config]);
    expect(c.status, c.output).toBe(0);
    expect(misrouted(tc, config, lines)).toEqual([]);
  });
});

describe('exporter dashboards', () => {
  it('give neural-api one row per exporter in declaration order (and no Saturation row of its own), the overview one per platform exporter; every panel passes the linter', async () => {
    const { dataPanels, lintDashboard } = await import('../support/dashboard-lint');
    const read = (uid: string) => JSON.parse(fs.readFileSync(path.join(dir, Files.dashboard(uid)), 'utf8')) as { panels: { type: string; title: string }[] };
    const rows = (uid: string) => read(uid).panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows('svc-neural-api')).toEqual([
      'Metrics',
      'PostgreSQL (postgres_exporter): neural-api-postgres',
      'Redis (redis_exporter): neural-api-redis',
      'NGINX (nginx-prometheus-exporter): neural-api-nginx',
      'NGINX (ingress-nginx controller): neural-api-ingress-nginx',
      'Saturation',
    ]);
    expect(rows('slo-overview').slice(-3)).toEqual(['GPUs (dcgm-exporter): dcgm', 'Nodes (node_exporter): node', 'Pushgateway: pushgateway']);
    const counters = new Set(['neural_api_requests_total', 'nginx_ingress_controller_requests', 'nginx_http_requests_total', 'pg_stat_database_xact_commit', 'redis_commands_processed_total', 'node_cpu_seconds_total', 'nginx_connections_accepted', 'nginx_connections_handled']);
    const options = {
      targetRuleExclusions: (s: string) => (s.includes(':') || /^(container_|kube_|ALERTS)/.test(s) ? 'not a target series' : undefined),
      isCounter: (s: string) => counters.has(s) || /^(container_cpu|kube_pod_container_status_restarts)/.test(s),
    };
    for (const uid of ['svc-neural-api', 'slo-overview']) {
      const d = read(uid) as unknown as Record<string, unknown>;
      expect(dataPanels(d).length).toBeGreaterThan(0);
      // The fixture declares no request metrics, so the overview's two traffic panels have no query.
      const found = lintDashboard(d, options).filter((v) => !(uid === 'slo-overview' && v.rule === 'panel-no-targets-rule' && v.where.endsWith('per service')));
      expect(found, uid).toEqual([]);
    }
  });
});
