/** Bad objectives, SLIs and alert windows. */
import { Metric, Sli, type BurnRateWindowProps } from '../../lib';
import { eq } from '../../lib/promql';
import { latency, latencyMs, queue, requests, service, slo, type BadInput } from './catalogue';

const fastOnly = (longWindow: string, shortWindow = '5m', budgetPercent = 2): BurnRateWindowProps[] => [{ severity: 'page', shortWindow, longWindow, budgetPercent }];

export const SLO_CASES: BadInput[] = [
  { name: 'objective given as a ratio (0.999)', build: (a) => slo(a, { objective: 0.999 }), problems: [
      '[checkout/availability] objective: got 0.999, expected a percentage, not a ratio: did you mean 99.9?',
    ] },
  { name: 'objective given as a ratio (0.5)', build: (a) => slo(a, { objective: 0.5 }), problems: [
      '[checkout/availability] objective: got 0.5, expected a percentage, not a ratio: did you mean 50?',
    ] },
  { name: 'objective given as a ratio (0.9995)', build: (a) => slo(a, { objective: 0.9995 }), problems: [
      '[checkout/availability] objective: got 0.9995, expected a percentage, not a ratio: did you mean 99.95?',
    ] },
  { name: 'objective 0', build: (a) => slo(a, { objective: 0 }), problems: [
      '[checkout/availability] objective: got 0, expected a percentage greater than 0 and at most 100, such as 99.9',
    ] },
  { name: 'objective NaN', build: (a) => slo(a, { objective: NaN }), problems: [
      '[checkout/availability] objective: got NaN, expected a percentage greater than 0 and at most 100, such as 99.9',
    ] },
  { name: 'objective Infinity', build: (a) => slo(a, { objective: Infinity }), problems: [
      '[checkout/availability] objective: got Infinity, expected a percentage greater than 0 and at most 100, such as 99.9',
    ] },
  { name: 'objective negative', build: (a) => slo(a, { objective: -99.9 }), problems: [
      '[checkout/availability] objective: got -99.9, expected a percentage greater than 0 and at most 100, such as 99.9',
    ] },
  { name: 'objective above 100', build: (a) => slo(a, { objective: 199 }), problems: [
      '[checkout/availability] objective: got 199, expected a percentage greater than 0 and at most 100, such as 99.9',
    ] },
  { name: 'objective as a string', build: (a) => slo(a, { objective: '99.9' as unknown as number }), problems: [
      '[checkout/availability] objective: got "99.9", expected a percentage greater than 0 and at most 100, such as 99.9',
    ] },
  { name: 'latency threshold not a bucket boundary', build: (a) => slo(a, { sli: Sli.latency({ histogram: latency, thresholdSeconds: 0.3 }) }), problems: [
      '[checkout/availability] sli.thresholdSeconds: got 0.3, expected one of the bucket boundaries of "http_request_duration_seconds" (seconds): [0.1, 0.25, 0.5, 1]',
    ] },
  { name: 'latency threshold not a boundary of a millisecond histogram', build: (a) => slo(a, { sli: Sli.latency({ histogram: latencyMs, thresholdSeconds: 0.2 }) }), problems: [
      '[checkout/availability] sli.thresholdSeconds: got 0.2, expected one of the bucket boundaries of "rpc_duration_milliseconds" (milliseconds): [50, 100, 250]',
    ] },
  {
    name: 'latency SLI on a histogram whose unit is not a time',
    build: (a) => slo(a, { sli: Sli.latency({ histogram: Metric.histogram({ name: 'payload_bytes', help: 'Sizes', buckets: [100, 1000] }), thresholdSeconds: 1 }) }, 'fast', service(a, { metrics: [requests, Metric.histogram({ name: 'payload_bytes', help: 'Sizes', buckets: [100, 1000] })] })),
    problems: [
      '[checkout/fast] sli.histogram metric "payload_bytes" unit: got "bytes", expected a time unit (seconds, milliseconds or microseconds)',
    ],
  },
  { name: 'latency SLI on a counter', build: (a) => slo(a, { sli: Sli.latency({ histogram: requests, thresholdSeconds: 0.5 }) }), problems: [
      '[checkout/availability] sli.histogram metric "http_requests_total" type: got "counter", expected a histogram for a latency SLI',
    ] },
  { name: 'ratio SLI on a gauge', build: (a) => slo(a, { sli: Sli.ratio({ errors: { metric: queue }, total: { metric: requests } }) }), problems: [
      '[checkout/availability] sli.errors metric "queue_depth" type: got "gauge", expected a counter for a ratio SLI',
    ] },
  { name: 'native latency SLI on a classic histogram', build: (a) => slo(a, { sli: Sli.nativeLatency({ histogram: latency, thresholdSeconds: 0.3 }) }), problems: [
      '[checkout/availability] sli.histogram metric "http_request_duration_seconds": got "classic histogram", expected a native histogram (native: true); use Sli.latency for classic buckets',
    ] },
  { name: 'SLI on an undeclared metric', build: (a) => slo(a, { sli: Sli.ratio({ errors: { metric: Metric.counter({ name: 'grpc_errors_total', help: 'x' }) }, total: { metric: requests } }) }), problems: [
      '[checkout/availability] sli.errors metric: got "grpc_errors_total", expected a metric declared by service "checkout" (addMetric) or a well-known infrastructure metric',
    ] },
  { name: 'matcher on a label the metric does not have', build: (a) => slo(a, { sli: Sli.ratio({ errors: { metric: requests, matchers: [eq('status', '500')] }, total: { metric: requests } }) }), problems: [
      '[checkout/availability] sli.errors matcher label: got "status", expected one of the labels of "http_requests_total": code, route, job, instance, service, team, namespace',
    ] },
  { name: 'groupBy a label the metric does not have', build: (a) => slo(a, { groupBy: ['tenant'] }), problems: [
      '[checkout/availability] groupBy label: got "tenant", expected a label every metric of the SLI has: route, job, instance, service, team, namespace',
    ] },
  { name: 'groupBy an invalid label name', build: (a) => slo(a, { groupBy: ['1route'] }), problems: [
      '[checkout/availability] groupBy label: got "1route", expected a Prometheus label name matching [a-zA-Z_][a-zA-Z0-9_]*',
    ] },
  { name: 'alert window longer than the period (period 1d, default windows)', build: (a) => slo(a, { period: '1d' }), problems: [
      '[checkout/availability] alerting.windows[3].longWindow: got "3d", expected a window no longer than the period (1d)',
    ] },
  { name: 'custom alert window longer than the period', build: (a) => slo(a, { alerting: { windows: fastOnly('60d') } }), problems: [
      '[checkout/availability] alerting.windows[0].longWindow: got "60d", expected a window no longer than the period (30d)',
    ] },
  { name: 'short window not shorter than the long window', build: (a) => slo(a, { alerting: { windows: fastOnly('1h', '2h') } }), problems: [
      '[checkout/availability] alerting.windows[0].shortWindow: got "2h", expected a window shorter than the long window (1h)',
    ] },
  { name: 'window that is not a duration', build: (a) => slo(a, { alerting: { windows: fastOnly('1 hour') } }), problems: [
      '[checkout/availability] alerting.windows[0].longWindow: got "1 hour", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
    ] },
  { name: 'window budget share of 0', build: (a) => slo(a, { alerting: { windows: fastOnly('1h', '5m', 0) } }), problems: [
      '[checkout/availability] alerting.windows[0].budgetPercent: got 0, expected a share of the error budget in percent, greater than 0 and at most 100',
    ] },
  { name: 'window budget share above 100', build: (a) => slo(a, { alerting: { windows: fastOnly('1h', '5m', 150) } }), problems: [
      '[checkout/availability] alerting.windows[0].budgetPercent: got 150, expected a share of the error budget in percent, greater than 0 and at most 100',
    ] },
  { name: 'no alert windows', build: (a) => slo(a, { alerting: { windows: [] } }), problems: [
      '[checkout/availability] alerting.windows: got [], expected at least one window pair',
    ] },
  { name: 'page tier that can never fire (objective 90)', build: (a) => slo(a, { objective: 90 }), problems: [
      '[checkout/availability] alerting.windows[0] (page 1h/5m): got threshold 14.4 × 0.1 = 1.44, expected a threshold below 1: an error ratio never exceeds 1, so this alert could never fire; raise the objective above 93.0555555556%, lower the window\'s budgetPercent, or set alerting.page: false',
    ] },
  { name: 'every tier that can never fire (objective 50)', build: (a) => slo(a, { objective: 50 }), problems: [
      '[checkout/availability] alerting.windows[0] (page 1h/5m): got threshold 14.4 × 0.5 = 7.2, expected a threshold below 1: an error ratio never exceeds 1, so this alert could never fire; raise the objective above 93.0555555556%, lower the window\'s budgetPercent, or set alerting.page: false',
      '[checkout/availability] alerting.windows[1] (page 6h/30m): got threshold 6 × 0.5 = 3, expected a threshold below 1: an error ratio never exceeds 1, so this alert could never fire; raise the objective above 83.3333333333%, lower the window\'s budgetPercent, or set alerting.page: false',
      '[checkout/availability] alerting.windows[2] (ticket 1d/2h): got threshold 3 × 0.5 = 1.5, expected a threshold below 1: an error ratio never exceeds 1, so this alert could never fire; raise the objective above 66.6666666667%, lower the window\'s budgetPercent, or set alerting.ticket: false',
    ] },
  { name: 'ticket tier that can never fire (custom window)', build: (a) => slo(a, { objective: 95, alerting: { windows: [{ severity: 'ticket', shortWindow: '2h', longWindow: '1d', budgetPercent: 100 }] } }), problems: [
      '[checkout/availability] alerting.windows[0] (ticket 1d/2h): got threshold 30 × 0.05 = 1.5, expected a threshold below 1: an error ratio never exceeds 1, so this alert could never fire; raise the objective above 96.6666666667%, lower the window\'s budgetPercent, or set alerting.ticket: false',
    ] },
  { name: 'period that is not a duration', build: (a) => slo(a, { period: '1 month' }), problems: [
      '[checkout/availability] period: got "1 month", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
    ] },
  { name: 'period of zero', build: (a) => slo(a, { period: '0d' }), problems: [
      '[checkout/availability] period: got "0d", expected a Prometheus duration greater than zero, such as 30s, 5m or 1h30m',
    ] },
  { name: 'traffic guard below zero', build: (a) => slo(a, { alerting: { minEventsPerSecond: -1 } }), problems: [
      '[checkout/availability] alerting.minEventsPerSecond: got -1, expected a number of events per second greater than 0',
    ] },
  { name: 'traffic guard on a raw SLI', build: (a) => slo(a, { sli: Sli.raw({ errorRatioQuery: 'sum(rate(http_errors_total[{{.window}}])) / sum(rate(http_requests_total[{{.window}}]))' }), alerting: { minEventsPerSecond: 1 } }), problems: [
      '[checkout/availability] alerting.minEventsPerSecond: got 1, expected no traffic guard on a raw SLI, which has no event counter',
    ] },
  { name: 'absent alert on a raw SLI', build: (a) => slo(a, { sli: Sli.raw({ errorRatioQuery: 'sum(rate(http_errors_total[{{.window}}])) / sum(rate(http_requests_total[{{.window}}]))' }), alerting: { absentAlert: true } }), problems: [
      '[checkout/availability] alerting.absentAlert: got true, expected no absent alert on a raw SLI, whose metrics are not known',
    ] },
  { name: 'raw SLI without the window placeholder', build: (a) => slo(a, { sli: Sli.raw({ errorRatioQuery: 'sum(rate(http_errors_total[5m]))' }) }), problems: [
      '[checkout/availability] sli.errorRatioQuery: got "sum(rate(http_errors_total[5m]))", expected a query containing {{.window}} where the range goes',
    ] },
  { name: 'raw SLI that is not PromQL', build: (a) => slo(a, { sli: Sli.raw({ errorRatioQuery: 'sum(rate(http_errors_total[{{.window}}])' }) }), problems: [
      '[checkout/availability] sli.errorRatioQuery: got "sum(rate(http_errors_total[{{.window}}])", expected valid PromQL (parse error at character 32 near "total[5m])")',
    ] },
  { name: 'SLO name with upper case and punctuation', build: (a) => slo(a, {}, 'Availability!'), problems: [
      '[checkout/Availability!] SLO name: got "Availability!", expected lower-case letters, digits, "-" and "_", starting and ending with a letter or digit',
    ] },
  { name: 'span SLI of an unknown span kind', build: (a) => slo(a, { sli: Sli.spanErrors({ spanKind: 'SERVER' as never }) }), problems: [
      '[checkout/availability] sli.spanKind: got "SERVER", expected one of SPAN_KIND_SERVER, SPAN_KIND_CLIENT, SPAN_KIND_CONSUMER, SPAN_KIND_PRODUCER, SPAN_KIND_INTERNAL',
    ] },
  { name: 'alert name that is not a Prometheus alert name', build: (a) => slo(a, { alerting: { name: 'checkout budget burn' } }), problems: [
      '[checkout/availability] alerting.name: got "checkout budget burn", expected an alert name matching [a-zA-Z_][a-zA-Z0-9_]*, such as CheckoutHighErrorRate',
    ] },
  { name: 'SLO label that the label contract reserves', build: (a) => slo(a, { labels: { severity: 'high' } }), problems: [
      '[checkout/availability] labels label name: got "severity", expected a label name we do not set for you: "severity" is reserved, because Alertmanager picks the receiver by it, and inhibition mutes warnings under criticals by it',
    ] },
  { name: 'SLO label starting with __', build: (a) => slo(a, { labels: { __owner: 'x' } }), problems: [
      '[checkout/availability] labels label name: got "__owner", expected a label name that does not start with "__" (reserved for internal use)',
    ] },
  { name: 'page-tier label that the label contract reserves', build: (a) => slo(a, { alerting: { pageAlert: { labels: { team: 'other' } } } }), problems: [
      '[checkout/availability] alerting.pageAlert.labels label name: got "team", expected a label name we do not set for you: "team" is reserved, because Alertmanager routes every alert to its team by it',
    ] },
  { name: 'service label that the label contract reserves', build: (a) => slo(a, {}, 'availability', service(a, { labels: { sloth_id: 'x' } })), problems: [
      '[checkout] labels label name: got "sloth_id", expected a label name we do not set for you: "sloth_id" is reserved, because Sloth\'s identity labels join the recorded series, and Sloth\'s dashboards read them',
    ] },
  { name: 'SLO label also in groupBy', build: (a) => slo(a, { labels: { route: 'x' }, groupBy: ['route'] }), problems: [
      '[checkout/availability] labels label name: got "route", expected a label that is not in groupBy: the SLI is computed per "route", so a fixed value would overwrite it',
    ] },
];
