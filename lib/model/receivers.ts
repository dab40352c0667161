/**
 * Notification integrations a team's receivers are made of. Every credential is a Secret
 * reference (see secrets.ts); the types say so, and `check()` catches a JS caller passing a value.
 */
import { ALERTMANAGER_SINCE, type AlertmanagerSettings } from './alertmanager-settings';
import { checkPlain, checkSecretRef, looksLikeSecret, Masked, showRef, type Finding, type SecretKeyRef } from './secrets';
import { checkTemplate } from './templates';

export interface SlackProps {
  /** Channel (`#name`), user (`@name`) or channel id. */
  readonly channel: string;
  /** The incoming-webhook URL, kept in a Secret (`api_url_file` / `apiURL`). */
  readonly apiUrl: SecretKeyRef;
  /**
   * Message title, a notification template (e.g. seed 002's `'🚨 CRITICAL: Neural DSL'`).
   * @default status, firing count, alert name and service
   */
  readonly title?: string;
  /**
   * Message text, a notification template.
   * @default each alert's summary in bold, then its description
   */
  readonly text?: string;
  /**
   * Also notify when the alert resolves.
   * @default true
   */
  readonly sendResolved?: boolean;
}

export interface PagerDutyProps {
  /**
   * Events API v2 integration key, kept in a Secret (`routing_key_file` / `routingKey`). Give it or `serviceKey`.
   * @default none: then `serviceKey` is required
   */
  readonly routingKey?: SecretKeyRef;
  /**
   * Events API v1 service key of a legacy "Prometheus" integration, kept in a Secret (`service_key_file` / `serviceKey`).
   * @default none: then `routingKey` is required
   */
  readonly serviceKey?: SecretKeyRef;
  /**
   * @default true
   */
  readonly sendResolved?: boolean;
}

export interface OpsgenieProps {
  /** API key, kept in a Secret (`api_key_file` / `apiKey`). */
  readonly apiKey: SecretKeyRef;
  /**
   * Opsgenie priority, P1 (highest) to P5.
   * @default Opsgenie's default (P3)
   */
  readonly priority?: 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
  /**
   * @default true
   */
  readonly sendResolved?: boolean;
}

export interface EmailProps {
  /** Recipient address. */
  readonly to: string;
  /** Sender address. */
  readonly from: string;
  /** SMTP server, `host:port`. */
  readonly smarthost: string;
  /**
   * SMTP user name.
   * @default no authentication
   */
  readonly authUsername?: string;
  /**
   * SMTP password, kept in a Secret (`auth_password_file` / `authPassword`).
   * @default no authentication
   */
  readonly authPassword?: SecretKeyRef;
  /**
   * Require STARTTLS.
   * @default true
   */
  readonly requireTls?: boolean;
  /**
   * The `Subject` header, a notification template.
   * @default Alertmanager's (`[FIRING:1] <group labels>`)
   */
  readonly subject?: string;
  /**
   * @default false
   */
  readonly sendResolved?: boolean;
}

export interface WebhookProps {
  /**
   * Endpoint. From Alertmanager 0.26 (settings `alertmanager.version`) a Secret reference to a key
   * holding the URL (`url_file` / `urlSecret`), so webhook URLs with tokens in them never reach dist/.
   * For 0.25, which cannot read it from a file, a plain `http(s)://…` URL without credentials or tokens.
   */
  readonly url: SecretKeyRef | string;
  /**
   * Bearer token sent in the Authorization header, kept in a Secret (`credentials_file` / `credentials`).
   * @default no Authorization header
   */
  readonly bearerToken?: SecretKeyRef;
  /**
   * At most this many alerts per message.
   * @default 0 (all)
   */
  readonly maxAlerts?: number;
  /**
   * @default true
   */
  readonly sendResolved?: boolean;
}

export type IntegrationKind = 'slack' | 'pagerduty' | 'opsgenie' | 'email' | 'webhook';

interface KindProps {
  slack: SlackProps;
  pagerduty: PagerDutyProps;
  opsgenie: OpsgenieProps;
  email: EmailProps;
  webhook: WebhookProps;
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const CHANNEL = /^[#@]?[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** One notification integration (a `*_configs` entry of a receiver). */
export class Integration<K extends IntegrationKind = IntegrationKind> {
  static slack(props: SlackProps): Integration<'slack'> {
    return new Integration('slack', props);
  }
  static pagerDuty(props: PagerDutyProps): Integration<'pagerduty'> {
    return new Integration('pagerduty', props);
  }
  static opsgenie(props: OpsgenieProps): Integration<'opsgenie'> {
    return new Integration('opsgenie', props);
  }
  static email(props: EmailProps): Integration<'email'> {
    return new Integration('email', props);
  }
  static webhook(props: WebhookProps): Integration<'webhook'> {
    return new Integration('webhook', props);
  }

  private constructor(
    readonly kind: K,
    readonly props: KindProps[K],
  ) {}

  /** Whether this integration is of kind `kind` (narrows `props`). */
  is<T extends IntegrationKind>(kind: T): this is Integration<T> {
    return (this.kind as IntegrationKind) === kind;
  }

  /** What is wrong with the props for the targeted Alertmanager; `subject` prefixes each finding (e.g. `receiver "pager" slack`). */
  check(subject: string, am: AlertmanagerSettings): Finding[] {
    const s = (field: string) => `${subject} ${field}`;
    const out: Finding[] = [];
    if (this.is('slack')) {
      out.push(...checkPlain(s('channel'), this.props.channel, 'a Slack channel such as "#edge-alerts"', (v) => CHANNEL.test(v)));
      out.push(...checkSecretRef(s('apiUrl'), this.props.apiUrl));
      for (const field of ['title', 'text'] as const) if (this.props[field] !== undefined) out.push(...checkTemplate(s(field), this.props[field]));
    } else if (this.is('pagerduty')) {
      const { routingKey, serviceKey } = this.props;
      if ((routingKey === undefined) === (serviceKey === undefined)) {
        const given = routingKey === undefined ? 'neither' : 'both';
        out.push({ subject: s('routingKey'), value: { toString: () => given }, expected: 'either routingKey (Events API v2) or serviceKey (Events API v1), not both and not neither' });
      }
      if (routingKey !== undefined) out.push(...checkSecretRef(s('routingKey'), routingKey));
      if (serviceKey !== undefined) out.push(...checkSecretRef(s('serviceKey'), serviceKey));
    } else if (this.is('opsgenie')) {
      out.push(...checkSecretRef(s('apiKey'), this.props.apiKey));
      const pr = this.props.priority;
      if (pr !== undefined && !/^P[1-5]$/.test(pr)) out.push({ subject: s('priority'), value: pr, expected: 'P1, P2, P3, P4 or P5' });
    } else if (this.is('email')) {
      const p = this.props;
      out.push(...checkPlain(s('to'), p.to, 'an email address', (v) => EMAIL.test(v)));
      out.push(...checkPlain(s('from'), p.from, 'an email address', (v) => EMAIL.test(v)));
      out.push(...checkPlain(s('smarthost'), p.smarthost, 'an SMTP server as host:port', (v) => HOST_PORT.test(v)));
      if (p.authUsername !== undefined) out.push(...checkPlain(s('authUsername'), p.authUsername, 'a user name', (v) => v.trim() !== ''));
      if (p.authPassword !== undefined) out.push(...checkSecretRef(s('authPassword'), p.authPassword));
      if (p.subject !== undefined) out.push(...checkTemplate(s('subject'), p.subject));
      if ((p.authUsername === undefined) !== (p.authPassword === undefined)) {
        out.push({ subject: s('authUsername'), value: p.authUsername, expected: 'authUsername and authPassword together, or neither' });
      }
    } else if (this.is('webhook')) {
      const p = this.props;
      out.push(...checkWebhookUrl(s('url'), p.url, am));
      if (p.bearerToken !== undefined) out.push(...checkSecretRef(s('bearerToken'), p.bearerToken));
      const max = p.maxAlerts;
      if (max !== undefined && !(Number.isInteger(max) && max >= 0)) out.push({ subject: s('maxAlerts'), value: max, expected: 'a whole number >= 0' });
    }
    return out;
  }
}

const PLAIN_URL = 'an http(s) URL without credentials';

/** A Secret reference where the release reads `url_file`, a plain URL where it cannot; either when the version is invalid. */
function checkWebhookUrl(subject: string, url: unknown, am: AlertmanagerSettings): Finding[] {
  const fromFile = am.supports('webhookUrlFile');
  const since = `0.${ALERTMANAGER_SINCE.webhookUrlFile}`;
  const before = `0.${ALERTMANAGER_SINCE.webhookUrlFile - 1}`;
  const isRef = typeof url === 'object' && url !== null;
  if (isRef && fromFile === false) {
    return [{ subject, value: showRef(url), expected: `${PLAIN_URL}: Alertmanager ${am.version} has no url_file (it came in ${since}), so set alertmanager.version to ${since} or later to keep the URL in a Secret` }];
  }
  if (!isRef && fromFile === true) {
    return [{ subject, value: typeof url === 'string' && !looksLikeSecret(url) ? url : new Masked(url), expected: `a Secret reference { name, key } to a key holding the URL: Alertmanager ${am.version} reads it from url_file, so it is never written in plain text (a plain URL only with alertmanager.version ${before})` }];
  }
  return isRef ? checkSecretRef(subject, url) : checkPlain(subject, url, PLAIN_URL, isPlainUrl);
}

function isPlainUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
