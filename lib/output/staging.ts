/**
 * Writes a synth into a staging folder next to the output folder and swaps it in only when every
 * file is written, so a failed synth leaves the previous output exactly as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class StagingDir {
  /** The folder files are written to until `commit()`. */
  readonly dir: string;
  private readonly made = new Set<string>();
  private bytes_ = 0;
  private files_ = 0;

  constructor(readonly target: string) {
    // A sibling, so the swap is a rename on one file system; hidden, so no tool reads it as output.
    this.dir = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.staging-${process.pid}`);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    this.made.add(this.dir);
  }

  get bytes(): number {
    return this.bytes_;
  }

  get files(): number {
    return this.files_;
  }

  write(rel: string, content: string): void {
    const file = path.join(this.dir, rel);
    const dir = path.dirname(file);
    if (!this.made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.made.add(dir);
    }
    fs.writeFileSync(file, content);
    this.bytes_ += Buffer.byteLength(content);
    this.files_++;
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
