/** The collector's alerts and dashboard: target-version metric names, promtool on both ends, the dashboard linter. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardJson, dashboards } from '../../lib/grafana';
import { catalogOf } from '../../lib/model/catalog';
import { MonitoringApp } from '../../lib';
import { defineOtelTenants, otelTenantsPlatform } from '../fixtures/otel-tenants';
import { lintDashboard } from '../support/dashboard-lint';
import { synthTo, tempDir } from '../support/synth';
import { availableToolchains, run } from '../support/tools';
import { render } from './support';

const defaultOut = render();
const fixtureOut = render(defineOtelTenants, otelTenantsPlatform);
const exprs = (out: typeof defaultOut, name: string) =>
  Object.fromEntries(parse(out.files.get(`prometheus/rules/${name}.yml`)!).groups[0].rules.map((r: any) => [r.alert, r.expr]));

describe('collector alerts', () => {
  it('alert on refused, failed, queue saturation and memory-limiter refusals in the 0.158 names', () => {
    expect(exprs(defaultOut, 'otel-gateway')).toEqual({
      OtelGatewayRefusingTelemetry: expect.stringContaining('sum by (job, receiver) (rate(otelcol_receiver_refused_spans{service="otel-gateway"}[5m])) > 0 or'),
      OtelGatewayExportFailing: expect.stringContaining('sum by (job, exporter) (rate(otelcol_exporter_send_failed_log_records{service="otel-gateway"}[5m]))'),
      OtelGatewayQueueSaturated: 'max by (job, exporter) (otelcol_exporter_queue_size{service="otel-gateway"} / otelcol_exporter_queue_capacity{service="otel-gateway"}) > 0.8',
      OtelGatewayMemoryLimiterRefusing: expect.stringContaining('sum by (job) (rate(otelcol_processor_memory_limiter_refused_spans{service="otel-gateway"}[5m])) > 0'),
    });
  });

  it('watch the agents too: a PodMonitor for the DaemonSet\'s pods, job per role, the same alerts by job', () => {
    const collectorNamespaces = ['monitoring', 'observability'];
    const monitors = (out: typeof defaultOut) => out.manifests.filter((m) => (m.kind === 'ServiceMonitor' || m.kind === 'PodMonitor') && collectorNamespaces.includes(m.metadata.namespace!));
    expect(monitors(defaultOut).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['ServiceMonitor/otel-gateway']);
    const [gw, agent] = monitors(fixtureOut) as any[];
    expect([gw.kind, agent.kind, agent.metadata.name]).toEqual(['ServiceMonitor', 'PodMonitor', 'telemetry-agent']);
    expect(agent.spec).toMatchObject({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'telemetry-agent', 'app.kubernetes.io/component': 'opentelemetry-collector' } },
      namespaceSelector: { matchNames: ['observability'] },
      podMetricsEndpoints: [{ port: 'metrics' }],
    });
    const relabel = (m: any) => Object.fromEntries((m.spec.endpoints ?? m.spec.podMetricsEndpoints)[0].relabelings.filter((r: any) => r.replacement).map((r: any) => [r.targetLabel, r.replacement]));
    expect([relabel(gw), relabel(agent)]).toEqual([{ job: 'telemetry', service: 'telemetry', team: 'platform-ops' }, { job: 'telemetry-agent', service: 'telemetry', team: 'platform-ops' }]);
    // The agent pods carry the label the PodMonitor selects, and name the port it scrapes.
    const ds = fixtureOut.manifests.find((m) => m.kind === 'DaemonSet')! as any;
    expect(ds.spec.template.metadata.labels).toMatchObject(agent.spec.selector.matchLabels);
    expect(ds.spec.template.spec.containers[0].ports.map((p: any) => p.name)).toContain('metrics');
    const operator = render((s) => defineOtelTenants(s, { operator: true }), otelTenantsPlatform);
    expect(monitors(operator).map((m: any) => [m.kind, m.metadata.name, m.spec.selector.matchLabels['app.kubernetes.io/instance']])).toEqual([
      ['PodMonitor', 'telemetry', 'observability.telemetry'], ['PodMonitor', 'telemetry-agent', 'observability.telemetry-agent'],
    ]);
    const tests = parse(fixtureOut.files.get('prometheus/tests/telemetry.test.yml')!).tests.map((t: any) => t.name);
    expect(tests).toContain('TelemetryExportFailing: fires for the agents\' exporter to the gateway after holding for its duration');
  });

  it('use the generic processor counters before 0.155', () => {
    expect(exprs(fixtureOut, 'telemetry').TelemetryMemoryLimiterRefusing)
      .toContain('sum by (job) (rate(otelcol_processor_refused_spans{service="telemetry", processor="memory_limiter"}[5m])) > 0');
  });

  it('the PrometheusRule and the plain rule file carry the same groups and the alert label contract', () => {
    const rule = defaultOut.manifests.find((m) => m.kind === 'PrometheusRule' && m.metadata.name === 'otel-gateway-rules')!;
    const groups = (rule.spec as { groups: any[] }).groups;
    expect(groups).toEqual(parse(defaultOut.files.get('prometheus/rules/otel-gateway.yml')!).groups);
    for (const r of groups[0].rules) {
      expect(Object.keys(r.labels)).toEqual(['service', 'team', 'namespace', 'severity', 'symptom']);
      expect(Object.keys(r.annotations)).toEqual(['summary', 'description', 'runbook_url', 'dashboard_url']);
    }
    expect(defaultOut.manifests.find((m) => m.kind === 'ServiceMonitor' && m.metadata.name === 'otel-gateway')!.spec)
      .toMatchObject({ endpoints: [{ port: 'metrics' }], namespaceSelector: { matchNames: ['monitoring'] } });
  });

  for (const tc of availableToolchains('promtool')) {
    it(`promtool ${tc.prometheus}: the generated tests prove each alert, in both version namings; a wrong threshold fails`, () => {
      for (const dir of [synthTo(), synthTo(defineOtelTenants, otelTenantsPlatform)]) {
        const tests = ['otel-gateway', 'telemetry'].map((n) => `prometheus/tests/${n}.test.yml`).filter((f) => defaultOut.files.has(f) || fixtureOut.files.has(f));
        const mine = tests.filter((f) => fs.existsSync(path.join(dir, f)));
        expect(mine).toHaveLength(1);
        const r = run(tc.bin.promtool, ['test', 'rules', ...mine], dir);
        expect(r.status, r.output).toBe(0);
      }
      const dir = synthTo();
      const file = path.join(dir, 'prometheus/rules/otel-gateway.yml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('> 0.8', '> 0.95'));
      const r = run(tc.bin.promtool, ['test', 'rules', 'prometheus/tests/otel-gateway.test.yml'], dir);
      expect(r.status).not.toBe(0);
      expect(r.output).toMatch(/OtelGatewayQueueSaturated/);
    });
  }
});

describe('collector dashboard', () => {
  const app = new MonitoringApp({ outdir: tempDir() });
  defineOtelTenants(app);
  const catalog = catalogOf(app);
  const d = JSON.parse(dashboardJson(dashboards(catalog).find((x) => x.uid === 'otelcol-telemetry')!));
  const counters = (s: string) => /^otelcol_(receiver|exporter)_(accepted|refused|failed|sent|send_failed)_|^otelcol_processor_(memory_limiter_)?refused_/.test(s);

  it('shows received, refused, sent and failed per signal, queue use and the memory limiter', () => {
    expect(d.panels.filter((p: any) => p.type !== 'row').map((p: any) => p.title)).toEqual([
      'Received per signal', 'Refused per signal', 'Sent per signal', 'Failed per signal', 'Sending queue use', 'Memory limiter refusals', 'Memory (RSS)',
    ]);
    const failed = d.panels.find((p: any) => p.title === 'Failed per signal');
    // The fixture has node agents: each series is per role (job) too.
    expect(failed.targets.map((t: any) => t.legendFormat)).toEqual(['spans {{exporter}} ({{job}})', 'metric points {{exporter}} ({{job}})', 'log records {{exporter}} ({{job}})']);
    expect(failed.targets[0].expr).toMatch(/^sum by \(job, exporter\) \(rate\(otelcol_exporter_send_failed_spans\{job=~"\$job"/);
    const job = d.templating.list.find((v: any) => v.name === 'job');
    expect(job.query).toBe('label_values(up{service="telemetry", namespace=~"$namespace"}, job)');
  });

  it('passes the dashboard linter; the linter catches a rate without $__rate_interval', () => {
    expect(lintDashboard(d, { targetRuleExclusions: () => undefined, isCounter: counters })).toEqual([]);
    const bad = structuredClone(d);
    const p = bad.panels.find((x: any) => x.title === 'Sent per signal');
    p.targets[0].expr = p.targets[0].expr.replace('$__rate_interval', '5m');
    expect(lintDashboard(bad, { targetRuleExclusions: () => undefined, isCounter: counters }).map((v) => v.rule)).toContain('target-rate-interval-rule');
  });
});
