/**
 * Runs the real tools. With CI=true a missing tool fails the test; locally the test is skipped with
 * a message that says how to install it. Tools are named by absolute path (lib/toolchain) or looked
 * up on PATH.
 */
import { spawnSync } from 'node:child_process';
import { BUILT, CURRENT, isExecutable, OLDEST, TOOLCHAINS, type Toolchain } from '../../lib/toolchain';

export { BUILT, CURRENT, OLDEST, TOOLCHAINS, type Toolchain };

export interface ToolResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for assertion messages. */
  readonly output: string;
}

const SETUP = './test/setup.sh (Debian packages and the tools built from Go modules)';

export function hasTool(name: string): boolean {
  if (name.includes('/')) return isExecutable(name);
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/**
 * Whether tests needing `tool` should run: true when installed; under CI=true a missing tool
 * throws, so the suite fails instead of skipping.
 */
export function toolAvailable(tool: string): boolean {
  if (hasTool(tool)) return true;
  const message = `${tool} is not installed (run ${SETUP})`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI=true requires it`);
  console.warn(`SKIPPED: checks that need ${tool}: ${message}`);
  return false;
}

/** The toolchains whose `tools` are all installed (under CI=true, a missing one throws). */
export function availableToolchains(...tools: (keyof Toolchain['bin'])[]): Toolchain[] {
  return TOOLCHAINS.filter((tc) => tools.every((t) => toolAvailable(tc.bin[t])));
}

export function run(tool: string, args: readonly string[], cwd?: string): ToolResult {
  const r = spawnSync(tool, [...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}${r.stderr}` };
}
