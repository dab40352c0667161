/**
 * Which Prometheus, promtool and Alertmanager the sandbox runs: the current ones built into
 * .tools/bin first, Debian's (the oldest supported) when those are missing, or the ones chosen by
 * flag. The backfill's promtool must be the server's own release: its TSDB blocks and its `le`
 * normalisation have to match what the server reads and scrapes.
 */
import { spawnSync } from 'node:child_process';
import { CURRENT, isExecutable, OLDEST, TOOLCHAINS, type Toolchain } from '../toolchain';

export type SandboxTool = 'prometheus' | 'promtool' | 'alertmanager';
export const SANDBOX_TOOLS: readonly SandboxTool[] = ['prometheus', 'promtool', 'alertmanager'];

export interface SandboxBinaries {
  readonly prometheus: string;
  readonly promtool: string;
  readonly alertmanager: string;
  /** Versions the binaries report (`--version`), for the start-up banner. */
  readonly prometheusVersion: string;
  readonly alertmanagerVersion: string;
  /** Where they come from: a toolchain's label, or "chosen by flag". */
  readonly source: string;
}

/** What the user asked for; every field is optional. */
export interface BinaryChoice {
  /** A toolchain by id; without it, the current one and then the oldest are tried. */
  readonly toolchain?: string;
  readonly prometheus?: string;
  readonly promtool?: string;
  readonly alertmanager?: string;
}

export interface ResolvedBinaries {
  readonly binaries: SandboxBinaries;
  /** Set when the preferred toolchain was missing and another one is used instead. */
  readonly notice?: string;
}

export interface MissingBinary {
  readonly tool: SandboxTool;
  readonly path: string;
  /** How to get it. */
  readonly install: string;
}

export class MissingBinariesError extends Error {
  constructor(readonly missing: readonly MissingBinary[]) {
    const byInstall = new Map<string, string[]>();
    for (const m of missing) byInstall.set(m.install, [...(byInstall.get(m.install) ?? []), m.path]);
    super(
      `the sandbox needs prometheus, promtool and alertmanager, but ${missing.map((m) => m.path).join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} missing; ` +
        [...byInstall].map(([install, paths]) => `for ${paths.join(', ')} run: ${install}`).join('; '),
    );
    this.name = 'MissingBinariesError';
  }
}

const missingOf = (tc: Toolchain, tools: readonly SandboxTool[]): MissingBinary[] =>
  tools.filter((t) => !isExecutable(tc.bin[t])).map((tool) => ({ tool, path: tc.bin[tool], install: tc.install }));

/** The x.y.z a Prometheus-family binary prints for `--version` (Debian's prints it on stderr). */
export function reportedVersion(binary: string): string {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`${binary} --version failed: ${r.error.message}`);
  const m = /\bversion (\d+\.\d+\.\d+)/.exec(`${r.stdout}${r.stderr}`);
  if (r.status !== 0 || !m) throw new Error(`${binary} --version: got exit code ${r.status} and ${JSON.stringify(`${r.stdout}${r.stderr}`.trim().slice(0, 200))}, expected "… version X.Y.Z …"`);
  return m[1]!;
}

/**
 * Resolves a choice to three binaries. `preferred` is the default order (current, then oldest);
 * `known` the toolchains `choice.toolchain` may name. Tests pass their own.
 */
export function resolveBinaries(choice: BinaryChoice = {}, preferred: readonly Toolchain[] = [CURRENT, OLDEST], known: readonly Toolchain[] = TOOLCHAINS): ResolvedBinaries {
  if ((choice.prometheus === undefined) !== (choice.promtool === undefined)) {
    const [given, absent] = choice.prometheus === undefined ? ['promtool', 'prometheus'] : ['prometheus', 'promtool'];
    throw new Error(`--${given}: got ${choice[given as SandboxTool]} without --${absent}; the history backfill must use the promtool of the server's own release, so pass both`);
  }
  const flagged = SANDBOX_TOOLS.filter((t) => choice[t] !== undefined);
  const flaggedMissing = flagged.filter((t) => !isExecutable(choice[t]!));
  if (flaggedMissing.length) {
    throw new Error(flaggedMissing.map((t) => `--${t} ${choice[t]}: not an executable file, expected the path of the ${t} binary to run`).join('; '));
  }
  const rest = SANDBOX_TOOLS.filter((t) => choice[t] === undefined);

  let base: Toolchain | undefined;
  let notice: string | undefined;
  if (choice.toolchain !== undefined) {
    base = known.find((tc) => tc.id === choice.toolchain);
    if (!base) throw new Error(`--toolchain: got ${JSON.stringify(choice.toolchain)}, expected one of ${known.map((tc) => tc.id).join(', ')}`);
    const missing = missingOf(base, rest);
    if (missing.length) throw new MissingBinariesError(missing);
  } else if (rest.length) {
    base = preferred.find((tc) => missingOf(tc, rest).length === 0);
    if (!base) throw new MissingBinariesError(preferred.flatMap((tc) => missingOf(tc, rest)));
    if (base !== preferred[0]) {
      const skipped = preferred[0]!;
      notice = `${skipped.label}: ${missingOf(skipped, rest).map((m) => m.path).join(', ')} missing, so the sandbox runs ${base.label} instead; get them with: ${skipped.install}`;
    }
  }

  const pick = (t: SandboxTool): string => choice[t] ?? base!.bin[t];
  const prometheusVersion = reportedVersion(pick('prometheus'));
  const promtoolVersion = reportedVersion(pick('promtool'));
  if (prometheusVersion !== promtoolVersion) {
    throw new Error(`${pick('prometheus')} is Prometheus ${prometheusVersion} but ${pick('promtool')} is promtool ${promtoolVersion}; the history backfill needs the promtool of the same release`);
  }
  const source = flagged.length === 0 ? base!.label : rest.length > 0 ? `${flagged.map((t) => `--${t}`).join(', ')}, the rest from ${base!.label}` : 'chosen by flag';
  return {
    binaries: { prometheus: pick('prometheus'), promtool: pick('promtool'), alertmanager: pick('alertmanager'), prometheusVersion, alertmanagerVersion: reportedVersion(pick('alertmanager')), source },
    ...(notice ? { notice } : {}),
  };
}

/** Runs a binary to completion (for promtool); throws only when it cannot be started. */
export function runBinary(binary: string, args: readonly string[]): { readonly status: number; readonly output: string } {
  const r = spawnSync(binary, [...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}
