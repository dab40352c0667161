/**
 * The demo target's OTLP side: every interval it exports the requests it served as spans (failed
 * ones with status ERROR), an application log record and an audit event, over OTLP/HTTP JSON to
 * OTEL_EXPORTER_OTLP_ENDPOINT with the resource of OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
 * Every span and record carries each declared sensitive key with a secret value.
 */
import { randomBytes } from 'node:crypto';
import { AUDIT_FIELDS, OtelAttributes } from '../../conventions/otel';
import { logsRequest, parseResourceAttributes, tracesRequest, type AttrValue, type SpanInput } from '../otlp-json';
import { secretValue, type OtlpSpec } from './spec';
import type { ServedRequest, Traffic } from './traffic';

/** At most this many requests become spans per export; the rest are counted as not exported. */
const MAX_SPANS_PER_EXPORT = 2000;

export interface OtlpState {
  readonly endpoint: string;
  /** Spans, log records and audit events accepted by the collector. */
  spans: number;
  logs: number;
  audits: number;
  /** Requests not turned into spans (over MAX_SPANS_PER_EXPORT), and failed exports. */
  skipped: number;
  failedExports: number;
  lastError: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export class OtlpEmitter {
  readonly state: OtlpState;
  private readonly resource: Record<string, AttrValue>;
  private readonly secrets: Record<string, string>;
  private pending: ServedRequest[] = [];
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(private readonly spec: OtlpSpec, private readonly traffic: Traffic, env: NodeJS.ProcessEnv, private readonly now: () => number = Date.now) {
    const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
    if (!endpoint) throw new Error('demo target: OTEL_EXPORTER_OTLP_ENDPOINT is not set, expected the collector\'s OTLP/HTTP base URL');
    this.state = { endpoint, spans: 0, logs: 0, audits: 0, skipped: 0, failedExports: 0, lastError: '' };
    this.secrets = Object.fromEntries(spec.sensitiveKeys.map((k) => [k, secretValue(k)]));
    // A real SDK would not put secrets on its resource; one here proves resource attributes are redacted too.
    const [first] = spec.sensitiveKeys;
    this.resource = {
      ...parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES),
      [OtelAttributes.serviceName]: env.OTEL_SERVICE_NAME ?? traffic.spec.service,
      ...spec.clusterResource,
      ...(first ? { [first]: secretValue(first) } : {}),
    };
    traffic.onRequest = (r) => {
      if (this.pending.length < MAX_SPANS_PER_EXPORT) this.pending.push(r);
      else this.state.skipped++;
    };
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.spec.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Exports what was served since the last call. */
  async flush(): Promise<void> {
    this.traffic.advanceTo(this.now());
    const served = this.pending;
    this.pending = [];
    const spans: SpanInput[] = served.flatMap((r) => {
      const traceId = hex(16);
      return this.spec.spans.map((shape) => ({
        traceId, spanId: hex(8), name: shape.name, kind: shape.kind, startMs: r.atMs - r.latencyMs, durationMs: r.latencyMs, failed: r.failed,
        attributes: { 'request.id': `req-${++this.seq}`, 'http.route': shape.name, ...this.secrets },
      }));
    });
    const at = this.now();
    const n = ++this.seq;
    const records = [
      { timeMs: at, severity: 'INFO' as const, body: `served ${served.length} requests`, attributes: { 'request.id': `log-${n}`, ...this.secrets } },
      {
        timeMs: at, severity: 'INFO' as const, body: `DELETE /projects/${n} by user-${n}: ${JSON.stringify(this.secrets)}`,
        attributes: {
          [OtelAttributes.auditMarker]: OtelAttributes.auditMarkerValue,
          [AUDIT_FIELDS.who]: `user-${n}`, [AUDIT_FIELDS.what]: 'project.delete', [AUDIT_FIELDS.resourceId]: `project-${n}`, [AUDIT_FIELDS.result]: 'success',
          'client.address': '10.0.0.7', ...this.secrets,
        },
      },
    ];
    await Promise.all([
      spans.length ? this.post('traces', tracesRequest(this.resource, spans)).then((ok) => ok && (this.state.spans += spans.length)) : undefined,
      this.post('logs', logsRequest(this.resource, records)).then((ok) => {
        if (!ok) return;
        this.state.logs++;
        this.state.audits++;
      }),
    ]);
  }

  private async post(signal: 'traces' | 'logs', body: unknown): Promise<boolean> {
    try {
      const res = await fetch(`${this.state.endpoint}/v1/${signal}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000),
      });
      await res.text();
      if (res.ok) return true;
      this.state.lastError = `${signal}: HTTP ${res.status}`;
    } catch (e) {
      this.state.lastError = `${signal}: ${(e as Error).message}`;
    }
    this.state.failedExports++;
    return false;
  }
}
