/** The Sloth specs lib/sloth writes, checked in-process (test/slo/sloth.test.ts runs them through Sloth). */
import { describe, expect, it } from 'vitest';
import { MonitoringApp, Service } from '../../lib';
import type { Slo } from '../../lib/model/slo';
import { slothExport, slothGenerateArgs, slothRunFiles, slothSlo, slothUnsupported, slothWindows } from '../../lib/sloth';
import { defineServices, platform } from '../../services';
import { defineSeedSlos } from '../fixtures/seed-slos';

function catalogue(define: typeof defineServices) {
  const app = new MonitoringApp({ ...platform, outdir: '/nonexistent' });
  define(app);
  const services = app.node.findAll().filter(Service.isService);
  const slo = (id: string): Slo => services.flatMap((s) => s.slos).find((x) => x.id === id)!;
  return { app, services, slo };
}

describe('Sloth specs', () => {
  const defaults = catalogue(defineServices);
  const seeds = catalogue(defineSeedSlos);

  it('writes a ratio SLI as events of our own error and total terms, without the `or 0 * total` fill', () => {
    const spec = slothSlo(defaults.app.settings, defaults.slo('orchestrator-availability'));
    expect(spec.sli).toEqual({
      events: {
        error_query: 'sum(rate(mona_http_requests_total{job="orchestrator", status=~"5.."}[{{.window}}]))',
        total_query: 'sum(rate(mona_http_requests_total{job="orchestrator"}[{{.window}}]))',
      },
    });
    expect(spec.objective).toBe(99.9);
  });

  it('writes a latency SLI as slow events (count − bucket) over all, and other kinds as raw queries', () => {
    const latency = slothSlo(seeds.app.settings, seeds.slo('inference-latency-p95')).sli.events!;
    expect(latency.error_query).toMatch(/^sum by \(model\) \(rate\(inference_request_duration_seconds_count\{job="inference"\}\[\{\{\.window\}\}\]\)\) - sum by \(model\) \(rate\(inference_request_duration_seconds_bucket\{job="inference", le.+\[\{\{\.window\}\}\]\)\)$/);
    expect(latency.total_query).toBe('sum by (model) (rate(inference_request_duration_seconds_count{job="inference"}[{{.window}}]))');
    expect(slothSlo(seeds.app.settings, seeds.slo('inference-availability')).sli).toEqual({ raw: { error_ratio_query: '1 - avg(avg_over_time(up{job="inference"}[{{.window}}]))' } });
    expect(slothSlo(seeds.app.settings, seeds.slo('inference-raw-errors')).sli.raw!.error_ratio_query).toBe(seeds.slo('inference-raw-errors').sli.rawQuery);
  });

  it('keeps our alert name and labels: shared ones on alerting, severity per tier, a disabled tier disabled', () => {
    const both = slothSlo(defaults.app.settings, defaults.slo('orchestrator-availability')).alerting;
    expect(both.name).toBe('OrchestratorAvailabilityBudgetBurn');
    expect(both.labels).toEqual({ service: 'orchestrator', team: 'workflow', namespace: 'keviq', tier: 'high', slo: 'availability', sloth_id: 'orchestrator-availability' });
    expect([both.page_alert.labels, both.ticket_alert.labels]).toEqual([{ severity: 'critical' }, { severity: 'warning' }]);
    const pageOnly = slothSlo(seeds.app.settings, seeds.slo('public-api-latency-p95')).alerting;
    expect(pageOnly.labels).not.toHaveProperty('severity');
    expect(pageOnly.page_alert.labels).toEqual({ severity: 'critical' });
    expect(pageOnly.ticket_alert).toEqual({ disable: true });
  });

  it('builds the window catalogue from the SLO\'s own table, quick before slow', () => {
    expect(slothWindows(seeds.slo('public-api-p99-latency-p99'))).toEqual({
      apiVersion: 'sloth.slok.dev/v1',
      kind: 'AlertWindows',
      spec: {
        sloPeriod: '4w',
        page: { quick: { errorBudgetPercent: 2, shortWindow: '5m', longWindow: '1h' }, slow: { errorBudgetPercent: 5, shortWindow: '30m', longWindow: '6h' } },
        ticket: { quick: { errorBudgetPercent: 10, shortWindow: '2h', longWindow: '1d' }, slow: { errorBudgetPercent: 10, shortWindow: '6h', longWindow: '3d' } },
      },
    });
  });

  it('skips what Sloth cannot express, and says why', () => {
    expect(slothUnsupported(seeds.slo('inference-errors'))).toHaveLength(3);
    expect(slothUnsupported(seeds.slo('inference-ttft'))).toEqual([]);
    const { runs, skipped } = slothExport(seeds.app.settings, seeds.services);
    expect([...skipped.keys()]).toEqual(['inference-errors']);
    // One run per period: 30d, 4w and 1w.
    expect(runs.map((r) => r.period)).toEqual(['30d', '4w', '1w']);
    expect(runs.flatMap((r) => r.specs.flatMap((s) => s.slos.map((x) => `${s.service}-${x.name}`)))).toHaveLength(8);
  });

  it('writes each run as spec files and a catalogue, and the matching sloth generate arguments', () => {
    const [run] = slothExport(defaults.app.settings, defaults.services).runs;
    expect(slothRunFiles(run!).map((f) => f.path)).toEqual([...defaults.services.map((s) => `specs/${s.name}.yml`), 'windows/30d.yml']);
    expect(slothGenerateArgs(run!, '/x')).toEqual(['generate', '--no-log', '-i', '/x/specs', '-o', '/x/rules', '--default-slo-period', '30d', '--slo-period-windows-path', '/x/windows']);
  });
});
