/**
 * Writes a synth's documents into its staging folder: the first ones on this thread, the rest, when
 * there are many, on a writer thread (background.ts) while this one renders. A small synth never
 * pays the thread's start (about 0.1 s); in a large one, most serializing and writing leave the main thread.
 */
import { LazyText, type Manifest, type OutputFile } from '../renderer';
import { BackgroundWriter } from './background';
import { canonicalManifest } from './manifest';
import type { StagingDir } from './staging';

/** One file of the output: where it goes and how to serialize it. */
export interface Document {
  /** Path relative to the output directory. */
  readonly path: string;
  /** The Kubernetes object, for a manifest. */
  readonly manifest?: Manifest;
  /** The plain file, otherwise. */
  readonly file?: OutputFile;
  readonly text: () => string;
}

/**
 * Documents written on this thread before the rest go to the writer thread. Below about a thousand
 * (the default catalogue writes 150, 100 benchmark services 728) the thread cost more than it saved:
 * its start, and the second core is already busy with V8's compiler and garbage collector.
 */
export const BACKGROUND_AFTER = 1000;

/** Starts a writer thread writing under `dir` (a test gives one that cannot start). */
export type StartThread = (dir: string) => BackgroundWriter;

export class DocumentWriter {
  private thread?: BackgroundWriter;
  private checked = false;
  private count = 0;
  private sent = 0;

  /**
   * `backgroundAfter`: documents to write here first (Infinity: all of them). The thread is started
   * halfway there, so it is ready by then; if it cannot start, everything is written here.
   */
  constructor(
    private readonly staging: StagingDir,
    private readonly backgroundAfter = BACKGROUND_AFTER,
    private readonly start: StartThread = (dir) => new BackgroundWriter(dir),
  ) {}

  write(doc: Document): void {
    const i = this.count++;
    if (i === Math.floor(this.backgroundAfter / 2)) this.thread = this.start(this.staging.dir);
    const thread = i >= this.backgroundAfter && (doc.manifest || doc.file) ? this.readyThread() : undefined;
    if (!thread) {
      this.staging.write(doc.path, doc.text());
      return;
    }
    if (doc.file) thread.write(fileJob(doc.path, doc.file));
    else {
      try {
        thread.write({ path: doc.path, manifest: doc.manifest! });
      } catch (e) {
        // A LazyText (a dashboard's ConfigMap) is no plain data: its text is made here, where the LazyText is.
        if ((e as Error).name !== 'DataCloneError') throw e;
        thread.write({ path: doc.path, manifest: canonicalManifest(doc.manifest!) as unknown as Manifest });
      }
    }
    this.sent++;
  }

  /** Waits for the writer thread; returns what was written in all. */
  finish(): { bytes: number; files: number } {
    const done = this.thread?.finish() ?? { bytes: 0, files: 0 };
    return { bytes: this.staging.bytes + done.bytes, files: this.staging.files + done.files };
  }

  /** Stops the writer thread before the staging folder is dropped. */
  abort(): void {
    this.thread?.abort();
  }

  /** Documents serialized on the writer thread. */
  get background(): number {
    return this.sent;
  }

  /** The thread, once it has started; a thread that could not start is dropped with a warning, once. */
  private readyThread(): BackgroundWriter | undefined {
    if (!this.checked && this.thread) {
      this.checked = true;
      if (!this.thread.ready()) {
        console.warn(`warning: ${this.thread.failure()}; writing on the main thread`);
        this.thread = undefined;
      }
    }
    return this.thread;
  }
}

/** A LazyText's text is made here, where the LazyText is. */
function fileJob(path: string, file: OutputFile) {
  const { path: _, ...rest } = file;
  return { path, file: file.content instanceof LazyText ? { ...rest, content: file.content.toString() } : rest };
}
