/** Prometheus Operator ServiceMonitor / PodMonitor for each service. */
import { K8sNames, Labels, MANAGED_BY } from '../conventions';
import type { Service } from '../model/service';
import type { Settings } from '../model/settings';
import type { Manifest } from '../renderer';

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

function endpoint(service: Service): Record<string, unknown> {
  const s = service.scrape;
  return {
    path: s.path,
    scheme: s.scheme,
    interval: s.interval,
    scrapeTimeout: s.timeout,
    relabelings: identityRelabelings(service),
  };
}

function metadata(service: Service, name: string, settings: Settings) {
  return {
    name,
    namespace: service.namespace,
    labels: { ...settings.selectionLabels, ...MANAGED_BY, [Labels.team]: service.team.name },
  };
}

export function serviceMonitor(service: Service, settings: Settings): Manifest {
  const port = service.scrape.port;
  return {
    apiVersion: API_VERSION,
    kind: 'ServiceMonitor',
    metadata: metadata(service, K8sNames.serviceMonitor(service.name), settings),
    spec: {
      selector: { matchLabels: { ...service.selector } },
      namespaceSelector: { matchNames: [service.namespace] },
      endpoints: [{ ...(typeof port === 'number' ? { targetPort: port } : { port }), ...endpoint(service) }],
    },
  };
}

export function podMonitor(service: Service, settings: Settings): Manifest {
  const port = service.scrape.port;
  return {
    apiVersion: API_VERSION,
    kind: 'PodMonitor',
    metadata: metadata(service, K8sNames.podMonitor(service.name), settings),
    spec: {
      selector: { matchLabels: { ...service.selector } },
      namespaceSelector: { matchNames: [service.namespace] },
      podMetricsEndpoints: [{ ...(typeof port === 'number' ? { portNumber: port } : { port }), ...endpoint(service) }],
    },
  };
}

export function monitorFor(service: Service, settings: Settings): Manifest {
  return service.scrape.kubernetes === 'pod' ? podMonitor(service, settings) : serviceMonitor(service, settings);
}
