/** The output families point at each other: alerts at dashboards, dashboards at each other. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, synthTo } from '../support/synth';

let out: string;
const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');
beforeAll(() => {
  out = synthTo();
});

describe('links between outputs', () => {
  it('every alert\'s dashboard_url opens a generated dashboard of the alert\'s own service', () => {
    const uids = new Map(listFiles(out).filter((f) => f.startsWith('grafana/dashboards/')).map((f) => {
      const d = JSON.parse(read(f));
      return [d.uid as string, d as { uid: string; tags: string[]; title: string }];
    }));
    let alerts = 0;
    for (const f of listFiles(out).filter((x) => x.startsWith('prometheus/rules/'))) {
      for (const g of parse(read(f)).groups) {
        for (const r of g.rules.filter((x: { alert?: string }) => x.alert)) {
          const uid = /\/d\/([^/?#]+)$/.exec(r.annotations.dashboard_url)?.[1];
          expect(uid, `${r.alert}: ${r.annotations.dashboard_url}`).toBeDefined();
          const dashboard = uids.get(uid!);
          expect(dashboard, `${r.alert}: no dashboard with uid ${uid}`).toBeDefined();
          expect(dashboard!.title, `${r.alert}: dashboard ${uid} is not about ${r.labels.service}`).toBe(`Service: ${r.labels.service}`);
          alerts++;
        }
      }
    }
    expect(alerts).toBeGreaterThan(15);
  });

  it('every receiver the routing table expects is defined in alertmanager.yml', () => {
    const defined = new Set(parse(read('alertmanager/alertmanager.yml')).receivers.map((r: { name: string }) => r.name));
    const expected = read('alertmanager/routes.test.tsv').trim().split('\n').flatMap((l) => l.split('\t')[1]!.split(','));
    expect(expected.length).toBeGreaterThan(15);
    expect(expected.filter((r) => !defined.has(r))).toEqual([]);
  });
});
