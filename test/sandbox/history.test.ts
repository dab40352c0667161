/**
 * The backfilled history must be the same series the server then scrapes: its promtool has to store
 * `le` and `quantile` values as that server does (Prometheus 3 normalises them, 2.x keeps them).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Metric } from '../../lib';
import { metricSpec, type TargetSpec } from '../../lib/sandbox/demo/spec';
import { formatLe } from '../../lib/sandbox/demo/traffic';
import { historyOf, writeBlocks } from '../../lib/sandbox/history';
import { tempDir } from '../support/synth';
import { availableToolchains, CURRENT, OLDEST } from '../support/tools';

describe('le and quantile values as client_golang writes them (Go %g)', () => {
  it.each([
    [1, '1'], [0.005, '0.005'], [100000, '100000'], [999999, '999999'], [1e6, '1e+06'], [2.5e6, '2.5e+06'], [123456789, '1.23456789e+08'],
    [1e21, '1e+21'], [0.0001, '0.0001'], [0.00012, '0.00012'], [1e-5, '1e-05'], [1.5e-7, '1.5e-07'], [-2.5e-6, '-2.5e-06'], [Infinity, '+Inf'],
  ])('%d → %s', (v, text) => {
    // Checked against strconv.FormatFloat(v, 'g', -1, 64).
    expect(formatLe(v)).toBe(text);
  });
});

const spec: TargetSpec = {
  service: 'shop',
  metrics: [
    Metric.counter({ name: 'shop_requests_total', help: 'Requests', labels: ['status'] }),
    Metric.histogram({ name: 'shop_request_duration_microseconds', help: 'Latency', buckets: [0.5, 1, 1e6, 1e-5] }),
    Metric.summary({ name: 'shop_response_size_bytes', help: 'Size', quantiles: [0.5, 1] }),
  ].map((m) => metricSpec(m)),
  traffic: { rps: 10, errorRatio: 0.1, latencyMs: 80 },
};
const LABELS = { job: 'shop', instance: '127.0.0.1:1' };

const root = tempDir('mac-history-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The distinct values of `label` among the series `promtool tsdb dump` lists for `metric`. */
function storedValues(promtool: string, dataDir: string, metric: string, label: string): string[] {
  fs.mkdirSync(path.join(dataDir, 'wal'), { recursive: true });
  const r = spawnSync(promtool, ['tsdb', 'dump', `--match=${metric}`, dataDir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  const values = [...r.stdout.matchAll(new RegExp(`\\b${label}="([^"]*)"`, 'g'))].map((m) => m[1]!);
  expect(values.length, `no ${metric} series in the dump`).toBeGreaterThan(0);
  return [...new Set(values)].sort();
}

/** Backfills `text` with `promtool` into a new data directory. */
function backfill(promtool: string, name: string, text: string): string {
  const file = path.join(root, `${name}.om`);
  fs.writeFileSync(file, text);
  const data = path.join(root, `${name}-data`);
  writeBlocks([file], data, promtool);
  return data;
}

const history = historyOf(spec, LABELS, { durationMs: 120_000, stepMs: 30_000, endMs: Date.UTC(2026, 0, 1) });
/** What each server stores for a scraped `le="…"` / `quantile="…"` written as formatLe writes it. */
const STORED: Readonly<Record<string, { le: string[]; quantile: string[] }>> = {
  [OLDEST.id]: { le: ['+Inf', '0.5', '1', '1e+06', '1e-05'], quantile: ['0.5', '1'] },
  [CURRENT.id]: { le: ['+Inf', '0.5', '1.0', '1e+06', '1e-05'], quantile: ['0.5', '1.0'] },
};

describe.each(availableToolchains('promtool'))('history backfilled by promtool of $label', (tc) => {
  it('stores le and quantile values as its server stores scraped ones', () => {
    const data = backfill(tc.bin.promtool, tc.id, history);
    expect(storedValues(tc.bin.promtool, data, 'shop_request_duration_microseconds_bucket', 'le')).toEqual(STORED[tc.id]!.le);
    expect(storedValues(tc.bin.promtool, data, 'shop_response_size_bytes', 'quantile')).toEqual(STORED[tc.id]!.quantile);
  });
});

describe.runIf(availableToolchains('promtool').includes(CURRENT))('history typed as unknown (the negative case)', () => {
  it('keeps le="1" on Prometheus 3, a different series from the scraped le="1.0"', () => {
    const untyped = history.replace('# TYPE shop_request_duration_microseconds histogram', '# TYPE shop_request_duration_microseconds unknown');
    expect(untyped).not.toBe(history);
    const data = backfill(CURRENT.bin.promtool, 'untyped', untyped);
    expect(storedValues(CURRENT.bin.promtool, data, 'shop_request_duration_microseconds_bucket', 'le')).toContain('1');
  });
});
