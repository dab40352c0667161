/**
 * OpenTelemetryCollector (opentelemetry.io/v1beta1) has no published model package: its CRD's
 * openAPIV3Schema is vendored in test/schemas/ and checked with Ajv, as the API server would
 * (unknown fields of the spec are errors, except where the CRD preserves them, as in `config`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

const SCHEMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schemas/opentelemetry.io_v1beta1_opentelemetrycollector.json');

/** Closes every object schema that lists properties, as structural CRD schemas are pruned/rejected by the API server. */
function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, closed(x)])) : closed(v);
  if (out.type === 'object' && out.properties && !out['x-kubernetes-preserve-unknown-fields'] && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const { $comment: _c, ...schema } = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
    // metadata is the API server's own; the CRD schema types it as a bare object.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    compiled = ajv.compile(closed(schema));
  }
  return compiled;
}

export class OpenTelemetryCollector {
  constructor(private readonly data: unknown) {}
  validate(): void {
    const v = validator();
    if (!v(this.data)) throw new Error(`OpenTelemetryCollector does not match the CRD schema: ${JSON.stringify(v.errors)}`);
  }
}
