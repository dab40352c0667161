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

/** Starts a writer thread writing under `dir` (tests give one that is waited for, or one that cannot start). */
export type StartThread = (dir: string) => BackgroundWriter;

export class DocumentWriter {
  private thread?: BackgroundWriter;
  private live = false;
  private count = 0;
  private sent = 0;

  /**
   * `backgroundAfter`: documents to write here before the thread starts (Infinity: all of them; 0:
   * none, once it has started). Until it has loaded (about 0.1 s), and for good if it cannot, documents
   * are still written here.
   */
  constructor(
    private readonly staging: StagingDir,
    private readonly backgroundAfter = BACKGROUND_AFTER,
    private readonly start: StartThread = (dir) => new BackgroundWriter(dir),
  ) {}

  write(doc: Document): void {
    if (this.count++ === this.backgroundAfter) {
      this.thread = this.start(this.staging.dir);
      // 0 asks for every document on the thread: wait for it.
      if (this.backgroundAfter === 0) this.thread.ready();
    }
    const thread = doc.manifest || doc.file ? this.liveThread() : undefined;
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
    if (!this.live) this.thread?.discard();
    const done = (this.live && this.thread?.finish()) || { bytes: 0, files: 0 };
    return { bytes: this.staging.bytes + done.bytes, files: this.staging.files + done.files };
  }

  /** Stops the writer thread before the staging folder is dropped. */
  abort(): void {
    if (this.live) this.thread?.abort();
    else this.thread?.discard();
  }

  /** Documents serialized on the writer thread. */
  get background(): number {
    return this.sent;
  }

  /** The thread once it has loaded; one that could not is dropped with a warning. */
  private liveThread(): BackgroundWriter | undefined {
    if (this.live || !this.thread) return this.thread;
    const state = this.thread.state;
    if (state === 'starting') return undefined;
    if (state === 'failed') {
      console.warn(`warning: ${this.thread.failure()}; writing on the main thread`);
      this.thread = undefined;
      return undefined;
    }
    this.live = true;
    return this.thread;
  }
}

/** A LazyText's text is made here, where the LazyText is. */
function fileJob(path: string, file: OutputFile) {
  const { path: _, ...rest } = file;
  return { path, file: file.content instanceof LazyText ? { ...rest, content: file.content.toString() } : rest };
}
