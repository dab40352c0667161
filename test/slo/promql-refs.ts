/** Metric names a PromQL query selects, read with Prometheus' own Lezer grammar. */
import { parser } from '@prometheus-io/lezer-promql';

/** Metric names of the query's vector selectors, in order, repeats included (`{__name__=…}` alone names none). */
export const selectedMetrics = (query: string): string[] => vectorSelectors(query).map((s) => s.metric).filter((m) => m !== '');

/** Every vector selector of a query: its metric name and its whole text (matchers included). */
export function vectorSelectors(query: string): { metric: string; text: string }[] {
  const out: { metric: string; text: string }[] = [];
  parser.parse(query).iterate({
    enter: (n) => {
      if (n.name === 'VectorSelector') {
        const id = n.node.firstChild;
        out.push({ metric: id?.name === 'Identifier' ? query.slice(id.from, id.to) : '', text: query.slice(n.from, n.to) });
      }
    },
  });
  return out;
}
