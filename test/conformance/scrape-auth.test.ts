/**
 * Scrape TLS, bearer token, basic auth, honor_labels and monitor labels (seed 002): exact errors, the
 * operator objects against their schemas, prometheus.yml through promtool 2.42 and 3.16 (which stat
 * every *_file, so the test mounts fake Secret files), and no secret value anywhere in the output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { Metric, MonitoringApp, Service, Team, type MonitoringAppProps, type ScrapeProps, type SecretKeyRef, type ServiceProps } from '../../lib';
import { defineSecured, securedPlatform } from '../fixtures/neural-secured';
import { readManifests, validateObject } from '../support/schemas';
import { scanDir } from '../support/secret-scan';
import { synthTo, tempDir } from '../support/synth';
import { availableToolchains, run } from '../support/tools';

const ref = (name: string, key: string): SecretKeyRef => ({ name, key });
const SECRET_REF = 'a Secret reference { name, key }: put the value in a Kubernetes Secret and name it here, never the value itself';

function problemsOf(scrape: ScrapeProps, extra: Partial<ServiceProps> = {}, props: MonitoringAppProps = {}): readonly string[] {
  const app = new MonitoringApp({ ...props, outdir: tempDir() });
  const team = new Team(app, 'neural');
  new Service(app, 'api', { team, namespace: 'neural-prod', scrape, metrics: [Metric.counter({ name: 'x_total', help: 'x' })], ...extra });
  return app.problems();
}

describe('scrape security validation', () => {
  it('accepts TLS with a CA and a client pair, a bearer token, basic auth, honorLabels and monitor labels', () => {
    expect(problemsOf({ port: 8443, scheme: 'https', tls: { ca: ref('tls', 'ca.crt'), cert: ref('tls', 'tls.crt'), key: ref('tls', 'tls.key'), serverName: 'api.neural-prod.svc' }, bearerToken: ref('scrape', 'token'), honorLabels: true }, { monitorLabels: { app: 'api' } })).toEqual([]);
    expect(problemsOf({ port: 8080, basicAuth: { username: 'prometheus', password: ref('scrape', 'password') } })).toEqual([]);
  });

  it('reports each bad field with the path, the value (masked where secret) and what was expected', () => {
    expect(problemsOf({
      port: 8080,
      tls: { cert: ref('tls', 'tls.crt'), ca: '-----BEGIN RSA PRIVATE KEY-----' as unknown as SecretKeyRef, serverName: 'not a host' },
      bearerToken: 'eyJhbGciOiJIUzI1NiJ9LongTokenValue1234' as unknown as SecretKeyRef,
      basicAuth: { username: 'prom:etheus', password: ref('Bad_Name', 'password'), usernameKey: 'user name' },
      honorLabels: 'yes' as unknown as boolean,
    }, { monitorLabels: { 'bad key!': 'x', release: 'other', team: 'x', app: 'not valid!' } })).toEqual([
      '[api] scrape.scheme: got "http", expected "https" when scrape.tls is set (TLS settings only apply to https targets)',
      `[api] scrape.tls.ca: got <masked string of 31 characters>, expected ${SECRET_REF}`,
      '[api] scrape.tls.cert: got { name: "tls", key: "tls.crt" }, expected cert and key together (a client certificate needs its key), or neither',
      '[api] scrape.tls.serverName: got "not a host", expected a host name such as "neural-api.neural-prod.svc"',
      `[api] scrape.bearerToken: got <masked string of 38 characters>, expected ${SECRET_REF}`,
      '[api] scrape.basicAuth.username: got "prom:etheus", expected a user name without ":"',
      '[api] scrape.basicAuth.password.name: got <masked string of 8 characters>, expected the name of a Kubernetes Secret (a DNS-1123 subdomain)',
      '[api] scrape.basicAuth.usernameKey: got "user name", expected a key of the password\'s Secret (letters, digits, "-", "_" and ".")',
      '[api] scrape.basicAuth: got basicAuth and bearerToken, expected at most one of bearerToken and basicAuth (a scrape sends one Authorization header)',
      '[api] scrape.honorLabels: got "yes", expected true or false',
      '[api] monitorLabels label name: got "bad key!", expected a Kubernetes label key, such as "app" or "example.com/owner"',
      '[api] monitorLabels label name: got "release", expected a label the object does not carry already ("release", "app.kubernetes.io/managed-by", "team" are set for the operator\'s selection and ownership)',
      '[api] monitorLabels label name: got "team", expected a label the object does not carry already ("release", "app.kubernetes.io/managed-by", "team" are set for the operator\'s selection and ownership)',
      '[api] monitorLabels.app: got "not valid!", expected a Kubernetes label value: at most 63 characters of letters, digits, "-", "_" and "."',
    ]);
  });

  it('requires an absolute secrets mount for prometheus.yml', () => {
    expect(problemsOf({ port: 8080 }, {}, { prometheus: { secretsDir: 'secrets' } })).toEqual(['[settings] prometheus.secretsDir: got "secrets", expected an absolute path']);
  });
});

type Endpoint = Record<string, unknown>;

describe('seed 002 scrape objects', () => {
  let dir: string;
  let endpoints: Map<string, { kind: string; labels: Record<string, string>; endpoint: Endpoint }>;
  beforeAll(() => {
    dir = synthTo(defineSecured, securedPlatform());
    endpoints = new Map(readManifests(dir).map((m) => m.object).filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor').map((o) => {
      const spec = o.spec as { endpoints?: Endpoint[]; podMetricsEndpoints?: Endpoint[] };
      const { relabelings: _, ...endpoint } = (spec.endpoints ?? spec.podMetricsEndpoints)![0]!;
      return [o.metadata.name, { kind: o.kind, labels: o.metadata.labels!, endpoint }];
    }));
  });

  it('references Secrets for TLS and the bearer token, and carries the app label', () => {
    const api = endpoints.get('neural-api')!;
    expect(api.labels).toEqual({ app: 'neural-api', release: 'prometheus', 'app.kubernetes.io/managed-by': 'monitoring-as-code', team: 'neural' });
    expect(api.endpoint).toEqual({
      port: 'http', path: '/metrics', scheme: 'https', interval: '15s', scrapeTimeout: '10s',
      tlsConfig: { ca: { secret: { name: 'neural-api-tls', key: 'ca.crt' } }, serverName: 'neural-api.neural-prod.svc' },
      authorization: { type: 'Bearer', credentials: { name: 'neural-api-scrape', key: 'token' } },
      // The cardinality budget's labelkeep sits beside the auth settings.
      metricRelabelings: [{ action: 'labelkeep', regex: expect.stringContaining('__name__|') }],
    });
  });

  it('gives PodMonitors basic auth from one Secret, mTLS, and a port number', () => {
    expect(endpoints.get('neural-workers')!.endpoint.basicAuth).toEqual({ username: { name: 'neural-workers-scrape', key: 'username' }, password: { name: 'neural-workers-scrape', key: 'password' } });
    const pg = endpoints.get('postgres-exporter')!;
    expect(pg.kind).toBe('PodMonitor');
    expect(pg.endpoint).toMatchObject({
      portNumber: 9187,
      tlsConfig: { ca: { secret: { name: 'postgres-exporter-tls', key: 'ca.crt' } }, cert: { secret: { name: 'postgres-exporter-tls', key: 'tls.crt' } }, keySecret: { name: 'postgres-exporter-tls', key: 'tls.key' } },
    });
    expect(endpoints.get('pushgateway')!.endpoint.honorLabels).toBe(true);
    expect(endpoints.get('neural-api')!.endpoint.honorLabels).toBeUndefined();
  });

  it('passes the ServiceMonitor and PodMonitor schemas, which catch a misspelt field', () => {
    const objs = readManifests(dir).map((m) => m.object);
    for (const o of objs) if (o.kind !== 'GrafanaDashboard') expect(validateObject(o), `${o.kind}/${o.metadata.name}`).toBe(true);
    const broken = structuredClone(objs.find((o) => o.kind === 'PodMonitor' && o.metadata.name === 'postgres-exporter')!);
    ((broken.spec as { podMetricsEndpoints: Endpoint[] }).podMetricsEndpoints[0]!.tlsConfig as Endpoint).keySecret = { name: 'postgres-exporter-tls' };
    expect(() => validateObject(broken)).toThrow(/key/);
  });

  it('writes *_file paths under the Prometheus secrets mount into prometheus.yml, and no secret value anywhere', () => {
    const cfg = parse(fs.readFileSync(path.join(dir, 'prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: Record<string, unknown>[] };
    const job = (name: string) => cfg.scrape_configs.find((j) => j.job_name === name)!;
    expect(job('neural-api')).toMatchObject({
      scheme: 'https',
      tls_config: { ca_file: '/etc/prometheus/secrets/neural-api-tls/ca.crt', server_name: 'neural-api.neural-prod.svc' },
      authorization: { type: 'Bearer', credentials_file: '/etc/prometheus/secrets/neural-api-scrape/token' },
    });
    expect(job('neural-workers').basic_auth).toEqual({ username: 'prometheus', password_file: '/etc/prometheus/secrets/neural-workers-scrape/password' });
    expect(job('postgres-exporter').tls_config).toEqual({
      ca_file: '/etc/prometheus/secrets/postgres-exporter-tls/ca.crt', cert_file: '/etc/prometheus/secrets/postgres-exporter-tls/tls.crt', key_file: '/etc/prometheus/secrets/postgres-exporter-tls/tls.key',
    });
    expect(job('pushgateway').honor_labels).toBe(true);
    expect(scanDir(dir, { webhookUrls: true })).toEqual([]);
  });
});

/** The Secret keys the fixture names, as files under a fresh mount; promtool stats each *_file. */
function mountSecrets(): string {
  const dir = tempDir('secrets-');
  for (const f of ['neural-api-tls/ca.crt', 'neural-api-scrape/token', 'neural-workers-scrape/password', 'postgres-exporter-tls/ca.crt', 'postgres-exporter-tls/tls.crt', 'postgres-exporter-tls/tls.key']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), 'placeholder\n');
  }
  return dir;
}

describe.each(availableToolchains('promtool'))('promtool $prometheus check config with scrape auth', (tc) => {
  const check = (dir: string) => run(tc.bin.promtool, ['check', 'config', '--lint=all', '--lint-fatal', 'prometheus/prometheus.yml'], dir);

  it('accepts TLS, bearer token, basic auth and honor_labels when the Secrets are mounted', () => {
    const r = check(synthTo(defineSecured, securedPlatform({ secretsDir: mountSecrets() })));
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('is valid prometheus config file syntax');
  });

  it('fails when a referenced Secret file is missing, so the paths are really read', () => {
    const secrets = mountSecrets();
    fs.rmSync(path.join(secrets, 'neural-api-scrape/token'));
    const r = check(synthTo(defineSecured, securedPlatform({ secretsDir: secrets })));
    expect(r.status).not.toBe(0);
    expect(r.output).toContain(`${secrets}/neural-api-scrape/token": stat`);
  });
});
