/**
 * Exporters on the real Prometheus 3.16: the sandbox runs a demo target for every exporter of the seed
 * fixture (test/fixtures/exporters.ts), each serving its preset's metrics; every panel query and the value
 * of every standard alert return data, every rule group is healthy, and PostgreSQL going down (its demo
 * target's errorRatio=1 sets pg_up to 0) makes NeuralApiPostgresDown pending. About 20 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf, MonitoringApp, PlatformExporter, Service } from '../../lib';
import { render, type Expr } from '../../lib/promql';
import { resolveBinaries } from '../../lib/sandbox/binaries';
import { waitFor } from '../../lib/sandbox/net';
import { Sandbox } from '../../lib/sandbox/sandbox';
import { platform } from '../../services';
import { defineExporters } from '../fixtures/exporters';
import { synthTo, tempDir } from '../support/synth';
import { CURRENT, toolAvailable } from '../support/tools';

const RUN = [CURRENT.bin.prometheus, CURRENT.bin.alertmanager, CURRENT.bin.promtool].every((t) => toolAvailable(t));
const app = new MonitoringApp({ ...platform, outdir: tempDir() });
defineExporters(app);
const catalog = catalogOf(app);
const api = catalog.services.find((s) => s.name === 'neural-api') as Service;
const platformExporters = catalog.exporters.filter(PlatformExporter.isPlatformExporter);
/** Panel queries use Grafana's rate interval; a fixed 20s covers several 2s scrapes. */
const promql = (e: Expr) => render(e).replaceAll('$__rate_interval', '20s');
const valueOf = (e: Expr): Expr => (e.kind === 'binary' ? e.lhs : e);

let sb: Sandbox;
beforeAll(async () => {
  if (!RUN) return;
  const dist = synthTo(defineExporters);
  sb = await Sandbox.start({
    services: [api], catalogServices: catalog.services.map((s) => s.name), platformExporters, distDir: dist,
    history: '0s', binaries: resolveBinaries({ toolchain: 'current' }).binaries,
  });
}, 120_000);
afterAll(async () => {
  await sb?.stop();
});

describe.skipIf(!RUN)('exporters in the sandbox (Prometheus 3.16)', () => {
  it('scrapes a demo target per exporter with the exporter label, and every rule group is healthy', async () => {
    const jobs = [...catalog.exporters.map((e) => e.job), 'neural-api'].sort();
    await waitFor(async () => ((await sb.prometheus!.query('count by (job) (up == 1)')).length === jobs.length ? true : undefined), { timeoutMs: 30_000, intervalMs: 500, what: 'every target up' });
    const byExporter = await sb.prometheus!.query('count by (exporter, job) (up)');
    expect(byExporter.map((s) => `${s.metric.job}=${s.metric.exporter ?? '-'}`).sort()).toEqual(jobs.map((j) => `${j}=${j === 'neural-api' ? '-' : j}`).sort());
    const groups = await sb.prometheus!.ruleGroups();
    expect(groups.flatMap((g) => g.rules).filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
  });

  it('every panel query and the value of every standard alert return data', async () => {
    const queries = catalog.exporters.flatMap((e) => [
      ...e.panels.flatMap((p) => p.queries.map((q) => ({ what: `${e.job} panel "${p.title}"`, expr: promql(q.expr) }))),
      ...e.standardAlerts.map((a) => ({ what: `${e.job} alert ${a.name}`, expr: promql(valueOf(a.expr as Expr)) })),
    ]);
    expect(queries.length).toBeGreaterThan(20);
    let missing: string[] = [];
    const allReturnData = async () => {
      missing = [];
      for (const q of queries) if ((await sb.prometheus!.query(q.expr)).length === 0) missing.push(`${q.what}: ${q.expr}`);
      return missing.length === 0 ? true : undefined;
    };
    // Rates need two scrapes inside their window.
    await waitFor(allReturnData, { timeoutMs: 30_000, intervalMs: 1000, what: 'every exporter query to return data', detail: () => missing.join('\n') });
    expect(missing).toEqual([]);
  });

  it('fires the PostgreSQL down alert when the exporter reports pg_up 0, with the service\'s labels', async () => {
    await sb.setTraffic('neural-api-postgres', { errorRatio: 1 });
    const pending = await waitFor(async () => (await sb.prometheus!.alerts()).find((a) => a.labels.alertname === 'NeuralApiPostgresDown'), { timeoutMs: 30_000, intervalMs: 500, what: 'NeuralApiPostgresDown pending' });
    expect(pending.labels).toMatchObject({ service: 'neural-api', team: 'neural', severity: 'critical', exporter: 'neural-api-postgres' });
    expect(pending.state).toBe('pending');
  });
});
