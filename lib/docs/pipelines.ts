/**
 * A collector's pipelines as a picture, drawn from the config lib/otel generates: receivers, each
 * pipeline with its processors in order, connectors between pipelines, exporters and the tenant
 * (X-Scope-OrgID) and backend each exporter writes to.
 */
import type { CollectorConfig } from '../otel/config';
import { Flowchart } from './mermaid';

interface ExporterBody {
  readonly endpoint?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `$$` in the config is a literal `$` (the collector's escaping). */
const literal = (s: string) => s.replace(/\$\$/g, '$');

export function pipelineDiagram(config: CollectorConfig): Flowchart {
  const f = new Flowchart('LR');
  const connectors = new Set(Object.keys(config.connectors ?? {}));
  const pipelines = Object.entries(config.service.pipelines);
  f.subgraph('receivers', 'receivers', () => {
    for (const [, p] of pipelines) for (const r of p.receivers) if (!connectors.has(r)) f.node(`receiver:${r}`, r, 'stadium');
  });
  f.subgraph('pipelines', 'pipelines (processors in order)', () => {
    for (const [name, p] of pipelines) f.node(`pipeline:${name}`, [name, ...(p.processors ?? []).map((x) => `→ ${x}`)].join('\n'), 'subroutine');
  });
  if (connectors.size) f.subgraph('connectors', 'connectors', () => {
    for (const c of connectors) f.node(`connector:${c}`, c, 'hexagon');
  });
  const backends = new Map<string, string>();
  f.subgraph('exporters', 'exporters → tenant', () => {
    for (const [, p] of pipelines) for (const e of p.exporters) {
      if (connectors.has(e)) continue;
      const body = (config.exporters[e] ?? {}) as ExporterBody;
      const org = body.headers?.['X-Scope-OrgID'];
      f.node(`exporter:${e}`, org === undefined ? e : `${e}\ntenant ${literal(org)}`);
      if (body.endpoint) backends.set(e, literal(body.endpoint));
    }
  });
  for (const endpoint of new Set(backends.values())) f.node(`backend:${endpoint}`, endpoint, 'cylinder');
  for (const [name, p] of pipelines) {
    const id = f.id(`pipeline:${name}`)!;
    for (const r of p.receivers) f.edge(f.id(connectors.has(r) ? `connector:${r}` : `receiver:${r}`)!, id);
    for (const e of p.exporters) f.edge(id, f.id(connectors.has(e) ? `connector:${e}` : `exporter:${e}`)!);
  }
  for (const [e, endpoint] of backends) f.edge(f.id(`exporter:${e}`)!, f.id(`backend:${endpoint}`)!);
  return f;
}
