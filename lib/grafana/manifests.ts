/** Kubernetes delivery of dashboards: a sidecar ConfigMap each, and optionally a GrafanaDashboard (operator). */
import { dashboardFileName, K8sNames, MANAGED_BY, SIDECAR_LABEL } from '../conventions';
import type { GrafanaSettings } from '../model/grafana-settings';
import { LazyText, type Manifest } from '../renderer';

/** The API server's limit on a ConfigMap. */
export const CONFIGMAP_LIMIT = 1024 * 1024;
/** The limit on all annotations, which client-side `kubectl apply` fills with a copy of the object. */
export const CLIENT_SIDE_APPLY_LIMIT = 256 * 1024;

/** Throws past 1 MiB; past 256 KiB returns a warning (apply it with `kubectl apply --server-side`). */
export function checkConfigMapSize(name: string, json: string): string | undefined {
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes >= CONFIGMAP_LIMIT) throw new Error(`ConfigMap ${name}: dashboard JSON is ${bytes} bytes, over the 1 MiB ConfigMap limit; split the dashboard`);
  if (bytes >= CLIENT_SIDE_APPLY_LIMIT) return `ConfigMap ${name}: dashboard JSON is ${bytes} bytes, over the 256 KiB annotation limit of client-side kubectl apply; use kubectl apply --server-side`;
  return undefined;
}

/** A dashboard's JSON, made when it is first written, and checked then against its ConfigMap's limits. */
export function dashboardText(uid: string, json: () => string): LazyText {
  return new LazyText(() => {
    const text = json();
    const warning = checkConfigMapSize(K8sNames.dashboardConfigMap(uid), text);
    if (warning) console.warn(`warning: ${warning}`);
    return text;
  });
}

/** The sidecar's ConfigMap; an empty `folder` annotation puts the dashboard in Grafana's General folder. */
export function dashboardConfigMap(uid: string, json: LazyText, g: GrafanaSettings, folder = g.folder): Manifest {
  const name = K8sNames.dashboardConfigMap(uid);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: g.namespace, labels: { ...SIDECAR_LABEL, ...MANAGED_BY }, annotations: { [g.folderAnnotation]: folder } },
    data: { [dashboardFileName(uid)]: json },
  };
}

/** What the Grafana Operator reads as "no folder": the dashboard appears at the root, Grafana's General folder. */
export const OPERATOR_GENERAL_FOLDER = 'General';

/** A GrafanaDashboard reading the same ConfigMap, so the JSON is stored once. */
export function grafanaDashboard(uid: string, g: GrafanaSettings, instanceSelector: Readonly<Record<string, string>>, folder = g.folder): Manifest {
  return {
    apiVersion: 'grafana.integreatly.org/v1beta1',
    kind: 'GrafanaDashboard',
    metadata: { name: K8sNames.grafanaDashboard(uid), namespace: g.namespace, labels: { ...MANAGED_BY } },
    spec: {
      instanceSelector: { matchLabels: { ...instanceSelector } },
      // The operator's spelling of the root level: an empty or missing folder is version-dependent (v5 used General, later the namespace).
      folder: folder === '' ? OPERATOR_GENERAL_FOLDER : folder,
      uid,
      resyncPeriod: '10m0s',
      configMapRef: { name: K8sNames.dashboardConfigMap(uid), key: dashboardFileName(uid) },
    },
  };
}
