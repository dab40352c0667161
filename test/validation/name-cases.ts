/** Duplicate declarations, bad names and references to what is not declared. */
import { Metric, MonitoringApp, Symptom, Team } from '../../lib';
import { chat, collector, errors, queue, requests, service, slo, team, type BadInput } from './catalogue';

const counter = (name: string, labels: readonly string[] = []) => Metric.counter({ name, help: 'x', labels });

export const NAME_CASES: BadInput[] = [
  // Duplicates
  { name: 'service declared twice (same id)', build: (a) => { service(a); service(a); }, problems: [
      '[checkout#2] service id: got "checkout", expected an id not already used by checkout (a Service): declare each service once, or give the second its own id',
    ] },
  { name: 'two services of one name', build: (a) => { service(a); service(a, { name: 'checkout' }, 'checkout-v2'); }, problems: [
      '[checkout-v2] service name: got "checkout", expected a name not already used by checkout',
    ] },
  { name: 'team declared twice (same id)', build: (a) => { service(a); team(a); }, problems: [
      '[payments#2] team id: got "payments", expected an id not already used by payments (a Team): declare each team once, or give the second its own id',
    ] },
  { name: 'two teams of one name', build: (a) => { service(a); team(a, { name: 'payments', receivers: {}, routing: {} }, 'payments-2'); }, problems: [
      '[payments-2] team name: got "payments", expected a name not already used by payments',
    ] },
  { name: 'SLO declared twice (same id)', build: (a) => { const s = slo(a); slo(a, { objective: 99 }, 'availability', s); }, problems: [
      '[checkout/availability#2] SLO id: got "availability", expected an id not already used by checkout/availability (a Slo): declare each SLO once, or give the second its own id',
    ] },
  { name: 'two SLOs of one name', build: (a) => { const s = slo(a); slo(a, { name: 'availability', objective: 99 }, 'availability-strict', s); }, problems: [
      '[checkout] SLO name: got "availability" for checkout/availability-strict, expected a name not already used by checkout/availability (both would record sloth_id "checkout-availability")',
    ] },
  { name: 'two SLOs of two services with the same sloth_id', build: (a) => { slo(a, {}, 'c', service(a, {}, 'a-b')); slo(a, {}, 'b-c', service(a, {}, 'a')); }, problems: [
      '[a-b/c] SLO: got sloth_id "a-b-c", expected an id no other SLO has (a records the same one); rename the SLO',
    ] },
  { name: 'metric declared twice', build: (a) => service(a, { metrics: [requests, errors, counter('http_requests_total')] }), problems: [
      '[checkout] metric "http_requests_total": got "http_requests_total", expected each metric name declared once per service',
    ] },
  { name: 'collector declared twice', build: (a) => { service(a); collector(a); collector(a); }, problems: [
      '[gateway#2] collector id: got "gateway", expected an id not already used by gateway (a Collector): declare each collector once, or give the second its own id',
    ] },
  { name: 'two dashboard panels of one title', build: (a) => service(a, { panels: [{ metric: queue, title: 'Backlog' }, { metric: requests, title: 'Backlog' }] }), problems: [
      '[checkout] panel title: got "Backlog" twice, expected each panel of the service dashboard titled once (set title on one)',
    ] },
  { name: 'symptom kind declared twice', build: (a) => service(a).addSymptom(Symptom.targetDown(), Symptom.targetDown()), problems: [
      '[checkout] symptom target-down: got "target-down", expected each symptom kind once per service',
    ] },
  // Metric and label names
  { name: 'metric name with a dash', build: (a) => service(a, { metrics: [requests, counter('http-errors_total')] }), problems: [
      '[checkout] metric "http-errors_total" name: got "http-errors_total", expected a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*',
    ] },
  { name: 'metric name starting with __', build: (a) => service(a, { metrics: [requests, counter('__errors_total')] }), problems: [
      '[checkout] metric "__errors_total" name: got "__errors_total", expected a metric name that does not start with "__" (reserved for internal use)',
    ] },
  { name: 'metric name starting with a digit', build: (a) => service(a, { metrics: [requests, counter('5xx_total')] }), problems: [
      '[checkout] metric "5xx_total" name: got "5xx_total", expected a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*',
    ] },
  { name: 'label name with a dash', build: (a) => service(a, { metrics: [counter('grpc_calls_total', ['grpc-method'])] }), problems: [
      '[checkout] metric "grpc_calls_total" label: got "grpc-method", expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*',
    ] },
  { name: 'label name starting with __', build: (a) => service(a, { metrics: [counter('grpc_calls_total', ['__tenant'])] }), problems: [
      '[checkout] metric "grpc_calls_total" label: got "__tenant", expected a label name that does not start with "__" (reserved for internal use)',
    ] },
  { name: 'label declared twice on a metric', build: (a) => service(a, { metrics: [counter('grpc_calls_total', ['code', 'code'])] }), problems: [
      '[checkout] metric "grpc_calls_total" label: got "code", expected each label name once',
    ] },
  { name: 'le label on a histogram', build: (a) => service(a, { metrics: [Metric.histogram({ name: 'db_seconds', help: 'x', labels: ['le'], buckets: [1] })] }), problems: [
      '[checkout] metric "db_seconds" label: got "le", expected no "le" label on a histogram (Prometheus adds it to the buckets)',
    ] },
  { name: 'quantile label on a summary', build: (a) => service(a, { metrics: [Metric.summary({ name: 'db_seconds', help: 'x', labels: ['quantile'] })] }), problems: [
      '[checkout] metric "db_seconds" label: got "quantile", expected no "quantile" label on a summary (Prometheus adds it)',
    ] },
  { name: 'metric label the scrape sets (job)', build: (a) => service(a, { metrics: [counter('grpc_calls_total', ['job'])] }), problems: [
      '[checkout] metric "grpc_calls_total" label: got "job", expected a label the target does not set (job, instance, service, team, namespace come from the scrape; an exposed "job" is renamed exported_job), so rename it',
    ] },
  { name: 'metric label the scrape sets (namespace)', build: (a) => service(a, { metrics: [counter('grpc_calls_total', ['namespace', 'code'])] }), problems: [
      '[checkout] metric "grpc_calls_total" label: got "namespace", expected a label the target does not set (job, instance, service, team, namespace come from the scrape; an exposed "namespace" is renamed exported_namespace), so rename it',
    ] },
  { name: 'metric without HELP', build: (a) => service(a, { metrics: [Metric.gauge({ name: 'queue_depth', help: ' ' })] }), problems: [
      '[checkout] metric "queue_depth" help: got " ", expected a non-empty HELP text',
    ] },
  { name: 'histogram without buckets', build: (a) => service(a, { metrics: [Metric.histogram({ name: 'db_seconds', help: 'x' })] }), problems: [
      '[checkout] metric "db_seconds" buckets: got [], expected classic bucket boundaries, or native: true',
    ] },
  { name: 'histogram buckets not increasing', build: (a) => service(a, { metrics: [Metric.histogram({ name: 'db_seconds', help: 'x', buckets: [0.5, 0.1, Infinity] })] }), problems: [
      '[checkout] metric "db_seconds" buckets: got [0.5, 0.1, Infinity], expected finite, strictly increasing upper bounds (+Inf is implicit)',
    ] },
  { name: 'summary quantile above 1', build: (a) => service(a, { metrics: [Metric.summary({ name: 'db_seconds', help: 'x', quantiles: [0.5, 99] })] }), problems: [
      '[checkout] metric "db_seconds" quantiles: got [0.5, 99], expected quantiles between 0 and 1',
    ] },
  // References to what is not declared
  { name: 'panel of an undeclared metric', build: (a) => service(a, { panels: [{ metric: counter('cache_hits_total') }] }), problems: [
      '[checkout] panel "x" metric: got "cache_hits_total", expected a metric this service declares (addMetric or props.metrics)',
    ] },
  { name: 'panel by a label the metric does not have', build: (a) => service(a, { panels: [{ metric: requests, by: ['tenant'] }] }), problems: [
      '[checkout] panel "Requests" by: got "tenant", expected a label of "http_requests_total" or a target label: one of ["code", "route", "instance", "job", "service", "team", "namespace", "pod"]',
    ] },
  { name: 'requests row on an undeclared metric', build: (a) => service(a, { requests: { total: counter('rpc_total'), errors } }), problems: [
      '[checkout] requests.total: got "rpc_total", expected a metric this service declares (addMetric or props.metrics)',
    ] },
  { name: 'symptom on an undeclared metric', build: (a) => service(a).addSymptom(Symptom.errorRatio({ errors: { metric: counter('rpc_errors_total') }, total: { metric: requests }, thresholdPercent: 5 })), problems: [
      '[checkout] symptom error-ratio errors metric: got "rpc_errors_total", expected a metric declared by service "checkout" (addMetric)',
    ] },
  { name: 'latency symptom on a metric of another type', build: (a) => service(a).addSymptom(Symptom.latency({ metric: queue, quantile: 0.99, thresholdSeconds: 1 })), problems: [
      '[checkout] symptom latency metric "queue_depth": got "gauge", expected a classic histogram, or a summary exposing quantile 0.99',
    ] },
  {
    name: 'team of another app',
    build: (a) => service(a, { team: new Team(new MonitoringApp(), 'payments', { receivers: { chat } }) }),
    problems: [
      '[checkout] team: got "payments" of another MonitoringApp, expected a team declared in this one ("payments")',
    ],
  },
  { name: 'team routing to an unknown receiver', build: (a) => { team(a, { routing: { critical: { receivers: ['pager'] } } }); service(a); }, problems: [
      '[payments] routing.critical.receivers: got "pager", expected one of the team\'s receivers ("chat")',
    ] },
  { name: 'service routing to an unknown receiver', build: (a) => service(a, { routing: { warning: { receivers: ['email'] } } }), problems: [
      '[checkout] routing.warning.receivers: got "email", expected one of the team\'s receivers ("chat")',
    ] },
  { name: 'team default receiver unknown', build: (a) => { team(a, { defaultReceiver: 'pager' }); service(a); }, problems: [
      '[payments] defaultReceiver: got "pager", expected one of the team\'s receivers ("chat")',
    ] },
  {
    name: 'extra route to an unknown receiver',
    settings: { alertmanager: { extraRoutes: [{ matchers: [{ label: 'env', op: '=', value: 'dev' }], receiver: 'devnull' }] } },
    build: (a) => service(a),
    problems: [
      '[settings] alertmanager.extraRoutes[0].receiver: got "devnull", expected a platform receiver or a team receiver ("unrouted", "payments-chat")',
    ],
  },
  { name: 'latency symptom quantile the summary does not expose', build: (a) => service(a, { metrics: [Metric.summary({ name: 'db_seconds', help: 'x', quantiles: [0.5] })] }).addSymptom(Symptom.latency({ metric: Metric.summary({ name: 'db_seconds', help: 'x', quantiles: [0.5] }), quantile: 0.99, thresholdSeconds: 1 })), problems: [
      '[checkout] symptom latency metric "db_seconds": got "summary", expected a classic histogram, or a summary exposing quantile 0.99',
    ] },
  // Kubernetes names
  { name: 'service name with upper case', build: (a) => service(a, {}, 'Checkout'), problems: [
      '[Checkout] service name: got "Checkout", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  { name: 'service name of 64 characters', build: (a) => service(a, {}, 'c'.repeat(64)), problems: [
      '[cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc] service name: got "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  { name: 'service name with an underscore', build: (a) => service(a, { name: 'check_out' }), problems: [
      '[checkout] service name: got "check_out", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  { name: 'namespace with upper case and an underscore', build: (a) => service(a, { namespace: 'Shop_EU' }), problems: [
      '[checkout] namespace: got "Shop_EU", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  { name: 'namespace ending with a dash', build: (a) => service(a, { namespace: 'shop-' }), problems: [
      '[checkout] namespace: got "shop-", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  { name: 'team name with a space', build: (a) => { team(a, { name: 'payments team' }); service(a); }, problems: [
      '[payments] team name: got "payments team", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  { name: 'receiver key with upper case', build: (a) => { team(a, { receivers: { Chat: chat }, routing: {} }); service(a); }, problems: [
      '[payments] receiver key: got "Chat", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  { name: 'collector name with upper case', build: (a) => { service(a); collector(a, {}, 'Gateway'); }, problems: [
      '[Gateway] collector name: got "Gateway", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  { name: 'selector label value that is not a Kubernetes label value', build: (a) => service(a, { selector: { 'app.kubernetes.io/name': 'check out' } }), problems: [
      '[checkout] selector label app.kubernetes.io/name: got "check out", expected a Kubernetes label value',
    ] },
  { name: 'selector label key that is not a Kubernetes label key', build: (a) => service(a, { selector: { 'app name': 'checkout' } }), problems: [
      '[checkout] selector label name: got "app name", expected a Kubernetes label key',
    ] },
  { name: 'scrape port name longer than 15 characters', build: (a) => service(a, { scrape: { port: 'metrics-endpoint-http' } }), problems: [
      '[checkout] scrape.port: got "metrics-endpoint-http", expected a Kubernetes port name (IANA_SVC_NAME: at most 15 characters of a-z, 0-9 and "-")',
      '[checkout] scrape.discovery: got undefined, expected Discovery.static([...]) or Discovery.file([...]) for the plain Prometheus config, because port "metrics-endpoint-http" is a name',
    ] },
  { name: 'grafana namespace that is not DNS-1123', settings: { grafana: { namespace: 'Monitoring' } }, build: (a) => service(a), problems: [
      '[settings] grafana.namespace: got "Monitoring", expected a DNS-1123 label',
    ] },
  { name: 'alertmanager namespace that is not DNS-1123', settings: { alertmanager: { namespace: 'mon_itoring' } }, build: (a) => service(a), problems: [
      '[settings] alertmanager.namespace: got "mon_itoring", expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ] },
  // Namespaces a setting names
  { name: 'tenant namespace no service runs in', build: (a) => { service(a); collector(a, { tenants: [{ name: 'acme', namespaces: ['shop', 'shpo'] }] }); }, problems: [
      '[gateway] tenants[0].namespaces[1]: got "shpo", expected a namespace a service of the catalogue runs in ("shop")',
    ] },
  { name: 'tenant service that is not declared', build: (a) => { service(a); collector(a, { tenants: [{ name: 'acme', services: ['checkout', 'cart'] }] }); }, problems: [
      '[gateway] tenants[0].services[1]: got "cart", expected a service of the catalogue',
    ] },
  // Nothing declared
  { name: 'empty catalogue', build: () => {}, problems: [
      '[settings] services: got [], expected at least one Service: an empty catalogue would synthesize empty rules, dashboards and routing (is defineServices called on the app?)',
    ] },
  { name: 'service with the id of a team', build: (a) => { const t = team(a, {}, 'search'); service(a, { team: t }, 'search'); }, problems: [
      '[search#2] service id: got "search", expected an id not already used by search (a Team): declare each service once, or give the second its own id',
    ] },
];
