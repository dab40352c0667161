/**
 * What `npm run synth` and `cdk8s synth` run (main.ts). Both write dist/ through the staging writer,
 * so a failed synth leaves it exactly as it was, and print only the catalogue's problems.
 *
 * cdk8s-cli deletes its output folder before it runs the app, and prints a stack trace of its own
 * when the app exits non-zero. So cdk8s.yaml points cdk8s-cli at a scratch folder (.cdk8s.out) and
 * passes CDK8S_CLI_FLAG: the app then writes dist/ itself and copies it into the scratch folder. On
 * failure it exits 0 without creating that folder, which cdk8s-cli reports with one line
 * (`ERROR: synthesis failed, app expected to create …`) and exit code 1, and no stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogError } from '../model/problems';
import type { MonitoringApp } from './app';

/** Argument cdk8s.yaml's `app` command passes, so the app knows cdk8s-cli runs it. */
export const CDK8S_CLI_FLAG = '--from-cdk8s-cli';

/** Where dist/ goes, relative to the project folder, whichever command runs. */
export const DIST = 'dist';

export interface SynthCommand {
  /** The output folder the app writes. */
  readonly outdir: string | undefined;
  /** The scratch folder cdk8s-cli reads, when it runs the app. */
  readonly cdk8sOutdir: string | undefined;
}

/** How this process was started: by cdk8s-cli (the flag), or directly (`npm run synth`, tests that set CDK8S_OUTDIR). */
export function synthCommand(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): SynthCommand {
  if (!argv.includes(CDK8S_CLI_FLAG)) return { outdir: undefined, cdk8sOutdir: undefined };
  return { outdir: DIST, cdk8sOutdir: env.CDK8S_OUTDIR };
}

/**
 * Synthesizes `app`; returns the process exit code. A CatalogError is printed as it is (no stack);
 * any other error is a bug and propagates.
 */
export function runSynth(app: () => MonitoringApp, command: SynthCommand): number {
  try {
    app().synth();
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    console.error(e.message);
    // Under cdk8s-cli a non-zero exit adds its stack trace; a missing output folder fails it cleanly.
    return command.cdk8sOutdir ? 0 : 1;
  }
  if (command.cdk8sOutdir && command.outdir && path.resolve(command.cdk8sOutdir) !== path.resolve(command.outdir)) {
    fs.rmSync(command.cdk8sOutdir, { recursive: true, force: true });
    fs.cpSync(command.outdir, command.cdk8sOutdir, { recursive: true });
  }
  return 0;
}
