import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Metric, MonitoringApp, Service, Sli, Team } from '../../lib';
import { startDemoTarget, type DemoTarget } from '../../lib/sandbox/demo/server';
import { metricSpec, targetSpec, type TargetSpec } from '../../lib/sandbox/demo/spec';
import { Traffic } from '../../lib/sandbox/demo/traffic';
import { tempDir } from '../support/synth';
import { availableToolchains, run } from '../support/tools';

const metrics = [
  Metric.counter({ name: 'shop_requests_total', help: 'Requests', labels: ['method', 'status'] }),
  Metric.counter({ name: 'shop_request_errors_total', help: 'Failed requests', labels: ['method'] }),
  Metric.gauge({ name: 'shop_in_flight_requests', help: 'Requests being served' }),
  Metric.histogram({ name: 'shop_request_duration_seconds', help: 'Latency', labels: ['method'], buckets: [0.05, 0.1, 0.5] }),
  Metric.summary({ name: 'shop_response_size_bytes', help: 'Size "quoted"\nsecond line', quantiles: [0.5, 0.99] }),
];
const spec = (traffic: Partial<TargetSpec['traffic']> = {}): TargetSpec => ({
  service: 'shop',
  metrics: metrics.map((m) => metricSpec(m)),
  traffic: { rps: 100, errorRatio: 0.25, latencyMs: 80, ...traffic },
});

/** `name{labels}` → value of a text exposition. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

describe('simulated traffic', () => {
  it('moves every declared metric as requests with the set error ratio and latency would', () => {
    const t = new Traffic(spec(), 0);
    t.advanceTo(10_000);
    expect(t.requests).toBe(1000);
    expect(t.failures).toBe(250);
    const byName = new Map(t.families().map((f) => [f.name, f]));
    const total = (name: string, pick: (l: Record<string, string>) => boolean = () => true) =>
      byName.get(name)!.samples.filter((s) => pick(s.labels as Record<string, string>)).reduce((a, s) => a + s.value, 0);
    expect(total('shop_requests_total')).toBe(1000);
    expect(total('shop_requests_total', (l) => l.status === '500')).toBe(250);
    expect(total('shop_request_errors_total')).toBe(250);
    const hist = byName.get('shop_request_duration_seconds')!.samples;
    const count = hist.filter((s) => s.name.endsWith('_count')).reduce((a, s) => a + s.value, 0);
    expect(count).toBe(1000);
    // Latencies lie between 40 and 120 ms (mean 80 ms ± 50%).
    const le = (b: string) => hist.filter((s) => s.labels.le === b).reduce((a, s) => a + s.value, 0);
    expect(le('0.5')).toBe(1000);
    expect(le('+Inf')).toBe(1000);
    expect(le('0.1')).toBeGreaterThan(0);
    expect(le('0.1')).toBeLessThan(1000);
    const sum = hist.filter((s) => s.name.endsWith('_sum')).reduce((a, s) => a + s.value, 0);
    expect(sum / count).toBeGreaterThan(0.07);
    expect(sum / count).toBeLessThan(0.09);
    expect(byName.get('shop_in_flight_requests')!.samples[0]!.value).toBe(8);
    const q = byName.get('shop_response_size_bytes')!.samples.filter((s) => s.labels.quantile);
    expect(q.map((s) => s.labels.quantile)).toEqual(['0.5', '0.99']);
    expect(q[0]!.value).toBeLessThanOrEqual(q[1]!.value);
  });

  it('applies a new error ratio only to requests served after the change, and is repeatable', () => {
    const a = new Traffic(spec({ errorRatio: 0 }), 0);
    a.advanceTo(5_000);
    a.set(5_000, { errorRatio: 1 });
    a.advanceTo(7_000);
    expect([a.requests, a.failures]).toEqual([700, 200]);
    const b = new Traffic(spec({ errorRatio: 0 }), 0);
    b.advanceTo(5_000);
    b.set(5_000, { errorRatio: 1 });
    b.advanceTo(7_000);
    expect(JSON.stringify(b.families())).toBe(JSON.stringify(a.families()));
  });
});

describe('metric roles from the model', () => {
  it('counts failures on the errors counter of a ratio SLI whatever its name, and reports health on a bool-gauge SLI', () => {
    const app = new MonitoringApp();
    const invocations = Metric.counter({ name: 'agent_invocations_total', help: 'Invocations' });
    const exhausted = Metric.counter({ name: 'agent_budget_exhausted_total', help: 'Stopped by budget' });
    const healthy = Metric.gauge({ name: 'agent_healthy', help: '1 when healthy' });
    const svc = new Service(app, 'agent', { team: new Team(app, 't'), namespace: 'ns', scrape: { port: 80 }, metrics: [invocations, exhausted, healthy] });
    svc.addSlo('success', { sli: Sli.ratio({ errors: { metric: exhausted }, total: { metric: invocations } }), objective: 99 });
    svc.addSlo('health', { sli: Sli.boolGauge({ metric: healthy }), objective: 99 });
    const spec = targetSpec(svc, { rps: 10, errorRatio: 0.2 });
    expect(spec.metrics.map((m) => [m.name, m.countsFailures, m.goodWhenOne])).toEqual([
      ['agent_invocations_total', false, false],
      ['agent_budget_exhausted_total', true, false],
      ['agent_healthy', false, true],
    ]);
    const t = new Traffic(spec, 0);
    t.advanceTo(10_000);
    const value = (name: string) => t.families().find((f) => f.name === name)!.samples[0]!.value;
    expect([value('agent_invocations_total'), value('agent_budget_exhausted_total'), value('agent_healthy')]).toEqual([100, 20, 0.8]);
  });
});

describe('demo target over HTTP', () => {
  let target: DemoTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it('serves the text format with HELP, TYPE and every series the model declares', async () => {
    let now = 0;
    target = await startDemoTarget(spec(), 0, () => now);
    expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    now = 2_000;
    const res = await fetch(`${target.url}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# HELP shop_response_size_bytes Size "quoted"\\nsecond line\n# TYPE shop_response_size_bytes summary\n');
    expect(text).toContain('# TYPE shop_request_duration_seconds histogram\n');
    const s = samples(text);
    expect(s.get('shop_requests_total{method="GET",status="200"}')! + s.get('shop_requests_total{method="POST",status="200"}')!).toBe(150);
    expect(s.get('shop_request_duration_seconds_bucket{method="GET",le="+Inf"}')).toBe(s.get('shop_request_duration_seconds_count{method="GET"}'));
    const names = new Set([...s.keys()].map((k) => k.replace(/\{.*$/, '')));
    expect([...names].sort()).toEqual(metrics.flatMap((m) => m.series).sort());

    const dir = tempDir();
    const file = path.join(dir, 'metrics.prom');
    fs.writeFileSync(file, text);
    fs.writeFileSync(`${file}.broken`, 'shop_requests_total{method="GET" 1\n');
    const check = (bin: string, f: string) => run('sh', ['-c', '"$0" check metrics < "$1"', bin, f]).output;
    for (const tc of availableToolchains('promtool')) {
      expect(check(tc.bin.promtool, file), tc.label).not.toMatch(/pars/i);
      expect(check(tc.bin.promtool, `${file}.broken`), tc.label).toMatch(/parsing error/);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('changes traffic through the control endpoint and rejects bad settings with what was expected', async () => {
    let now = 0;
    target = await startDemoTarget(spec({ errorRatio: 0 }), 0, () => now);
    const post = (query: string, body?: unknown) =>
      fetch(`${target!.url}/control${query}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
    now = 1_000;
    expect(await (await post('?errorRatio=1')).json()).toEqual({ service: 'shop', rps: 100, errorRatio: 1, latencyMs: 80, requests: 100, failures: 0 });
    now = 2_000;
    const bad = await post('', { errorRatio: 1.5, rps: -1, speed: 2 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      problems: [
        'speed: unknown setting, expected rps, errorRatio or latencyMs',
        'rps: got -1, expected a number of requests per second from 0 to 10000',
        'errorRatio: got 1.5, expected a ratio from 0 to 1',
      ],
    });
    expect(await (await fetch(`${target.url}/control`)).json()).toMatchObject({ errorRatio: 1, failures: 0 });
    const s = samples(await (await fetch(`${target.url}/metrics`)).text());
    expect(s.get('shop_request_errors_total{method="GET"}')! + s.get('shop_request_errors_total{method="POST"}')!).toBe(100);
  });
});
