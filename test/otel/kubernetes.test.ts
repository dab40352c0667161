/** The collector's Kubernetes objects: schemas, the restricted Pod Security Standard, rollout, RBAC, network and the operator variant. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Manifest } from '../../lib';
import { defineOtelTenants, otelTenantsPlatform } from '../fixtures/otel-tenants';
import { restrictedViolations } from '../support/pod-security';
import { readManifests, validateObject, type K8sObject } from '../support/schemas';
import { synthTo } from '../support/synth';
import { configOf, render } from './support';

const defaultOut = render();
const fixtureOut = render(defineOtelTenants, otelTenantsPlatform);
const operatorOut = render((s) => defineOtelTenants(s, { operator: true }), otelTenantsPlatform);
const find = (ms: readonly Manifest[], kind: string, name: string): any => {
  const m = ms.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name}`);
  return structuredClone(m);
};
const podOf = (w: any) => w.spec.template.spec;

describe('collector Kubernetes objects', () => {
  it('every object of the default catalogue, the fixture and the operator variant validates against its schema', () => {
    const dirs = [synthTo(), synthTo(defineOtelTenants, otelTenantsPlatform), synthTo((s) => defineOtelTenants(s, { operator: true }), otelTenantsPlatform)];
    const kinds = new Set<string>();
    for (const dir of dirs) {
      for (const { file, object } of readManifests(dir)) {
        kinds.add(object.kind);
        if (!validateObject(object)) expect(['GrafanaDashboard'], `${file}: no schema`).toContain(object.kind);
      }
    }
    for (const k of ['Deployment', 'DaemonSet', 'Service', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'NetworkPolicy', 'PodDisruptionBudget', 'OpenTelemetryCollector', 'PodMonitor']) {
      expect(kinds, k).toContain(k);
    }
  });

  it('the schema checks catch a bad Deployment and a bad OpenTelemetryCollector', () => {
    const d = find(defaultOut.manifests, 'Deployment', 'otel-gateway');
    d.spec.replicas = 'two';
    expect(() => validateObject(d as K8sObject)).toThrow();
    const cr = find(operatorOut.manifests, 'OpenTelemetryCollector', 'telemetry');
    expect(validateObject(cr)).toBe(true);
    cr.spec.mode = 'cronjob';
    expect(() => validateObject(cr)).toThrow(/mode/);
    const cr2 = find(operatorOut.manifests, 'OpenTelemetryCollector', 'telemetry');
    cr2.spec.replica = 3;
    expect(() => validateObject(cr2)).toThrow(/additional/);
  });

  it('the gateway pod meets the restricted Pod Security Standard; the checker catches what cdk8s-plus-27 leaves out', () => {
    const pod = podOf(find(defaultOut.manifests, 'Deployment', 'otel-gateway'));
    expect(restrictedViolations(pod)).toEqual([]);
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.volumeMounts).toContainEqual({ mountPath: '/tmp', name: 'tmp' });
    const unpatched = structuredClone(pod);
    delete unpatched.securityContext.seccompProfile;
    delete unpatched.containers[0].securityContext.capabilities;
    expect(restrictedViolations(unpatched)).toEqual(['container otelcol: seccompProfile must be RuntimeDefault or Localhost', 'container otelcol: capabilities must drop ALL']);
    const root = structuredClone(pod);
    root.containers[0].securityContext.runAsUser = 0;
    root.containers[0].securityContext.allowPrivilegeEscalation = true;
    expect(restrictedViolations(root)).toEqual(['container otelcol: allowPrivilegeEscalation must be false', 'container otelcol: runAsUser must not be 0']);
  });

  it('the agent is hardened the same way; only its read-only hostPath of pod logs falls outside "restricted" (and "baseline": a privileged namespace)', () => {
    const pod = podOf(find(fixtureOut.manifests, 'DaemonSet', 'telemetry-agent'));
    expect(restrictedViolations(pod)).toEqual(['volume pod-logs: hostPath volumes are not allowed']);
    expect(pod.containers[0].volumeMounts).toContainEqual({ mountPath: '/var/log/pods', name: 'pod-logs', readOnly: true });
    expect(pod.containers[0].env).toContainEqual({ name: 'OTEL_K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  it('rolls the pods when the config changes: the checksum is the sha256 of the ConfigMap value, which is the plain file', () => {
    const cm = find(defaultOut.manifests, 'ConfigMap', 'otel-gateway');
    const text = defaultOut.files.get('otel/collector.yml')!;
    expect(cm.data.relay).toBe(text);
    const sum = podOfTemplate(find(defaultOut.manifests, 'Deployment', 'otel-gateway'));
    expect(sum).toBe(createHash('sha256').update(text).digest('hex'));
    const other = render((s) => defineOtelTenants(s), { otel: { collectorVersion: '0.158.0' } });
    expect(podOfTemplate(find(other.manifests, 'Deployment', 'telemetry'))).not.toBe(podOfTemplate(find(fixtureOut.manifests, 'Deployment', 'telemetry')));
  });

  it('mounts the config at /conf/relay.yaml, sets MY_POD_IP and GOMEMLIMIT at 80 % of the memory limit, probes health_check', () => {
    const c = podOf(find(defaultOut.manifests, 'Deployment', 'otel-gateway')).containers[0];
    expect(c.args).toEqual(['--config=/conf/relay.yaml']);
    expect(c.image).toBe('otel/opentelemetry-collector-contrib:0.158.0');
    expect(c.env).toEqual([{ name: 'MY_POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, { name: 'GOMEMLIMIT', value: '819MiB' }]);
    expect(c.resources.limits.memory).toBe('1024Mi');
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) expect(c[p].httpGet).toMatchObject({ path: '/', port: 13133 });
    const tokens = podOf(find(fixtureOut.manifests, 'Deployment', 'telemetry')).containers[0].env;
    expect(tokens).toContainEqual({ name: 'OTEL_BACKEND_TRACES_TOKEN', valueFrom: { secretKeyRef: { name: 'tempo-auth', key: 'token' } } });
  });

  it('grants k8s_attributes read access to pods, namespaces and replicasets through its ServiceAccount', () => {
    const role = find(defaultOut.manifests, 'ClusterRole', 'otel-gateway-k8s-attributes');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules.map((r: any) => [r.apiGroups[0], r.resources[0], r.verbs])).toEqual([
      ['', 'pods', ['get', 'watch', 'list']], ['', 'namespaces', ['get', 'watch', 'list']], ['apps', 'replicasets', ['get', 'watch', 'list']],
    ]);
    const binding = find(defaultOut.manifests, 'ClusterRoleBinding', 'otel-gateway-k8s-attributes');
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'otel-gateway', namespace: 'monitoring' }]);
    const pod = podOf(find(defaultOut.manifests, 'Deployment', 'otel-gateway'));
    expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual(['otel-gateway', true]);
  });

  it('allows ingress only on the OTLP ports from the services\' namespaces, and the metrics port from Prometheus', () => {
    const np = find(defaultOut.manifests, 'NetworkPolicy', 'otel-gateway');
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(np.spec.ingress.map((r: any) => [r.from[0].namespaceSelector.matchLabels, r.ports.map((p: any) => p.port)])).toEqual([
      [{ 'kubernetes.io/metadata.name': 'keviq' }, [4317, 4318]],
      [{ 'kubernetes.io/metadata.name': 'monitoring' }, [8888]],
    ]);
    const pods = podOfLabels(find(defaultOut.manifests, 'Deployment', 'otel-gateway'));
    expect(np.spec.podSelector.matchLabels).toEqual(pods);
    expect(find(defaultOut.manifests, 'Service', 'otel-gateway').spec.selector).toEqual(pods);
    expect(find(defaultOut.manifests, 'PodDisruptionBudget', 'otel-gateway').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: pods } });
    // With agents, the collector's own namespace sends too.
    const fnp = find(fixtureOut.manifests, 'NetworkPolicy', 'telemetry');
    expect(fnp.spec.ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual(['acme', 'ecorp', 'observability', 'shared']);
  });

  it('gives every service an OTEL env ConfigMap with its identity, tenant and head sampling', () => {
    expect(find(defaultOut.manifests, 'ConfigMap', 'api-gateway-otel-env').data).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-gateway.monitoring.svc:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_SERVICE_NAME: 'api-gateway',
      OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=keviq,team=edge,tenant=keviq',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '1',
    });
    const tenants = ['storefront', 'billing', 'search'].map((s) => find(fixtureOut.manifests, 'ConfigMap', `${s}-otel-env`).data);
    expect(tenants.map((d) => /tenant=(\w+)/.exec(d.OTEL_RESOURCE_ATTRIBUTES)![1])).toEqual(['acme', 'ecorp', 'shared']);
    expect(tenants[0].OTEL_TRACES_SAMPLER_ARG).toBe('0.25');
    expect(find(operatorOut.manifests, 'ConfigMap', 'search-otel-env').data.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://telemetry-collector.observability.svc:4318');
  });

  it('operator variant: OpenTelemetryCollector objects with the same config and hardened pods instead of the workload', () => {
    const kinds = operatorOut.manifests.map((m) => m.kind);
    for (const k of ['Deployment', 'DaemonSet', 'Service', 'PodDisruptionBudget']) expect(kinds).not.toContain(k);
    const gw = find(operatorOut.manifests, 'OpenTelemetryCollector', 'telemetry');
    expect(gw.spec).toMatchObject({ mode: 'deployment', replicas: 3, image: 'otel/opentelemetry-collector-contrib:0.140.0', upgradeStrategy: 'none', serviceAccount: 'telemetry' });
    expect(parse(JSON.stringify(gw.spec.config))).toEqual(configOf(fixtureOut));
    const pod = { securityContext: gw.spec.podSecurityContext, volumes: gw.spec.volumes, containers: [{ name: 'otc-container', securityContext: gw.spec.securityContext }] };
    expect(restrictedViolations(pod)).toEqual([]);
    expect(find(operatorOut.manifests, 'OpenTelemetryCollector', 'telemetry-agent').spec.mode).toBe('daemonset');
    expect(find(operatorOut.manifests, 'PodMonitor', 'telemetry').spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/instance': 'observability.telemetry', 'app.kubernetes.io/component': 'opentelemetry-collector' });
  });
});

function podOfTemplate(w: any): string {
  return w.spec.template.metadata.annotations['checksum/config'];
}
function podOfLabels(w: any): Record<string, string> {
  return w.spec.template.metadata.labels;
}
