/**
 * Serializing and writing on a second thread, so that a large synth renders the next service while
 * the last one is written. The synth stays synchronous: the main thread waits on shared memory
 * (Atomics.wait) when the thread falls behind, and once more at the end for its report.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { Cell, type Job, type ThreadData, type ThreadReport } from './write-thread';

/** Documents sent ahead of the thread at most: bounds the memory they hold. */
const MAX_PENDING = 1024;
/** A thread that handles nothing for this long is taken for dead (it ran out of memory, say). */
const STALL_MS = 120_000;

const here = fileURLToPath(import.meta.url);
/** The thread's module, beside this one (write-thread.ts, or .js once compiled). */
export const WRITE_THREAD = path.join(path.dirname(here), `write-thread${path.extname(here)}`);

/** tsx's ES-module API, as its package.json exports it (require.resolve would give the CommonJS one). */
function tsxApi(): string {
  const pkg = createRequire(here).resolve('tsx/package.json');
  const exports = JSON.parse(fs.readFileSync(pkg, 'utf8')).exports['./esm/api'];
  return pathToFileURL(path.join(path.dirname(pkg), exports.import.default)).href;
}

/** The thread's first code, plain JavaScript: loads the entry, or reports why it could not. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) { const api = await import(workerData.tsx); (api.register ?? api.default.register)(); }
  await import(workerData.entry);
})().catch((e) => {
  const { shared, reports } = workerData.writeThread;
  reports.postMessage({ bytes: 0, files: 0, error: 'the writer thread failed to start: ' + (e && e.message || e) });
  Atomics.store(shared, ${Cell.Ready}, 2);
  Atomics.store(shared, ${Cell.Done}, 1);
  Atomics.notify(shared, ${Cell.Ready});
  Atomics.notify(shared, ${Cell.Done});
});
`;

export class BackgroundWriter {
  private readonly shared = new Int32Array(new SharedArrayBuffer(4 * 4));
  private readonly worker: Worker;
  private readonly reports: MessagePort;
  private report?: ThreadReport;

  /** Starts the thread; `entry` is its module (a test points it elsewhere). */
  constructor(dir: string, entry = WRITE_THREAD) {
    const { port1, port2 } = new MessageChannel();
    this.reports = port1;
    const writeThread: ThreadData = { dir, shared: this.shared, reports: port2 };
    // A thread does not inherit tsx's loader: run from TypeScript, it registers its own.
    const tsx = path.extname(entry) === '.ts' ? tsxApi() : undefined;
    this.worker = new Worker(BOOTSTRAP, { eval: true, workerData: { tsx, entry: pathToFileURL(entry).href, writeThread }, transferList: [port2] });
    // Never keeps the process alive: finish() is what waits for it.
    this.worker.unref();
  }

  /** Whether the thread has loaded its module yet, without waiting. */
  get state(): 'starting' | 'ready' | 'failed' {
    return (['starting', 'ready', 'failed'] as const)[Atomics.load(this.shared, Cell.Ready)]!;
  }

  /** Waits until the thread has loaded its module: false when it could not (its report says why). */
  ready(): boolean {
    this.waitWhile(() => Atomics.load(this.shared, Cell.Ready) === 0, Cell.Ready);
    return this.state === 'ready';
  }

  /** The thread's reason for not starting, once it failed. */
  failure(): string | undefined {
    return this.ended().error;
  }

  /** Sends one document; throws DataCloneError (and sends nothing) when it holds more than plain data. */
  write(job: Job): void {
    this.waitWhile(() => Atomics.load(this.shared, Cell.Pending) >= MAX_PENDING, Cell.Pending);
    Atomics.add(this.shared, Cell.Pending, 1);
    try {
      this.worker.postMessage(job);
    } catch (e) {
      Atomics.sub(this.shared, Cell.Pending, 1);
      throw e;
    }
  }

  /** Waits for every document to be written; throws the thread's first failure. */
  finish(): { bytes: number; files: number } {
    const report = this.ended();
    if (report.error) throw new Error(report.error);
    return report;
  }

  /** Stops a thread that was never sent a document: it has nothing to finish. */
  discard(): void {
    this.reports.close();
    void this.worker.terminate();
  }

  /** Waits for the thread to stop, whatever it reports, so nothing is written after the staging folder is dropped. */
  abort(): void {
    this.ended();
  }

  private ended(): ThreadReport {
    if (this.report) return this.report;
    if (Atomics.load(this.shared, Cell.Done) === 0) this.worker.postMessage('end');
    this.waitWhile(() => true, Cell.Done);
    this.report = receiveMessageOnPort(this.reports)!.message as ThreadReport;
    this.reports.close();
    void this.worker.terminate();
    return this.report;
  }

  /** Blocks while `busy()` and the thread has not ended, woken when `cell` changes; throws if the thread stalls. */
  private waitWhile(busy: () => boolean, cell: number): void {
    let progress = Atomics.load(this.shared, Cell.Progress);
    let since = performance.now();
    while (Atomics.load(this.shared, Cell.Done) === 0 && busy()) {
      Atomics.wait(this.shared, cell, Atomics.load(this.shared, cell), 1000);
      const now = Atomics.load(this.shared, Cell.Progress);
      if (now !== progress) [progress, since] = [now, performance.now()];
      else if (performance.now() - since > STALL_MS) throw new Error(`the writer thread wrote nothing for ${STALL_MS / 1000} s`);
    }
  }
}
