/** Loopback ports and bounded HTTP polling. */
import * as net from 'node:net';
import { SANDBOX_HOST } from '../conventions/sandbox';

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, SANDBOX_HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface WaitOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Pause between attempts. */
  readonly intervalMs?: number;
  /** What is awaited, for the error message. */
  readonly what: string;
  /** Extra detail for the error message (e.g. a process log), read when giving up. */
  readonly detail?: () => string;
}

/**
 * Calls `check` until it returns a value other than undefined, at most timeoutMs/intervalMs + 1
 * times; a throwing check counts as not yet. Throws with the last reason when time is up.
 */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, opts: WaitOptions): Promise<T> {
  const interval = opts.intervalMs ?? 500;
  const deadline = Date.now() + opts.timeoutMs;
  const attempts = Math.ceil(opts.timeoutMs / interval) + 1;
  let last = '';
  for (let i = 0; i < attempts; i++) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
  const detail = opts.detail?.();
  throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${last ? ` (last error: ${last})` : ''}${detail ? `\n${detail}` : ''}`);
}

/** GET or POST with a per-request timeout; throws on non-2xx with the body in the message. */
export async function httpJson<T = unknown>(url: string, init: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    signal: AbortSignal.timeout(init.timeoutMs ?? 5000),
    ...(init.body !== undefined ? { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
