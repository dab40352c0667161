/** Checks of the scrape security settings, the monitor object's labels and the rule-group interval. */
import { Labels, MANAGED_BY } from '../conventions';
import { parseDuration } from '../promql/format';
import { checkDuration } from './names';
import { show } from './problems';
import { checkPlain, checkSecretRef, showRef, type Finding } from './secrets';
import type { ResolvedScrape } from './service';
import type { Settings } from './settings';
import type { Slo } from './slo';

const HOST = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
export const K8S_LABEL_KEY = /^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
export const K8S_LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** TLS, bearer token and basic auth of a scrape endpoint: Secret references only, one Authorization header. */
export function scrapeAuthProblems(sc: ResolvedScrape): Finding[] {
  const out: Finding[] = [];
  const tls = sc.tls;
  if (tls) {
    if (sc.scheme !== 'https') out.push({ subject: 'scrape.scheme', value: sc.scheme, expected: '"https" when scrape.tls is set (TLS settings only apply to https targets)' });
    for (const field of ['ca', 'cert', 'key'] as const) if (tls[field] !== undefined) out.push(...checkSecretRef(`scrape.tls.${field}`, tls[field]));
    if ((tls.cert === undefined) !== (tls.key === undefined)) {
      const given = tls.cert === undefined ? 'key' : 'cert';
      out.push({ subject: `scrape.tls.${given}`, value: showRef(tls[given]), expected: 'cert and key together (a client certificate needs its key), or neither' });
    }
    if (tls.serverName !== undefined) out.push(...checkPlain('scrape.tls.serverName', tls.serverName, 'a host name such as "neural-api.neural-prod.svc"', (v) => HOST.test(v) && v.length <= 253));
  }
  if (sc.bearerToken !== undefined) out.push(...checkSecretRef('scrape.bearerToken', sc.bearerToken));
  const ba = sc.basicAuth;
  if (ba) {
    out.push(...checkPlain('scrape.basicAuth.username', ba.username, 'a user name without ":"', (v) => v !== '' && !v.includes(':')));
    out.push(...checkSecretRef('scrape.basicAuth.password', ba.password));
    if (typeof ba.usernameKey !== 'string' || !SECRET_KEY.test(ba.usernameKey)) {
      out.push({ subject: 'scrape.basicAuth.usernameKey', value: ba.usernameKey, expected: 'a key of the password\'s Secret (letters, digits, "-", "_" and ".")' });
    }
    if (sc.bearerToken !== undefined) out.push({ subject: 'scrape.basicAuth', value: { toString: () => 'basicAuth and bearerToken' }, expected: 'at most one of bearerToken and basicAuth (a scrape sends one Authorization header)' });
  }
  if (typeof sc.honorLabels !== 'boolean') out.push({ subject: 'scrape.honorLabels', value: sc.honorLabels, expected: 'true or false' });
  return out;
}

/** Extra labels of the ServiceMonitor / PodMonitor: Kubernetes syntax, and none of the labels we set on it. */
export function monitorLabelProblems(labels: Readonly<Record<string, string>>, selection: Readonly<Record<string, string>>): Finding[] {
  const ours = [...Object.keys(selection), ...Object.keys(MANAGED_BY), Labels.team];
  const out: Finding[] = [];
  for (const [k, v] of Object.entries(labels)) {
    if (!K8S_LABEL_KEY.test(k) || k.length > 316) out.push({ subject: 'monitorLabels label name', value: k, expected: 'a Kubernetes label key, such as "app" or "example.com/owner"' });
    else if (ours.includes(k)) out.push({ subject: 'monitorLabels label name', value: k, expected: `a label the object does not carry already (${ours.map((x) => JSON.stringify(x)).join(', ')} are set for the operator's selection and ownership)` });
    if (typeof v !== 'string' || v.length > 63 || !K8S_LABEL_VALUE.test(v)) out.push({ subject: `monitorLabels.${k}`, value: v, expected: 'a Kubernetes label value: at most 63 characters of letters, digits, "-", "_" and "."' });
  }
  return out;
}

/** A rule interval longer than an SLO's shortest alert window would see its burns late, or not at all. */
export function ruleIntervalProblems(interval: string | undefined, slos: readonly Slo[]): string[] {
  const ms = interval === undefined ? undefined : parseDuration(interval);
  if (ms === undefined) return [];
  const out: string[] = [];
  for (const slo of slos) {
    const shortest = slo.windows.reduce((min, w) => (w.shortMs > 0 && w.shortMs < min.shortMs ? w : min), slo.windows[0]!);
    if (shortest && shortest.shortMs > 0 && ms > shortest.shortMs) {
      out.push(`ruleInterval: got ${show(interval)}, expected an interval no longer than the shortest alert window of SLO "${slo.name}" (${shortest.shortWindow}), or its alerts would read stale windows`);
    }
  }
  return out;
}

/** The platform's Prometheus settings this module adds: rule interval and secrets mount. */
export function prometheusSettingsProblems(settings: Settings): string[] {
  const out: string[] = [];
  if (settings.ruleInterval !== undefined) {
    const d = checkDuration(settings.ruleInterval);
    if (d) out.push(`prometheus.ruleInterval: got ${show(settings.ruleInterval)}, expected ${d}`);
  }
  if (!settings.secretsDir.startsWith('/')) out.push(`prometheus.secretsDir: got ${show(settings.secretsDir)}, expected an absolute path`);
  return out;
}
