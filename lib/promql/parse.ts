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

/**
 * Grafana's macros and `$var` / `${var}` replaced by values the grammar accepts, so a dashboard
 * query can be parse-checked (a variable stands in a label value or a range).
 */
export function expandGrafanaVariables(query: string): string {
  return query
    .replace(/\$__(rate_interval|interval|range|auto)\b/g, '1m')
    .replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, '.+');
}

/** Metric names of the query's vector selectors (`name{…}`, or `{__name__="name"}`), in order of appearance. */
export function metricNames(query: string): string[] {
  const tree = parser.parse(query);
  const out: string[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const id = ref.node.getChild('Identifier');
      if (id) out.push(query.slice(id.from, id.to));
      ref.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher').forEach((m) => {
        const l = m.getChild('LabelName');
        const v = m.getChild('StringLiteral');
        if (l && v && query.slice(l.from, l.to) === '__name__') out.push(JSON.parse(query.slice(v.from, v.to)) as string);
      });
    },
  });
  return [...new Set(out)];
}
