/**
 * Validates generated Kubernetes objects against the published schemas: the Prometheus Operator
 * CRDs (@kubernetes-models/prometheus-operator) and core kinds (kubernetes-models).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1';
import { PodMonitor, PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { ConfigMap } from 'kubernetes-models/v1';

type Model = new (data: never) => { validate(): void };

const MODELS: Record<string, Model> = {
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor as unknown as Model,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor as unknown as Model,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule as unknown as Model,
  'monitoring.coreos.com/v1alpha1/AlertmanagerConfig': AlertmanagerConfig as unknown as Model,
  'v1/ConfigMap': ConfigMap as unknown as Model,
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
