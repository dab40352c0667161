/**
 * Healthy history before the sandbox starts: the demo traffic simulated over the past (one day by
 * default) and written into Prometheus' data directory with promtool, so the 1h, 6h and 1d burn-rate
 * windows are full and alerts fire after the times the Workbook predicts, not after a few seconds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openMetricsHistory, type Snapshot } from './demo/exposition';
import type { TargetSpec } from './demo/spec';
import { Traffic } from './demo/traffic';
import { runBinary } from './binaries';

export interface HistoryOptions {
  /** How far back the history reaches. */
  readonly durationMs: number;
  /** Spacing of the samples (a production scrape interval). */
  readonly stepMs: number;
  /** The instant the history ends (just before the first live scrape). */
  readonly endMs: number;
}

/** OpenMetrics text of one target's history; `targetLabels` are the labels its live scrape will carry. */
export function historyOf(spec: TargetSpec, targetLabels: Readonly<Record<string, string>>, opts: HistoryOptions): string {
  const start = opts.endMs - opts.durationMs;
  const traffic = new Traffic(spec, start);
  const snapshots: Snapshot[] = [];
  for (let t = start + opts.stepMs; t <= opts.endMs; t += opts.stepMs) {
    traffic.advanceTo(t);
    snapshots.push({ timeMs: t, families: traffic.families() });
  }
  return openMetricsHistory(snapshots, targetLabels);
}

/**
 * Turns OpenMetrics files into TSDB blocks inside `dataDir` (before Prometheus starts on it), with
 * the promtool of the server's own release.
 */
export function writeBlocks(files: readonly string[], dataDir: string, promtool: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  for (const file of files) {
    const r = runBinary(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir]);
    if (r.status !== 0) throw new Error(`${promtool} could not backfill ${path.basename(file)}: ${r.output.trim()}`);
  }
}
