/** The writer thread: the same bytes as writing on the main thread, and its failures fail the synth with nothing written. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Construct } from 'constructs';
import { describe, expect, it, vi } from 'vitest';
import { MonitoringApp, type Renderer } from '../../lib';
import { BackgroundWriter } from '../../lib/output/background';
import { RENDERERS } from '../../lib/output/renderers';
import { StagingDir } from '../../lib/output/staging';
import { DocumentWriter, type StartThread } from '../../lib/output/writer';
import { defineServices, platform } from '../../services';
import { defineWorkload } from '../bench/workload';
import { readTree, stagingLeft, synthError, tempDir } from '../support/synth';

function synth(backgroundWriteAfter: number, renderers?: readonly Renderer[], outdir = path.join(tempDir(), 'dist')) {
  const app = new MonitoringApp({ ...platform, outdir, backgroundWriteAfter, ...(renderers ? { renderers } : {}) });
  defineServices(app);
  defineWorkload(new Construct(app, 'workload'), 3);
  const error = synthError(app) as Error | undefined;
  return { outdir, stats: app.stats, error };
}

describe('writing on a writer thread', () => {
  const inline = synth(Infinity);

  it('writes the same files, byte for byte, as the main thread, whichever document it takes over at', () => {
    expect(inline.error).toBeUndefined();
    expect(inline.stats.threadDocuments).toBe(0);
    const expected = readTree(inline.outdir);
    // Dashboards (a LazyText shared by a file and a ConfigMap), YAML, JSON and plain text all cross over.
    expect([...expected.keys()].some((f) => f.startsWith('kubernetes/ConfigMap.grafana-dashboard-'))).toBe(true);
    for (const after of [0, 57]) {
      const run = writeAll(after, waited);
      expect(run.background).toBe(expected.size - after);
      expect(run.files).toBe(expected.size);
      expect(readTree(run.outdir)).toEqual(expected);
    }
  });

  it('a synth with backgroundWriteAfter: 0 writes every document on the thread, the same files, each counted once', () => {
    const run = synth(0);
    expect(run.error).toBeUndefined();
    expect(readTree(run.outdir)).toEqual(readTree(inline.outdir));
    expect(run.stats.threadDocuments).toBe(inline.stats.files);
    expect({ ...run.stats, threadDocuments: 0 }).toEqual({ ...inline.stats });
  });

  it('fails the synth with the serializer’s own error, and leaves no output and no staging folder', () => {
    const odd: Renderer = { name: 'odd', render: () => ({ manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'odd' }, data: new Map([['a', 'b']]) }] }) };
    const here = synth(Infinity, [...RENDERERS, odd]);
    const there = synth(0, [...RENDERERS, odd]);
    expect(here.error?.message).toBe("can't render non-simple object of type 'Map'");
    expect(there.error?.message).toBe(here.error?.message);
    expect(fs.existsSync(there.outdir)).toBe(false);
    expect(stagingLeft(there.outdir)).toEqual([]);
  });

  it('stops the thread when rendering fails after it started: the previous output stays, and nothing is written after the synth returns', async () => {
    const before = readTree(inline.outdir);
    const late: Renderer = {
      name: 'late',
      render: () => ({}),
      *renderEach() {
        yield { files: [{ path: 'late/first.yml', format: 'yaml', content: { a: 1 } }] };
        throw new Error('late: cannot render');
      },
    };
    const run = synth(0, [...RENDERERS, late], inline.outdir);
    expect(run.error?.message).toBe('late: cannot render');
    await sleep(200);
    expect(readTree(inline.outdir)).toEqual(before);
    expect(stagingLeft(inline.outdir)).toEqual([]);
  });

  it('writes everything on the main thread, with one warning, when the thread cannot start', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const broken: StartThread = (dir) => {
        const thread = new BackgroundWriter(dir, path.join(tempDir(), 'missing-thread.ts'));
        expect(thread.ready()).toBe(false);
        return thread;
      };
      const run = writeAll(10, broken);
      expect(run.background).toBe(0);
      expect(readTree(run.outdir)).toEqual(readTree(inline.outdir));
      expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('writer thread'))).toEqual([
        expect.stringMatching(/^warning: the writer thread failed to start: .*missing-thread\.ts.*; writing on the main thread$/s),
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});

/** A thread waited for as it starts, so that it takes over exactly at the hand-off. */
const waited: StartThread = (dir) => {
  const thread = new BackgroundWriter(dir);
  expect(thread.ready()).toBe(true);
  return thread;
};

/** The synth's documents written by a DocumentWriter that hands off after `after`. */
function writeAll(after: number, start: StartThread) {
  const app = new MonitoringApp({ ...platform, outdir: path.join(tempDir(), 'dist') });
  defineServices(app);
  defineWorkload(new Construct(app, 'workload'), 3);
  const staging = new StagingDir(app.outdir);
  const writer = new DocumentWriter(staging, after, start);
  for (const doc of app.documents()) writer.write(doc);
  const written = writer.finish();
  staging.commit();
  return { outdir: app.outdir, background: writer.background, ...written };
}
