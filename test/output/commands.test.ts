/**
 * `npm run synth` runs the app directly; `cdk8s synth` runs it through cdk8s-cli, which deletes its
 * output folder first. Both must write the same dist/, and on a broken catalogue both must leave
 * dist/ byte-identical, print only our message and exit non-zero. Each runs in a copy of the project.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdk8sSynth, npmSynth, ROOT, tempProject } from '../support/project';
import { readTree } from '../support/synth';

const DIST = path.join(ROOT, 'dist');

/** Every file below `dir` with its bytes, for a byte-for-byte comparison. */
const snapshot = (dir: string) => readTree(dir, 'base64');

const BROKEN = fs.readFileSync(path.join(ROOT, 'services.ts'), 'utf8').replace(/objective: 99,/, 'objective: 199,');
const MESSAGE = '1 problem in the service catalogue:\n  [services/agent-runtime/invocation-success] objective: got 199, expected a percentage greater than 0 and at most 100, such as 99.9\n';

describe('synth commands', () => {
  it('cdk8s synth writes dist/ equal to the committed one (and a copy in its scratch folder)', () => {
    const dir = tempProject();
    const r = cdk8sSynth(dir);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const committed = snapshot(DIST);
    expect(snapshot(path.join(dir, 'dist'))).toEqual(committed);
    expect(snapshot(path.join(dir, '.cdk8s.out'))).toEqual(committed);
    // cdk8s-cli found and listed the manifests.
    expect(r.stdout).toContain('.cdk8s.out/kubernetes/PrometheusRule.');
  }, 90_000);

  it('the broken catalogue really differs from services.ts', () => {
    expect(BROKEN).not.toBe(fs.readFileSync(path.join(ROOT, 'services.ts'), 'utf8'));
  });

  for (const [name, run] of [['cdk8s synth', cdk8sSynth], ['npm run synth', npmSynth]] as const) {
    it(`${name} on a broken catalogue keeps dist/ byte-identical, prints only our message and fails`, () => {
      const dir = tempProject(BROKEN);
      fs.cpSync(DIST, path.join(dir, 'dist'), { recursive: true });
      const before = snapshot(path.join(dir, 'dist'));
      const r = run(dir);
      expect(r.status).not.toBe(0);
      expect(snapshot(path.join(dir, 'dist'))).toEqual(before);
      expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
      // Our message, then (cdk8s-cli only) its one line saying the app wrote nothing.
      const cli = 'ERROR: synthesis failed, app expected to create ".cdk8s.out"\n';
      expect(r.stderr).toBe(name === 'cdk8s synth' ? MESSAGE + cli : MESSAGE);
      // No staging folder is left behind.
      expect(fs.readdirSync(dir).filter((f) => f.includes('staging'))).toEqual([]);
    }, 90_000);
  }

  it('npm run synth runs main.ts without cdk8s-cli; cdk8s.yaml tells the app cdk8s-cli runs it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.synth).toBe('node --import tsx main.ts');
    expect(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')).toMatch(/^app: node --import tsx main\.ts --from-cdk8s-cli$/m);
    expect(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')).toMatch(/^output: \.cdk8s\.out$/m);
  });
});
