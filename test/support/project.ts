/** A throwaway copy of this project (its services.ts possibly edited), for running the real commands against. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './synth';

export const ROOT = path.resolve(__dirname, '../..');

/** A project folder with main.ts, cdk8s.yaml and package.json copied, lib/ and node_modules/ linked, and `services` as its services.ts. */
export function tempProject(services: string = fs.readFileSync(path.join(ROOT, 'services.ts'), 'utf8')): string {
  const dir = tempDir('project-');
  for (const f of ['main.ts', 'cdk8s.yaml', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  for (const d of ['lib', 'node_modules']) fs.symlinkSync(path.join(ROOT, d), path.join(dir, d), 'dir');
  fs.writeFileSync(path.join(dir, 'services.ts'), services);
  return dir;
}

export function runIn(dir: string, cmd: string, args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: '', NO_COLOR: '1' } });
}

export const cdk8sSynth = (dir: string) => runIn(dir, path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade']);
export const npmSynth = (dir: string) => runIn(dir, 'npm', ['run', '--silent', 'synth']);
