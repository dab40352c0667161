/** A local webhook receiver standing in for Slack, PagerDuty and friends: it records what Alertmanager sends. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_HOST, SandboxPaths } from '../conventions/sandbox';

/** One alert of an Alertmanager webhook payload (version 4). */
export interface WebhookAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fingerprint: string;
}

export interface Notification {
  /** When the sink received it (ms since epoch). */
  readonly receivedAt: number;
  /** The receiver named in the URL path. */
  readonly path: string;
  /** Receiver, status and alerts, as Alertmanager sent them. */
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly alerts: readonly WebhookAlert[];
  readonly groupLabels: Readonly<Record<string, string>>;
}

export interface WebhookSink {
  readonly url: string;
  readonly notifications: readonly Notification[];
  /** Called for each notification as it arrives. */
  onNotification?: (n: Notification) => void;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

export async function startSink(port = 0): Promise<WebhookSink> {
  const notifications: Notification[] = [];
  const sink: WebhookSink & { notifications: Notification[] } = {
    url: '',
    notifications,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${SANDBOX_HOST}`);
    if (req.method === 'GET' && url.pathname === SandboxPaths.notifications) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify(notifications, null, 2)}\n`);
      return;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith(SandboxPaths.receiverPrefix)) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      try {
        const p = JSON.parse(body) as Omit<Notification, 'receivedAt' | 'path'>;
        const n: Notification = {
          receivedAt: Date.now(),
          path: decodeURIComponent(url.pathname.slice(SandboxPaths.receiverPrefix.length)),
          receiver: p.receiver,
          status: p.status,
          alerts: p.alerts,
          groupLabels: p.groupLabels ?? {},
        };
        notifications.push(n);
        sink.onNotification?.(n);
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, SANDBOX_HOST, () => resolve());
  });
  (sink as { url: string }).url = `http://${SANDBOX_HOST}:${(server.address() as AddressInfo).port}`;
  return sink;
}
