/** The processes the sandbox starts: each is tracked from spawn to exit, and every one is stopped. */
import { spawn, type ChildProcess } from 'node:child_process';

const LOG_LINES = 40;

export class ManagedProcess {
  private readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  exitCode: number | null | undefined;

  constructor(readonly name: string, readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.lines.push(line);
        if (this.lines.length > LOG_LINES) this.lines.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : -1);
        resolve(this.exitCode);
      });
      child.once('error', (e) => {
        this.lines.push(String(e));
        this.exitCode = -1;
        resolve(-1);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The last lines it printed, for error messages. */
  get log(): string {
    return this.lines.join('\n');
  }
}

export class ProcessGroup {
  private readonly procs: ManagedProcess[] = [];
  private readonly onExit = () => this.killNow();

  constructor() {
    // Last resort when the owner exits without stopping us.
    process.once('exit', this.onExit);
  }

  get processes(): readonly ManagedProcess[] {
    return this.procs;
  }

  start(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): ManagedProcess {
    const child = spawn(command, [...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const p = new ManagedProcess(name, child);
    this.procs.push(p);
    return p;
  }

  /** SIGTERM to each running process, SIGKILL to those still running after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    const running = this.procs.filter((p) => p.running);
    for (const p of running) p.child.kill('SIGTERM');
    await Promise.all(
      running.map(async (p) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
        if ((await Promise.race([p.exited, late])) === 'late') {
          p.child.kill('SIGKILL');
          await p.exited;
        }
        clearTimeout(timer);
      }),
    );
    process.removeListener('exit', this.onExit);
  }

  private killNow(): void {
    for (const p of this.procs) if (p.running) p.child.kill('SIGKILL');
  }
}
