/**
 * Kubernetes objects as cdk8s writes them, without building ApiObjects: keys sorted, `apiVersion`,
 * `kind` and `metadata` first, null and undefined dropped, empty metadata fields dropped, and the
 * file name of `YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE`.
 */
import { LazyText, type Manifest } from '../renderer';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function sanitize(value: unknown, dropEmpty: boolean): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value as Json;
  if (value instanceof LazyText) return value.toString();
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    return value.map((x) => sanitize(x, false) ?? null);
  }
  if (value.constructor !== Object) throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(value).sort()) {
    const v = sanitize((value as Record<string, unknown>)[k], false);
    if (v !== undefined) out[k] = v;
  }
  if (dropEmpty && Object.keys(out).length === 0) return undefined;
  return out;
}

/** The object cdk8s' `ApiObject.toJson()` would produce for `m`. */
export function canonicalManifest(m: Manifest): Record<string, Json> {
  const { apiVersion, kind, metadata, ...rest } = m;
  const meta: { [k: string]: Json } = {};
  for (const k of Object.keys(metadata).sort()) {
    const v = sanitize((metadata as Record<string, unknown>)[k], true);
    if (v !== undefined) meta[k] = v;
  }
  return { apiVersion, kind, metadata: meta, ...(sanitize(rest, false) as Record<string, Json>) };
}
