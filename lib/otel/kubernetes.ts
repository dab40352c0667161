/**
 * The collector's Kubernetes objects, built with cdk8s-plus-27 in a scratch chart and returned as
 * plain manifests: the gateway Deployment (and agent DaemonSet), ConfigMaps with a checksum that rolls
 * the pods, Service, ServiceAccount, RBAC for k8s_attributes, NetworkPolicy and PodDisruptionBudget.
 */
import { createHash } from 'node:crypto';
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { MANAGED_BY } from '../conventions';
import {
  CONFIG_CHECKSUM_ANNOTATION, collectorSelector, OtelEnv, OtelK8sNames, OtelPaths, OtelPortNames, OtelPorts,
} from '../conventions/otel';
import { goMemLimit, type Collector, type Resources } from '../model/collector';
import type { Manifest } from '../renderer';

/** The contrib image's user (its Dockerfile's numeric USER), so runAsNonRoot can be checked. */
export const COLLECTOR_UID = 10001;

export const configChecksum = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Pod Security Standard "restricted" needs these two, which cdk8s-plus-27 cannot express (REFERENCE 8.8). */
function harden(workload: kplus.Deployment | kplus.DaemonSet): void {
  const o = ApiObject.of(workload);
  o.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));
  o.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  // cdk8s-plus labels every pod with its construct address; our own labels select the pods.
  o.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
}

const resources = (r: Resources) => ({
  cpu: { request: kplus.Cpu.millis(r.cpuMillis.request), limit: kplus.Cpu.millis(r.cpuMillis.limit) },
  memory: { request: Size.mebibytes(r.memoryMiB.request), limit: Size.mebibytes(r.memoryMiB.limit) },
});

export interface WorkloadInput {
  readonly collector: Collector;
  readonly image: string;
  readonly gatewayConfig: string;
  readonly agentConfig: string | undefined;
  /** Namespaces allowed to send OTLP. */
  readonly ingressNamespaces: readonly string[];
  /** Namespace allowed to scrape the self-metrics port. */
  readonly prometheusNamespace: string;
}

function container(chart: Chart, c: Collector, image: string, r: Resources, agent: boolean): kplus.ContainerProps {
  const env: Record<string, kplus.EnvValue> = {
    [OtelEnv.podIp]: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_IP),
    [OtelEnv.goMemLimit]: kplus.EnvValue.fromValue(goMemLimit(r.memoryMiB.limit)),
  };
  if (agent) env[OtelEnv.nodeName] = kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME);
  else {
    for (const b of c.backends.values()) {
      if (!b.bearerToken) continue;
      const secret = kplus.Secret.fromSecretName(chart, `secret-${b.signal}`, b.bearerToken.name);
      env[OtelEnv.backendToken(b.signal)] = kplus.EnvValue.fromSecretValue({ secret, key: b.bearerToken.key });
    }
  }
  const health = kplus.Probe.fromHttpGet('/', { port: OtelPorts.health });
  return {
    name: 'otelcol',
    image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    args: [`--config=${OtelPaths.configFile}`],
    ports: [
      { number: OtelPorts.otlpGrpc, name: OtelPortNames.otlpGrpc },
      { number: OtelPorts.otlpHttp, name: OtelPortNames.otlpHttp },
      { number: OtelPorts.metrics, name: OtelPortNames.metrics },
    ],
    envVariables: env,
    resources: resources(r),
    securityContext: { user: COLLECTOR_UID, group: COLLECTOR_UID, ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false },
    liveness: health,
    readiness: health,
    startup: health,
  };
}

function workloadProps(name: string, labels: Record<string, string>, checksum: string, sa: kplus.ServiceAccount) {
  return {
    metadata: { name, labels: { ...labels, ...MANAGED_BY } },
    select: false,
    podMetadata: { labels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksum } },
    serviceAccount: sa,
    // k8s_attributes reads the API with the pod's token.
    automountServiceAccountToken: true,
    securityContext: { user: COLLECTOR_UID, group: COLLECTOR_UID, ensureNonRoot: true },
  };
}

function mountCommon(chart: Chart, id: string, ctr: kplus.Container, cm: kplus.ConfigMap): void {
  ctr.mount(OtelPaths.configDir, kplus.Volume.fromConfigMap(chart, `${id}-config-volume`, cm, {
    name: 'config', items: { [OtelPaths.configKey]: { path: 'relay.yaml' } },
  }), { readOnly: true });
  // The root filesystem is read-only; the collector may write temporary files.
  ctr.mount(OtelPaths.tmp, kplus.Volume.fromEmptyDir(chart, `${id}-tmp-volume`, 'tmp'));
}

function configMap(chart: Chart, id: string, name: string, text: string): kplus.ConfigMap {
  return new kplus.ConfigMap(chart, id, { metadata: { name, labels: { ...MANAGED_BY } }, data: { [OtelPaths.configKey]: text } });
}

/** Namespace-scoped objects get the collector's namespace; cluster-scoped ones none. */
function placed(chart: Chart, namespace: string): Manifest[] {
  const cluster = new Set(['ClusterRole', 'ClusterRoleBinding']);
  return (chart.toJson() as Manifest[]).map((m) => ({ ...m, metadata: { ...m.metadata, ...(cluster.has(m.kind) ? {} : { namespace }) } }));
}

/**
 * RBAC, ServiceAccount and NetworkPolicies: needed by both the plain workload and the operator's. The
 * agent's pods (`agentLabels`) get a policy of their own: they receive nothing, only their self-metrics are scraped.
 */
export function accessObjects(chart: Chart, c: Collector, input: WorkloadInput, podLabels: Record<string, string>, agentLabels?: Record<string, string>): kplus.ServiceAccount {
  const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: OtelK8sNames.collector(c.name), namespace: c.namespace, labels: { ...MANAGED_BY } }, automountToken: true });
  const role = new kplus.ClusterRole(chart, 'role', { metadata: { name: OtelK8sNames.clusterRole(c.name), labels: { ...MANAGED_BY } } });
  role.allow(['get', 'watch', 'list'], kplus.ApiResource.PODS, kplus.ApiResource.NAMESPACES, kplus.ApiResource.REPLICA_SETS);
  if (c.agent) role.allow(['get', 'watch', 'list'], kplus.ApiResource.NODES);
  const binding = new kplus.ClusterRoleBinding(chart, 'binding', { metadata: { name: OtelK8sNames.clusterRole(c.name), labels: { ...MANAGED_BY } }, role });
  binding.addSubjects(sa);
  const pods = kplus.Pods.select(chart, 'pods', { labels: podLabels });
  const from = (id: string, names: readonly string[]) => kplus.Namespaces.select(chart, id, { names: [...names] });
  new kplus.NetworkPolicy(chart, 'netpol', {
    metadata: { name: OtelK8sNames.collector(c.name), labels: { ...MANAGED_BY } },
    selector: pods,
    ingress: {
      default: kplus.NetworkPolicyTrafficDefault.DENY,
      rules: [
        { peer: from('senders', input.ingressNamespaces), ports: [kplus.NetworkPolicyPort.tcp(OtelPorts.otlpGrpc), kplus.NetworkPolicyPort.tcp(OtelPorts.otlpHttp)] },
        // Prometheus scrapes the self-metrics; nothing else may reach them.
        { peer: from('scrapers', [input.prometheusNamespace]), ports: [kplus.NetworkPolicyPort.tcp(OtelPorts.metrics)] },
      ],
    },
  });
  if (agentLabels) {
    new kplus.NetworkPolicy(chart, 'agent-netpol', {
      metadata: { name: OtelK8sNames.agent(c.name), labels: { ...MANAGED_BY } },
      selector: kplus.Pods.select(chart, 'agent-pods', { labels: agentLabels }),
      ingress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [{ peer: from('agent-scrapers', [input.prometheusNamespace]), ports: [kplus.NetworkPolicyPort.tcp(OtelPorts.metrics)] }],
      },
    });
  }
  return sa;
}

export function pdb(c: Collector, labels: Record<string, string>): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: OtelK8sNames.collector(c.name), namespace: c.namespace, labels: { ...MANAGED_BY } },
    // One pod at a time, so a single-replica gateway still drains.
    spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
  };
}

export function workloadManifests(input: WorkloadInput): Manifest[] {
  const c = input.collector;
  const chart = new Chart(new App(), 'otel', { disableResourceNameHashes: true });
  const labels = collectorSelector(OtelK8sNames.collector(c.name));
  const agentLabels = collectorSelector(OtelK8sNames.agent(c.name));
  const sa = accessObjects(chart, c, input, labels, c.agent && input.agentConfig !== undefined ? agentLabels : undefined);
  const cm = configMap(chart, 'config', OtelK8sNames.config(c.name), input.gatewayConfig);
  const gw = new kplus.Deployment(chart, 'gateway', { ...workloadProps(OtelK8sNames.collector(c.name), labels, configChecksum(input.gatewayConfig), sa), replicas: c.replicas });
  gw.select(kplus.LabelSelector.of({ labels }));
  mountCommon(chart, 'gateway', gw.addContainer(container(chart, c, input.image, c.resources, false)), cm);
  harden(gw);
  new kplus.Service(chart, 'service', {
    metadata: { name: OtelK8sNames.collector(c.name), labels: { ...labels, ...MANAGED_BY } },
    selector: kplus.Pods.select(chart, 'service-pods', { labels }),
    ports: [
      { name: OtelPortNames.otlpGrpc, port: OtelPorts.otlpGrpc, targetPort: OtelPorts.otlpGrpc },
      { name: OtelPortNames.otlpHttp, port: OtelPorts.otlpHttp, targetPort: OtelPorts.otlpHttp },
      { name: OtelPortNames.metrics, port: OtelPorts.metrics, targetPort: OtelPorts.metrics },
    ],
  });
  if (c.agent && input.agentConfig !== undefined) {
    const acm = configMap(chart, 'agent-config', OtelK8sNames.agentConfig(c.name), input.agentConfig);
    const ds = new kplus.DaemonSet(chart, 'agent', workloadProps(OtelK8sNames.agent(c.name), agentLabels, configChecksum(input.agentConfig), sa));
    ds.select(kplus.LabelSelector.of({ labels: agentLabels }));
    const ctr = ds.addContainer(container(chart, c, input.image, c.agent.resources, true));
    mountCommon(chart, 'agent', ctr, acm);
    ctr.mount(OtelPaths.podLogs, kplus.Volume.fromHostPath(chart, 'agent-logs', 'pod-logs', { path: OtelPaths.podLogs }), { readOnly: true });
    harden(ds);
  }
  return [...placed(chart, c.namespace), pdb(c, labels)];
}

/** Under the operator: only what it does not create (RBAC, ServiceAccount, NetworkPolicy). */
export function accessManifests(input: WorkloadInput, podLabels: Record<string, string>, agentLabels?: Record<string, string>): Manifest[] {
  const chart = new Chart(new App(), 'otel', { disableResourceNameHashes: true });
  accessObjects(chart, input.collector, input, podLabels, agentLabels);
  return placed(chart, input.collector.namespace);
}
