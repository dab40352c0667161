/** OTLP/HTTP JSON (the protobuf JSON mapping): building requests and reading them back. */

type Obj = Record<string, any>;
export type AttrValue = string | number | boolean;

/** Plain object → OTLP key/value list (integers as `intValue` strings, as the JSON mapping writes them). */
export const otlpAttrs = (o: Readonly<Record<string, AttrValue>>) =>
  Object.entries(o).map(([key, v]) => ({ key, value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { intValue: String(v) } }));

/** OTLP key/value list → plain object. */
export const attrs = (list: Array<{ key: string; value: Record<string, unknown> }> = []): Record<string, unknown> =>
  Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));

/** OTLP span kinds by the name span metrics use. */
export const SPAN_KIND_NUMBER: Readonly<Record<string, number>> = {
  SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5,
};

export interface SpanInput {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  readonly kind: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly failed: boolean;
  readonly attributes: Readonly<Record<string, AttrValue>>;
}

const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

export function tracesRequest(resource: Readonly<Record<string, AttrValue>>, spans: readonly SpanInput[]): Obj {
  return {
    resourceSpans: [{
      resource: { attributes: otlpAttrs(resource) },
      scopeSpans: [{
        scope: { name: 'sandbox-demo' },
        spans: spans.map((s) => ({
          traceId: s.traceId, spanId: s.spanId, name: s.name, kind: SPAN_KIND_NUMBER[s.kind] ?? 2,
          startTimeUnixNano: nanos(s.startMs), endTimeUnixNano: nanos(s.startMs + s.durationMs),
          attributes: otlpAttrs(s.attributes),
          status: s.failed ? { code: 2, message: 'simulated failure' } : { code: 1 },
        })),
      }],
    }],
  };
}

export interface LogInput {
  readonly timeMs: number;
  readonly body: string;
  readonly severity: 'INFO' | 'ERROR';
  readonly attributes: Readonly<Record<string, AttrValue>>;
}

export function logsRequest(resource: Readonly<Record<string, AttrValue>>, records: readonly LogInput[]): Obj {
  return {
    resourceLogs: [{
      resource: { attributes: otlpAttrs(resource) },
      scopeLogs: [{
        scope: { name: 'sandbox-demo' },
        logRecords: records.map((r) => ({
          timeUnixNano: nanos(r.timeMs), severityText: r.severity, severityNumber: r.severity === 'ERROR' ? 17 : 9,
          body: { stringValue: r.body }, attributes: otlpAttrs(r.attributes),
        })),
      }],
    }],
  };
}

export interface ReadSpan {
  readonly name: string;
  readonly traceId: string;
  readonly attributes: Record<string, unknown>;
  readonly resource: Record<string, unknown>;
}

export interface ReadRecord {
  readonly body: unknown;
  readonly attributes: Record<string, unknown>;
  readonly resource: Record<string, unknown>;
}

/** Spans of an OTLP JSON traces request, with their resource attributes. */
export const spansOf = (req: Obj): ReadSpan[] => (req.resourceSpans ?? []).flatMap((rs: Obj) =>
  (rs.scopeSpans ?? []).flatMap((ss: Obj) => (ss.spans ?? []).map((s: Obj) => ({
    name: s.name, traceId: s.traceId, attributes: attrs(s.attributes), resource: attrs(rs.resource?.attributes),
  }))));

/** Log records of an OTLP JSON logs request, with their resource attributes. */
export const recordsOf = (req: Obj): ReadRecord[] => (req.resourceLogs ?? []).flatMap((rl: Obj) =>
  (rl.scopeLogs ?? []).flatMap((sl: Obj) => (sl.logRecords ?? []).map((l: Obj) => ({
    body: l.body, attributes: attrs(l.attributes), resource: attrs(rl.resource?.attributes),
  }))));

/** `OTEL_RESOURCE_ATTRIBUTES` (`k=v,k=v`, values percent-encoded) → object. */
export function parseResourceAttributes(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[decodeURIComponent(part.slice(0, i).trim())] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
