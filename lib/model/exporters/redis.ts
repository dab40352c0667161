/** oliver006/redis_exporter (port 9121). */
import { Labels } from '../../conventions';
import { rate, selector, sumBy } from '../../promql/expr';
import { Metric } from '../metric';
import { downAlert, type ExporterDefinition } from './definition';

const up = Metric.gauge({ name: 'redis_up', help: 'Whether the last scrape of Redis succeeded (redis_exporter)' });
const clients = Metric.gauge({ name: 'redis_connected_clients', help: 'Client connections' });
const memory = Metric.gauge({ name: 'redis_memory_used_bytes', help: 'Memory used by Redis' });
const commands = Metric.counter({ name: 'redis_commands_processed_total', help: 'Commands processed' });
const inst = [Labels.instance];

export const REDIS: ExporterDefinition = {
  kind: 'redis',
  displayName: 'Redis (redis_exporter)',
  port: 9121,
  path: '/metrics',
  honorLabels: false,
  metrics: [up, clients, memory, commands],
  alerts: [downAlert(up.name, 'Redis')],
  panels: [
    { title: 'Redis up', description: 'redis_up per instance: 1 when redis_exporter reaches Redis.', unit: 'short', queries: (s) => [{ expr: selector(up.name, s), legend: '{{instance}}' }] },
    { title: 'Connected clients', description: 'redis_connected_clients per instance.', unit: 'short', queries: (s) => [{ expr: sumBy(inst, selector(clients.name, s)), legend: '{{instance}}' }] },
    { title: 'Memory used', description: 'redis_memory_used_bytes per instance.', unit: 'bytes', queries: (s) => [{ expr: sumBy(inst, selector(memory.name, s)), legend: '{{instance}}' }] },
    { title: 'Commands', description: 'Commands processed per second.', unit: 'ops', queries: (s) => [{ expr: sumBy(inst, rate(selector(commands.name, s), '$__rate_interval')), legend: '{{instance}}' }] },
  ],
};
