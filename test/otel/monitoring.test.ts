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
      OtelGatewayRefusingTelemetry: expect.stringContaining('sum by (receiver) (rate(otelcol_receiver_refused_spans{job="otel-gateway"}[5m])) > 0 or'),
      OtelGatewayExportFailing: expect.stringContaining('rate(otelcol_exporter_send_failed_log_records{job="otel-gateway"}[5m])'),
      OtelGatewayQueueSaturated: 'max by (exporter) (otelcol_exporter_queue_size{job="otel-gateway"} / otelcol_exporter_queue_capacity{job="otel-gateway"}) > 0.8',
      OtelGatewayMemoryLimiterRefusing: expect.stringContaining('sum(rate(otelcol_processor_memory_limiter_refused_spans{job="otel-gateway"}[5m])) > 0'),
    });
  });

  it('use the generic processor counters before 0.155', () => {
    expect(exprs(fixtureOut, 'telemetry').TelemetryMemoryLimiterRefusing)
      .toContain('sum(rate(otelcol_processor_refused_spans{job="telemetry", processor="memory_limiter"}[5m])) > 0');
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
    expect(failed.targets.map((t: any) => t.legendFormat)).toEqual(['spans {{exporter}}', 'metric points {{exporter}}', 'log records {{exporter}}']);
  });

  it('passes the dashboard linter; the linter catches a rate without $__rate_interval', () => {
    expect(lintDashboard(d, { targetRuleExclusions: () => undefined, isCounter: counters })).toEqual([]);
    const bad = structuredClone(d);
    const p = bad.panels.find((x: any) => x.title === 'Sent per signal');
    p.targets[0].expr = p.targets[0].expr.replace('$__rate_interval', '5m');
    expect(lintDashboard(bad, { targetRuleExclusions: () => undefined, isCounter: counters }).map((v) => v.rule)).toContain('target-rate-interval-rule');
  });
});
