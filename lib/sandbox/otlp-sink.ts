/**
 * A local OTLP/HTTP endpoint (JSON encoding) standing in for Tempo and Loki: it records every request
 * with its headers, under the first path segment (`/<signal>-<tenant>/v1/<signal>` → `<signal>-<tenant>`).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { SANDBOX_HOST } from '../conventions/sandbox';

export interface OtlpRequest {
  readonly receivedAt: number;
  /** The sink the exporter was pointed at: the first path segment. */
  readonly sink: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, to search for values that must never arrive. */
  readonly text: string;
  readonly body: any;
}

export interface OtlpSink {
  readonly url: string;
  readonly requests: readonly OtlpRequest[];
  /** Requests that reached one sink. */
  of(sink: string): OtlpRequest[];
  /** Sinks that answer every request with this HTTP status instead of 200 (a failing backend). */
  readonly failing: Map<string, number>;
  close(): Promise<void>;
}

const MAX_BODY = 32 * 1024 * 1024;

export async function startOtlpSink(port = 0): Promise<OtlpSink> {
  const requests: OtlpRequest[] = [];
  const failing = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${SANDBOX_HOST}`);
    const sink = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    if (req.method === 'GET' && url.pathname === '/requests') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(requests.map(({ receivedAt, sink: s, path, headers, body }) => ({ receivedAt, sink: s, path, headers, body }))));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let text = '';
      let body: unknown;
      try {
        // The OTLP/HTTP exporter compresses with gzip by default.
        const raw = Buffer.concat(chunks);
        text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        body = JSON.parse(text);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"expected OTLP JSON (encoding: json)"}');
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
      requests.push({ receivedAt: Date.now(), sink, path: url.pathname, headers, text, body });
      const status = failing.get(sink) ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{}' : '{"message":"sandbox: this sink is set to fail"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, SANDBOX_HOST, () => resolve());
  });
  return {
    url: `http://${SANDBOX_HOST}:${(server.address() as AddressInfo).port}`,
    requests,
    failing,
    of: (s) => requests.filter((r) => r.sink === s),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
