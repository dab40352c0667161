/** Metric names a PromQL query selects, read with Prometheus' own Lezer grammar. */
import { parser } from '@prometheus-io/lezer-promql';

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
