/** A real Alertmanager on loopback for tests: started on a free port with a config, stopped by the caller. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import type { Toolchain } from '../support/tools';
import { tempDir } from '../support/synth';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Daemon {
  readonly url: string;
  /** What the daemon logged so far, for failure messages. */
  log(): string;
  stop(): void;
}

export async function startAlertmanager(tc: Toolchain, config: string): Promise<Daemon> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const daemon: ChildProcess = spawn(tc.bin.alertmanager, [`--config.file=${config}`, `--storage.path=${tempDir()}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: ['ignore', 'pipe', 'pipe'] });
  daemon.stderr!.on('data', (d) => (log += d));
  const handle = { url, log: () => log, stop: () => daemon.kill() };
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) return handle;
    await sleep(100);
  }
  daemon.kill();
  throw new Error(`Alertmanager did not become ready:\n${log}`);
}

/** Posts alerts with these label sets, firing from now, with the contract's annotations (`description` per alert if given). */
export async function postAlerts(d: Daemon, alerts: readonly Record<string, string>[], description: (labels: Record<string, string>) => string = () => 'test'): Promise<number> {
  const startsAt = new Date().toISOString();
  const body = alerts.map((labels) => ({ labels, startsAt, annotations: { summary: 'test', description: description(labels) } }));
  const post = await fetch(`${d.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return post.status;
}

/** Records the JSON bodies posted to it, by path: a stand-in for Slack's incoming webhooks. */
export interface Capture {
  readonly url: string;
  readonly bodies: Array<{ path: string; body: unknown }>;
  close(): Promise<void>;
}

export async function startCapture(): Promise<Capture> {
  const bodies: Capture['bodies'] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => {
      try {
        bodies.push({ path: req.url ?? '/', body: JSON.parse(data) });
      } catch {
        bodies.push({ path: req.url ?? '/', body: data });
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
