/**
 * The series estimate against what the demo targets really expose: every default service's /metrics
 * counted in process, and a real Prometheus (2.42 and the current release) scraping with the generated
 * sample_limit, label_limit and labelkeep.
 */
import type { Construct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf, Metric, MonitoringApp, Service, Team, type Catalog } from '../../lib';
import { labelLimit, targetEstimate } from '../../lib/model/cardinality';
import { resolveBinaries } from '../../lib/sandbox/binaries';
import { startDemoTarget } from '../../lib/sandbox/demo/server';
import { metricSpec, targetSpec } from '../../lib/sandbox/demo/spec';
import { Traffic } from '../../lib/sandbox/demo/traffic';
import { waitFor } from '../../lib/sandbox/net';
import { Sandbox } from '../../lib/sandbox/sandbox';
import { defineServices, platform } from '../../services';
import { defineNeural, neuralPlatform } from '../fixtures/neural-platform';
import { synthTo } from '../support/synth';
import { availableToolchains } from '../support/tools';

/** For a catalogue whose every label declares its values or cardinality: how far above the real count the estimate may be. */
const TOLERANCE = 1.1;

function catalogue(define: (s: Construct) => void, props = platform): Catalog {
  const app = new MonitoringApp(props);
  define(app);
  return catalogOf(app);
}

/** Sample lines of a text exposition, and the most labels one of them carries. */
function countExposition(text: string): { samples: number; mostLabels: number } {
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const labelsOf = (l: string) => (l.includes('{') ? l.slice(l.indexOf('{') + 1, l.lastIndexOf('}')).split('",').length : 0);
  return { samples: lines.length, mostLabels: Math.max(0, ...lines.map(labelsOf)) };
}

async function exposed(s: Service): Promise<{ samples: number; mostLabels: number }> {
  const target = await startDemoTarget(targetSpec(s), 0, () => 0);
  try {
    return countExposition(await (await fetch(`${target.url}/metrics`)).text());
  } finally {
    await target.close();
  }
}

describe('demo target label values', () => {
  it('serves every declared value, at zero until traffic reaches it; traffic keeps its usual values inside the set', () => {
    const m = Metric.counter({ name: 'r_total', help: 'x', labels: [{ name: 'method', values: ['GET', 'PUT'] }, { name: 'status', values: ['200', '404', '500'] }, { name: 'route', cardinality: 3 }] });
    const spec = { service: 'x', metrics: [metricSpec(m)], traffic: { rps: 10, errorRatio: 0.5, latencyMs: 10 } };
    const t = new Traffic(spec, 0);
    t.advanceTo(10_000);
    const key = (l: Readonly<Record<string, string>>) => `${l.method} ${l.status} ${l.route}`;
    const reached = t.families()[0]!.samples;
    const served = t.families(true)[0]!.samples;
    // Traffic: GET only (POST is not declared), 200 or 500, the two usual routes.
    expect(new Set(reached.map((x) => key(x.labels)))).toEqual(new Set(['GET 200 /api/v1/items', 'GET 200 /api/v1/orders', 'GET 500 /api/v1/items', 'GET 500 /api/v1/orders']));
    expect(served).toHaveLength(2 * 3 * 3);
    expect(served.find((x) => key(x.labels) === 'PUT 404 route-3')!.value).toBe(0);
    expect(served.reduce((n, x) => n + x.value, 0)).toBe(100);
  });
});

describe('series estimate against the demo targets', () => {
  it(`is an upper bound within ${TOLERANCE}× of every default service's /metrics, and its label_limit holds`, async () => {
    const { services, settings } = catalogue(defineServices);
    const rows: string[] = [];
    for (const s of services) {
      const estimate = targetEstimate(s, settings.cardinality).perTarget;
      const real = await exposed(s);
      rows.push(`${s.name} ${real.samples}/${estimate}`);
      expect(real.samples, s.name).toBeLessThanOrEqual(estimate);
      expect(estimate, s.name).toBeLessThanOrEqual(real.samples * TOLERANCE);
      // The plain job's target labels (job, instance, service, team, namespace) and __name__ come on top.
      expect(1 + 5 + real.mostLabels, s.name).toBeLessThanOrEqual(labelLimit(s, false));
    }
    expect(rows).toHaveLength(15);
  });

  it('stays an upper bound where labels are declared by name only (the platform default is assumed)', async () => {
    const { services, settings } = catalogue(defineNeural, neuralPlatform);
    for (const s of services.filter((x) => x.scrape)) {
      expect((await exposed(s)).samples, s.name).toBeLessThanOrEqual(targetEstimate(s, settings.cardinality).perTarget);
    }
  });
});

// The catalogue synthesized into dist/: two small services next to the default ones.
const method = { name: 'method', values: ['GET', 'POST'] };
function withProbes(extra: { kept: readonly Metric[]; flood: readonly Metric[] }) {
  return (scope: Construct) => {
    defineServices(scope);
    const team = new Team(scope, 'probes');
    new Service(scope, 'kept', { team, namespace: 'keviq', scrape: { port: 9101 }, metrics: [...extra.kept] });
    new Service(scope, 'flood', { team, namespace: 'keviq', scrape: { port: 9102 }, metrics: [...extra.flood] });
  };
}
const declared = () => [Metric.counter({ name: 'probe_requests_total', help: 'Requests', labels: [method] })];
const SYNTHESIZED = withProbes({ kept: declared(), flood: declared() });
// What the targets really expose: `kept` adds one undeclared label, `flood` a label with 50 values.
const RUNNING = withProbes({
  kept: [Metric.counter({ name: 'probe_requests_total', help: 'Requests', labels: [method, { name: 'user_id', cardinality: 1 }] })],
  flood: [Metric.counter({ name: 'probe_requests_total', help: 'Requests', labels: [method, { name: 'user_id', cardinality: 50 }] })],
});

describe.each(availableToolchains('prometheus', 'promtool', 'alertmanager'))('on Prometheus $prometheus', (tc) => {
  let sb: Sandbox | undefined;
  let real: Catalog;
  beforeAll(async () => {
    const dist = synthTo(SYNTHESIZED);
    real = catalogue(RUNNING);
    const run = real.services.filter((s) => ['api-gateway', 'kept', 'flood'].includes(s.name));
    sb = await Sandbox.start({
      services: run,
      catalogServices: real.services.map((s) => s.name),
      distDir: dist,
      history: '0s',
      binaries: resolveBinaries({ toolchain: tc.id }).binaries,
    });
    // Every target scraped at least once.
    await waitFor(async () => ((await sb!.prometheus!.query('scrape_samples_scraped')).length === 3 ? true : undefined), { timeoutMs: 30_000, intervalMs: 500, what: 'three scraped targets' });
  }, 90_000);
  afterAll(async () => {
    await sb?.stop();
  });

  const value = async (q: string) => Number((await sb!.prometheus!.query(q))[0]?.value?.[1] ?? NaN);

  it('stores exactly the estimated series of api-gateway, below its sample_limit', async () => {
    const s = catalogue(defineServices).services.find((x) => x.name === 'api-gateway')!;
    const estimate = targetEstimate(s, catalogue(defineServices).settings.cardinality).perTarget;
    expect(await value('up{job="api-gateway"}')).toBe(1);
    expect(await value('scrape_samples_post_metric_relabeling{job="api-gateway"}')).toBe(estimate);
    expect(await value('count({job="api-gateway", __name__=~"mona_.+"})')).toBe(estimate);
  });

  it('drops a label the catalogue does not declare, and keeps the declared ones', async () => {
    expect(await value('up{job="kept"}')).toBe(1);
    expect(await sb!.prometheus!.query('{job="kept", user_id!=""}')).toEqual([]);
    expect(await value('count by (job) (probe_requests_total{job="kept", method=~"GET|POST"})')).toBe(2);
  });

  it('fails the scrape of a target over its sample_limit instead of storing its series', async () => {
    expect(await value('up{job="flood"}')).toBe(0);
    expect(await value('scrape_samples_scraped{job="flood"}')).toBe(100);
    const target = (await sb!.prometheus!.targets()).find((t) => t.labels.job === 'flood')!;
    expect(target.lastError).toMatch(/sample limit exceeded/);
    expect(await sb!.prometheus!.query('probe_requests_total{job="flood"}')).toEqual([]);
  });
});
