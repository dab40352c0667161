/** Syntax check with Prometheus' own Lezer grammar, for user-supplied and generated queries alike. */
import { parser } from '@prometheus-io/lezer-promql';

/** Returns undefined when `query` parses, else a message naming the first error's position. */
export function promqlSyntaxError(query: string): string | undefined {
  if (query.trim() === '') return 'empty query';
  const tree = parser.parse(query);
  let error: string | undefined;
  tree.iterate({
    enter: (node) => {
      if (error === undefined && node.type.isError) {
        const near = query.slice(Math.max(0, node.from - 10), node.to + 10);
        error = `parse error at character ${node.from + 1} near "${near}"`;
      }
      return error === undefined;
    },
  });
  return error;
}

/** Metric names the vector selectors of `query` name (`up`, `x{…}`); a selector by `{__name__=…}` alone names none. */
export function selectedMetrics(query: string): string[] {
  const out: string[] = [];
  parser.parse(query).iterate({
    enter: (n) => {
      if (n.name === 'VectorSelector') {
        const id = n.node.firstChild;
        if (id?.name === 'Identifier') out.push(query.slice(id.from, id.to));
      }
    },
  });
  return out;
}
