/**
 * Secrets are only ever named, never written: a receiver points at a key of a Kubernetes Secret,
 * which the plain config reads as a mounted file and the operator resolves itself. Values that look
 * like secrets are rejected wherever a plain value is expected, and never echoed in a message.
 */

/** A key of a Kubernetes Secret (the operator's SecretKeySelector). */
export interface SecretKeyRef {
  /** Name of the Secret, in the namespace of the team's AlertmanagerConfig. */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** Shows that a value was given without showing it: `Problems.error` prints it with `String()`. */
export class Masked {
  constructor(private readonly value: unknown) {}
  toString(): string {
    if (typeof this.value === 'string') return `<masked string of ${this.value.length} characters>`;
    if (this.value === undefined || this.value === null) return String(this.value);
    return `<masked ${Array.isArray(this.value) ? 'array' : typeof this.value}>`;
  }
}

/** A Secret reference for a message, `{ name: "s", key: "k" }`: it names the secret, never holds it, and is shown masked if malformed. */
export function showRef(ref: unknown): unknown {
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return new Masked(ref);
  const { name, key } = ref as Record<string, unknown>;
  const part = (v: unknown) => (typeof v === 'string' && !looksLikeSecret(v) ? JSON.stringify(v) : new Masked(v).toString());
  return { toString: () => `{ name: ${part(name)}, key: ${part(key)} }` };
}

const SECRET_SHAPES: readonly RegExp[] = [
  /hooks\.slack\.com\/(services|workflows|triggers)\//i,
  /\bxox[abposr]-/,
  /:\/\/[^/\s:@]+:[^/\s@]+@/, // credentials in a URL
  /[?&](token|key|api[_-]?key|secret|password|sig|signature|code|auth)=/i,
  /^[0-9a-f]{32,}$/i, // PagerDuty integration keys and similar hex tokens
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // Opsgenie API keys
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

/** A long run of letters and digits in mixed case, as random tokens are, and names are not. */
const TOKEN = /^(?=.*[0-9])(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9+/=_]{20,}$/;

/** Whether a plain value looks like secret material (webhook URLs with keys, tokens, credentials). */
export function looksLikeSecret(value: string): boolean {
  return SECRET_SHAPES.some((re) => re.test(value)) || TOKEN.test(value);
}

const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

export interface Finding {
  readonly subject: string;
  readonly value: unknown;
  readonly expected: string;
}

/** Checks a field meant to hold a Secret reference; every bad value is reported masked. */
export function checkSecretRef(subject: string, ref: unknown): Finding[] {
  const expected =
    'a Secret reference { name, key }: put the value in a Kubernetes Secret and name it here, never the value itself';
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return [{ subject, value: new Masked(ref), expected }];
  const { name, key } = ref as Record<string, unknown>;
  const out: Finding[] = [];
  if (typeof name !== 'string' || name.length > 253 || !SECRET_NAME.test(name) || looksLikeSecret(name)) {
    out.push({ subject: `${subject}.name`, value: new Masked(name), expected: 'the name of a Kubernetes Secret (a DNS-1123 subdomain)' });
  }
  if (typeof key !== 'string' || key.length > 253 || !SECRET_KEY.test(key) || looksLikeSecret(key)) {
    out.push({ subject: `${subject}.key`, value: new Masked(key), expected: 'a key of that Secret (letters, digits, "-", "_" and ".")' });
  }
  return out;
}

/** Checks a plain (non-secret) string field: it must be a string, and must not carry a secret. */
export function checkPlain(subject: string, value: unknown, expected: string, valid: (v: string) => boolean): Finding[] {
  if (typeof value === 'string' && looksLikeSecret(value)) {
    return [{ subject, value: new Masked(value), expected: `${expected}, not a secret (secrets belong in a Kubernetes Secret, referenced by { name, key })` }];
  }
  if (typeof value !== 'string' || !valid(value)) return [{ subject, value, expected }];
  return [];
}
