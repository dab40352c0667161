/** `npm run synth` runs the app directly; `cdk8s synth` must still work and write the same files. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, tempDir } from '../support/synth';

const ROOT = path.resolve(__dirname, '../..');

describe('synth commands', () => {
  it('cdk8s synth writes the same files as npm run synth (the committed dist/)', () => {
    const out = path.join(tempDir('cdk8s-'), 'dist');
    const r = spawnSync(path.join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade', '--output', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const files = listFiles(out);
    expect(files).toEqual(listFiles(path.join(ROOT, 'dist')));
    for (const f of files) expect(fs.readFileSync(path.join(out, f), 'utf8'), f).toBe(fs.readFileSync(path.join(ROOT, 'dist', f), 'utf8'));
  }, 60_000);

  it('npm run synth runs main.ts without cdk8s-cli', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.synth).toBe('node --import tsx main.ts');
  });
});
