/**
 * The series the rule-evaluation bench (rule-eval.ts) feeds Prometheus for the bench workload's
 * SLIs: SERIES_PER_METRIC series per SLI metric of each service (label combinations; a histogram's
 * each with all its buckets, `_count` and `_sum`), as steady counters from one origin, so the
 * backfilled history and the live scrape continue each other. Also the history of the records other
 * rules read over ranges (`slo:sli_error:ratio_rate5m`, the derived form's event rates), with the
 * values these counters give, as if the rules had run for the whole history.
 */
import * as fs from 'node:fs';
import { Records } from '../../lib/conventions';
import type { Slo } from '../../lib/model/slo';

export const SERIES_PER_METRIC = 100;

interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Per second for counters; the value for gauges. */
  readonly rate: number;
  readonly gauge?: boolean;
}

const instance = (i: number) => `10.0.${Math.floor(i / 250)}.${i % 250}:8000`;
const BUCKETS: ReadonlyArray<readonly [string, number]> = [['0.05', 0.5], ['0.1', 0.8], ['0.3', 0.995], ['1.0', 0.999], ['3.0', 1], ['+Inf', 1]];
const OK_RATE = 10;
const ERROR_RATE = 0.005;
const OBSERVED_RATE = 5;

/** The raw series of one workload service (http_requests_total, http_request_duration_seconds, probe_success). */
export function serviceSeries(job: string): Series[] {
  const out: Series[] = [];
  const n = SERIES_PER_METRIC;
  for (let i = 0; i < n / 4; i++) {
    for (const method of ['GET', 'POST']) {
      out.push({ name: 'http_requests_total', labels: { job, instance: instance(i), method, code: '200' }, rate: OK_RATE });
      out.push({ name: 'http_requests_total', labels: { job, instance: instance(i), method, code: '500' }, rate: ERROR_RATE });
    }
  }
  for (let i = 0; i < n / 2; i++) {
    for (const method of ['GET', 'POST']) {
      const labels = { job, instance: instance(i), method };
      for (const [le, share] of BUCKETS) out.push({ name: 'http_request_duration_seconds_bucket', labels: { ...labels, le }, rate: OBSERVED_RATE * share });
      out.push({ name: 'http_request_duration_seconds_count', labels, rate: OBSERVED_RATE });
      out.push({ name: 'http_request_duration_seconds_sum', labels, rate: OBSERVED_RATE * 0.06 });
    }
  }
  for (let i = 0; i < n; i++) out.push({ name: 'probe_success', labels: { job, instance: instance(i) }, rate: 1, gauge: true });
  return out;
}

/** Bad and total event rates of a workload SLO's SLI from these series (a gauge SLI: its error ratio as `bad` of 1). */
function sliRates(slo: Slo): { bad: number; total: number } {
  const n = SERIES_PER_METRIC;
  if (slo.sli.kind === 'ratio') return { bad: (n / 2) * ERROR_RATE, total: (n / 2) * (OK_RATE + ERROR_RATE) };
  if (slo.sli.kind === 'latency') return { bad: n * OBSERVED_RATE * (1 - 0.995), total: n * OBSERVED_RATE };
  if (slo.sli.kind === 'bool-gauge') return { bad: 0, total: 1 };
  throw new Error(`the rule-evaluation bench has no series for a ${slo.sli.kind} SLI`);
}

/** The records read over ranges, with the value they have on these series: name, labels, value. */
export function recordSeries(slo: Slo, labels: Readonly<Record<string, string>>, derived: boolean): Series[] {
  const { bad, total } = sliRates(slo);
  const w = slo.sliWindows[0]!;
  const out: Series[] = [{ name: Records.sliError(w), labels, rate: bad / total, gauge: true }];
  if (derived && slo.sli.kind !== 'bool-gauge') {
    out.push({ name: Records.badEvents(w), labels, rate: bad, gauge: true }, { name: Records.totalEvents(w), labels, rate: total, gauge: true });
  }
  return out;
}

const labelText = (labels: Readonly<Record<string, string>>) =>
  `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
const valueAt = (s: Series, originMs: number, tMs: number) => (s.gauge ? s.rate : (s.rate * (tMs - originMs)) / 1000);
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/0+$/, ''));

/**
 * Writes the OpenMetrics history of `series` (every family `unknown`, each series contiguous and in
 * time order) sampled every `stepMs` in (endMs − durationMs, endMs], streaming to `file`.
 */
export function writeHistory(file: string, series: readonly Series[], originMs: number, endMs: number, durationMs: number, stepMs: number): number {
  const fd = fs.openSync(file, 'w');
  let buf = '';
  let samples = 0;
  const flush = (force = false) => {
    if (force || buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  };
  try {
    const byName = new Map<string, Series[]>();
    for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
    for (const [name, list] of byName) {
      buf += `# TYPE ${name} unknown\n`;
      for (const s of list) {
        const prefix = `${name}${labelText(s.labels)} `;
        for (let t = endMs - durationMs + stepMs; t <= endMs; t += stepMs) {
          buf += `${prefix}${num(valueAt(s, originMs, t))} ${(t / 1000).toFixed(3)}\n`;
          samples++;
          flush();
        }
      }
    }
    buf += '# EOF\n';
    flush(true);
  } finally {
    fs.closeSync(fd);
  }
  return samples;
}

/** The current values in the text exposition format (labels as given, so the scrape must honour them). */
export function exposition(series: readonly Series[], originMs: number, nowMs: number): string {
  return series.map((s) => `${s.name}${labelText(s.labels)} ${num(valueAt(s, originMs, nowMs))}\n`).join('');
}
