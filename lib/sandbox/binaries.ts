/** The Debian binaries the sandbox runs, and a clear message when they are missing. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export const BINARIES = {
  prometheus: '/usr/bin/prometheus',
  alertmanager: '/usr/bin/prometheus-alertmanager',
  promtool: '/usr/bin/promtool',
  amtool: '/usr/bin/amtool',
} as const;
export type Binary = keyof typeof BINARIES;

export const INSTALL_HINT = 'sudo apt-get install -y prometheus prometheus-alertmanager';

/** Binaries that are not installed. */
export function missingBinaries(names: readonly Binary[] = ['prometheus', 'alertmanager', 'promtool']): Binary[] {
  return names.filter((n) => !fs.existsSync(BINARIES[n]));
}

export class MissingBinariesError extends Error {
  constructor(readonly missing: readonly Binary[]) {
    super(
      `the sandbox needs Debian's Prometheus and Alertmanager, but ${missing.map((m) => BINARIES[m]).join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} missing; install them with: ${INSTALL_HINT}`,
    );
    this.name = 'MissingBinariesError';
  }
}

export function requireBinaries(names?: readonly Binary[]): void {
  const missing = missingBinaries(names);
  if (missing.length) throw new MissingBinariesError(missing);
}

export function runTool(name: Binary, args: readonly string[]): { status: number; output: string } {
  const r = spawnSync(BINARIES[name], [...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}
