/**
 * dist/ is what users deploy and review: it must be exactly what services.ts synthesizes, and two
 * synths must give byte-identical files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, tempDir } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** Runs the real entry point, as `cdk8s synth` does, into `outdir`. */
function synthMain(outdir: string): void {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['main.ts'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir },
  });
  if (r.status !== 0) throw new Error(`synth failed:\n${r.stdout}${r.stderr}`);
}

/** Files that differ between two trees: missing on either side or with other bytes. */
function diffTrees(a: string, b: string): string[] {
  const fa = listFiles(a);
  const fb = listFiles(b);
  const out: string[] = [];
  for (const f of new Set([...fa, ...fb])) {
    if (!fa.includes(f)) out.push(`only in fresh synth: ${f}`);
    else if (!fb.includes(f)) out.push(`only in committed dist/: ${f}`);
    else if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) out.push(`differs: ${f}`);
  }
  return out.sort();
}

let first: string;
beforeAll(() => {
  first = tempDir('dist-a-');
  synthMain(first);
});

describe('dist/', () => {
  it('is fresh: a synth of services.ts equals the committed dist/ byte for byte', () => {
    const diff = diffTrees(DIST, first);
    const hint = diff.length ? `\n${diff.join('\n')}\n\ndist/ is stale. Regenerate it with \`npm run synth\` and commit it.` : '';
    expect(diff, hint).toEqual([]);
  });

  it('is deterministic: two synths give byte-identical files', () => {
    const second = tempDir('dist-b-');
    synthMain(second);
    expect(listFiles(second).length).toBeGreaterThan(0);
    expect(diffTrees(first, second)).toEqual([]);
  });

  it('holds no *.yaml file that is not a Kubernetes manifest (cdk8s reads every .yaml as one)', () => {
    const yaml = listFiles(first).filter((f) => f.endsWith('.yaml'));
    for (const f of yaml) expect(f).toMatch(/^kubernetes\/[A-Za-z]+\.[a-z0-9.-]+\.k8s\.yaml$/);
  });

  it('ends every file with exactly one newline', () => {
    for (const f of listFiles(first)) {
      const text = fs.readFileSync(path.join(first, f), 'utf8');
      expect(text.endsWith('\n') && !text.endsWith('\n\n'), f).toBe(true);
    }
  });

  it('the freshness check notices a changed file', () => {
    const copy = tempDir('dist-c-');
    fs.cpSync(first, copy, { recursive: true });
    fs.appendFileSync(path.join(copy, 'prometheus/prometheus.yml'), '# edited\n');
    fs.rmSync(path.join(copy, listFiles(copy).find((f) => f.startsWith('kubernetes/'))!));
    const diff = diffTrees(copy, first);
    expect(diff).toHaveLength(2);
    expect(diff).toContain('differs: prometheus/prometheus.yml');
  });
});
