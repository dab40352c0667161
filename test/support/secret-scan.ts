/**
 * Finds secret material in generated files. Kept apart from the model's own checks on purpose: it
 * judges the files as written, whatever code wrote them. Findings name the file, line and rule,
 * never the value.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles } from './synth';

export interface Leak {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
}

/** Values that are secrets wherever they stand. */
const VALUE_RULES: ReadonlyArray<readonly [string, RegExp]> = [
  ['slack-webhook-url', /hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9_/-]+/i],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['credentials-in-url', /[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']+:[^\s/@"']+@/i],
  ['secret-url-parameter', /[?&](token|key|api[_-]?key|apikey|secret|password|sig|signature|auth|access_token|routing_key|integration_key)=[^&\s"']+/i],
  ['private-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['aws-access-key', /\bAKIA[0-9A-Z]{16}\b/],
  ['github-token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['jwt', /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./],
  ['bearer-token', /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/],
  ['hex-key-value', /[:=]\s*["']?[0-9a-f]{32,}["']?\s*,?\s*$/i],
];

/**
 * Fields that may only ever name a secret (a `*_file` path or a `{name, key}` reference): any
 * inline scalar beside them is a leak, whatever it looks like.
 */
const INLINE_SECRET_FIELD =
  /^\s*(?:-\s+)?["']?(api_url|slack_api_url|routing_key|service_key|api_key|opsgenie_api_key|auth_password|smtp_auth_password|auth_secret|password|credentials|bearer_token|token|secret|client_secret|apiURL|routingKey|serviceKey|apiKey|authPassword|authSecret|bearerToken|clientSecret|urlSecret|basicAuthPassword)["']?\s*:\s*(.*)$/;

function inlineSecret(line: string): boolean {
  const m = INLINE_SECRET_FIELD.exec(line);
  if (!m) return false;
  const value = m[2]!.trim().replace(/,$/, '');
  // Empty (a nested mapping follows), a flow mapping reference, or JSON's opening brace.
  return !(value === '' || value.startsWith('{') || value === 'null' || value === '""' || value === "''");
}

export interface ScanOptions {
  /**
   * Treat a webhook's plain `url` as a leak: configs for Alertmanager 0.26+ keep it in a Secret
   * (`url_file` / `urlSecret`), and such URLs often carry a token.
   * @default false (Alertmanager 0.25 can only take the URL as is)
   */
  readonly webhookUrls?: boolean;
}

const WEBHOOK_BLOCK = /^(\s*)(?:-\s+)?["']?(webhook_configs|webhookConfigs)["']?\s*:\s*$/;
const URL_FIELD = /^\s*(?:-\s+)?["']?url["']?\s*:\s*(\S.*)?$/;
const indentOf = (line: string) => /^\s*/.exec(line)![0].length;

/** The pod annotation that rolls a workload: a sha256 of the generated config it mounts, which is public. */
const CONFIG_CHECKSUM = /^\s*checksum\/config:\s*[0-9a-f]{64}\s*$/;

export function scanText(file: string, text: string, options: ScanOptions = {}): Leak[] {
  const out: Leak[] = [];
  let webhookIndent: number | undefined; // indent of the `webhook_configs:` key we are below, if any
  text.split('\n').forEach((line, i) => {
    if (CONFIG_CHECKSUM.test(line)) return;
    for (const [rule, re] of VALUE_RULES) if (re.test(line)) out.push({ file, line: i + 1, rule });
    if (inlineSecret(line)) out.push({ file, line: i + 1, rule: 'inline-secret-field' });
    if (!options.webhookUrls) return;
    // A block ends at the first line as shallow as its key, except YAML's `- ` items at the key's own indent.
    if (webhookIndent !== undefined && line.trim() !== '' && (indentOf(line) < webhookIndent || (indentOf(line) === webhookIndent && !line.trimStart().startsWith('- ')))) webhookIndent = undefined;
    const block = WEBHOOK_BLOCK.exec(line);
    if (block) webhookIndent = block[1]!.length;
    else if (webhookIndent !== undefined && URL_FIELD.exec(line)?.[1] !== undefined) out.push({ file, line: i + 1, rule: 'plain-webhook-url' });
  });
  return out;
}

/** Scans every file below `dir`. */
export function scanDir(dir: string, options: ScanOptions = {}): Leak[] {
  return listFiles(dir).flatMap((rel) => scanText(rel, fs.readFileSync(path.join(dir, rel), 'utf8'), options));
}
