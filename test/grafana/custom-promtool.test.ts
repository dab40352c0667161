/**
 * Real promtool, oldest and current, evaluates the declared dashboards' queries (seeds 002 and 003) on
 * known series: the regex filter keeps only the named queues, GPU gauges are averaged or maxed rather
 * than summed, the PromQL written by hand computes what its panel says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { customDashboard, dashboardJson } from '../../lib/grafana';
import { catalogOf } from '../../lib/model/catalog';
import { seriesText } from '../../lib/slo/tests/traffic';
import { dataPanels } from '../support/dashboard-lint';
import { testRules } from '../support/promtool';
import { tempDir } from '../support/synth';
import { availableToolchains } from '../support/tools';
import { crossServicePlatform, defineCrossService } from '../fixtures/cross-service';
import { testApp } from './catalog';

const cross = catalogOf(testApp(crossServicePlatform, defineCrossService));
const query = (uid: string, title: string, i = 0): string => {
  const d = JSON.parse(dashboardJson(customDashboard(cross.dashboards.find((x) => x.uid === uid)!, cross)));
  return dataPanels(d).find((p) => p.title === title)!.targets[i].expr;
};
// Grafana's variables select everything ("All"); one minute covers two 30 s samples on either range semantics.
const runnable = (expr: string) => expr.replace(/\$__rate_interval/g, '1m').replace(/\$(namespace|job|instance)/g, '.+');

const neural = (job: string, instance: string, extra: Record<string, string> = {}) =>
  ({ team: 'neural', namespace: 'neural-prod', service: job, job, instance, ...extra });
const hosting = (service: string, extra: Record<string, string> = {}) =>
  ({ team: 'platform', namespace: 'hosting', service, job: service, instance: `${service}:9090`, ...extra });

const suite = () => ({
  evaluation_interval: '30s',
  tests: [{
    interval: '30s',
    input_series: [
      // Seed 002's queues: two workers report training; "default" is not on the dashboard.
      ...[['w1', 'training', 5], ['w2', 'training', 7], ['w1', 'compilation', 3], ['w1', 'export', 1], ['w1', 'default', 100]].map(([w, queue, n]) => ({
        series: seriesText('celery_queue_length', neural('neural-workers', `${w}:9090`, { queue: String(queue) })), values: `${n}x10`,
      })),
      ...[['0', 'a', 50, 60], ['1', 'a', 100, 80], ['0', 'b', 90, 70]].map(([gpu, host, util, temp]) => [
        { series: seriesText('DCGM_FI_DEV_GPU_UTIL', neural('gpu-exporter', `${host}:9400`, { gpu: String(gpu), Hostname: String(host) })), values: `${util}x10` },
        { series: seriesText('DCGM_FI_DEV_GPU_TEMP', neural('gpu-exporter', `${host}:9400`, { gpu: String(gpu), Hostname: String(host) })), values: `${temp}x10` },
      ]).flat(),
      { series: seriesText('up', neural('neural-api', 'api-1:8000')), values: '1x10' },
      { series: seriesText('up', neural('neural-api', 'api-2:8000')), values: '1x10' },
      { series: seriesText('up', neural('neural-workers', 'w1:9090')), values: '1x10' },
      { series: seriesText('node_filesystem_avail_bytes', { job: 'node', instance: 'n1:9100', mountpoint: '/data', fstype: 'ext4' }), values: '15x10' },
      { series: seriesText('node_filesystem_size_bytes', { job: 'node', instance: 'n1:9100', mountpoint: '/data', fstype: 'ext4' }), values: '100x10' },
      { series: seriesText('node_filesystem_avail_bytes', { job: 'node', instance: 'n1:9100', mountpoint: '/run', fstype: 'tmpfs' }), values: '0x10' },
      { series: seriesText('node_filesystem_size_bytes', { job: 'node', instance: 'n1:9100', mountpoint: '/run', fstype: 'tmpfs' }), values: '100x10' },
      // Seed 003: one event in ten fails on the provisioning worker, none on billing.
      { series: seriesText('events_processed_total', hosting('provisioning-worker', { subject: 'alloc' })), values: '0+10x10' },
      { series: seriesText('events_failed_total', hosting('provisioning-worker', { subject: 'alloc', error_code: 'E1' })), values: '0+1x10' },
      { series: seriesText('events_processed_total', hosting('billing-worker', { subject: 'pay' })), values: '0+10x10' },
      { series: seriesText('events_failed_total', hosting('billing-worker', { subject: 'pay', error_code: 'E1' })), values: '0x10' },
    ],
    promql_expr_test: [
      {
        expr: runnable(query('neural-workers', 'Queue length')), eval_time: '4m',
        exp_samples: [{ labels: '{queue="compilation"}', value: 3 }, { labels: '{queue="export"}', value: 1 }, { labels: '{queue="training"}', value: 7 }],
      },
      { expr: runnable(query('neural-system-overview', 'GPU utilisation')), eval_time: '4m', exp_samples: [{ labels: '{}', value: 80 }] },
      {
        expr: runnable(query('neural-system-overview', 'Hottest GPU')), eval_time: '4m',
        exp_samples: [{ labels: '{Hostname="a"}', value: 80 }, { labels: '{Hostname="b"}', value: 70 }],
      },
      { expr: runnable(query('neural-system-overview', 'API instances')), eval_time: '4m', exp_samples: [{ labels: '{}', value: 2 }] },
      { expr: runnable(query('neural-system-overview', 'Disk usage')), eval_time: '4m', exp_samples: [{ labels: '{instance="n1:9100", mountpoint="/data"}', value: 0.85 }] },
      {
        expr: runnable(query('ops-overview', 'Error rate')), eval_time: '4m',
        exp_samples: [{ labels: '{service="billing-worker"}', value: 0 }, { labels: '{service="provisioning-worker"}', value: 0.1 }],
      },
      { expr: runnable(query('ops-overview', 'Critical alerts firing')), eval_time: '4m', exp_samples: [{ labels: '{}', value: 0 }] },
    ],
  }],
});

describe.each(availableToolchains('promtool'))('promtool $prometheus on declared dashboards', (tc) => {
  it('evaluates the seeds\' panel queries to what the panels say', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'panels.test.yml'), JSON.stringify(suite()));
    expect(await testRules(tc, dir, 'panels.test.yml')).toBeUndefined();
  }, 120_000);

  it('fails when the queue filter is written literally (the bug re() prevents)', async () => {
    const dir = tempDir();
    const broken = suite();
    const t = broken.tests[0]!.promql_expr_test[0]!;
    t.expr = t.expr.replace('queue=~"training|compilation|export"', 'queue="training|compilation|export"');
    fs.writeFileSync(path.join(dir, 'broken.test.yml'), JSON.stringify(broken));
    expect(await testRules(tc, dir, 'broken.test.yml')).toMatch(/FAILED/);
  }, 120_000);
});
