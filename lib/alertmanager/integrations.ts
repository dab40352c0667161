/**
 * Receivers in both spellings. Credentials become `*_file` paths under the secrets mount (plain) or
 * SecretKeySelectors (operator); no value is ever written.
 */
import { secretFile } from '../conventions';
import type { Integration, IntegrationKind } from '../model/receivers';
import type { SecretKeyRef } from '../model/secrets';
import { SLACK_TITLE, SLACK_TEXT } from './templates';

type Obj = Record<string, unknown>;

/** Field order of `*_configs` inside a receiver, so output never depends on declaration order. */
const KINDS: readonly IntegrationKind[] = ['pagerduty', 'opsgenie', 'slack', 'email', 'webhook'];

/** A credential: a `*_file` path in the plain config, a SecretKeySelector for the operator. */
class SecretField {
  constructor(readonly ref: SecretKeyRef) {}
}

/** Email headers: a mapping in the plain config, a `{key, value}` list in the AlertmanagerConfig. */
class Headers {
  constructor(readonly map: Readonly<Record<string, string>>) {}
}

/** One field in both spellings: [plain key, operator key, value]; a nested list is a nested object. */
type Field = readonly [string, string, unknown];

function fields(i: Integration): Field[] {
  const secret = (ref: SecretKeyRef) => new SecretField(ref);
  const optional = (f: Field): Field[] => (f[2] === undefined ? [] : [f]);
  if (i.is('slack')) {
    const p = i.props;
    return [['api_url_file', 'apiURL', secret(p.apiUrl)], ['channel', 'channel', p.channel], ['send_resolved', 'sendResolved', p.sendResolved ?? true], ['title', 'title', p.title ?? SLACK_TITLE], ['text', 'text', p.text ?? SLACK_TEXT]];
  }
  if (i.is('pagerduty')) {
    const p = i.props;
    // Events API v2 (routing key) or v1 (service key); the model allows exactly one.
    const key: Field = p.routingKey ? ['routing_key_file', 'routingKey', secret(p.routingKey)] : ['service_key_file', 'serviceKey', secret(p.serviceKey!)];
    return [key, ['send_resolved', 'sendResolved', p.sendResolved ?? true]];
  }
  if (i.is('opsgenie')) {
    const p = i.props;
    return [['api_key_file', 'apiKey', secret(p.apiKey)], ['send_resolved', 'sendResolved', p.sendResolved ?? true], ...optional(['priority', 'priority', p.priority])];
  }
  if (i.is('email')) {
    const p = i.props;
    const auth: Field[] = p.authUsername !== undefined && p.authPassword ? [['auth_username', 'authUsername', p.authUsername], ['auth_password_file', 'authPassword', secret(p.authPassword)]] : [];
    // Headers: a map in the plain config, a list of {key, value} in the CR.
    const headers: Field[] = p.subject === undefined ? [] : [['headers', 'headers', new Headers({ Subject: p.subject })]];
    return [['to', 'to', p.to], ['from', 'from', p.from], ['smarthost', 'smarthost', p.smarthost], ...auth, ['require_tls', 'requireTLS', p.requireTls ?? true], ...headers, ['send_resolved', 'sendResolved', p.sendResolved ?? false]];
  }
  const p = (i as Integration<'webhook'>).props;
  const auth: Field[] = p.bearerToken
    ? [['http_config', 'httpConfig', [['authorization', 'authorization', [['type', 'type', 'Bearer'], ['credentials_file', 'credentials', secret(p.bearerToken)]]]]]]
    : [];
  // The model only allows a reference where the targeted release reads url_file (0.26+).
  const url: Field = typeof p.url === 'string' ? ['url', 'url', p.url] : ['url_file', 'urlSecret', secret(p.url)];
  return [url, ['send_resolved', 'sendResolved', p.sendResolved ?? true], ['max_alerts', 'maxAlerts', p.maxAlerts ?? 0], ...auth];
}

function print(list: readonly Field[], style: 'plain' | 'operator', secretsDir: string): Obj {
  const out: Obj = {};
  for (const [plainKey, operatorKey, value] of list) {
    let v: unknown = value;
    if (value instanceof SecretField) v = style === 'plain' ? secretFile(secretsDir, value.ref.name, value.ref.key) : { name: value.ref.name, key: value.ref.key };
    else if (value instanceof Headers) v = style === 'plain' ? { ...value.map } : Object.entries(value.map).map(([key, val]) => ({ key, value: val }));
    else if (Array.isArray(value)) v = print(value as Field[], style, secretsDir);
    out[style === 'plain' ? plainKey : operatorKey] = v;
  }
  return out;
}

const PLAIN_KEY: Record<IntegrationKind, string> = {
  pagerduty: 'pagerduty_configs', opsgenie: 'opsgenie_configs', slack: 'slack_configs', email: 'email_configs', webhook: 'webhook_configs',
};
const OPERATOR_KEY: Record<IntegrationKind, string> = {
  pagerduty: 'pagerdutyConfigs', opsgenie: 'opsgenieConfigs', slack: 'slackConfigs', email: 'emailConfigs', webhook: 'webhookConfigs',
};

function receiver(name: string, integrations: readonly Integration[], keys: Record<IntegrationKind, string>, print: (i: Integration) => Obj): Obj {
  const out: Obj = { name };
  for (const kind of KINDS) {
    const of = integrations.filter((i) => i.kind === kind);
    if (of.length) out[keys[kind]] = of.map(print);
  }
  return out;
}

export const plainReceiver = (name: string, integrations: readonly Integration[], secretsDir: string): Obj =>
  receiver(name, integrations, PLAIN_KEY, (i) => print(fields(i), 'plain', secretsDir));

export const operatorReceiver = (name: string, integrations: readonly Integration[]): Obj =>
  receiver(name, integrations, OPERATOR_KEY, (i) => print(fields(i), 'operator', ''));
