/**
 * The two ends of the supported range, and where their binaries live. The oldest versions come from
 * Debian's packages; the current ones are built from their Go modules by test/tools/build.sh into
 * .tools/bin. Tests check every static conformance rule against both; the sandbox prefers the current.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where test/tools/build.sh puts the binaries it builds (git-ignored). */
export const TOOLS_BIN = path.join(REPO_ROOT, '.tools/bin');

export type ServerTool = 'prometheus' | 'promtool' | 'alertmanager' | 'amtool';

export interface Toolchain {
  /** Short id used in test names and CLI flags. */
  readonly id: 'oldest' | 'current';
  readonly label: string;
  readonly prometheus: string;
  readonly alertmanager: string;
  readonly bin: Readonly<Record<ServerTool, string>>;
  /** How to get the binaries when they are missing. */
  readonly install: string;
}

export const OLDEST: Toolchain = {
  id: 'oldest',
  label: 'Prometheus 2.42 / Alertmanager 0.25 (Debian)',
  prometheus: '2.42.0',
  alertmanager: '0.25.0',
  bin: {
    prometheus: '/usr/bin/prometheus',
    promtool: '/usr/bin/promtool',
    alertmanager: '/usr/bin/prometheus-alertmanager',
    amtool: '/usr/bin/amtool',
  },
  install: 'apt-get install -y prometheus prometheus-alertmanager',
};

export const CURRENT: Toolchain = {
  id: 'current',
  label: 'Prometheus 3.16 / Alertmanager 0.35 (built from Go modules)',
  prometheus: '3.16.0',
  alertmanager: '0.35.0',
  bin: {
    prometheus: path.join(TOOLS_BIN, 'prometheus'),
    promtool: path.join(TOOLS_BIN, 'promtool'),
    alertmanager: path.join(TOOLS_BIN, 'alertmanager'),
    amtool: path.join(TOOLS_BIN, 'amtool'),
  },
  install: 'test/tools/build.sh',
};

/** Oldest first: the order test names and README tables use. */
export const TOOLCHAINS: readonly Toolchain[] = [OLDEST, CURRENT];

/** Built tools that exist in one version only. */
export const BUILT = {
  sloth: path.join(TOOLS_BIN, 'sloth'),
  vmalert: path.join(TOOLS_BIN, 'vmalert'),
  thanos: path.join(TOOLS_BIN, 'thanos'),
  otelcol: path.join(TOOLS_BIN, 'otelcol-mac'),
} as const;

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
