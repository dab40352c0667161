/** Names of everything the Alertmanager renderers generate: receivers, secret mounts, route grouping. */
import { Labels, type Severity } from './index';

/** Severities in routing order; routes.test.tsv lists them in this order too. */
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

export const Receivers = {
  /** A team's receiver: `edge` + `pager` → `edge-pager`. */
  ofTeam: (team: string, key: string) => `${team}-${key}`,
  /** The root (catch-all) receiver when the platform names none: a null receiver. */
  defaultName: 'unrouted',
} as const;

/** Where Alertmanager finds a Kubernetes Secret key as a file (the operator's `spec.secrets` mount point). */
export const DEFAULT_SECRETS_DIR = '/etc/alertmanager/secrets';
export const secretFile = (dir: string, secret: string, key: string): string => `${dir.replace(/\/+$/, '')}/${secret}/${key}`;

/** The label Prometheus puts the alert name in. */
export const ALERTNAME = 'alertname';

/** Default `group_by` of the root route (settings `alertmanager.groupBy` replaces it). A function: index.ts re-exports this module, so Labels is read lazily. */
export const routeGroupBy = (): string[] => [ALERTNAME, Labels.service, Labels.slo];
