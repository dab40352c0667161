/**
 * Scrape TLS and authentication in both spellings: Secret key selectors for the ServiceMonitor /
 * PodMonitor, `*_file` paths under the Prometheus secrets mount for prometheus.yml. No value is written.
 */
import { secretFile } from '../conventions';
import type { ResolvedScrape } from '../model/service';
import type { SecretKeyRef } from '../model/secrets';

type Obj = Record<string, unknown>;
const selector = (ref: SecretKeyRef) => ({ name: ref.name, key: ref.key });

/** Endpoint fields of the operator's objects (SafeTLSConfig, SafeAuthorization, BasicAuth). */
export function operatorScrapeAuth(s: ResolvedScrape): Obj {
  const out: Obj = {};
  if (s.honorLabels) out.honorLabels = true;
  if (s.tls) {
    const tls: Obj = {};
    if (s.tls.ca) tls.ca = { secret: selector(s.tls.ca) };
    if (s.tls.cert) tls.cert = { secret: selector(s.tls.cert) };
    if (s.tls.key) tls.keySecret = selector(s.tls.key);
    if (s.tls.serverName !== undefined) tls.serverName = s.tls.serverName;
    out.tlsConfig = tls;
  }
  if (s.bearerToken) out.authorization = { type: 'Bearer', credentials: selector(s.bearerToken) };
  if (s.basicAuth) out.basicAuth = { username: { name: s.basicAuth.password.name, key: s.basicAuth.usernameKey }, password: selector(s.basicAuth.password) };
  return out;
}

/** Job fields of prometheus.yml; the Secrets are mounted as files under `secretsDir`. */
export function plainScrapeAuth(s: ResolvedScrape, secretsDir: string): Obj {
  const file = (ref: SecretKeyRef) => secretFile(secretsDir, ref.name, ref.key);
  const out: Obj = {};
  if (s.honorLabels) out.honor_labels = true;
  if (s.tls) {
    const tls: Obj = {};
    if (s.tls.ca) tls.ca_file = file(s.tls.ca);
    if (s.tls.cert) tls.cert_file = file(s.tls.cert);
    if (s.tls.key) tls.key_file = file(s.tls.key);
    if (s.tls.serverName !== undefined) tls.server_name = s.tls.serverName;
    out.tls_config = tls;
  }
  if (s.bearerToken) out.authorization = { type: 'Bearer', credentials_file: file(s.bearerToken) };
  // The user name is not a secret to Prometheus: 2.42 has no username_file.
  if (s.basicAuth) out.basic_auth = { username: s.basicAuth.username, password_file: file(s.basicAuth.password) };
  return out;
}
