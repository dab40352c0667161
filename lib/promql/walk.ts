/** Reading and rewriting the selectors of a built expression (custom alerts check and scope them). */
import type { Expr, Selector } from './expr';

/** Every vector selector in `e` (inside ranges too), in print order, and every raw text. */
export function partsOf(e: Expr): { selectors: Selector[]; raw: string[] } {
  const out = { selectors: [] as Selector[], raw: [] as string[] };
  const visit = (x: Expr): void => {
    switch (x.kind) {
      case 'selector': out.selectors.push(x); break;
      case 'range': out.selectors.push(x.selector); break;
      case 'subquery': case 'paren': visit(x.expr); break;
      case 'call': x.args.forEach(visit); break;
      case 'aggregation': if (x.param) visit(x.param); visit(x.expr); break;
      case 'binary': visit(x.lhs); visit(x.rhs); break;
      case 'raw': out.raw.push(x.text); break;
      default: break;
    }
  };
  visit(e);
  return out;
}

/** `e` with every vector selector replaced by `f(selector)`. */
export function mapSelectors(e: Expr, f: (s: Selector) => Selector): Expr {
  const m = (x: Expr): Expr => {
    switch (x.kind) {
      case 'selector': return f(x);
      case 'range': return { ...x, selector: f(x.selector) };
      case 'subquery': case 'paren': return { ...x, expr: m(x.expr) };
      case 'call': return { ...x, args: x.args.map(m) };
      case 'aggregation': return { ...x, expr: m(x.expr), ...(x.param ? { param: m(x.param) } : {}) };
      case 'binary': return { ...x, lhs: m(x.lhs), rhs: m(x.rhs) };
      default: return x;
    }
  };
  return m(e);
}
