/** The HTTP face of a demo target: `/metrics` for Prometheus, `/control` to change the traffic while it runs. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_HOST, SandboxPaths } from '../../conventions/sandbox';
import { textExposition, TEXT_CONTENT_TYPE } from './exposition';
import { OtlpEmitter } from './otlp';
import { trafficProblems, type TargetSpec, type TrafficSettings } from './spec';
import { Traffic } from './traffic';

export interface DemoTarget {
  readonly url: string;
  readonly port: number;
  readonly traffic: Traffic;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) reject(new Error('request body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Traffic changes from a JSON body or the query string: `?errorRatio=1&latencyMs=500`. */
function parseChanges(body: string, query: URLSearchParams): Record<string, unknown> {
  const changes: Record<string, unknown> = body.trim() ? JSON.parse(body) : {};
  for (const [k, v] of query) changes[k] = Number(v);
  return changes;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

export async function startDemoTarget(spec: TargetSpec, port = 0, now: () => number = Date.now, env: NodeJS.ProcessEnv = process.env): Promise<DemoTarget> {
  const traffic = new Traffic(spec, now());
  const otlp = spec.otlp ? new OtlpEmitter(spec.otlp, traffic, env, now) : undefined;
  const state = () => ({ service: spec.service, ...traffic.settings, requests: traffic.requests, failures: traffic.failures, ...(otlp ? { otlp: otlp.state } : {}) });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${SANDBOX_HOST}`);
    try {
      if (url.pathname === '/metrics' && req.method === 'GET') {
        traffic.advanceTo(now());
        res.writeHead(200, { 'content-type': TEXT_CONTENT_TYPE });
        res.end(textExposition(traffic.families(true)));
      } else if (url.pathname === SandboxPaths.control && req.method === 'GET') {
        send(res, 200, state());
      } else if (url.pathname === SandboxPaths.control && (req.method === 'POST' || req.method === 'PUT')) {
        const changes = parseChanges(await readBody(req), url.searchParams);
        const unknown = Object.keys(changes).filter((k) => !['rps', 'errorRatio', 'latencyMs'].includes(k));
        const problems = [...unknown.map((k) => `${k}: unknown setting, expected rps, errorRatio or latencyMs`), ...trafficProblems(changes)];
        if (problems.length) return send(res, 400, { problems });
        traffic.set(now(), changes as Partial<TrafficSettings>);
        send(res, 200, state());
      } else {
        send(res, 404, { error: `no route ${req.method} ${url.pathname}; try GET /metrics, GET or POST ${SandboxPaths.control}` });
      }
    } catch (e) {
      send(res, 400, { problems: [(e as Error).message] });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, SANDBOX_HOST, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  otlp?.start();
  return {
    url: `http://${SANDBOX_HOST}:${actual}`,
    port: actual,
    traffic,
    close: () => new Promise((resolve) => {
      otlp?.stop();
      server.close(() => resolve());
    }),
  };
}
