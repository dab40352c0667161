/**
 * A generated collector config made runnable on loopback: receivers, extensions and self-metrics on
 * given 127.0.0.1 ports, `k8s_attributes` (which needs the Kubernetes API) left out, and every
 * exporter replaced by what the caller chooses (a local sink, a file). Everything else (redaction,
 * tenant attribute, routing, audit, sampling, span metrics) runs as generated.
 */
import { SANDBOX_HOST } from '../conventions/sandbox';

type Obj = Record<string, any>;

export interface LoopbackPorts {
  readonly otlpGrpc: number;
  readonly otlpHttp: number;
  readonly health: number;
  readonly metrics: number;
  readonly pprof: number;
  readonly zpages: number;
}

export interface LoopbackRewrite {
  readonly ports: LoopbackPorts;
  /** New id and settings of each generated exporter (`id` as generated, e.g. `otlp_grpc/traces-acme`). */
  readonly exporter: (id: string, generated: Obj) => readonly [string, Obj];
  /**
   * Tail sampling's decision wait, shorter than production's so sinks fill sooner.
   * @default as generated
   */
  readonly decisionWait?: string;
}

/** `type/signal-tenant` → `signal-tenant`. */
export const sinkName = (exporterId: string): string => exporterId.slice(exporterId.indexOf('/') + 1);

/** `type/signal-tenant` → `signal`. */
export const exporterSignal = (exporterId: string): string => sinkName(exporterId).split('-')[0]!;

const isK8sAttributes = (id: string): boolean => /^k8s_?attributes(\/|$)/.test(id);

export function loopbackCollectorConfig(config: Obj, r: LoopbackRewrite): Obj {
  const cfg = structuredClone(config);
  const at = (port: number) => `${SANDBOX_HOST}:${port}`;
  cfg.receivers.otlp.protocols = { grpc: { endpoint: at(r.ports.otlpGrpc) }, http: { endpoint: at(r.ports.otlpHttp) } };
  cfg.extensions = { health_check: { endpoint: at(r.ports.health) }, pprof: { endpoint: at(r.ports.pprof) }, zpages: { endpoint: at(r.ports.zpages) } };
  cfg.service.telemetry.metrics.readers[0].pull.exporter.prometheus = { host: SANDBOX_HOST, port: r.ports.metrics };
  const dropped = Object.keys(cfg.processors ?? {}).filter(isK8sAttributes);
  for (const p of dropped) delete cfg.processors[p];
  if (r.decisionWait) for (const [id, p] of Object.entries<Obj>(cfg.processors)) if (id.startsWith('tail_sampling')) p.decision_wait = r.decisionWait;
  const renamed = new Map<string, string>();
  const exporters: Obj = {};
  for (const [id, generated] of Object.entries<Obj>(cfg.exporters)) {
    const [to, settings] = r.exporter(id, generated);
    renamed.set(id, to);
    exporters[to] = settings;
  }
  cfg.exporters = exporters;
  for (const p of Object.values<Obj>(cfg.service.pipelines)) {
    if (p.processors) p.processors = p.processors.filter((x: string) => !dropped.includes(x));
    p.exporters = p.exporters.map((e: string) => renamed.get(e) ?? e);
  }
  return cfg;
}
