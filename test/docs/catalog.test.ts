/** The catalogue for people: every page, link, diagram and fact checked against the files it describes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { Integration, Metric, re, Service, Sli, Symptom, Team } from '../../lib';
import { MERMAID_LIMITS } from '../../lib/docs/mermaid';
import { defineServices, platform } from '../../services';
import { defineWorkload } from '../bench/workload';
import { defineFloatLabels, NATIVE_SERVICE } from '../fixtures/float-labels';
import { defineOtelTenants } from '../fixtures/otel-tenants';
import { mermaidBlocks, mermaidParse } from '../support/mermaid';
import { listFiles, synthTo } from '../support/synth';

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
const pagesOf = (dir: string) => listFiles(dir).filter((f) => f === 'CATALOG.md' || f.startsWith('catalog/'));

/** Every Markdown link of every catalogue page, resolved against the page's folder. */
function links(dir: string): Array<{ page: string; target: string }> {
  return pagesOf(dir).flatMap((page) => [...read(dir, page).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => ({
    page, target: path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(m[1]!))),
  })));
}

/** The rows of the first table under `## heading` on a page, as cells. */
function tableUnder(md: string, heading: string): string[][] {
  const at = md.indexOf(`\n${heading}\n`);
  if (at < 0) return [];
  const lines = md.slice(at).split('\n').slice(2);
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(2, -2).split(/(?<!\\) \| /));
  }
  return rows;
}

const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

function ruleAlerts(dir: string, service: string): Array<{ alert: string; expr: string; labels: Record<string, string> }> {
  const groups = parse(read(dir, `prometheus/rules/${service}.yml`)).groups as Array<{ rules: Array<{ alert?: string; record?: string; expr: string; labels?: Record<string, string> }> }>;
  return groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => ({ alert: r.alert!, expr: r.expr, labels: r.labels ?? {} }));
}

let out: string;
beforeAll(() => {
  out = synthTo();
});

describe('CATALOG.md and the service pages', () => {
  it('has one page per service, linked from the index in name order', () => {
    const pages = listFiles(out).filter((f) => f.startsWith('catalog/'));
    expect(pages).toHaveLength(15);
    const linked = links(out).filter((l) => l.page === 'CATALOG.md' && l.target.startsWith('catalog/')).map((l) => l.target);
    expect(linked).toEqual(pages);
    expect([...linked].sort()).toEqual(linked);
  });

  it('each page lists exactly the alerts its rule file defines', () => {
    for (const s of listFiles(out).filter((f) => f.startsWith('catalog/')).map((f) => path.basename(f, '.md'))) {
      const documented = tableUnder(read(out, `catalog/${s}.md`), '## Alerts').map((r) => codes(r[0]!)[0]);
      expect(documented, s).toEqual(ruleAlerts(out, s).map((r) => r.alert));
    }
  });

  it('who is notified matches the routing table that amtool checks', () => {
    const table = new Map(read(out, 'alertmanager/routes.test.tsv').trim().split('\n').map((l) => {
      const [labels, receivers] = l.split('\t');
      return [labels!, receivers!.split(',')];
    }));
    let checked = 0;
    for (const s of ['api-gateway', 'auth-service', 'telemetry-service']) {
      const page = read(out, `catalog/${s}.md`);
      const rules = ruleAlerts(out, s);
      tableUnder(page, '## Alerts').forEach((row, i) => {
        const l = rules[i]!.labels;
        const key = `service=${s} team=${l.team} severity=${l.severity} namespace=${l.namespace}`;
        expect(table.has(key), key).toBe(true);
        expect(codes(row[5]!), `${rules[i]!.alert} ${key}`).toEqual(table.get(key));
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('the alerts listed per metric are exactly those whose rules (or the SLO records they read) use it', () => {
    let pairs = 0;
    for (const s of ['agent-runtime', 'api-gateway', 'auth-service']) {
      const groups = parse(read(out, `prometheus/rules/${s}.yml`)).groups as Array<{ rules: Array<{ alert?: string; expr: string; labels?: Record<string, string> }> }>;
      const rules = groups.flatMap((g) => g.rules);
      // An SLO alert reads its SLO's recorded series, whose rules carry the same sloth_id.
      const reads = (alert: string, metric: string) => rules.filter((r) => r.alert === alert).some((a) =>
        new RegExp(`\\b${metric}\\b`).test(a.expr) ||
        (a.labels?.sloth_id !== undefined && rules.some((r) => !r.alert && r.labels?.sloth_id === a.labels!.sloth_id && new RegExp(`\\b${metric}(_bucket|_count|_sum)?\\b`).test(r.expr))));
      const alerts = [...new Set(rules.filter((r) => r.alert).map((r) => r.alert!))];
      for (const row of tableUnder(read(out, `catalog/${s}.md`), '## Metrics')) {
        const metric = codes(row[0]!)[0]!;
        const listed = [...new Set(codes(row.at(-1)!))];
        expect(listed.sort(), `${s} ${metric}`).toEqual(alerts.filter((a) => reads(a, metric)).sort());
        pairs += listed.length;
      }
    }
    expect(pairs).toBeGreaterThan(5);
  });

  it('SLO tables give the budget in minutes and the Workbook detection time of a total outage', () => {
    const page = read(out, 'catalog/event-store.md'); // 99.9 % over 30 days
    expect(page).toContain('| 99.9% | 30d | 0.1% | 43.2 | ratio |');
    // page: 0.001 × 14.4 × 1 h = 51.84 s; ticket: 0.001 × 3 × 1 d = 259.2 s
    expect(page).toMatch(/\| page \(critical\) \| `EventStoreAvailabilityBudgetBurn` \| 1h \/ 5m \| 14\.4× \| 1\.44% \| 52 s \|/);
    expect(page).toMatch(/\| ticket \(warning\) \| `EventStoreAvailabilityBudgetBurn` \| 1d \/ 2h \| 3× \| 0\.3% \| 4\.3 min \|/);
    expect(page).toContain('total outage: fires after 52 s');
  });

  it('draws the route tree with every receiver and inhibit rule of alertmanager.yml', () => {
    const am = parse(read(out, 'alertmanager/alertmanager.yml'));
    const index = read(out, 'CATALOG.md');
    const routing = index.slice(index.indexOf('## Alert routing'));
    const diagram = mermaidBlocks(routing)[0]!;
    for (const r of am.receivers as Array<{ name: string }>) {
      if (JSON.stringify(am.route).includes(`"${r.name}"`)) expect(diagram, r.name).toMatch(new RegExp(`\\(\\["${r.name}(<br>|")`));
    }
    expect(diagram.match(/mutes, when equal/g)).toHaveLength(am.inhibit_rules.length);
  });
});

describe('every diagram parses with Mermaid', () => {
  const dirs: Record<string, () => string> = {
    default: () => out,
    tenants: () => synthTo((scope) => defineOtelTenants(scope)),
  };
  for (const [name, dir] of Object.entries(dirs)) {
    it(name, async () => {
      const d = dir();
      let n = 0;
      for (const page of pagesOf(d)) {
        for (const block of mermaidBlocks(read(d, page))) {
          await expect(mermaidParse(block), `${page}:\n${block}`).resolves.toBe('flowchart-v2');
          expect(block.length).toBeLessThan(MERMAID_LIMITS.textSize);
          expect(block.match(/-->|-\.->|==>/g)?.length ?? 0).toBeLessThan(MERMAID_LIMITS.edges);
          n++;
        }
      }
      expect(n).toBeGreaterThan(2);
    }, 60_000);
  }
});

describe('links', () => {
  const cases: Record<string, () => string> = {
    'default (both)': () => out,
    'delivery operator': () => synthTo(defineServices, { ...platform, delivery: 'operator' }),
    'delivery files': () => synthTo(defineServices, { ...platform, delivery: 'files' }),
    'native-histogram services': () => synthTo(defineFloatLabels, {}),
  };
  for (const [name, dir] of Object.entries(cases)) {
    it(`${name}: every link resolves to a file of the output`, () => {
      const d = dir();
      const all = links(d);
      expect(all.length).toBeGreaterThan(10);
      const files = new Set(listFiles(d));
      expect(all.filter((l) => !files.has(l.target))).toEqual([]);
    });
  }

  it('a service with only native-histogram tests links the promtool 3 suite, not the 2.x one', () => {
    const d = synthTo(defineFloatLabels, {});
    const targets = links(d).filter((l) => l.page === `catalog/${NATIVE_SERVICE}.md`).map((l) => l.target);
    expect(targets).toContain(`prometheus/tests/prometheus3/${NATIVE_SERVICE}.test.yml`);
    expect(targets).not.toContain(`prometheus/tests/${NATIVE_SERVICE}.test.yml`);
    expect(targets.filter((t) => t.startsWith('prometheus/tests/'))).toEqual([`prometheus/tests/prometheus3/${NATIVE_SERVICE}.test.yml`]);
  });
});

describe('escaping', () => {
  const HOSTILE = 'p99 | "quoted" [x] <b>bold</b> & #1 `tick` *star*';
  function defineHostile(scope: Construct): void {
    const team = new Team(scope, 'odd', {
      displayName: `Odd | Team "q"`,
      receivers: { chat: [Integration.slack({ channel: '#odd', apiUrl: { name: 's', key: 'k' } })] },
    });
    const total = Metric.counter({ name: 'odd_requests_total', help: `${HOSTILE}\nsecond line`, labels: ['code'] });
    const svc = new Service(scope, 'odd-service', { team, namespace: 'odd', scrape: { port: 80 }, metrics: [total], description: HOSTILE });
    svc.addSlo('availability', {
      objective: 99, description: HOSTILE,
      sli: Sli.ratio({ errors: { metric: total, matchers: [re('code', '5..|"x"')] }, total: { metric: total } }),
      labels: { owner: 'a|b' },
    });
    svc.addSymptom(Symptom.errorRatio({ errors: { metric: total, matchers: [re('code', '5..')] }, total: { metric: total }, thresholdPercent: 5 }));
  }

  it('user text cannot break a table or a diagram', async () => {
    const d = synthTo(defineHostile, {});
    const page = read(d, 'catalog/odd-service.md');
    for (const [heading, columns] of [['## Metrics', 7], ['## Alerts', 6]] as const) {
      const rows = tableUnder(page, heading);
      expect(rows.length, heading).toBeGreaterThan(0);
      for (const r of rows) expect(r, `${heading}: ${r.join(' ¦ ')}`).toHaveLength(columns);
    }
    expect(page).not.toContain('<b>');
    expect(page).toContain('`owner=a\\|b`');
    for (const block of mermaidBlocks(page)) await expect(mermaidParse(block)).resolves.toBe('flowchart-v2');
    const index = read(d, 'CATALOG.md');
    expect(tableUnder(index, '## Teams')[0]).toHaveLength(4);
  });
});

describe('size', () => {
  it('a page does not grow with the catalogue, and the index grows by the same bytes per service', () => {
    const sized = (n: number) => {
      const d = synthTo((scope) => defineWorkload(scope, n), {});
      return { index: read(d, 'CATALOG.md').length, page: read(d, 'catalog/svc-00000.md') };
    };
    const [a, b, c] = [sized(20), sized(40), sized(60)];
    expect(b.page).toBe(a.page);
    expect(c.page).toBe(a.page);
    // 20 services more add the same rows (team counts gain a digit at most, once per team).
    expect(Math.abs((c.index - b.index) - (b.index - a.index))).toBeLessThanOrEqual(20);
  }, 120_000);
});
