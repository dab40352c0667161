/**
 * A TypeScript port of the grafana/dashboard-linter (and mixtool) rules the issue asks for, run over
 * built dashboard JSON. Each violation names the rule, the panel and what is wrong.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { logqlShape, promqlSyntaxError } from '../../lib/promql';
import { GRAFANA_UNITS } from '../../lib/grafana/units';

/** dashboard-linter expands `$__rate_interval` to this odd duration, so the rate-interval rule can spot it after parsing. */
export const RATE_INTERVAL_SENTINEL = '8869990787ms';

/** Replaces Grafana macros and `$var` / `${var}` with values PromQL accepts, as dashboard-linter does. */
export function expandMacros(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', RATE_INTERVAL_SENTINEL)
    .replaceAll('$__interval', '30s')
    .replaceAll('$__range', '1h')
    .replace(/\$\{(\w+)\}|\$(\w+)/g, '.+');
}

export interface Violation {
  readonly rule: string;
  readonly where: string;
  readonly message: string;
}

type Json = Record<string, any>;

/** Data panels (not rows, not link lists), rows' nested panels included. */
export function dataPanels(d: Json): Json[] {
  const all: Json[] = [];
  for (const p of d.panels ?? []) all.push(p, ...(p.panels ?? []));
  return all.filter((p) => p.type !== 'row' && p.type !== 'dashlist' && p.type !== 'text');
}

export function allPanels(d: Json): Json[] {
  return (d.panels ?? []).flatMap((p: Json) => [p, ...(p.panels ?? [])]);
}

/** Selectors in a query: metric name, matchers by label, and the syntax node. */
export interface SelectorInfo {
  readonly name: string;
  readonly labels: ReadonlySet<string>;
  readonly node: SyntaxNode;
}

export function selectors(expr: string): SelectorInfo[] {
  const tree = parser.parse(expr);
  const out: SelectorInfo[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const id = node.getChild('Identifier');
      let name = id ? expr.slice(id.from, id.to) : '';
      const labels = new Set<string>();
      node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher').forEach((m) => {
        const l = m.getChild('LabelName')!;
        const label = expr.slice(l.from, l.to);
        labels.add(label);
        if (label === '__name__') name = JSON.parse(expr.slice(m.getChild('StringLiteral')!.from, m.getChild('StringLiteral')!.to));
      });
      out.push({ name, labels, node });
    },
  });
  return out;
}

function ancestors(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let p = n.parent; p; p = p.parent) out.push(p);
  return out;
}

const funcName = (expr: string, call: SyntaxNode) => {
  const id = call.getChild('FunctionIdentifier');
  return id ? expr.slice(id.from, id.to) : '';
};

export interface LintOptions {
  /** Series exempt from the job/instance target rules, with the reason (mixtool `.lint` exclusions). */
  readonly targetRuleExclusions: (series: string) => string | undefined;
  /** Whether a series is a counter (for target-counter-agg-rule). */
  readonly isCounter: (series: string) => boolean;
  /**
   * Rules a dashboard is exempt from, with the reason (dashboard-linter's per-dashboard `.lint` exclusions).
   * @default none
   */
  readonly ruleExclusions?: (uid: string, rule: string) => string | undefined;
}

export function lintDashboard(d: Json, opts: LintOptions): Violation[] {
  const v: Violation[] = [];
  const add = (rule: string, where: string, message: string) => v.push({ rule, where, message });
  const vars: Json[] = d.templating?.list ?? [];
  const byName = new Map(vars.map((x) => [x.name, x]));

  if (!d.title) add('dashboard-title', d.uid, 'missing title');
  if (!d.uid || !/^[a-zA-Z0-9_-]{1,40}$/.test(d.uid)) add('dashboard-uid', String(d.uid), 'uid must be 1-40 chars of [a-zA-Z0-9_-]');
  if (d.editable !== false) add('uneditable-dashboard', d.uid, 'editable must be false');
  if (!(d.tags?.length > 0)) add('dashboard-tags', d.uid, 'no tags');

  const ds = byName.get('datasource');
  if (!ds || ds.type !== 'datasource' || ds.query !== 'prometheus' || ds.label !== 'Data source') {
    add('template-datasource-rule', d.uid, 'needs a prometheus datasource variable "datasource" labelled "Data source"');
  }
  for (const [name, label] of [['namespace', 'Namespace'], ['job', 'Job'], ['instance', 'Instance']]) {
    const x = byName.get(name);
    const rule = name === 'namespace' ? 'template-namespace-rule' : `template-${name}-rule`;
    if (!x) { add(rule, d.uid, `missing "${name}" variable`); continue; }
    if (x.type !== 'query' || x.label !== label || x.multi !== true || x.allValue !== '.+' || x.datasource?.uid !== '${datasource}') {
      add(rule, d.uid, `"${name}" must be a multi-value query variable on $datasource labelled ${label} with allValue ".+"`);
    }
  }
  for (const x of vars.filter((y) => y.type === 'query')) {
    if (x.refresh !== 2) add('template-on-time-change-reload-rule', x.name, 'query variables must refresh on time range change (2)');
    const m = /^label_values\((.*), (\w+)\)$/.exec(x.query ?? '');
    if (!m || promqlSyntaxError(expandMacros(m[1]!))) add('template-label-promql-rule', x.name, `query ${JSON.stringify(x.query)} is not label_values(<valid PromQL>, label)`);
  }

  const ids = allPanels(d).map((p) => p.id);
  if (new Set(ids).size !== ids.length || ids.some((i) => !(i > 0))) add('panel-ids', d.uid, `panel ids must be unique and positive: ${ids.join(',')}`);

  for (const p of dataPanels(d)) {
    const where = `${d.uid}/${p.title}`;
    if (p.type === 'logs') { lintLogPanel(p, where, byName, add); continue; }
    if (p.datasource?.uid !== '${datasource}') add('panel-datasource-rule', where, 'panel datasource must be $datasource');
    if (!p.title || !p.description) add('panel-title-description-rule', where, 'needs a title and a description');
    const unit = p.fieldConfig?.defaults?.unit;
    if (!unit || !GRAFANA_UNITS.has(unit)) add('panel-units-rule', where, `unit ${JSON.stringify(unit)} is not a Grafana unit`);
    const targets: Json[] = p.targets ?? [];
    if (targets.length === 0) add('panel-no-targets-rule', where, 'no targets');
    const refIds = targets.map((t) => t.refId);
    if (refIds.some((r) => !r) || new Set(refIds).size !== refIds.length) add('target-refid', where, `refIds must be set and unique: ${refIds.join(',')}`);
    for (const t of targets) lintTarget(String(t.expr ?? ''), where, opts, add);
  }
  return opts.ruleExclusions ? v.filter((x) => !opts.ruleExclusions!(d.uid, x.rule)) : v;
}

/** A log panel reads a Loki datasource variable and runs LogQL log queries (lines, not metrics). */
function lintLogPanel(p: Json, where: string, vars: Map<string, Json>, add: (rule: string, where: string, message: string) => void): void {
  const ds = vars.get('loki_datasource');
  if (p.datasource?.uid !== '${loki_datasource}' || ds?.type !== 'datasource' || ds.query !== 'loki') {
    add('panel-datasource-rule', where, 'a log panel\'s datasource must be the Loki variable $loki_datasource');
  }
  if (!p.title || !p.description) add('panel-title-description-rule', where, 'needs a title and a description');
  const targets: Json[] = p.targets ?? [];
  if (targets.length === 0) add('panel-no-targets-rule', where, 'no targets');
  for (const t of targets) {
    const shape = logqlShape(String(t.expr ?? ''));
    if (shape.error) add('target-logql-rule', where, `${shape.error}: ${t.expr}`);
    else if (shape.metric) add('target-logql-rule', where, `a log panel needs a log query, not a metric query: ${t.expr}`);
    if (!t.refId) add('target-refid', where, 'refId must be set');
  }
}

function lintTarget(raw: string, where: string, opts: LintOptions, add: (rule: string, where: string, message: string) => void): void {
  const expr = expandMacros(raw);
  const err = promqlSyntaxError(expr);
  if (err) { add('target-promql-rule', where, `${err}: ${raw}`); return; }
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'FunctionCall') return;
      const fn = funcName(expr, ref.node);
      if (fn !== 'rate' && fn !== 'irate') return;
      const range = ref.node.getChild('FunctionCallBody')?.getChild('MatrixSelector');
      const duration = range ? expr.slice(range.lastChild!.from, range.lastChild!.to) : '';
      if (duration !== RATE_INTERVAL_SENTINEL) add('target-rate-interval-rule', where, `${fn}() must use [$__rate_interval]: ${raw}`);
    },
  });
  for (const s of selectors(expr)) {
    if (!opts.targetRuleExclusions(s.name)) {
      if (!s.labels.has('job')) add('target-job-rule', where, `${s.name} has no job matcher`);
      if (!s.labels.has('instance')) add('target-instance-rule', where, `${s.name} has no instance matcher`);
    }
    if (s.name.endsWith('_total') || opts.isCounter(s.name)) {
      const up = ancestors(s.node);
      const call = up.find((n) => n.name === 'FunctionCall');
      const fn = call ? funcName(expr, call) : '';
      if (!['rate', 'irate', 'increase'].includes(fn)) add('target-counter-agg-rule', where, `counter ${s.name} must be inside rate/irate/increase`);
      else if (!ancestors(call!).some((n) => n.name === 'AggregateExpr')) add('target-counter-agg-rule', where, `rate of counter ${s.name} must be aggregated`);
    }
  }
}
