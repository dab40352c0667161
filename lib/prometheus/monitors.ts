/** Prometheus Operator ServiceMonitor / PodMonitor for each service and each exporter. */
import { K8sNames, Labels, MANAGED_BY } from '../conventions';
import { keepRegex, labelLimit, sampleLimit } from '../model/cardinality';
import type { ExporterTarget } from '../model/exporters';
import type { ResolvedScrape, Service } from '../model/service';
import type { Settings } from '../model/settings';
import type { Manifest } from '../renderer';
import { operatorScrapeAuth } from './scrape-auth';

const API_VERSION = 'monitoring.coreos.com/v1';

/** What a monitor is made of, whether it scrapes a service or an exporter. */
interface MonitorTarget {
  /** Object name and `job` label. */
  readonly job: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  /** Constant labels every target gets (the catalogue's identity), besides `job` and `namespace`. */
  readonly identity: Readonly<Record<string, string>>;
  /** Extra labels of the object itself (monitorLabels). */
  readonly monitorLabels: Readonly<Record<string, string>>;
  /** The owning team, a label of the object too. */
  readonly team: string | undefined;
  readonly scrape: ResolvedScrape;
  /** The cardinality budget's limits (services: their series are declared); undefined for exporters. */
  readonly limits?: { readonly sampleLimit: number; readonly labelLimit: number; readonly keep: string };
}

/** Relabelings that give every target the catalogue's identity labels, whatever the Kubernetes names are. */
function identityRelabelings(t: MonitorTarget): object[] {
  return [
    { action: 'replace', targetLabel: Labels.job, replacement: t.job },
    ...Object.entries(t.identity).map(([label, value]) => ({ action: 'replace', targetLabel: label, replacement: value })),
    { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: Labels.namespace },
  ];
}

function endpoint(t: MonitorTarget): Record<string, unknown> {
  const s = t.scrape;
  return {
    path: s.path,
    scheme: s.scheme,
    interval: s.interval,
    scrapeTimeout: s.timeout,
    ...operatorScrapeAuth(s),
    relabelings: identityRelabelings(t),
    // Labels the catalogue does not declare never reach the TSDB.
    ...(t.limits ? { metricRelabelings: [{ action: 'labelkeep', regex: t.limits.keep }] } : {}),
  };
}

/** ServiceMonitor and PodMonitor differ only in their kind, the endpoints key and how a port number is named. */
function monitor(t: MonitorTarget, settings: Settings, pod: boolean): Manifest {
  const port = t.scrape.port;
  const portField = typeof port === 'number' ? { [pod ? 'portNumber' : 'targetPort']: port } : { port };
  return {
    apiVersion: API_VERSION,
    kind: pod ? 'PodMonitor' : 'ServiceMonitor',
    metadata: {
      name: pod ? K8sNames.podMonitor(t.job) : K8sNames.serviceMonitor(t.job),
      namespace: t.namespace,
      // The model keeps monitorLabels off the labels set here, so they cannot override selection or ownership.
      labels: { ...t.monitorLabels, ...settings.selectionLabels, ...MANAGED_BY, ...(t.team ? { [Labels.team]: t.team } : {}) },
    },
    spec: {
      selector: { matchLabels: { ...t.selector } },
      namespaceSelector: { matchNames: [t.namespace] },
      [pod ? 'podMetricsEndpoints' : 'endpoints']: [{ ...portField, ...endpoint(t) }],
      // A target over either limit fails its scrape (up = 0) instead of flooding Prometheus; the operator
      // passes labelLimit on to Prometheus >= 2.27 (sample_limit is older).
      ...(t.limits ? { sampleLimit: t.limits.sampleLimit, labelLimit: t.limits.labelLimit } : {}),
    },
  };
}

/** Throws for a service without a scrape endpoint: its metrics come through the collector. */
function serviceTarget(service: Service, settings: Settings): MonitorTarget {
  if (!service.scrape) throw new Error(`service "${service.name}" has no scrape endpoint (metricsVia: ${service.metricsVia})`);
  return {
    job: service.name, namespace: service.namespace, selector: service.selector, scrape: service.scrape,
    identity: { [Labels.service]: service.name, [Labels.team]: service.team.name },
    monitorLabels: service.monitorLabels, team: service.team.name,
    limits: { sampleLimit: sampleLimit(service, settings.cardinality), labelLimit: labelLimit(service, true), keep: keepRegex(service, true) },
  };
}

function exporterTarget(e: ExporterTarget): MonitorTarget {
  const { [Labels.namespace]: _ns, ...identity } = e.identityLabels;
  void _ns;
  return {
    job: e.job, namespace: e.namespace, selector: e.selector, scrape: e.scrape, identity,
    monitorLabels: {}, team: identity[Labels.team],
  };
}

export const serviceMonitor = (service: Service, settings: Settings): Manifest => monitor(serviceTarget(service, settings), settings, false);
export const podMonitor = (service: Service, settings: Settings): Manifest => monitor(serviceTarget(service, settings), settings, true);

/** The ServiceMonitor or PodMonitor of a scraped service; none when its metrics come through the collector. */
export function monitorFor(service: Service, settings: Settings): Manifest | undefined {
  if (!service.scrape) return undefined;
  return service.scrape.kubernetes === 'pod' ? podMonitor(service, settings) : serviceMonitor(service, settings);
}

/** The ServiceMonitor or PodMonitor of an exporter. */
export const exporterMonitor = (e: ExporterTarget, settings: Settings): Manifest => monitor(exporterTarget(e), settings, e.scrape.kubernetes === 'pod');
