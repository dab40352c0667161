/**
 * `promtool test rules` runs of every toolchain through one bounded pool: at most two processes at
 * once (CI has two cores), niced so the end-to-end test's timing bounds are not starved, the
 * biggest files first so the two slots finish together.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Files } from '../../lib/conventions';
import type { Toolchain } from './tools';

const exec = promisify(execFile);

/** Concurrent promtool processes. */
export const SLOTS = 2;

interface Queued {
  readonly weight: number;
  readonly start: () => void;
}

/** Runs tasks `slots` at a time; tasks queued before a slot frees start heaviest first. */
export class Pool {
  private readonly queue: Queued[] = [];
  private running = 0;

  constructor(private readonly slots: number) {}

  run<T>(task: () => Promise<T>, weight = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ weight, start: () => task().then(resolve, reject).finally(() => this.next(-1)) });
      this.queue.sort((a, b) => b.weight - a.weight);
      queueMicrotask(() => this.next(0));
    });
  }

  private next(done: number): void {
    this.running += done;
    while (this.running < this.slots && this.queue.length > 0) {
      this.running++;
      this.queue.shift()!.start();
    }
  }
}

const pool = new Pool(SLOTS);

// A larger GC target saves about 15 % of promtool's CPU on these suites, for ~200 MB per process.
const ENV = { ...process.env, GOGC: '400' };

/** Runs one test file (relative to `dir`); resolves to the failure output, or undefined when it passes. */
export function testRules(tc: Toolchain, dir: string, file: string): Promise<string | undefined> {
  const weight = fs.statSync(path.join(dir, file)).size;
  return pool.run(async () => {
    try {
      await exec('nice', ['-n', '15', tc.bin.promtool, 'test', 'rules', file], { cwd: dir, env: ENV, maxBuffer: 64 << 20 });
      return undefined;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return `${tc.id} ${file}:\n${err.stdout ?? ''}${err.stderr ?? ''}`;
    }
  }, weight);
}

const majorVersion = (tc: Toolchain) => Number(tc.prometheus.split('.')[0]);

/** Whether a generated test file needs promtool 3 (the native-histogram notation). */
export const needsPrometheus3 = (file: string): boolean => file.startsWith(`${Files.prometheus3Tests}/`);

/** The generated test files of an output dir that `tc`'s promtool can read. */
export function testFilesFor(tc: Toolchain, files: readonly string[]): string[] {
  return files.filter((f) => f.startsWith('prometheus/tests/') && (majorVersion(tc) >= 3 || !needsPrometheus3(f)));
}
