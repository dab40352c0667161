/** The OpenTelemetry collector family: collector configs, their Kubernetes objects, self-monitoring and the services' SDK settings. */
import { OtelFiles, OtelK8sNames, operatorPodLabels } from '../conventions/otel';
import type { Catalog } from '../model/catalog';
import { servicesGateway, type Collector } from '../model/collector';
import type { Manifest, OutputFile, Renderer } from '../renderer';
import { serviceEnvConfigMap } from './app-env';
import { agentConfig, configText, gatewayConfig, serviceHost } from './config';
import { accessManifests, workloadManifests, type WorkloadInput } from './kubernetes';
import { collectorMonitors, collectorRules } from './monitoring';
import { operatorCollector } from './operator';
import { collectorRuleTest } from './rule-tests';

export { agentConfig, configText, gatewayConfig, inboundProcessors, serviceHost, tenantExporterId } from './config';
export { serviceEnv } from './app-env';
export { collectorAlerts, collectorRuleGroups } from './monitoring';
export { configChecksum, COLLECTOR_UID } from './kubernetes';

/** The contrib distribution at the target version, unless the collector pins its own. */
export const collectorImage = (c: Collector, version: string): string => c.image ?? `otel/opentelemetry-collector-contrib:${version}`;

/** Namespaces that may send OTLP: declared, or every service's; the agents' own when there are agents. */
export function ingressNamespaces(catalog: Catalog, c: Collector): string[] {
  const base = c.ingressNamespaces ?? catalog.services.map((s) => s.namespace);
  return [...new Set([...base, ...(c.agent ? [c.namespace] : [])])].sort();
}

/** The services' gateway writes dist/otel/collector.yml; other collectors otel/<name>.yml. */
export const configFile = (catalog: Catalog, c: Collector): string => OtelFiles.config(c.name, servicesGateway(catalog.collectors) === c);

function collectorOutput(catalog: Catalog, c: Collector): { manifests: Manifest[]; files: OutputFile[] } {
  const version = catalog.settings.otel.collectorVersion;
  const image = collectorImage(c, version);
  const gw = gatewayConfig(c, version);
  const agent = c.agent ? agentConfig(c, version) : undefined;
  const input: WorkloadInput = {
    collector: c, image, gatewayConfig: configText(gw), agentConfig: agent && configText(agent),
    ingressNamespaces: ingressNamespaces(catalog, c), prometheusNamespace: c.prometheusNamespace,
  };
  const manifests: Manifest[] = c.kubernetes === 'operator'
    ? [...accessManifests(input, operatorPodLabels(c.namespace, c.name), agent ? operatorPodLabels(c.namespace, OtelK8sNames.agent(c.name)) : undefined), operatorCollector(c, image, gw, false), ...(agent ? [operatorCollector(c, image, agent, true)] : [])]
    : workloadManifests(input);
  const rules = collectorRules(c, catalog.settings);
  manifests.push(...collectorMonitors(c, catalog.settings), rules.manifest);
  const files: OutputFile[] = [{ path: configFile(catalog, c), format: 'text', content: input.gatewayConfig }, rules.file, collectorRuleTest(c, catalog.settings)];
  if (agent) files.push({ path: OtelFiles.agent(c.name), format: 'text', content: input.agentConfig });
  return { manifests, files };
}

export const otelRenderer: Renderer = {
  name: 'otel',
  render: (catalog) => {
    const out = catalog.collectors.map((c) => collectorOutput(catalog, c));
    const gateway = servicesGateway(catalog.collectors);
    const env = gateway ? catalog.services.map((s) => serviceEnvConfigMap(s, gateway, serviceHost(gateway))) : [];
    return { manifests: [...out.flatMap((o) => o.manifests), ...env], files: out.flatMap((o) => o.files) };
  },
};

