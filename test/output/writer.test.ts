/** The output writer: what each delivery setting writes, and that a failed synth leaves the output folder as it was. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError, MonitoringApp, Team, type Renderer } from '../../lib';
import { RENDERERS } from '../../lib/output/renderers';
import { defineServices, platform } from '../../services';
import { listFiles, readTree, stagingLeft, synthError, synthTo, tempDir } from '../support/synth';

describe('delivery', () => {
  const both = listFiles(synthTo());

  it('writes the operator objects and the plain files by default', () => {
    expect(both.filter((f) => f.startsWith('kubernetes/')).length).toBeGreaterThan(0);
    expect(both).toContain('prometheus/prometheus.yml');
  });

  it('operator: only dist/kubernetes/ and the catalogue (CATALOG.md, catalog/)', () => {
    const files = listFiles(synthTo(defineServices, { ...platform, delivery: 'operator' }));
    expect(files).toEqual(both.filter((f) => f.startsWith('kubernetes/') || f === 'CATALOG.md' || f.startsWith('catalog/')));
  });

  it('files: everything but dist/kubernetes/', () => {
    const files = listFiles(synthTo(defineServices, { ...platform, delivery: 'files' }));
    expect(files).toEqual(both.filter((f) => !f.startsWith('kubernetes/')));
  });

  it('rejects an unknown delivery with an exact error', () => {
    expect(() => synthTo(defineServices, { ...platform, delivery: 'kubernetes' as never })).toThrow(
      '1 problem in the service catalogue:\n  [settings] delivery: got "kubernetes", expected one of "operator", "files", "both"',
    );
  });
});

describe('nothing is lost', () => {
  function failingSynth(outdir: string, renderers?: readonly Renderer[], broken = false): unknown {
    const app = new MonitoringApp({ ...platform, outdir, ...(renderers ? { renderers } : {}) });
    defineServices(app);
    if (broken) new Team(app, 'Bad_Team');
    return synthError(app);
  }

  it('an invalid catalogue leaves the previous output byte-identical and no staging folder behind', () => {
    const outdir = synthTo();
    const before = readTree(outdir);
    expect(failingSynth(outdir, undefined, true)).toBeInstanceOf(CatalogError);
    expect(readTree(outdir)).toEqual(before);
    expect(stagingLeft(outdir)).toEqual([]);
  });

  it('a catalogue over its series budgets (checked as the rules render) fails with every service over it, as problems() lists them, and writes nothing', () => {
    const outdir = synthTo();
    const before = readTree(outdir);
    const over = () => {
      const app = new MonitoringApp({ ...platform, outdir, cardinality: { ...platform.cardinality, seriesBudget: 300 } });
      defineServices(app);
      return app;
    };
    const expected = over().problems();
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.every((p) => p.includes('series estimate: got'))).toBe(true);
    const error = synthError(over());
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).problems).toEqual(expected);
    expect(readTree(outdir)).toEqual(before);
    expect(stagingLeft(outdir)).toEqual([]);
  });

  it('a renderer that fails halfway leaves the previous output byte-identical', () => {
    const outdir = synthTo();
    const before = readTree(outdir);
    const boom: Renderer = { name: 'boom', render: () => { throw new Error('boom: cannot render'); } };
    const error = failingSynth(outdir, [...RENDERERS.slice(0, 2), boom]);
    expect((error as Error).message).toBe('boom: cannot render');
    expect(readTree(outdir)).toEqual(before);
  });

  it('a successful synth replaces the folder: files no longer rendered disappear', () => {
    const outdir = synthTo();
    fs.writeFileSync(path.join(outdir, 'stale.yml'), 'x: 1\n');
    const app = new MonitoringApp({ ...platform, outdir });
    defineServices(app);
    app.synth();
    expect(fs.existsSync(path.join(outdir, 'stale.yml'))).toBe(false);
    expect(readTree(outdir)).toEqual(readTree(synthTo()));
  });

  it('an invalid catalogue creates no output folder where there was none', () => {
    const outdir = path.join(tempDir(), 'dist');
    expect(failingSynth(outdir, undefined, true)).toBeInstanceOf(CatalogError);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });
});
