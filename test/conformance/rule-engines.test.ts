/**
 * Other rule engines load every generated rule file: `vmalert -dryRun` parses the groups and their
 * expressions with MetricsQL, and `thanos tools rules-check` with the Prometheus parser Thanos Ruler
 * embeds. They stand for the rulers that take over when one Prometheus is not enough (Thanos Ruler,
 * Mimir, VictoriaMetrics cluster).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platform } from '../../services';
import { customAlertsPlatform, defineCustomAlerts } from '../fixtures/custom-alerts';
import { defineSeedSlos } from '../fixtures/seed-slos';
import { complaints, ruleCount, ruleFiles, vmalert, vmalertReadLine } from '../support/dist-checks';
import { synthTo } from '../support/synth';
import { BUILT, run, toolAvailable, type ToolResult } from '../support/tools';

const DIST = path.resolve(__dirname, '../../dist');

const ruleFilesIn = (dir: string) => ruleFiles(dir).map((f) => path.join(dir, f));

// The fixtures with SLOs; neural-platform has none, so no rule file.
let seed = '';
let custom = '';
beforeAll(() => {
  seed = synthTo(defineSeedSlos, platform);
  custom = synthTo(defineCustomAlerts, customAlertsPlatform);
});
afterAll(() => {
  for (const dir of [seed, custom]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
const SOURCES: [string, () => string][] = [['dist', () => DIST], ['the seed fixtures', () => seed], ['the custom-alert fixture (platform rules, tiers)', () => custom]];

/** A copy of `file` beside it, changed by `edit`; removed after `check`. */
function withEdited(file: string, name: string, edit: (doc: RuleDoc) => void, check: (copy: string, doc: RuleDoc) => void): void {
  const doc = parse(fs.readFileSync(file, 'utf8')) as RuleDoc;
  edit(doc);
  const copy = path.join(path.dirname(file), name);
  fs.writeFileSync(copy, JSON.stringify(doc));
  try {
    check(copy, doc);
  } finally {
    fs.rmSync(copy);
  }
}
interface RuleDoc {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[];
}
/** An unclosed bracket in the first rule: invalid in PromQL and MetricsQL alike. */
const breakFirstExpr = (doc: RuleDoc) => {
  const rule = doc.groups[0]!.rules[0]!;
  doc.groups[0]!.rules[0] = { ...rule, expr: `sum(${rule.expr}` };
};

describe.runIf(toolAvailable(BUILT.vmalert))('vmalert -dryRun', () => {

  it.each(SOURCES)('loads every rule file of %s, each read once, with no warning', (_, dir) => {
    const files = ruleFilesIn(dir());
    expect(files.length).toBeGreaterThan(0);
    // vmalert does not report rule counts: make sure no file is empty, which it would only warn about.
    for (const f of files) expect(ruleCount(f), `${f} has no rules`).toBeGreaterThan(0);
    const r = vmalert(files);
    expect(r.status, r.output).toBe(0);
    for (const f of files) expect(r.stderr.split(vmalertReadLine(f)).length - 1, `${f} read once`).toBe(1);
    expect(complaints(r)).toEqual([]);
  });

  it('fails on a broken expression, naming the file, group and rule', () => {
    const file = ruleFilesIn(seed)[0]!;
    withEdited(file, 'broken.yml', breakFirstExpr, (broken, doc) => {
      const r = vmalert([file, broken]);
      expect(r.status).not.toBe(0);
      const rule = doc.groups[0]!.rules[0]!;
      expect(r.stderr).toContain(`invalid group "${doc.groups[0]!.name}" in file "${broken}": invalid expression for rule "${rule.record ?? rule.alert}"`);
      expect(complaints(r).some((l) => l.includes('\tfatal\t'))).toBe(true);
    });
  });

  it('fails on a rule duplicated in its group, which promtool only lints', () => {
    withEdited(ruleFilesIn(seed)[0]!, 'duplicate.yml', (doc) => void doc.groups[0]!.rules.push(doc.groups[0]!.rules[0]!), (dup, doc) => {
      const r = vmalert([dup]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`invalid group "${doc.groups[0]!.name}" in file "${dup}": `);
      expect(r.stderr).toContain('is a duplicate in group');
    });
  });
});

/** (file, rules found) for each file Thanos checked, in order, from its logfmt log on stderr. */
function thanosChecked(r: ToolResult): [string, number][] {
  const out: [string, number][] = [];
  let file = '';
  for (const line of r.stderr.split('\n')) {
    const checking = / msg=checking filename=(\S+)/.exec(line);
    if (checking) file = checking[1]!;
    const found = / result=SUCCESS rulesfound=(\d+)/.exec(line);
    if (found) out.push([file, Number(found[1])]);
  }
  return out;
}
const thanos = (files: readonly string[]): ToolResult => run(BUILT.thanos, ['tools', 'rules-check', ...files.map((f) => `--rules=${f}`)]);

describe.runIf(toolAvailable(BUILT.thanos))('thanos tools rules-check', () => {
  it.each(SOURCES)('accepts every rule file of %s, finding as many rules as the file has', (_, dir) => {
    const files = ruleFilesIn(dir());
    expect(files.length).toBeGreaterThan(0);
    const r = thanos(files);
    expect(r.status, r.output).toBe(0);
    expect(thanosChecked(r)).toEqual(files.map((f) => [f, ruleCount(f)]));
    for (const f of files) expect(ruleCount(f), `${f} has no rules`).toBeGreaterThan(0);
  });

  it('fails on a broken expression, naming the group and rule', () => {
    const file = ruleFilesIn(seed)[0]!;
    withEdited(file, 'broken.yml', breakFirstExpr, (broken, doc) => {
      const r = thanos([file, broken]);
      expect(r.status).not.toBe(0);
      expect(thanosChecked(r)).toEqual([[file, ruleCount(file)]]);
      const rule = doc.groups[0]!.rules[0]!;
      expect(r.stderr).toContain(`group \\"${doc.groups[0]!.name}\\", rule `);
      expect(r.stderr).toContain(`\\"${rule.record ?? rule.alert}\\": could not parse expression`);
    });
  });
});
