/**
 * Validates generated Kubernetes objects against the published schemas: the Prometheus Operator
 * CRDs (@kubernetes-models/prometheus-operator), core kinds (kubernetes-models) and the
 * OpenTelemetry Operator's CRD (vendored schema, test/schemas/).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1';
import { PodMonitor, PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { OpenTelemetryCollector } from './otel-schema';

type Model = new (data: never) => { validate(): void };

const MODELS: Record<string, Model> = {
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor as unknown as Model,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor as unknown as Model,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule as unknown as Model,
  'monitoring.coreos.com/v1alpha1/AlertmanagerConfig': AlertmanagerConfig as unknown as Model,
  'v1/ConfigMap': ConfigMap as unknown as Model,
  'v1/Service': Service as unknown as Model,
  'v1/ServiceAccount': ServiceAccount as unknown as Model,
  'apps/v1/Deployment': Deployment as unknown as Model,
  'apps/v1/DaemonSet': DaemonSet as unknown as Model,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy as unknown as Model,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as unknown as Model,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole as unknown as Model,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding as unknown as Model,
  'opentelemetry.io/v1beta1/OpenTelemetryCollector': OpenTelemetryCollector as unknown as Model,
};

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: unknown;
}

/** Throws with the schema's message when `obj` does not validate; returns false when no schema is known. */
export function validateObject(obj: K8sObject): boolean {
  const model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!model) return false;
  new model(obj as never).validate();
  return true;
}

/** Every object in every `*.k8s.yaml` file below `dir`. */
export function readManifests(dir: string): { file: string; object: K8sObject }[] {
  const out: { file: string; object: K8sObject }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.k8s.yaml')) {
        for (const doc of parseAllDocuments(fs.readFileSync(p, 'utf8'))) {
          const object = doc.toJS() as K8sObject | null;
          if (object) out.push({ file: path.relative(dir, p), object });
        }
      }
    }
  };
  walk(dir);
  return out;
}
