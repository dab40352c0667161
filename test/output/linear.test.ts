/**
 * Regression guard for issue 12, not timed: per synth, count the walks over the construct tree,
 * the construct validations and the documents serialized, and require each to grow linearly with
 * the number of services (a constant per service plus a constant per synth).
 */
import { Node } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MonitoringApp } from '../../lib';
import { defineWorkload } from '../bench/workload';
import { tempDir } from '../support/synth';

interface Counts {
  readonly treeWalks: number;
  readonly validations: number;
  readonly documents: number;
  readonly files: number;
  readonly ruleSets: number;
}

function countsFor(n: number): Counts {
  const app = new MonitoringApp({ outdir: tempDir('linear-') });
  defineWorkload(app, n);
  const findAll = vi.spyOn(Node.prototype, 'findAll');
  const validate = vi.spyOn(Node.prototype, 'validate');
  app.synth();
  const counts = { treeWalks: findAll.mock.calls.length, validations: validate.mock.calls.length, documents: app.stats.documents, files: app.stats.files, ruleSets: app.stats.ruleSets };
  vi.restoreAllMocks();
  return counts;
}

afterEach(() => vi.restoreAllMocks());

describe('synth work grows linearly with services', () => {
  const [c5, c10, c20] = [5, 10, 20].map(countsFor) as [Counts, Counts, Counts];

  it.each(['treeWalks', 'validations', 'documents', 'files', 'ruleSets'] as const)('%s: c(20) − c(10) = 2 × (c(10) − c(5))', (k) => {
    expect(c20[k] - c10[k]).toBe(2 * (c10[k] - c5[k]));
  });

  it('walks the tree a fixed number of times per synth, whatever the size', () => {
    expect(c20.treeWalks).toBe(c5.treeWalks);
    expect(c5.treeWalks).toBeGreaterThan(0);
    expect(c5.treeWalks).toBeLessThanOrEqual(3);
  });

  it('validates each construct once', () => {
    const app = new MonitoringApp({ outdir: tempDir('linear-') });
    defineWorkload(app, 5);
    const validate = vi.spyOn(Node.prototype, 'validate');
    app.synth();
    expect(validate.mock.calls.length).toBe(app.node.findAll().length);
  });

  // Once, by the rules renderer: the promtool suites, the budget check (whose estimate the catalogue page
  // reuses) and the catalogue page's alert list (only the alert groups are kept for it) read that build.
  it('builds each service\'s rules once per synth', () => {
    expect([c5, c10, c20].map((c) => c.ruleSets)).toEqual([5, 10, 20]);
  });

  it('serializes each written file once', () => {
    expect([c5, c10, c20].map((c) => c.documents)).toEqual([c5, c10, c20].map((c) => c.files));
  });
});
