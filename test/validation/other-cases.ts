/** Scrape settings, inline secrets, platform settings and the collector. */
import { Discovery, Integration, type SecretKeyRef } from '../../lib';
import { BACKENDS, collector, service, team, type BadInput } from './catalogue';

const SLACK_URL = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const PD_KEY = '0123456789abcdef0123456789abcdef';
const withReceiver = (integration: Integration) => (a: Parameters<BadInput['build']>[0]) => {
  team(a, { receivers: { chat: [integration] } });
  service(a);
};

export const OTHER_CASES: BadInput[] = [
  // Scrape
  { name: 'scrape timeout above the interval', build: (a) => service(a, { scrape: { port: 8080, interval: '10s', timeout: '30s' } }), problems: [
      '[checkout] scrape.timeout: got "30s", expected a timeout no longer than the scrape interval (10s)',
    ] },
  { name: 'scrape interval that is not a duration', build: (a) => service(a, { scrape: { port: 8080, interval: '10 s' } }), problems: [
      '[checkout] scrape.interval: got "10 s", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
    ] },
  { name: 'scrape timeout of zero', build: (a) => service(a, { scrape: { port: 8080, timeout: '0s' } }), problems: [
      '[checkout] scrape.timeout: got "0s", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
    ] },
  { name: 'scrape port out of range', build: (a) => service(a, { scrape: { port: 70000 } }), problems: [
      '[checkout] scrape.port: got 70000, expected a port number from 1 to 65535, or a port name',
    ] },
  { name: 'scrape path without a leading slash', build: (a) => service(a, { scrape: { port: 8080, path: 'metrics' } }), problems: [
      '[checkout] scrape.path: got "metrics", expected an absolute HTTP path starting with "/"',
    ] },
  { name: 'named scrape port without discovery', build: (a) => service(a, { scrape: { port: 'http-metrics' } }), problems: [
      '[checkout] scrape.discovery: got undefined, expected Discovery.static([...]) or Discovery.file([...]) for the plain Prometheus config, because port "http-metrics" is a name',
    ] },
  { name: 'static target that is not host:port', build: (a) => service(a, { scrape: { port: 8080, discovery: Discovery.static(['http://checkout:8080']) } }), problems: [
      '[checkout] scrape.discovery target: got "http://checkout:8080", expected host:port',
    ] },
  { name: 'no scrape endpoint for a scraped service', build: (a) => service(a, { scrape: undefined }), problems: [
      '[checkout] scrape: got undefined, expected the metrics endpoint ({ port, … }), or metricsVia: "otlp" when the metrics reach Prometheus through the collector',
    ] },
  { name: 'scrape endpoint on an OTLP service', build: (a) => service(a, { metricsVia: 'otlp' }), problems: [
      '[checkout] scrape.port: got 8080, expected no scrape endpoint when metricsVia is "otlp": the collector remote-writes the metrics, so leave scrape out',
    ] },
  { name: 'metricsVia of an unknown kind', build: (a) => service(a, { metricsVia: 'push' as never }), problems: [
      '[checkout] metricsVia: got "push", expected one of "scrape", "otlp"',
    ] },
  { name: 'platform scrape interval that is not a duration', settings: { prometheus: { scrapeInterval: '30' } }, build: (a) => service(a, { scrape: { port: 8080, interval: '30s' } }), problems: [
      '[settings] prometheus.scrapeInterval: got "30", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
    ] },
  { name: 'external label name that is not a label name', settings: { prometheus: { externalLabels: { 'k8s-cluster': 'eu1' } } }, build: (a) => service(a), problems: [
      '[settings] prometheus.externalLabels label name: got "k8s-cluster", expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*',
    ] },
  { name: 'delivery of an unknown kind', settings: { delivery: 'all' as never }, build: (a) => service(a), problems: [
      '[settings] delivery: got "all", expected one of "operator", "files", "both"',
    ] },
  // Inline secrets
  { name: 'Slack webhook URL inline', build: withReceiver(Integration.slack({ channel: '#p', apiUrl: SLACK_URL as unknown as SecretKeyRef })), problems: [
      '[payments] receivers.chat[0] (slack) apiUrl: got <masked string of 77 characters>, expected a Secret reference { name, key }: put the value in a Kubernetes Secret and name it here, never the value itself',
    ] },
  { name: 'PagerDuty routing key inline', build: withReceiver(Integration.pagerDuty({ routingKey: PD_KEY as unknown as SecretKeyRef })), problems: [
      '[payments] receivers.chat[0] (pagerduty) routingKey: got <masked string of 32 characters>, expected a Secret reference { name, key }: put the value in a Kubernetes Secret and name it here, never the value itself',
    ] },
  { name: 'secret value where the Secret name belongs', build: withReceiver(Integration.pagerDuty({ routingKey: { name: PD_KEY, key: 'routing-key' } })), problems: [
      '[payments] receivers.chat[0] (pagerduty) routingKey.name: got <masked string of 32 characters>, expected the name of a Kubernetes Secret (a DNS-1123 subdomain)',
    ] },
  { name: 'token in a webhook URL', build: withReceiver(Integration.webhook({ url: 'https://bridge.example/hook?token=s3cr3t-t0ken' })), problems: [
      '[payments] receivers.chat[0] (webhook) url: got <masked string of 46 characters>, expected a Secret reference { name, key } to a key holding the URL: Alertmanager 0.35 reads it from url_file, so it is never written in plain text (a plain URL only with alertmanager.version 0.25)',
    ] },
  { name: 'Slack webhook URL in the channel field', build: withReceiver(Integration.slack({ channel: SLACK_URL, apiUrl: { name: 'am-payments', key: 'slack' } })), problems: [
      '[payments] receivers.chat[0] (slack) channel: got <masked string of 77 characters>, expected a Slack channel such as "#edge-alerts", not a secret (secrets belong in a Kubernetes Secret, referenced by { name, key })',
    ] },
  { name: 'backend URL with credentials', build: (a) => { service(a); collector(a, { backends: { ...BACKENDS, metrics: { protocol: 'prometheus-remote-write', endpoint: 'https://user:hunter2@mimir.example/api/v1/push' } } }); }, problems: [
      '[gateway] backends.metrics.endpoint: got "<masked URL>", expected a URL without credentials (put the token in bearerToken, a Secret reference)',
    ] },
  // Collector
  { name: 'collector backend for an unknown signal', build: (a) => { service(a); collector(a, { backends: { ...BACKENDS, profiles: { protocol: 'otlp-grpc', endpoint: 'pyroscope:4317' } } as never }); }, problems: [
      '[gateway] backends.profiles: got "profiles", expected one of the signals traces, metrics, logs',
    ] },
  { name: 'collector backend protocol the signal cannot use', build: (a) => { service(a); collector(a, { backends: { logs: { protocol: 'otlp-grpc', endpoint: 'loki:4317' } } }); }, problems: [
      '[gateway] backends.logs.protocol: got "otlp-grpc", expected a logs backend protocol: "otlp-http"',
    ] },
  { name: 'collector without backends', build: (a) => { service(a); collector(a, { backends: {} }); }, problems: [
      '[gateway] backends: got [], expected at least one backend, for traces, metrics, logs',
    ] },
  { name: 'tenant of a signal without an exporter', build: (a) => { service(a); collector(a, { tenants: [{ name: 'acme', signals: ['traces', 'logs'] }] }); }, problems: [
      '[gateway] tenants[0].signals: got ["logs"], expected signals that have a backend, and so an exporter (traces, metrics)',
    ] },
  { name: 'tenant without signals', build: (a) => { service(a); collector(a, { tenants: [{ name: 'acme', signals: [] }] }); }, problems: [
      '[gateway] tenants[0].signals: got [], expected at least one signal: a tenant without an exporter receives nothing',
    ] },
  { name: 'two tenants of one name', build: (a) => { service(a); collector(a, { tenants: [{ name: 'acme' }, { name: 'acme' }] }); }, problems: [
      '[gateway] tenants[1].name: got "acme", expected a tenant name not already used',
    ] },
  { name: 'default tenant that is not a tenant', build: (a) => { service(a); collector(a, { tenants: [{ name: 'acme' }], defaultTenant: 'other' }); }, problems: [
      '[gateway] defaultTenant: got "other", expected one of the tenants ("acme")',
    ] },
  { name: 'sensitive-field pattern that is not a regular expression', build: (a) => { service(a); collector(a, { sensitiveFields: ['(password', 'token'] }); }, problems: [
      '[gateway] sensitiveFields[0]: got "(password", expected a regular expression (RE2 syntax: no lookaround or backreferences) matching attribute keys (Invalid regular expression: /(password/: Unterminated group)',
    ] },
  { name: 'sensitive-field pattern RE2 cannot run', build: (a) => { service(a); collector(a, { sensitiveFields: ['^(?!safe).*secret'] }); }, problems: [
      '[gateway] sensitiveFields[0]: got "^(?!safe).*secret", expected a regular expression (RE2 syntax: no lookaround or backreferences) matching attribute keys ("(?!" is not RE2, which the collector\'s redaction processor uses)',
    ] },
  { name: 'empty sensitive-field pattern', build: (a) => { service(a); collector(a, { sensitiveFields: [''] }); }, problems: [
      '[gateway] sensitiveFields[0]: got "", expected a regular expression (RE2 syntax: no lookaround or backreferences) matching attribute keys, not an empty one (it would match every key)',
    ] },
  { name: 'collector image tagged latest', build: (a) => { service(a); collector(a, { image: 'otel/opentelemetry-collector-contrib:latest' }); }, problems: [
      '[gateway] image: got "otel/opentelemetry-collector-contrib:latest", expected an image pinned by a version tag or a sha256 digest (not "latest")',
    ] },
  { name: 'collector replicas of zero', build: (a) => { service(a); collector(a, { replicas: 0 }); }, problems: [
      '[gateway] replicas: got 0, expected a whole number of at least 1',
    ] },
  { name: 'collector named like a service', build: (a) => { service(a); collector(a, { name: 'checkout' }); }, problems: [
      '[gateway] collector name: got "checkout", expected a name no service uses (their rule files and dashboards would collide)',
    ] },
];
