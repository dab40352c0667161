/** prometheus-community/postgres_exporter (port 9187). */
import { Labels } from '../../conventions';
import { div, gt, mul, num, rate, selector, sumBy, type Matcher } from '../../promql/expr';
import { Metric } from '../metric';
import { downAlert, percentThreshold, type ExporterDefinition } from './definition';

const up = Metric.gauge({ name: 'pg_up', help: 'Whether the last scrape of PostgreSQL succeeded (postgres_exporter)' });
const activity = Metric.gauge({ name: 'pg_stat_activity_count', help: 'Connections by database and state (pg_stat_activity)', labels: ['datname', 'state'] });
const maxConnections = Metric.gauge({ name: 'pg_settings_max_connections', help: 'The max_connections server setting' });
const backends = Metric.gauge({ name: 'pg_stat_database_numbackends', help: 'Backends connected per database', labels: ['datid', 'datname'] });
const commits = Metric.counter({ name: 'pg_stat_database_xact_commit', help: 'Transactions committed per database', labels: ['datid', 'datname'], ignoreNamingRules: ['counter-total-suffix'] });

const inst = [Labels.instance];
const usedPercent = (scope: readonly Matcher[]) =>
  mul(num(100), div(sumBy(inst, selector(activity.name, scope)), sumBy(inst, selector(maxConnections.name, scope))));

export const POSTGRES: ExporterDefinition = {
  kind: 'postgres',
  displayName: 'PostgreSQL (postgres_exporter)',
  port: 9187,
  path: '/metrics',
  honorLabels: false,
  metrics: [up, activity, maxConnections, backends, commits],
  alerts: [
    downAlert(up.name, 'PostgreSQL'),
    {
      id: 'connections-exhausted', summary: 'PostgreSQL connection pool nearly exhausted',
      description: (t) => `{{ $value | humanize }}% of max_connections in use on {{ $labels.instance }} (threshold ${t}%).`,
      threshold: 90, ...percentThreshold, for: '2m', severity: 'critical',
      expr: (scope, t) => gt(usedPercent(scope), num(t)),
    },
  ],
  panels: [
    { title: 'PostgreSQL up', description: 'pg_up per instance: 1 when postgres_exporter reaches the database.', unit: 'short', queries: (s) => [{ expr: selector(up.name, s), legend: '{{instance}}' }] },
    { title: 'Connections used', description: 'pg_stat_activity_count as a share of pg_settings_max_connections.', unit: 'percent', queries: (s) => [{ expr: usedPercent(s), legend: '{{instance}}' }] },
    { title: 'Connections by database', description: 'pg_stat_activity_count by database.', unit: 'short', queries: (s) => [{ expr: sumBy(['datname'], selector(activity.name, s)), legend: '{{datname}}' }] },
    { title: 'Commits', description: 'Transactions committed per second (pg_stat_database_xact_commit).', unit: 'ops', queries: (s) => [{ expr: sumBy(['datname'], rate(selector(commits.name, s), '$__rate_interval')), legend: '{{datname}}' }] },
  ],
};
