/**
 * A small PromQL syntax tree. Every generated query is built from these nodes and printed by
 * `render`, so escaping, number formatting and parentheses are decided in one place.
 */
import { floatSpellings, formatDuration, formatNumber, parseDuration, quote } from './format';

export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface Matcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
}

export type BinaryOp =
  | '^' | '*' | '/' | '%' | 'atan2' | '+' | '-'
  | '==' | '!=' | '<=' | '<' | '>=' | '>'
  | 'and' | 'unless' | 'or';

export type AggregationOp =
  | 'sum' | 'min' | 'max' | 'avg' | 'count' | 'stddev' | 'stdvar' | 'group'
  | 'topk' | 'bottomk' | 'quantile' | 'count_values';

export interface VectorMatching {
  readonly card: 'on' | 'ignoring';
  readonly labels: readonly string[];
  readonly group?: 'group_left' | 'group_right';
  readonly include?: readonly string[];
}

export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'selector'; readonly metric: string; readonly matchers: readonly Matcher[] }
  | { readonly kind: 'range'; readonly selector: Selector; readonly window: string }
  | { readonly kind: 'subquery'; readonly expr: Expr; readonly window: string; readonly step?: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  | {
      readonly kind: 'aggregation';
      readonly op: AggregationOp;
      readonly expr: Expr;
      readonly param?: Expr;
      readonly grouping?: { readonly mode: 'by' | 'without'; readonly labels: readonly string[] };
    }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly lhs: Expr;
      readonly rhs: Expr;
      readonly bool?: boolean;
      readonly matching?: VectorMatching;
    }
  | { readonly kind: 'paren'; readonly expr: Expr }
  /** User-supplied PromQL (raw SLIs), parse-checked by the model; printed in parentheses. */
  | { readonly kind: 'raw'; readonly text: string };

export type Selector = Extract<Expr, { kind: 'selector' }>;
export type RangeSelector = Extract<Expr, { kind: 'range' }>;

// ---- builders ------------------------------------------------------------------------------

export const eq = (label: string, value: string): Matcher => ({ label, op: '=', value });
export const neq = (label: string, value: string): Matcher => ({ label, op: '!=', value });
/** A regular expression (RE2, anchored) given where a prop takes a plain value or a pattern (`mountpoint: re('/data/.+')`, a filter `queue: re('training|compilation|export')`). */
export interface Pattern {
  readonly kind: 'pattern';
  readonly regex: string;
}

/** `re(label, regex)`: a `=~` matcher; `re(regex)`: a pattern for a prop that also takes a literal value. */
export function re(label: string, value: string): Matcher;
export function re(regex: string): Pattern;
export function re(labelOrRegex: string, value?: string): Matcher | Pattern {
  return value === undefined ? { kind: 'pattern', regex: labelOrRegex } : { label: labelOrRegex, op: '=~', value };
}

export const isPattern = (x: unknown): x is Pattern => typeof x === 'object' && x !== null && (x as Pattern).kind === 'pattern';

/** A matcher on `label` for a literal value (`=`) or a pattern (`=~`). */
export const matcherFor = (label: string, value: string | Pattern): Matcher => (isPattern(value) ? re(label, value.regex) : eq(label, value));

/** Characters and runs that mean something in a regular expression and almost never in a label value ('5..', 'a|b', '/data.*'). */
const REGEX_SYNTAX = /[|^$()[\]{}\\*+?]|\.\./;

/** Whether a value given for `=` or `!=` reads like a regular expression, so it was probably meant as one. */
export const looksLikeRegex = (value: string): boolean => REGEX_SYNTAX.test(value);
export const nre = (label: string, value: string): Matcher => ({ label, op: '!~', value });

/**
 * A matcher on a float-valued label (`le`, `quantile`) that holds for every spelling of `value`
 * (floatSpellings): `le="0.005"`, `le=~"1(\\.0)?"`, `le=~"1e\\+06|1000000(\\.0)?"`.
 */
export function floatMatcher(label: string, value: number): Matcher {
  const forms = floatSpellings(value);
  if (forms.length === 1) return eq(label, forms[0]!);
  const escape = (s: string) => s.replace(/[.+]/g, (c) => `\\${c}`);
  // `X` and `X.0` fold into `X(\.0)?`, the form these matchers had before exponents were handled.
  const alternatives = forms.filter((f) => !(f.endsWith('.0') && forms.includes(f.slice(0, -2))))
    .map((f) => (forms.includes(`${f}.0`) ? `${escape(f)}(\\.0)?` : escape(f)));
  return re(label, alternatives.join('|'));
}

/** `metric{label="value",…}`; a record of plain strings means equality matchers. */
export function selector(metric: string, matchers: readonly Matcher[] | Readonly<Record<string, string>> = []): Selector {
  const list = Array.isArray(matchers)
    ? (matchers as readonly Matcher[])
    : Object.entries(matchers as Record<string, string>).map(([k, v]) => eq(k, v));
  return { kind: 'selector', metric, matchers: list };
}

/** Adds matchers to a selector (later matchers on the same label replace earlier ones). */
export function withMatchers(sel: Selector, extra: readonly Matcher[]): Selector {
  const names = new Set(extra.map((m) => m.label));
  return { ...sel, matchers: [...sel.matchers.filter((m) => !names.has(m.label)), ...extra] };
}

/** Sloth's range placeholder, for queries handed to Sloth (and raw SLIs, which use the same one). */
export const SLOTH_WINDOW = '{{.window}}';

/** A window is a Prometheus duration, a Grafana macro such as `$__rate_interval`, or Sloth's placeholder. */
function checkWindow(window: string): string {
  if (window.startsWith('$') || window === SLOTH_WINDOW) return window;
  const ms = parseDuration(window);
  if (ms === undefined || ms === 0) throw new Error(`invalid PromQL range "${window}": expected a duration such as 5m or 1h`);
  return formatDuration(ms);
}

export const range = (sel: Selector, window: string): RangeSelector => ({ kind: 'range', selector: sel, window: checkWindow(window) });
export const subquery = (expr: Expr, window: string, step?: string): Expr => ({
  kind: 'subquery', expr, window: checkWindow(window), ...(step ? { step: checkWindow(step) } : {}),
});
export const num = (value: number): Expr => ({ kind: 'number', value });
export const str = (value: string): Expr => ({ kind: 'string', value });
export const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });
export const paren = (expr: Expr): Expr => ({ kind: 'paren', expr });
export const rawQuery = (text: string): Expr => ({ kind: 'raw', text });

export const rate = (sel: Selector, window: string): Expr => call('rate', range(sel, window));
export const increase = (sel: Selector, window: string): Expr => call('increase', range(sel, window));
export const overTime = (fn: 'sum' | 'count' | 'avg' | 'min' | 'max', sel: Selector, window: string): Expr =>
  call(`${fn}_over_time`, range(sel, window));
export const vector = (value: number): Expr => call('vector', num(value));
export const absent = (sel: Selector): Expr => call('absent', sel);
export const histogramQuantile = (q: number, expr: Expr): Expr => call('histogram_quantile', num(q), expr);

function aggregate(op: AggregationOp, expr: Expr, mode?: 'by' | 'without', labels?: readonly string[], param?: Expr): Expr {
  return {
    kind: 'aggregation', op, expr,
    ...(param ? { param } : {}),
    ...(mode ? { grouping: { mode, labels: labels ?? [] } } : {}),
  };
}
export const sum = (expr: Expr): Expr => aggregate('sum', expr);
export const sumBy = (labels: readonly string[], expr: Expr): Expr => aggregate('sum', expr, 'by', labels);
export const maxWithout = (labels: readonly string[], expr: Expr): Expr => aggregate('max', expr, 'without', labels);
export const agg = (op: AggregationOp, expr: Expr, grouping?: { by?: readonly string[]; without?: readonly string[] }, param?: Expr): Expr =>
  grouping?.by ? aggregate(op, expr, 'by', grouping.by, param)
    : grouping?.without ? aggregate(op, expr, 'without', grouping.without, param)
      : aggregate(op, expr, undefined, undefined, param);

export const binary = (op: BinaryOp, lhs: Expr, rhs: Expr, opts: { bool?: boolean; matching?: VectorMatching } = {}): Expr => ({
  kind: 'binary', op, lhs, rhs, ...(opts.bool ? { bool: true } : {}), ...(opts.matching ? { matching: opts.matching } : {}),
});
export const add = (a: Expr, b: Expr): Expr => binary('+', a, b);
export const sub = (a: Expr, b: Expr): Expr => binary('-', a, b);
export const mul = (a: Expr, b: Expr): Expr => binary('*', a, b);
export const div = (a: Expr, b: Expr, matching?: VectorMatching): Expr => binary('/', a, b, matching ? { matching } : {});
export const gt = (a: Expr, b: Expr): Expr => binary('>', a, b);
export const gte = (a: Expr, b: Expr): Expr => binary('>=', a, b);
export const lt = (a: Expr, b: Expr): Expr => binary('<', a, b);
export const lte = (a: Expr, b: Expr): Expr => binary('<=', a, b);
export const eqv = (a: Expr, b: Expr): Expr => binary('==', a, b);
export const and = (a: Expr, b: Expr, matching?: VectorMatching): Expr => binary('and', a, b, matching ? { matching } : {});
export const or = (a: Expr, b: Expr): Expr => binary('or', a, b);
export const unless = (a: Expr, b: Expr): Expr => binary('unless', a, b);

// ---- printer -------------------------------------------------------------------------------

const PRECEDENCE: Record<BinaryOp, number> = {
  '^': 6,
  '*': 5, '/': 5, '%': 5, atan2: 5,
  '+': 4, '-': 4,
  '==': 3, '!=': 3, '<=': 3, '<': 3, '>=': 3, '>': 3,
  and: 2, unless: 2,
  or: 1,
};

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function labelList(labels: readonly string[]): string {
  for (const l of labels) if (!LABEL_NAME.test(l)) throw new Error(`invalid label name "${l}" in PromQL grouping`);
  return `(${labels.join(', ')})`;
}

function renderSelector(sel: Selector): string {
  if (!METRIC_NAME.test(sel.metric)) throw new Error(`invalid metric name "${sel.metric}" in PromQL selector`);
  if (sel.matchers.length === 0) return sel.metric;
  const parts = sel.matchers.map((m) => {
    if (!LABEL_NAME.test(m.label)) throw new Error(`invalid label name "${m.label}" in PromQL selector`);
    return `${m.label}${m.op}${quote(m.value)}`;
  });
  return `${sel.metric}{${parts.join(', ')}}`;
}

function operand(child: Expr, parentPrec: number, rightSide: boolean, rightAssoc: boolean): string {
  const text = render(child);
  if (child.kind !== 'binary') return text;
  const p = PRECEDENCE[child.op];
  const needs = p < parentPrec || (p === parentPrec && (rightAssoc ? !rightSide : rightSide));
  return needs ? `(${text})` : text;
}

/** Prints an expression as PromQL text. */
export function render(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return formatNumber(e.value);
    case 'string':
      return quote(e.value);
    case 'selector':
      return renderSelector(e);
    case 'range':
      return `${renderSelector(e.selector)}[${e.window}]`;
    case 'subquery':
      return `${operandForPostfix(e.expr)}[${e.window}:${e.step ?? ''}]`;
    case 'call':
      return `${e.fn}(${e.args.map(render).join(', ')})`;
    case 'aggregation': {
      const grouping = e.grouping ? ` ${e.grouping.mode} ${labelList(e.grouping.labels)} ` : '';
      const args = e.param ? `${render(e.param)}, ${render(e.expr)}` : render(e.expr);
      return `${e.op}${grouping}(${args})`;
    }
    case 'paren':
      return `(${render(e.expr)})`;
    case 'raw':
      return `(${e.text})`;
    case 'binary': {
      const prec = PRECEDENCE[e.op];
      const rightAssoc = e.op === '^';
      let op: string = e.op;
      if (e.bool) op += ' bool';
      if (e.matching) {
        op += ` ${e.matching.card}${labelList(e.matching.labels)}`;
        if (e.matching.group) op += ` ${e.matching.group}${e.matching.include?.length ? labelList(e.matching.include) : ''}`;
      }
      return `${operand(e.lhs, prec, false, rightAssoc)} ${op} ${operand(e.rhs, prec, true, rightAssoc)}`;
    }
  }
}

function operandForPostfix(e: Expr): string {
  return e.kind === 'selector' || e.kind === 'call' || e.kind === 'paren' ? render(e) : `(${render(e)})`;
}

/** Every series selector an expression reads, in order (raw PromQL text is opaque and yields none). */
export function selectorsOf(e: Expr): Selector[] {
  switch (e.kind) {
    case 'selector':
      return [e];
    case 'range':
      return [e.selector];
    case 'subquery':
    case 'paren':
      return selectorsOf(e.expr);
    case 'call':
      return e.args.flatMap(selectorsOf);
    case 'aggregation':
      return [...(e.param ? selectorsOf(e.param) : []), ...selectorsOf(e.expr)];
    case 'binary':
      return [...selectorsOf(e.lhs), ...selectorsOf(e.rhs)];
    default:
      return [];
  }
}
