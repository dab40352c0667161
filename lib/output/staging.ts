/**
 * Writes a synth into a staging folder next to the output folder and swaps it in only when every
 * file is written, so a failed synth leaves the previous output exactly as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes files below one folder, making each subfolder once, and counts what it wrote. */
export class FolderWriter {
  private readonly made = new Set<string>();
  bytes = 0;
  files = 0;

  constructor(readonly dir: string) {}

  write(rel: string, content: string): void {
    const file = path.join(this.dir, rel);
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    fs.writeFileSync(file, content);
    this.bytes += Buffer.byteLength(content);
    this.files++;
  }
}

export class StagingDir {
  /** The folder files are written to until `commit()`. */
  readonly dir: string;
  private readonly writer: FolderWriter;

  constructor(readonly target: string) {
    // A sibling, so the swap is a rename on one file system; hidden, so no tool reads it as output.
    this.dir = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.staging-${process.pid}`);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    this.writer = new FolderWriter(this.dir);
  }

  get bytes(): number {
    return this.writer.bytes;
  }

  get files(): number {
    return this.writer.files;
  }

  write(rel: string, content: string): void {
    this.writer.write(rel, content);
  }

  /** Replaces the target with the staged files. */
  commit(): void {
    const target = path.resolve(this.target);
    const old = `${this.dir}.old`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(this.dir, target);
    fs.rmSync(old, { recursive: true, force: true });
  }

  /** Drops the staged files; the target is untouched. */
  abort(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
