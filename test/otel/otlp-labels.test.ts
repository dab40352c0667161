/**
 * What the OTel → Prometheus path really writes, on loopback: otelcol-mac (OTLP/HTTP in, span_metrics,
 * prometheus_remote_write out) into Prometheus 3 with its remote-write receiver. The scope and span
 * metric names of lib/conventions must select what arrives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metric, MonitoringApp, Service, Sli, Team } from '../../lib';
import { SpanMetricLabels, SpanMetricNames } from '../../lib/conventions';
import { render } from '../../lib/promql';
import { freePort, httpJson, waitFor } from '../../lib/sandbox/net';
import { selectorOf } from '../../lib/slo/sli';
import { tempDir } from '../support/synth';
import { TOOLS_BIN } from '../../lib/toolchain';
import { CURRENT, toolAvailable } from '../support/tools';

const OTELCOL = path.join(TOOLS_BIN, 'otelcol-mac');
const ready = toolAvailable(OTELCOL) && toolAvailable(CURRENT.bin.prometheus);

type Series = Record<string, string>;

describe.runIf(ready)('OTLP through the collector into Prometheus 3', () => {
  const procs: ChildProcess[] = [];
  let prom = '';
  const series = async (match: string) =>
    (await httpJson<{ data: Series[] }>(`${prom}/api/v1/series?match[]=${encodeURIComponent(match)}`)).data;

  beforeAll(async () => {
    const dir = tempDir('otlp-');
    const [p, h] = [await freePort(), await freePort()];
    prom = `http://127.0.0.1:${p}`;
    fs.writeFileSync(path.join(dir, 'prom.yml'), 'global: {scrape_interval: 15s}\n');
    fs.writeFileSync(path.join(dir, 'col.yml'), JSON.stringify({
      receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${h}` } } } },
      connectors: { span_metrics: { namespace: 'traces.span.metrics', metrics_flush_interval: '1s', histogram: { unit: 'ms', explicit: { buckets: SpanMetricNames.bucketsMs.map((b) => `${b}ms`) } } } },
      exporters: { prometheus_remote_write: { endpoint: `${prom}/api/v1/write` } },
      service: {
        telemetry: { metrics: { level: 'none' } },
        pipelines: { traces: { receivers: ['otlp'], exporters: ['span_metrics'] }, metrics: { receivers: ['otlp', 'span_metrics'], exporters: ['prometheus_remote_write'] } },
      },
    }));
    const log = (name: string) => fs.openSync(path.join(dir, name), 'w');
    procs.push(spawn(CURRENT.bin.prometheus, [`--config.file=${dir}/prom.yml`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${p}`, '--web.enable-remote-write-receiver'], { stdio: ['ignore', log('prom.log'), log('prom.err')] }));
    procs.push(spawn(OTELCOL, [`--config=${dir}/col.yml`], { stdio: ['ignore', log('col.log'), log('col.err')] }));
    const detail = () => ['prom.err', 'col.err'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8').slice(-1500)).join('\n');
    await waitFor(async () => ((await fetch(`${prom}/-/ready`)).ok ? true : undefined), { timeoutMs: 15_000, what: 'Prometheus', detail });
    const resource = { attributes: [['service.name', 'checkout'], ['service.namespace', 'shop'], ['service.instance.id', 'pod-1'], ['deployment.environment', 'prod']].map(([key, v]) => ({ key, value: { stringValue: v } })) };
    const now = BigInt(Date.now()) * 1_000_000n;
    const post = (signal: string, body: unknown) => httpJson(`http://127.0.0.1:${h}/v1/${signal}`, { method: 'POST', body });
    await waitFor(() => post('metrics', { resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [{
      name: 'http.server.requests', unit: '1',
      sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asInt: '7', timeUnixNano: String(now), attributes: [{ key: 'http.response.status_code', value: { intValue: '500' } }] }] },
    }] }] }] }).then(() => true), { timeoutMs: 15_000, intervalMs: 250, what: 'the collector', detail });
    await post('traces', { resourceSpans: [{ resource, scopeSpans: [{ spans: [{
      traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'GET /cart', kind: 2,
      startTimeUnixNano: String(now - 200_000_000n), endTimeUnixNano: String(now), status: { code: 2 },
    }] }] }] });
    await waitFor(async () => ((await series(`${SpanMetricNames.duration}_count`)).length ? true : undefined), { timeoutMs: 15_000, what: 'span metrics in Prometheus', detail });
  }, 60_000);

  afterAll(() => {
    for (const p of procs) p.kill();
  });

  it('job is service.namespace/service.name, instance is service.instance.id; no up, no scrape labels', async () => {
    const [s] = await series('http_server_requests_total');
    expect(s).toEqual({ __name__: 'http_server_requests_total', http_response_status_code: '500', instance: 'pod-1', job: 'shop/checkout' });
    expect(await series('up')).toEqual([]);
    // The rest of the resource is on target_info.
    expect((await series('target_info'))[0]).toMatchObject({ job: 'shop/checkout', instance: 'pod-1', deployment_environment: 'prod' });
  });

  it('span metrics carry the names and labels lib/conventions spells', async () => {
    const names = new Set((await series('{job="shop/checkout"}')).map((x) => x.__name__));
    for (const n of [SpanMetricNames.calls, `${SpanMetricNames.duration}_bucket`, `${SpanMetricNames.duration}_sum`, `${SpanMetricNames.duration}_count`]) expect(names).toContain(n);
    const [calls] = await series(SpanMetricNames.calls);
    expect(calls).toMatchObject({
      job: 'shop/checkout', instance: 'pod-1',
      [SpanMetricLabels.service]: 'checkout', [SpanMetricLabels.span]: 'GET /cart', [SpanMetricLabels.kind]: 'SPAN_KIND_SERVER', [SpanMetricLabels.status]: 'STATUS_CODE_ERROR',
    });
    const les = (await series(`${SpanMetricNames.duration}_bucket`)).map((x) => x.le).sort();
    expect(les).toEqual([...SpanMetricNames.bucketsMs.map(String), '+Inf'].sort());
  });

  it('the selectors of an OTLP service\'s SLIs find those series (and a scrape-style job would not)', async () => {
    const a = new MonitoringApp({ outdir: tempDir() });
    const requests = Metric.counter({ name: 'http_server_requests_total', help: 'Requests', labels: ['http_response_status_code'] });
    const s = new Service(a, 'checkout', { team: new Team(a, 'team'), namespace: 'shop', metricsVia: 'otlp', metrics: [requests] });
    const own = s.addSlo('own', { objective: 99, sli: Sli.ratio({ errors: { metric: requests }, total: { metric: requests } }) });
    const errors = s.addSlo('spans', { objective: 99, sli: Sli.spanErrors({ spanName: 'GET /cart' }) });
    const slow = s.addSlo('slow', { objective: 99, sli: Sli.spanLatency({ thresholdMs: 250 }) });
    expect(a.problems()).toEqual([]);
    for (const sel of [own.sli.total!, errors.sli.errors!, errors.sli.total!]) expect(await series(render(selectorOf(sel)))).toHaveLength(1);
    expect(await series(render(selectorOf(slow.sli.histogram!, `${SpanMetricNames.duration}_count`)))).toHaveLength(1);
    expect(await series('http_server_requests_total{job="checkout"}')).toEqual([]);
  });
});
