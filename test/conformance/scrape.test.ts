import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineNeural, neuralPlatform } from '../fixtures/neural-platform';
import { readManifests, validateObject } from '../support/schemas';
import { synthTo } from '../support/synth';
import { availableToolchains, run } from '../support/tools';

let defaultOut: string;
let neuralOut: string;
beforeAll(() => {
  defaultOut = synthTo();
  neuralOut = synthTo(defineNeural, neuralPlatform);
});

function monitors(dir: string) {
  return readManifests(dir).map((m) => m.object).filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor');
}

describe('operator scrape objects', () => {
  it('gives each of the 15 default services one ServiceMonitor selected by kube-prometheus-stack', () => {
    // The collector's own ServiceMonitor is checked in test/otel.
    const objs = monitors(defaultOut).filter((o) => o.metadata.name !== 'otel-gateway');
    expect(objs).toHaveLength(15);
    for (const o of objs) {
      expect(o.kind).toBe('ServiceMonitor');
      expect(o.metadata.namespace).toBe('keviq');
      expect(o.metadata.labels?.release).toBe('kube-prometheus-stack');
    }
    const agent = objs.find((o) => o.metadata.name === 'agent-runtime')!;
    expect(agent.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'agent-runtime' } },
      namespaceSelector: { matchNames: ['keviq'] },
      endpoints: [{
        targetPort: 8000,
        path: '/metrics',
        scheme: 'http',
        interval: '30s',
        scrapeTimeout: '10s',
        relabelings: [
          { action: 'replace', targetLabel: 'job', replacement: 'agent-runtime' },
          { action: 'replace', targetLabel: 'service', replacement: 'agent-runtime' },
          { action: 'replace', targetLabel: 'team', replacement: 'agents' },
          { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
        ],
        metricRelabelings: [{ action: 'labelkeep', regex: '__name__|container|endpoint|instance|job|le|method|namespace|path|pod|quantile|service|status|team' }],
      }],
      // 1625 + 125 + 250 HTTP series and 5 agent counters, + 50 %; __name__, 8 target labels, 3 declared, + 2.
      sampleLimit: 3008,
      labelLimit: 14,
    });
  });

  it('uses a PodMonitor where the service has no Kubernetes Service, and the configured selection label', () => {
    const objs = monitors(neuralOut);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'PodMonitor/neural-workers', 'ServiceMonitor/neural-api', 'ServiceMonitor/postgres-exporter',
    ]);
    const workers = objs.find((o) => o.kind === 'PodMonitor')!;
    expect(workers.metadata.labels?.release).toBe('prometheus');
    expect((workers.spec as { podMetricsEndpoints: { port: string }[] }).podMetricsEndpoints[0]!.port).toBe('metrics');
    const api = objs.find((o) => o.metadata.name === 'neural-api')!;
    expect((api.spec as { endpoints: object[] }).endpoints[0]).toMatchObject({ port: 'http', interval: '15s', scrapeTimeout: '10s' });
  });

  it('validates every generated Kubernetes object against its published schema', () => {
    for (const dir of [defaultOut, neuralOut]) {
      const all = readManifests(dir);
      expect(all.length).toBeGreaterThan(0);
      for (const { file, object } of all) {
        const known = validateObject(object);
        // Kinds without a published schema must be declared here, so a new kind is a conscious choice.
        if (!known) expect(['GrafanaDashboard'], `${file}: ${object.apiVersion} ${object.kind} has no schema`).toContain(object.kind);
      }
    }
  });

  it('the schema check catches a bad object', () => {
    const bad = monitors(defaultOut)[0]!;
    const broken = structuredClone(bad);
    (broken.spec as { endpoints: { interval: string }[] }).endpoints[0]!.interval = '30 seconds';
    expect(() => validateObject(broken)).toThrow(/must match pattern/);
  });
});

describe('plain prometheus.yml', () => {
  it('has one job per service with its identity labels, the rule files and Alertmanager', () => {
    const cfg = parse(fs.readFileSync(path.join(defaultOut, 'prometheus/prometheus.yml'), 'utf8'));
    expect(cfg.global).toEqual({
      scrape_interval: '30s', scrape_timeout: '10s', evaluation_interval: '30s',
      external_labels: { cluster: 'keviq', environment: 'production' },
    });
    expect(cfg.rule_files).toEqual(['rules/*.yml']);
    expect(cfg.alerting).toEqual({ alertmanagers: [{ static_configs: [{ targets: ['alertmanager:9093'] }] }] });
    // One job per service, then the collector's self-metrics.
    expect(cfg.scrape_configs).toHaveLength(16);
    expect(cfg.scrape_configs[15]).toEqual({
      job_name: 'otel-gateway',
      static_configs: [{ targets: ['otel-gateway.monitoring.svc:8888'], labels: { service: 'otel-gateway', team: 'platform', namespace: 'monitoring' } }],
    });
    expect(cfg.scrape_configs.find((j: { job_name: string }) => j.job_name === 'api-gateway')).toEqual({
      job_name: 'api-gateway', scrape_interval: '30s', scrape_timeout: '10s', metrics_path: '/metrics', scheme: 'http',
      // 2000 HTTP series + 50 %; __name__, 5 target labels, 3 declared, + 2.
      sample_limit: 3000, label_limit: 11,
      static_configs: [{ targets: ['api-gateway:8000'], labels: { service: 'api-gateway', team: 'edge', namespace: 'keviq' } }],
      metric_relabel_configs: [{ action: 'labelkeep', regex: '__name__|instance|job|le|method|namespace|path|quantile|service|status|team' }],
    });
  });

  it('uses file-based discovery where a service declares it', () => {
    const cfg = parse(fs.readFileSync(path.join(neuralOut, 'prometheus/prometheus.yml'), 'utf8'));
    const pg = cfg.scrape_configs.find((j: { job_name: string }) => j.job_name === 'postgres-exporter');
    expect(pg.file_sd_configs).toEqual([{ files: ['targets/postgres.json'] }]);
    expect(pg.relabel_configs).toContainEqual({ action: 'replace', target_label: 'team', replacement: 'neural' });
    const workers = cfg.scrape_configs.find((j: { job_name: string }) => j.job_name === 'neural-workers');
    expect(workers.static_configs[0].targets).toEqual(['worker-1:9090', 'worker-2:9090', 'worker-3:9090']);
  });
});

describe.each(availableToolchains('promtool'))('promtool $prometheus check config', (tc) => {
  it('accepts both prometheus.yml files, lint included', () => {
    for (const dir of [defaultOut, neuralOut]) {
      const r = run(tc.bin.promtool, ['check', 'config', '--lint=all', '--lint-fatal', 'prometheus/prometheus.yml'], dir);
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('is valid prometheus config file syntax');
    }
  });

  it('rejects a broken config, so the check above is real', () => {
    const file = path.join(defaultOut, `prometheus/broken-${tc.id}.yml`);
    fs.writeFileSync(file, fs.readFileSync(path.join(defaultOut, 'prometheus/prometheus.yml'), 'utf8').replace('scrape_timeout: 10s', 'scrape_timeout: 1m'));
    const r = run(tc.bin.promtool, ['check', 'config', file]);
    fs.rmSync(file);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('scrape timeout greater than scrape interval');
  });
});
