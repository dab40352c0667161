/** Syntax check of LogQL (Loki's query language) with Grafana's Lezer grammar, as Grafana's query editor does. */
import { parser } from '@grafana/lezer-logql';
import { expandGrafanaVariables } from './parse';

export interface LogqlShape {
  /** Undefined when the query parses, else the first error's position. */
  readonly error: string | undefined;
  /** A metric query (`rate({…}[5m])`, `count_over_time`) rather than a log query returning lines. */
  readonly metric: boolean;
}

/**
 * Parses a LogQL query (Grafana's variables expanded first). With `prefix`, parses `prefix + query`
 * and reports positions within `query` (a pipeline checked behind its stream selector).
 */
export function logqlShape(query: string, prefix = ''): LogqlShape {
  if (query.trim() === '' && prefix === '') return { error: 'empty query', metric: false };
  const text = expandGrafanaVariables(query);
  const whole = prefix + text;
  const tree = parser.parse(whole);
  let error: string | undefined;
  tree.iterate({
    enter: (node) => {
      if (error === undefined && node.type.isError) {
        const from = Math.max(0, node.from - prefix.length);
        const near = text.slice(Math.max(0, from - 10), Math.max(from, node.to - prefix.length) + 10);
        error = `parse error at character ${from + 1} near "${near}"`;
      }
      return error === undefined;
    },
  });
  const expr = tree.topNode.getChild('Expr');
  return { error, metric: expr?.firstChild?.name === 'MetricExpr' };
}
