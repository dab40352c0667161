/**
 * The gateway and agent collector configs. Each signal enters `<signal>/in` (memory_limiter,
 * k8s_attributes, resource_detection, redaction, tenant attribute), and the routing connector hands
 * each tenant to its own `<signal>/<tenant>` pipeline (tail sampling for traces, then batch) and exporter.
 */
import { stringify } from 'yaml';
import { componentNames, type ComponentNames } from '../conventions/otel-versions';
import { collectorServiceHost, OtelIds, OtelK8sNames, OtelPaths, OtelPipelines, OtelPorts, type Signal } from '../conventions/otel';
import type { Collector } from '../model/collector';
import * as comp from './components';

export interface Pipeline {
  readonly receivers: readonly string[];
  readonly processors?: readonly string[];
  readonly exporters: readonly string[];
}

export interface CollectorConfig {
  readonly extensions: Record<string, object>;
  readonly receivers: Record<string, object>;
  readonly processors: Record<string, object>;
  readonly connectors?: Record<string, object>;
  readonly exporters: Record<string, object>;
  readonly service: { readonly extensions: readonly string[]; readonly telemetry: object; readonly pipelines: Record<string, Pipeline> };
}

const EXPORTER_TYPE = (n: ComponentNames, protocol: string): string =>
  protocol === 'otlp-grpc' ? n.otlpGrpcExporter : protocol === 'otlp-http' ? n.otlpHttpExporter : n.prometheusRemoteWrite;

/** The processors of every receiving pipeline, in the required order. */
export function inboundProcessors(n: ComponentNames): string[] {
  return ['memory_limiter', n.k8sAttributes, n.resourceDetection, OtelIds.redaction, OtelIds.redactionMarker, OtelIds.tenant];
}

/** Whether span metrics are generated: they need traces in and a metrics backend out. */
export const hasSpanMetrics = (c: Collector): boolean => c.backends.has('traces') && c.backends.has('metrics');

/** Exporter id of one tenant's signal. */
export function tenantExporterId(c: Collector, n: ComponentNames, signal: Signal, tenant: string): string {
  return OtelIds.exporter(EXPORTER_TYPE(n, c.backends.get(signal)!.protocol), signal, tenant);
}

export function gatewayConfig(c: Collector, version: string): CollectorConfig {
  const n = componentNames(version);
  const exporters: Record<string, object> = {};
  const connectors: Record<string, object> = {};
  const pipelines: Record<string, Pipeline> = {};
  const processors: Record<string, object> = {
    memory_limiter: comp.memoryLimiter(),
    [n.k8sAttributes]: comp.k8sAttributes(false),
    [n.resourceDetection]: comp.resourceDetection(),
    [OtelIds.redaction]: comp.redaction(c),
    [OtelIds.redactionMarker]: comp.redactedMarker(),
    [OtelIds.tenant]: comp.tenantAttribute(c),
    batch: comp.batch(),
  };
  const spans = hasSpanMetrics(c);
  if (spans) connectors[OtelIds.spanMetrics(n.spanMetrics)] = comp.spanMetrics();
  const audit = c.audit ? OtelPipelines.audit : undefined;

  for (const signal of c.signals) {
    const routing = OtelIds.routing(signal);
    connectors[routing] = comp.routing(signal, c, (t) => OtelPipelines.tenant(signal, t.name), signal === 'logs' ? audit : undefined);
    pipelines[OtelPipelines.in(signal)] = {
      receivers: ['otlp'],
      processors: inboundProcessors(n),
      exporters: signal === 'traces' && spans ? [routing, OtelIds.spanMetrics(n.spanMetrics)] : [routing],
    };
    for (const t of c.tenants.filter((x) => x.signals.includes(signal))) {
      const id = tenantExporterId(c, n, signal, t.name);
      exporters[id] = comp.exporter(c.backends.get(signal)!, t.orgId, t.queueSize);
      const tail = signal === 'traces' ? [OtelIds.tailSampling(t.name)] : [];
      if (signal === 'traces') processors[OtelIds.tailSampling(t.name)] = comp.tailSampling(c.sampling, t);
      pipelines[OtelPipelines.tenant(signal, t.name)] = { receivers: [routing], processors: [...tail, 'batch'], exporters: [id] };
    }
  }
  if (spans) {
    pipelines[OtelPipelines.spanMetrics] = { receivers: [OtelIds.spanMetrics(n.spanMetrics)], exporters: [OtelIds.routing('metrics')] };
  }
  if (c.audit) {
    const id = OtelIds.exporter(n.otlpHttpExporter, 'logs', 'audit');
    exporters[id] = comp.exporter(c.backends.get('logs')!, c.audit.orgId, 1000);
    processors[OtelIds.audit] = comp.auditFilter();
    pipelines[OtelPipelines.audit] = { receivers: [OtelIds.routing('logs')], processors: [OtelIds.audit, 'batch'], exporters: [id] };
  }
  return {
    extensions: comp.extensions(),
    receivers: { otlp: comp.otlpReceiver() },
    processors,
    connectors,
    exporters,
    service: { extensions: Object.keys(comp.extensions()), telemetry: comp.telemetry(), pipelines },
  };
}

/** The gateway Service's in-cluster host name (the operator names its Service `<name>-collector`). */
export const serviceHost = (c: Collector): string => collectorServiceHost(c.name, c.namespace, c.kubernetes === 'operator');

/** The gateway's in-cluster OTLP gRPC address. */
export const gatewayAddress = (c: Collector): string => `${serviceHost(c)}:${OtelPorts.otlpGrpc}`;

/** The node agent: container logs from file_log, enriched with the pod's metadata, sent to the gateway. */
export function agentConfig(c: Collector, version: string): CollectorConfig {
  const n = componentNames(version);
  const gateway = OtelIds.agentExporter(n.otlpGrpcExporter);
  const own = `${OtelPaths.podLogs}/${c.namespace}_${OtelK8sNames.agent(c.name)}-*/*/*.log`;
  return {
    extensions: comp.extensions(),
    receivers: {
      [n.fileLog]: {
        include: [`${OtelPaths.podLogs}/*/*/*.log`],
        // Its own logs would loop through the gateway back to itself.
        exclude: [own],
        start_at: 'end',
        include_file_path: true,
        operators: [{ type: 'container', id: 'container-parser' }],
      },
    },
    processors: { memory_limiter: comp.memoryLimiter(), [n.k8sAttributes]: comp.k8sAttributes(true), [n.resourceDetection]: comp.resourceDetection(), batch: comp.batch() },
    exporters: { [gateway]: { endpoint: gatewayAddress(c), tls: { insecure: true }, sending_queue: { enabled: true, sizer: 'requests', queue_size: 1000, num_consumers: 2 } } },
    service: {
      extensions: Object.keys(comp.extensions()),
      telemetry: comp.telemetry(),
      pipelines: { [OtelPipelines.agent('logs')]: { receivers: [n.fileLog], processors: ['memory_limiter', n.k8sAttributes, n.resourceDetection, 'batch'], exporters: [gateway] } },
    },
  };
}

/** The config file's exact text: the ConfigMap value, the plain file and the checksum all use it. */
export const configText = (config: CollectorConfig): string => stringify(config, { lineWidth: 0, aliasDuplicateObjects: false });
