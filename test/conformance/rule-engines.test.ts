/**
 * A second rule engine loads every generated rule file: `vmalert -dryRun` parses the groups and
 * their expressions with MetricsQL. It stands for the rulers that take over when one Prometheus is
 * not enough (Thanos Ruler, Mimir, VictoriaMetrics cluster).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Files } from '../../lib/conventions';
import { platform } from '../../services';
import { defineSeedSlos } from '../fixtures/seed-slos';
import { listFiles, synthTo } from '../support/synth';
import { BUILT, run, toolAvailable, type ToolResult } from '../support/tools';

const DIST = path.resolve(__dirname, '../../dist');

const ruleFilesIn = (dir: string) => listFiles(dir).filter((f) => f.startsWith(`${path.dirname(Files.ruleFile('x'))}/`)).map((f) => path.join(dir, f));

/** Rules in a rule file, counted from its YAML. */
function ruleCount(file: string): number {
  const doc = parse(fs.readFileSync(file, 'utf8')) as { groups?: { rules?: unknown[] }[] };
  return (doc.groups ?? []).reduce((n, g) => n + (g.rules?.length ?? 0), 0);
}

/** vmalert logs to stderr, one line per event; each `-rule` flag reads one file here. */
const vmalert = (files: readonly string[]): ToolResult => run(BUILT.vmalert, ['-dryRun', ...files.map((f) => `-rule=${f}`)]);
const readLine = (file: string) => `found 1 files to read from "Local FS{MatchPattern: \\"${file}\\"}"`;
/** Log lines above info level: a warning such as "no groups found in …" does not fail the run. */
const complaints = (r: ToolResult) => r.stderr.split('\n').filter((l) => /\t(warn|error|fatal)\t/.test(l));

describe.runIf(toolAvailable(BUILT.vmalert))('vmalert -dryRun', () => {
  // The fixtures with SLOs; neural-platform has none, so no rule file.
  let seed = '';
  beforeAll(() => {
    seed = synthTo(defineSeedSlos, platform);
  });
  afterAll(() => {
    if (seed) fs.rmSync(seed, { recursive: true, force: true });
  });

  it.each([['dist', () => DIST], ['the seed fixtures', () => seed]])('loads every rule file of %s, each read once, with no warning', (_, dir) => {
    const files = ruleFilesIn(dir());
    expect(files.length).toBeGreaterThan(0);
    // vmalert does not report rule counts: make sure no file is empty, which it would only warn about.
    for (const f of files) expect(ruleCount(f), `${f} has no rules`).toBeGreaterThan(0);
    const r = vmalert(files);
    expect(r.status, r.output).toBe(0);
    for (const f of files) expect(r.stderr.split(readLine(f)).length - 1, `${f} read once`).toBe(1);
    expect(complaints(r)).toEqual([]);
  });

  it('fails on a broken expression, naming the file, group and rule', () => {
    const file = ruleFilesIn(seed)[0]!;
    const good = fs.readFileSync(file, 'utf8');
    const doc = parse(good) as { groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[] };
    const group = doc.groups[0]!;
    const rule = group.rules[0]!;
    const broken = path.join(path.dirname(file), 'broken.yml');
    // An unclosed bracket: invalid in PromQL and MetricsQL alike.
    group.rules[0] = { ...rule, expr: `sum(${rule.expr}` };
    fs.writeFileSync(broken, JSON.stringify(doc));
    try {
      const r = vmalert([file, broken]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`invalid group "${group.name}" in file "${broken}": invalid expression for rule "${rule.record ?? rule.alert}"`);
      expect(complaints(r).some((l) => l.includes('\tfatal\t'))).toBe(true);
    } finally {
      fs.rmSync(broken);
    }
  });

  it('fails on a rule duplicated in its group, which promtool only lints', () => {
    const file = ruleFilesIn(seed)[0]!;
    const doc = parse(fs.readFileSync(file, 'utf8')) as { groups: { name: string; rules: unknown[] }[] };
    const group = doc.groups[0]!;
    group.rules.push(group.rules[0]);
    const dup = path.join(path.dirname(file), 'duplicate.yml');
    fs.writeFileSync(dup, JSON.stringify(doc));
    try {
      const r = vmalert([dup]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`invalid group "${group.name}" in file "${dup}": `);
      expect(r.stderr).toContain('is a duplicate in group');
    } finally {
      fs.rmSync(dup);
    }
  });
});
