/**
 * The alternative for OpenTelemetry Operator users: one OpenTelemetryCollector (opentelemetry.io/v1beta1)
 * per workload, carrying the same config as an object, the same hardened pod and GOMEMLIMIT.
 */
import { MANAGED_BY } from '../conventions';
import { OtelEnv, OtelK8sNames, OtelPaths } from '../conventions/otel';
import { goMemLimit, type Collector, type Resources } from '../model/collector';
import type { Manifest } from '../renderer';
import type { CollectorConfig } from './config';
import { COLLECTOR_UID } from './kubernetes';

const resources = (r: Resources) => ({
  requests: { cpu: `${r.cpuMillis.request}m`, memory: `${r.memoryMiB.request}Mi` },
  limits: { cpu: `${r.cpuMillis.limit}m`, memory: `${r.memoryMiB.limit}Mi` },
});

function env(c: Collector, r: Resources, agent: boolean): object[] {
  const out: object[] = [
    { name: OtelEnv.podIp, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    { name: OtelEnv.goMemLimit, value: goMemLimit(r.memoryMiB.limit) },
  ];
  if (agent) out.push({ name: OtelEnv.nodeName, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  else {
    for (const b of c.backends.values()) {
      if (b.bearerToken) out.push({ name: OtelEnv.backendToken(b.signal), valueFrom: { secretKeyRef: { name: b.bearerToken.name, key: b.bearerToken.key } } });
    }
  }
  return out;
}

export function operatorCollector(c: Collector, image: string, config: CollectorConfig, agent: boolean): Manifest {
  const r = agent ? c.agent!.resources : c.resources;
  const volumes: object[] = [{ name: 'tmp', emptyDir: {} }];
  const mounts: object[] = [{ name: 'tmp', mountPath: OtelPaths.tmp }];
  if (agent) {
    volumes.push({ name: 'pod-logs', hostPath: { path: OtelPaths.podLogs } });
    mounts.push({ name: 'pod-logs', mountPath: OtelPaths.podLogs, readOnly: true });
  }
  return {
    apiVersion: 'opentelemetry.io/v1beta1',
    kind: 'OpenTelemetryCollector',
    metadata: { name: agent ? OtelK8sNames.agent(c.name) : OtelK8sNames.collector(c.name), namespace: c.namespace, labels: { ...MANAGED_BY } },
    spec: {
      mode: agent ? 'daemonset' : 'deployment',
      // The operator's default image is the core distribution, which lacks most of these components.
      image,
      // The image is pinned: the operator must not upgrade it or rewrite the config.
      upgradeStrategy: 'none',
      ...(agent ? {} : { replicas: c.replicas, podDisruptionBudget: { maxUnavailable: 1 } }),
      serviceAccount: OtelK8sNames.collector(c.name),
      resources: resources(r),
      env: env(c, r, agent),
      podSecurityContext: { runAsNonRoot: true, runAsUser: COLLECTOR_UID, runAsGroup: COLLECTOR_UID, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: {
        runAsNonRoot: true, runAsUser: COLLECTOR_UID, runAsGroup: COLLECTOR_UID,
        allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
      },
      volumes,
      volumeMounts: mounts,
      // Our ServiceMonitor/PodMonitor and alerts cover the self-metrics.
      observability: { metrics: { enableMetrics: false } },
      config,
    },
  };
}
