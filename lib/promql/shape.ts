/**
 * The threshold form generated tests can drive: `<value> <cmp> <number>`, where the value is
 * arithmetic over gauges, `rate`/`increase` of counters and sum/avg/min/max of those.
 */
import { render, type Expr, type Selector } from './expr';
import { parseDuration } from './format';

export interface Leaf {
  readonly sel: Selector;
  /** `rate`/`increase` over `rangeMs`; a plain selector is a gauge. */
  readonly fn?: 'rate' | 'increase';
  readonly rangeMs?: number;
}

export interface ThresholdShape {
  readonly op: '>' | '>=' | '<' | '<=';
  readonly lhs: Expr;
  readonly threshold: number;
  /** One per distinct selector, each of its own metric. */
  readonly leaves: readonly Leaf[];
}

const COMPARISONS = new Set(['>', '>=', '<', '<=']);
const ARITHMETIC = new Set(['+', '-', '*', '/']);
const AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max']);

export const unwrap = (e: Expr): Expr => (e.kind === 'paren' ? unwrap(e.expr) : e);

/** The leaves of `e`, or why its inputs are not known. */
function leavesOf(e: Expr, out: Leaf[]): string | undefined {
  switch (e.kind) {
    case 'number': return undefined;
    case 'paren': return leavesOf(e.expr, out);
    case 'selector': out.push({ sel: e }); return undefined;
    case 'call': {
      const arg = e.args[0];
      if ((e.fn === 'rate' || e.fn === 'increase') && e.args.length === 1 && arg?.kind === 'range') {
        const rangeMs = parseDuration(arg.window);
        if (rangeMs === undefined) return `the range ${arg.window} is not a duration`;
        out.push({ sel: arg.selector, fn: e.fn, rangeMs });
        return undefined;
      }
      return `it calls ${e.fn}()`;
    }
    case 'aggregation':
      return AGGREGATIONS.has(e.op) && !e.param ? leavesOf(e.expr, out) : `it aggregates with ${e.op}`;
    case 'binary':
      if (!ARITHMETIC.has(e.op) || e.matching || e.bool) return `it uses ${e.op}${e.matching ? ` ${e.matching.card}(…)` : ''} inside the value`;
      return leavesOf(e.lhs, out) ?? leavesOf(e.rhs, out);
    default: return `it contains a ${e.kind} part`;
  }
}

const COMPLEMENT: Readonly<Record<string, string>> = { '=': '!=', '!=': '=', '=~': '!~', '!~': '=~' };

/** No series can match both selectors: on some label, one says `=v` / `=~r` and the other the opposite, or `=` another value. */
function disjoint(a: Selector, b: Selector): boolean {
  return a.matchers.some((x) => b.matchers.some((y) => x.label === y.label
    && ((x.value === y.value && COMPLEMENT[x.op] === y.op) || (x.op === '=' && y.op === '=' && x.value !== y.value))));
}

/** The expression as a threshold over known inputs, or why it is not one. */
export function thresholdShape(expr: Expr): ThresholdShape | string {
  const e = unwrap(expr);
  const rhs = e.kind === 'binary' ? unwrap(e.rhs) : undefined;
  if (e.kind !== 'binary' || !COMPARISONS.has(e.op) || e.bool || rhs?.kind !== 'number') return 'not of the form <value> > <number> (or >=, <, <=)';
  const found: Leaf[] = [];
  const why = leavesOf(e.lhs, found);
  if (why) return `${why}, which the test generator does not model`;
  const leaves = [...new Map(found.map((l) => [render(l.sel), l])).values()];
  if (leaves.length === 0) return 'it reads no series';
  // One metric through several selectors works when no series can match two of them (5xx and not 5xx): each gets its own series.
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      if (leaves[i]!.sel.metric === leaves[j]!.sel.metric && !disjoint(leaves[i]!.sel, leaves[j]!.sel)) {
        return 'it reads one metric through overlapping selectors, which one input series per selector cannot drive';
      }
    }
  }
  return { op: e.op as ThresholdShape['op'], lhs: e.lhs, threshold: rhs.value, leaves };
}
