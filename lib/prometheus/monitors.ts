/** Prometheus Operator ServiceMonitor / PodMonitor for each service. */
import { K8sNames, Labels, MANAGED_BY } from '../conventions';
import { keepRegex, labelLimit, sampleLimit } from '../model/cardinality';
import type { ResolvedScrape, Service } from '../model/service';
import type { Settings } from '../model/settings';
import type { Manifest } from '../renderer';
import { operatorScrapeAuth } from './scrape-auth';

const API_VERSION = 'monitoring.coreos.com/v1';

/** Relabelings that give every target the catalogue's identity labels, whatever the Kubernetes names are. */
function identityRelabelings(service: Service): object[] {
  return [
    { action: 'replace', targetLabel: Labels.job, replacement: service.name },
    { action: 'replace', targetLabel: Labels.service, replacement: service.name },
    { action: 'replace', targetLabel: Labels.team, replacement: service.team.name },
    { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: Labels.namespace },
  ];
}

function endpoint(service: Service, s: ResolvedScrape): Record<string, unknown> {
  return {
    path: s.path,
    scheme: s.scheme,
    interval: s.interval,
    scrapeTimeout: s.timeout,
    ...operatorScrapeAuth(s),
    relabelings: identityRelabelings(service),
    // Labels the catalogue does not declare never reach the TSDB.
    metricRelabelings: [{ action: 'labelkeep', regex: keepRegex(service, true) }],
  };
}

function metadata(service: Service, name: string, settings: Settings) {
  return {
    name,
    namespace: service.namespace,
    // The model keeps monitorLabels off the labels set here, so they cannot override selection or ownership.
    labels: { ...service.monitorLabels, ...settings.selectionLabels, ...MANAGED_BY, [Labels.team]: service.team.name },
  };
}

/** ServiceMonitor and PodMonitor differ only in their kind, the endpoints key and how a port number is named. */
function monitor(service: Service, settings: Settings, pod: boolean, scrape: ResolvedScrape): Manifest {
  const port = scrape.port;
  const portField = typeof port === 'number' ? { [pod ? 'portNumber' : 'targetPort']: port } : { port };
  return {
    apiVersion: API_VERSION,
    kind: pod ? 'PodMonitor' : 'ServiceMonitor',
    metadata: metadata(service, pod ? K8sNames.podMonitor(service.name) : K8sNames.serviceMonitor(service.name), settings),
    spec: {
      selector: { matchLabels: { ...service.selector } },
      namespaceSelector: { matchNames: [service.namespace] },
      [pod ? 'podMetricsEndpoints' : 'endpoints']: [{ ...portField, ...endpoint(service, scrape) }],
      // A target over either limit fails its scrape (up = 0) instead of flooding Prometheus; the operator
      // passes labelLimit on to Prometheus >= 2.27 (sample_limit is older).
      sampleLimit: sampleLimit(service, settings.cardinality),
      labelLimit: labelLimit(service, true),
    },
  };
}

/** Throws for a service without a scrape endpoint: its metrics come through the collector. */
function scrapeOf(service: Service): ResolvedScrape {
  if (!service.scrape) throw new Error(`service "${service.name}" has no scrape endpoint (metricsVia: ${service.metricsVia})`);
  return service.scrape;
}

export const serviceMonitor = (service: Service, settings: Settings): Manifest => monitor(service, settings, false, scrapeOf(service));
export const podMonitor = (service: Service, settings: Settings): Manifest => monitor(service, settings, true, scrapeOf(service));

/** The ServiceMonitor or PodMonitor of a scraped service; none when its metrics come through the collector. */
export function monitorFor(service: Service, settings: Settings): Manifest | undefined {
  if (!service.scrape) return undefined;
  return service.scrape.kubernetes === 'pod' ? podMonitor(service, settings) : serviceMonitor(service, settings);
}
