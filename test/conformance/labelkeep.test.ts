/**
 * Metric relabeling keeps only declared and target labels; this proves that every label a generated
 * rule or dashboard reads on a service's scraped series survives it, in both scrape outputs.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { Construct } from 'constructs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Dashboards, Files } from '../../lib/conventions';
import { catalogOf, MonitoringApp, type MonitoringAppProps } from '../../lib';
import type { Output } from '../../lib/output/app';
import { keptLabels } from '../../lib/model/cardinality';
import type { Service } from '../../lib/model/service';
import { defineServices, platform } from '../../services';
import { defineFloatLabels } from '../fixtures/float-labels';
import { defineNeural, neuralPlatform } from '../fixtures/neural-platform';
import { defineSeedSlos } from '../fixtures/seed-slos';
import { dataPanels, expandMacros } from '../support/dashboard-lint';

/**
 * Label names a query reads on the series of `declared` metric names: the matchers of their selectors,
 * and the by / without / on / ignoring / group_* labels of every expression that contains one.
 */
export function labelsReadOn(query: string, declared: ReadonlySet<string>): Set<string> {
  const tree = parser.parse(query);
  const ranges: Array<[number, number]> = [];
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'VectorSelector') return;
      const id = n.node.getChild('Identifier');
      if (id && declared.has(query.slice(id.from, id.to))) ranges.push([n.from, n.to]);
    },
  });
  // label_replace / label_join write their first string argument: a label the query makes, not one it reads.
  const made = new Set<string>();
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'FunctionCall') return;
      const fn = n.node.getChild('FunctionIdentifier');
      if (!fn || !['label_replace', 'label_join'].includes(query.slice(fn.from, fn.to))) return;
      const dst = n.node.getChild('FunctionCallBody')?.getChild('StringLiteral');
      if (dst) made.add(query.slice(dst.from + 1, dst.to - 1));
    },
  });
  const out = new Set<string>();
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'LabelName') return;
      for (let p = n.node.parent; p; p = p.parent) {
        if (p.name === 'VectorSelector' || p.name === 'AggregateExpr' || p.name === 'BinaryExpr') {
          const from = p.from;
          const to = p.to;
          const label = query.slice(n.from, n.to);
          if (!made.has(label) && ranges.some(([a, b]) => a >= from && b <= to)) out.add(label);
          return;
        }
      }
    },
  });
  return out;
}

function queriesOf(out: Output, service: Service): string[] {
  const rules = parse(out.files.get(Files.ruleFile(service.name)) ?? 'groups: []') as { groups: { rules: { expr: string }[] }[] };
  const dashboard = JSON.parse(out.files.get(Files.dashboard(Dashboards.serviceUid(service.name))) ?? '{}');
  const panelExprs = dataPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t: { expr?: string }) => t.expr ?? '')).filter(Boolean).map(expandMacros);
  return [...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)), ...panelExprs];
}

const CATALOGUES: Array<[string, (s: Construct) => void, MonitoringAppProps]> = [
  ['default', defineServices, platform],
  ['neural', defineNeural, neuralPlatform],
  ['seed SLOs', defineSeedSlos, {}],
  ['float labels', defineFloatLabels, {}],
];

describe.each(CATALOGUES)('labelkeep of the %s catalogue', (_name, define, props) => {
  it('keeps every label a generated rule or panel reads on a scraped series', () => {
    const app = new MonitoringApp(props);
    define(app);
    const out = app.render();
    let checked = 0;
    for (const s of catalogOf(app).services.filter((x) => x.scrape)) {
      const declared = new Set(s.metrics.flatMap((m) => m.series));
      const used = new Set(queriesOf(out, s).flatMap((q) => [...labelsReadOn(q, declared)]));
      for (const operator of [false, true]) {
        const kept = new Set(keptLabels(s, operator));
        expect([...used].filter((l) => !kept.has(l)), `${s.name} (${operator ? 'operator' : 'plain'})`).toEqual([]);
      }
      checked += used.size;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('labelsReadOn', () => {
  it('finds matchers and grouping labels over declared series only, so the check above can fail', () => {
    const q = 'sum by (le, route) (rate(x_bucket{job="a", code=~"5.."}[5m])) / on(instance) group_left(pod) up and sum by (sloth_id) (slo:ratio{sloth_service="a"})';
    expect([...labelsReadOn(q, new Set(['x_bucket']))].sort()).toEqual(['code', 'instance', 'job', 'le', 'pod', 'route']);
    const made = 'sum by (class) (label_replace(sum by (code) (rate(x_total[5m])), "class", "${1}xx", "code", "(.).."))';
    expect([...labelsReadOn(made, new Set(['x_total']))]).toEqual(['code']);
    expect([...labelsReadOn(q, new Set(['other']))]).toEqual([]);
  });
});
