/**
 * The writer thread's side of BackgroundWriter (background.ts): serializes each document it is sent,
 * with the same functions as the main thread, and writes it under the staging folder. It reports
 * once, when told the synth is over, through a port the main thread reads while it waits.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Manifest, OutputFile } from '../renderer';
import { manifestText, serialize } from './serialize';
import { FolderWriter } from './staging';

/** One document for the thread: a Kubernetes object or a plain file (LazyText already resolved). */
export type Job = { readonly path: string; readonly manifest: Manifest } | { readonly path: string; readonly file: Omit<OutputFile, 'path'> };

export interface ThreadReport {
  readonly bytes: number;
  readonly files: number;
  /** The first failure, as the main thread would have thrown it. */
  readonly error?: string;
}

/** Cells of the shared Int32Array. */
export const Cell = {
  /** Documents sent and not yet written: the main thread waits while too many are. */
  Pending: 0,
  /** Set to 1 once the report is on the port. */
  Done: 1,
  /** Documents handled so far: a waiting main thread sees the thread is alive. */
  Progress: 2,
  /** 1 once the module is loaded and listening, 2 if it failed to load. */
  Ready: 3,
} as const;

export interface ThreadData {
  readonly dir: string;
  readonly shared: Int32Array;
  readonly reports: MessagePort;
}

const textOf = (job: Job): string => ('manifest' in job ? manifestText(job.manifest) : serialize({ path: job.path, ...job.file }));

function run({ dir, shared, reports }: ThreadData): void {
  const folder = new FolderWriter(dir);
  let error: string | undefined;
  parentPort!.on('message', (job: Job | 'end') => {
    if (job === 'end') {
      const report: ThreadReport = { bytes: folder.bytes, files: folder.files, ...(error ? { error } : {}) };
      reports.postMessage(report);
      Atomics.store(shared, Cell.Done, 1);
      Atomics.notify(shared, Cell.Done);
      parentPort!.close();
      return;
    }
    // After a failure the rest is only drained: the synth will throw and drop the staging folder.
    if (!error) {
      try {
        folder.write(job.path, textOf(job));
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    Atomics.sub(shared, Cell.Pending, 1);
    Atomics.add(shared, Cell.Progress, 1);
    Atomics.notify(shared, Cell.Pending);
  });
  Atomics.store(shared, Cell.Ready, 1);
  Atomics.notify(shared, Cell.Ready);
}

if (parentPort && (workerData as { writeThread?: ThreadData } | undefined)?.writeThread) run((workerData as { writeThread: ThreadData }).writeThread);
