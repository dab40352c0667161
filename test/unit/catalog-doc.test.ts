import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, synthTo } from '../support/synth';

let out: string;
let doc: string;
beforeAll(() => {
  out = synthTo();
  doc = fs.readFileSync(path.join(out, 'CATALOG.md'), 'utf8');
});

describe('CATALOG.md', () => {
  it('has a section per service, in name order', () => {
    const sections = [...doc.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(sections).toHaveLength(15);
    expect(sections).toEqual([...sections].sort());
  });

  it('names only alerts that the rule files define, and every alert they define', () => {
    const documented = new Set([...doc.matchAll(/`([A-Z][A-Za-z0-9]+)`/g)].map((m) => m[1]));
    const defined = new Set<string>();
    for (const f of listFiles(out).filter((f) => f.startsWith('prometheus/rules/'))) {
      for (const g of parse(fs.readFileSync(path.join(out, f), 'utf8')).groups) for (const r of g.rules) if (r.alert) defined.add(r.alert);
    }
    expect(defined.size).toBeGreaterThan(15);
    expect([...documented].filter((a) => !defined.has(a))).toEqual([]);
    expect([...defined].filter((a) => !documented.has(a))).toEqual([]);
  });

  it('links only files that exist', () => {
    const links = [...doc.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(30);
    const files = new Set(listFiles(out));
    expect(links.filter((l) => !files.has(l))).toEqual([]);
  });
});
