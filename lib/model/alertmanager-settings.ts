/** Platform-level Alertmanager settings: the catch-all receiver, extra routes, timings, secret mounts. */
import { DEFAULT_SECRETS_DIR, Receivers, routeGroupBy, type Severity } from '../conventions';
import type { Matcher } from '../promql/expr';
import { CURRENT, OLDEST } from '../toolchain';
import type { InhibitRuleProps } from './grouping';
import type { Integration } from './receivers';

type Minor = 25 | 26 | 27 | 28 | 29 | 30 | 31 | 32 | 33 | 34 | 35;
/** An Alertmanager release in the supported range (lib/toolchain's OLDEST to CURRENT): `0.<minor>` or `0.<minor>.<patch>`. */
export type AlertmanagerVersion = `0.${Minor}` | `0.${Minor}.${number}`;

/** `"0.35"` or `"0.35.1"` → 35; undefined for any other spelling. */
export function alertmanagerMinor(version: unknown): number | undefined {
  const m = typeof version === 'string' ? /^0\.(\d+)(\.\d+)?$/.exec(version) : null;
  return m ? Number(m[1]) : undefined;
}

/** The supported minors, from the two toolchains the tests check against. */
export const ALERTMANAGER_RANGE = { oldest: alertmanagerMinor(OLDEST.alertmanager)!, current: alertmanagerMinor(CURRENT.alertmanager)! } as const;

/** The default `version`: the current toolchain's, as `0.<minor>`. */
export const DEFAULT_ALERTMANAGER_VERSION = `0.${ALERTMANAGER_RANGE.current}` as AlertmanagerVersion;

/** First minor that reads each version-dependent field we generate (confirmed with amtool 0.25 and 0.35). */
export const ALERTMANAGER_SINCE = {
  /** webhook `url_file`; 0.25 fails with "field url_file not found in type config.plain". */
  webhookUrlFile: 26,
} as const;
export type AlertmanagerFeature = keyof typeof ALERTMANAGER_SINCE;

/** A receiver owned by the platform rather than a team; named as given. */
export interface PlatformReceiver {
  readonly name: string;
  /**
   * @default [] (a null receiver: matching alerts are dropped)
   */
  readonly integrations?: readonly Integration[];
}

/** A route placed before the team routes, e.g. a dead man's switch or a copy of every page to an audit log. */
export interface ExtraRoute {
  /** All must match; build them with `eq`, `neq`, `re`, `nre` from lib/promql. */
  readonly matchers: readonly Matcher[];
  /** Name of a platform receiver, or of a team receiver (`<team>-<key>`). */
  readonly receiver: string;
  /**
   * Keep looking for routes after this one matches (the team still gets the alert).
   * @default false
   */
  readonly continue?: boolean;
}

export interface RouteTimings {
  /** @default per severity, see AlertmanagerSettingsProps.timings */
  readonly groupWait?: string;
  /** @default per severity */
  readonly groupInterval?: string;
  /** @default per severity */
  readonly repeatInterval?: string;
}

export interface AlertmanagerSettingsProps {
  /**
   * The Alertmanager release the config is for. From 0.26 a webhook's URL is a Secret reference
   * (`url_file`); 0.25 only takes it in plain text.
   * @default '0.35' (the current release the tests check against)
   */
  readonly version?: AlertmanagerVersion;
  /**
   * Root receiver: alerts no route matches (no known `team` label).
   * @default { name: 'unrouted' }, a null receiver
   */
  readonly defaultReceiver?: PlatformReceiver;
  /**
   * More platform receivers, for extra routes.
   * @default []
   */
  readonly receivers?: readonly PlatformReceiver[];
  /**
   * Routes evaluated before the team routes, in order.
   * @default []
   */
  readonly extraRoutes?: readonly ExtraRoute[];
  /**
   * Notification timings of the root route (`default`) and of each severity.
   * @default default 30s/5m/4h, critical 10s/5m/1h, warning 1m/10m/12h, info 5m/30m/24h (wait/interval/repeat)
   */
  readonly timings?: Readonly<Partial<Record<Severity | 'default', RouteTimings>>>;
  /**
   * `group_by` of the root route, which every team inherits unless it sets its own. Each label must be one
   * generated alerts carry (label contract, external labels, labels declared on services and SLOs), or `['...']`.
   * @default ['alertname', 'service', 'slo']
   */
  readonly groupBy?: readonly string[];
  /**
   * Inhibit rules beside the generated ones, for every team's alerts; on labels generated alerts carry.
   * @default []
   */
  readonly inhibitRules?: readonly InhibitRuleProps[];
  /**
   * Directory Kubernetes Secrets are mounted in (`<dir>/<secret>/<key>`), for the plain config's `*_file` fields.
   * @default '/etc/alertmanager/secrets' (the operator's mount point for `Alertmanager.spec.secrets`)
   */
  readonly secretsDir?: string;
  /**
   * `global.resolve_timeout`.
   * @default '5m'
   */
  readonly resolveTimeout?: string;
  /**
   * The Alertmanager CR's `alertmanagerConfigMatcherStrategy`. `OnNamespace` scopes each AlertmanagerConfig to
   * its namespace, so a team's AlertmanagerConfig goes in its services' namespace; with `None` it goes in `namespace`.
   * @default 'OnNamespace'
   */
  readonly matcherStrategy?: 'OnNamespace' | 'None';
  /**
   * Namespace of the AlertmanagerConfig objects when matcherStrategy is `None`.
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

const DEFAULT_TIMINGS: Record<Severity | 'default', Required<RouteTimings>> = {
  default: { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
  critical: { groupWait: '10s', groupInterval: '5m', repeatInterval: '1h' },
  warning: { groupWait: '1m', groupInterval: '10m', repeatInterval: '12h' },
  info: { groupWait: '5m', groupInterval: '30m', repeatInterval: '24h' },
};

/** Resolved Alertmanager settings: every default applied. */
export class AlertmanagerSettings {
  readonly version: string;
  /** The version's minor when it is in the supported range; undefined otherwise (a settings problem). */
  readonly minor: number | undefined;
  readonly defaultReceiver: Required<PlatformReceiver>;
  readonly receivers: readonly Required<PlatformReceiver>[];
  readonly extraRoutes: readonly Required<ExtraRoute>[];
  readonly timings: Readonly<Record<Severity | 'default', Required<RouteTimings>>>;
  readonly groupBy: readonly string[];
  readonly inhibitRules: readonly Required<InhibitRuleProps>[];
  readonly secretsDir: string;
  readonly resolveTimeout: string;
  readonly matcherStrategy: 'OnNamespace' | 'None';
  /** The keys given in `timings`, checked against the severities. */
  readonly timingKeys: readonly string[];
  readonly namespace: string;

  constructor(props: AlertmanagerSettingsProps = {}) {
    this.version = props.version ?? DEFAULT_ALERTMANAGER_VERSION;
    const minor = alertmanagerMinor(this.version);
    this.minor = minor !== undefined && minor >= ALERTMANAGER_RANGE.oldest && minor <= ALERTMANAGER_RANGE.current ? minor : undefined;
    const receiver = (r: PlatformReceiver) => ({ name: r.name, integrations: [...(r.integrations ?? [])] });
    this.defaultReceiver = receiver(props.defaultReceiver ?? { name: Receivers.defaultName });
    this.receivers = (props.receivers ?? []).map(receiver);
    this.extraRoutes = (props.extraRoutes ?? []).map((r) => ({ matchers: [...r.matchers], receiver: r.receiver, continue: r.continue ?? false }));
    const t = props.timings ?? {};
    const timing = (k: Severity | 'default') => ({ ...DEFAULT_TIMINGS[k], ...(t[k] ?? {}) });
    this.timingKeys = Object.keys(t);
    this.timings = { default: timing('default'), critical: timing('critical'), warning: timing('warning'), info: timing('info') };
    this.groupBy = [...(props.groupBy ?? routeGroupBy())];
    this.inhibitRules = (props.inhibitRules ?? []).map(resolveInhibitRule);
    this.secretsDir = props.secretsDir ?? DEFAULT_SECRETS_DIR;
    this.resolveTimeout = props.resolveTimeout ?? '5m';
    this.matcherStrategy = props.matcherStrategy ?? 'OnNamespace';
    this.namespace = props.namespace ?? 'monitoring';
  }

  /** Whether the targeted release reads `feature`; undefined when the version is not valid, so only the version is reported. */
  supports(feature: AlertmanagerFeature): boolean | undefined {
    return this.minor === undefined ? undefined : this.minor >= ALERTMANAGER_SINCE[feature];
  }
}

/** An inhibit rule with its default applied (lists copied, so later edits of the props do not leak in). */
export const resolveInhibitRule = (r: InhibitRuleProps): Required<InhibitRuleProps> => ({ source: [...(r.source ?? [])], target: [...(r.target ?? [])], equal: [...(r.equal ?? [])] });
