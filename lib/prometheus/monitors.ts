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

/** ServiceMonitor and PodMonitor differ only in their kind, the endpoints key and how a port number is named. */
function monitor(service: Service, settings: Settings, pod: boolean): Manifest {
  const port = service.scrape.port;
  const portField = typeof port === 'number' ? { [pod ? 'portNumber' : 'targetPort']: port } : { port };
  return {
    apiVersion: API_VERSION,
    kind: pod ? 'PodMonitor' : 'ServiceMonitor',
    metadata: metadata(service, pod ? K8sNames.podMonitor(service.name) : K8sNames.serviceMonitor(service.name), settings),
    spec: {
      selector: { matchLabels: { ...service.selector } },
      namespaceSelector: { matchNames: [service.namespace] },
      [pod ? 'podMetricsEndpoints' : 'endpoints']: [{ ...portField, ...endpoint(service) }],
    },
  };
}

export const serviceMonitor = (service: Service, settings: Settings): Manifest => monitor(service, settings, false);
export const podMonitor = (service: Service, settings: Settings): Manifest => monitor(service, settings, true);

export function monitorFor(service: Service, settings: Settings): Manifest {
  return service.scrape.kubernetes === 'pod' ? podMonitor(service, settings) : serviceMonitor(service, settings);
}
