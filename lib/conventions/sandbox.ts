/**
 * Names the local sandbox generates: HTTP paths of the demo targets and the webhook sink, and the
 * label values of simulated traffic. Kept here so tests and the sandbox agree on them.
 */

export const SandboxPaths = {
  /** Demo target: GET shows, POST/PUT changes the traffic (JSON or query string). */
  control: '/control',
  /** Webhook sink: Alertmanager posts each receiver's notifications to `<receiver>/<name>`. */
  receiver: (name: string) => `/receiver/${encodeURIComponent(name)}`,
  receiverPrefix: '/receiver/',
  /** Webhook sink: GET lists every notification received so far. */
  notifications: '/notifications',
} as const;

/** Loopback only: nothing the sandbox starts listens on another address. */
export const SANDBOX_HOST = '127.0.0.1';

/** Labels whose value says how a request ended, with the value for success and for failure. */
export const OUTCOME_LABELS: Readonly<Record<string, { readonly ok: string; readonly error: string }>> = {
  status: { ok: '200', error: '500' },
  code: { ok: '200', error: '500' },
  status_code: { ok: '200', error: '500' },
  http_status: { ok: '200', error: '500' },
  http_status_code: { ok: '200', error: '500' },
  response_code: { ok: '200', error: '500' },
  grpc_code: { ok: 'OK', error: 'Internal' },
  outcome: { ok: 'success', error: 'error' },
  result: { ok: 'success', error: 'error' },
};

/** Values simulated traffic spreads over, by label name; any other label gets `demo`. */
export const DEMO_LABEL_VALUES: Readonly<Record<string, readonly string[]>> = {
  method: ['GET', 'POST'],
  path: ['/api/v1/items', '/api/v1/orders'],
  route: ['/api/v1/items', '/api/v1/orders'],
  handler: ['/api/v1/items', '/api/v1/orders'],
  endpoint: ['/api/v1/items', '/api/v1/orders'],
  /** node_exporter's CPU modes: the CPU panel reads the idle share. */
  mode: ['idle', 'user', 'system'],
};
export const DEMO_DEFAULT_LABEL_VALUE = 'demo';

/** A counter whose name says it counts failures is incremented only by failed requests. */
export const ERROR_COUNTER = /(^|_)(errors?|failures?|failed|exceptions?|rejected)(_|$)/;
