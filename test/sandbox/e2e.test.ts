/**
 * End to end on the real engines: the generated files on the current Prometheus and Alertmanager
 * (lib/toolchain CURRENT, built by test/tools/build.sh), with demo targets and a webhook sink (lib/sandbox). Steps run in order and share one sandbox; the
 * burn-and-reset steps take about as long as the Workbook says (about 1.5 min to fire, 5 min to reset).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Alerts, Dashboards, Files, InfraSeries, Labels, Records, SandboxPaths, SlothLabels, TIER_SEVERITY } from '../../lib/conventions';
import { catalogOf, MonitoringApp, type Service } from '../../lib';
import type { Slo } from '../../lib/model/slo';
import { call, eq, neq, range, render, selector } from '../../lib/promql';
import { parseDuration } from '../../lib/promql/format';
import type { AmAlert, PromAlert } from '../../lib/sandbox/api';
import { httpJson, waitFor } from '../../lib/sandbox/net';
import { tierDetectionSeconds, tierResetSeconds } from '../../lib/model/detection';
import { Sandbox } from '../../lib/sandbox/sandbox';
import type { WebhookAlert } from '../../lib/sandbox/sink';
import { defineServices, platform } from '../../services';
import { panelQueries } from '../support/live-dashboards';
import { tempDir } from '../support/synth';
import { resolveBinaries } from '../../lib/sandbox/binaries';
import { CURRENT, toolAvailable } from '../support/tools';

/** The sandbox subset: one service to burn, one of another team kept healthy. */
const BURN = 'api-gateway';
const HEALTHY = 'auth-service';
const HISTORY = '1d';
const SCRAPE = '2s';
const EVALUATION = '2s';
/** Scrape, then the SLI recording group, then the alert group: the most the engines may lag a change. */
const LAG_S = (parseDuration(SCRAPE)! + 2 * parseDuration(EVALUATION)!) / 1000;
/** After the page resolves, watch this long for a new notification (longer than the page route's group_wait). */
const OBSERVE_MS = 20_000;

const RUN = [CURRENT.bin.prometheus, CURRENT.bin.alertmanager, CURRENT.bin.promtool].every((t) => toolAvailable(t));

type Labelled = { readonly labels: Readonly<Record<string, string>> };
const isTier = (alertname: string, tier: 'page' | 'ticket') => (a: Labelled) =>
  a.labels.alertname === alertname && a.labels[SlothLabels.severity] === tier && a.labels[Labels.service] === BURN;

/** Receivers routes.test.tsv expects for alerts carrying `labels`. */
function expectedReceivers(dist: string, labels: Readonly<Record<string, string>>): string[] {
  const table = fs.readFileSync(path.join(dist, Files.routesTable), 'utf8').trim().split('\n');
  const line = table.find((l) => {
    const have = new Map(l.split('\t')[0]!.split(' ').map((kv) => kv.split('=') as [string, string]));
    return Object.entries(labels).every(([k, v]) => have.get(k) === v);
  });
  if (!line) throw new Error(`${Files.routesTable} has no line for ${JSON.stringify(labels)}`);
  return line.split('\t')[1]!.split(',').sort();
}

function recordedNames(ruleFiles: readonly string[]): string[] {
  return ruleFiles.flatMap((f) => ((parse(fs.readFileSync(f, 'utf8')) as { groups?: { rules: { record?: string }[] }[] }).groups ?? [])
    .flatMap((g) => g.rules.map((r) => r.record).filter((r): r is string => !!r)));
}

/** Why an alert is late: each running service's recorded 5m SLI next to the error ratio its demo target serves. */
async function sliReportOf(sb: Sandbox): Promise<string> {
  const lines: string[] = [];
  for (const [name, target] of sb.targets) {
    const state = await httpJson<{ errorRatio: number }>(`${target.url}${SandboxPaths.control}`);
    const sli = await sb.prometheus!.query(render(selector(Records.sliError('5m'), [eq(SlothLabels.service, name)])));
    lines.push(`${name}: demo error ratio ${state.errorRatio}, recorded ${Records.sliError('5m')} ${sli.map((x) => `${x.metric[SlothLabels.slo]}=${x.value?.[1]}`).join(', ') || 'none'}`);
  }
  return `${lines.join('\n')}\n(an SLI that differs from its own target's error ratio counts other services' series too)`;
}

describe.skipIf(!RUN)(`end to end on ${CURRENT.label}`, () => {
  const dist = tempDir('mac-e2e-');
  let sb: Sandbox;
  let services: readonly Service[];
  /** Dashboards declared in services.ts (`new Dashboard`), checked like the generated ones. */
  let declared: readonly string[];
  let burn: Service;
  let burnSlo: Slo | undefined;
  let startedAt = 0;
  let burnSeconds: number | undefined;
  let restoredAt: number | undefined;
  let pageFired = false;
  const sliReport = () => sliReportOf(sb);

  beforeAll(async () => {
    const app = new MonitoringApp({ ...platform, outdir: dist });
    defineServices(app);
    app.synth();
    services = catalogOf(app).services;
    declared = catalogOf(app).dashboards.map((d) => d.uid);
    burn = services.find((s) => s.name === BURN)!;
    const healthy = services.find((s) => s.name === HEALTHY)!;
    burnSlo = burn.slos.find((s) => s.sli.kind === 'ratio' && s.page && s.ticket);
    // Half the smallest budget: burn rate 0.5, under every tier's threshold.
    const healthyRatio = 0.5 * Math.min(0.001, ...healthy.slos.map((s) => s.errorBudget));
    sb = await Sandbox.start({
      services: [burn, healthy],
      catalogServices: services.map((s) => s.name),
      distDir: dist,
      scrapeInterval: SCRAPE,
      evaluationInterval: EVALUATION,
      history: HISTORY,
      traffic: { [HEALTHY]: { rps: 100, errorRatio: healthyRatio } },
      requireAlertmanagerConfig: true,
      binaries: resolveBinaries({ toolchain: CURRENT.id }).binaries,
    });
    expect([sb.binaries.prometheusVersion, sb.binaries.alertmanagerVersion]).toEqual([CURRENT.prometheus, CURRENT.alertmanager]);
    startedAt = Date.now();
  }, 120_000);

  afterAll(async () => {
    await sb?.stop();
    fs.rmSync(dist, { recursive: true, force: true });
  }, 30_000);

  it('1. every target is up and every rule group evaluates with health ok', async () => {
    const prom = sb.prometheus!;
    await waitFor(async () => {
      const t = await prom.targets();
      return t.length === 2 && t.every((x) => x.health === 'up') ? t : undefined;
    }, { timeoutMs: 30_000, intervalMs: 1000, what: 'both demo targets up', detail: () => sb.processes.map((p) => `${p.name}:\n${p.log}`).join('\n') });
    expect(sb.ruleFiles.length, 'dist/prometheus/rules/ has no rule file for the sandbox services (waits on branch slo)').toBeGreaterThan(0);
    const groups = await waitFor(async () => {
      const g = await prom.ruleGroups();
      return g.length > 0 && g.every((x) => x.rules.every((r) => r.health !== 'unknown')) ? g : undefined;
    }, { timeoutMs: 30_000, intervalMs: 1000, what: 'every rule evaluated at least once' });
    expect(new Set(groups.map((g) => g.file))).toEqual(new Set(sb.ruleFiles));
    const unhealthy = groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok' || r.lastError).map((r) => `${g.name} / ${r.name}: ${r.health} ${r.lastError ?? ''}`));
    expect(unhealthy).toEqual([]);
  }, 70_000);

  it('2. every dashboard panel query on declared metrics and their recording rules returns at least one series', async () => {
    const dir = path.join(dist, path.dirname(Files.dashboard('x')));
    expect(fs.existsSync(dir), `${dir} does not exist (waits on branch grafana)`).toBe(true);
    const running = [BURN, HEALTHY];
    const provided = new Set([
      ...services.filter((s) => running.includes(s.name)).flatMap((s) => s.metrics.flatMap((m) => m.series)),
      ...recordedNames(sb.ruleFiles),
      InfraSeries.up,
    ]);
    const noData: string[] = [];
    const checkedPer = new Map<string, number>();
    const uids = [Dashboards.overviewUid, ...running.map(Dashboards.serviceUid), ...declared];
    expect(declared).toContain('platform-health');
    for (const uid of uids) {
      const d = JSON.parse(fs.readFileSync(path.join(dist, Files.dashboard(uid)), 'utf8'));
      for (const q of await panelQueries(uid, d, sb.prometheus!)) {
        // Series from cAdvisor, kube-state-metrics or ALERTS are not declared metrics: no exporter runs for them here.
        if (!q.reads.every((r) => provided.has(r))) continue;
        checkedPer.set(uid, (checkedPer.get(uid) ?? 0) + 1);
        if ((await sb.prometheus!.query(q.expr)).length === 0) noData.push(`${uid} / ${q.panel}: ${q.expr}`);
      }
    }
    expect(noData).toEqual([]);
    for (const uid of uids) expect(checkedPer.get(uid) ?? 0, `${uid}: no panel reads a declared metric`).toBeGreaterThan(0);
  }, 60_000);

  it('3. at 100 % errors the page alert fires within the Workbook time, reaches the generated receivers, and inhibits the ticket', async () => {
    expect(burnSlo, `services.ts declares no ratio SLO with page and ticket alerts for ${BURN} (waits on branch slo)`).toBeDefined();
    const slo = burnSlo!;
    const prom = sb.prometheus!;
    const alertname = Alerts.sloBurn(BURN, slo.name);
    const isPage = isTier(alertname, 'page');
    const isTicket = isTier(alertname, 'ticket');
    const historyMs = parseDuration(HISTORY)!;
    const predictedPage = tierDetectionSeconds(slo, 'page', 1, historyMs);
    const predictedTicket = tierDetectionSeconds(slo, 'ticket', 1, historyMs);
    const firing = (match: (a: PromAlert) => boolean) => async () => (await prom.alerts()).find((a) => a.state === 'firing' && match(a));

    // Errors stop as soon as both tiers fired, well before the slower page row (30m/6h) would: then the
    // page resets after one short window (5m). Alertmanager still holds both alerts while the checks run.
    const t0 = Date.now();
    await sb.setTraffic(BURN, { errorRatio: 1 });
    let page: PromAlert;
    let ticket: PromAlert;
    try {
      page = await waitFor(firing(isPage), { timeoutMs: (predictedPage + LAG_S + 30) * 1000, intervalMs: 1000, what: `${alertname} (page) firing` })
        .catch(async (e: Error) => Promise.reject(new Error(`${e.message}\n${await sliReport()}`)));
      pageFired = true;
      ticket = await waitFor(firing(isTicket), { timeoutMs: (predictedTicket + LAG_S + 30) * 1000, intervalMs: 1000, what: `${alertname} (ticket) firing` });
    } finally {
      burnSeconds = (Date.now() - t0) / 1000;
      await sb.setTraffic(BURN, { errorRatio: 0 });
      restoredAt = Date.now();
    }
    const firedAfter = (Date.parse(page.activeAt) - t0) / 1000;
    const ticketAfter = (Date.parse(ticket.activeAt) - t0) / 1000;
    console.log(`page alert fired after ${firedAfter.toFixed(1)} s (Workbook: ${predictedPage.toFixed(1)} s + up to ${LAG_S} s of scrape and evaluation); ` +
      `ticket after ${ticketAfter.toFixed(1)} s (predicted ${predictedTicket.toFixed(1)} s with ${HISTORY} of history); errors stopped after ${burnSeconds.toFixed(1)} s`);
    expect(firedAfter).toBeGreaterThanOrEqual(0.9 * predictedPage);
    expect(firedAfter).toBeLessThanOrEqual(predictedPage + LAG_S);
    expect(ticketAfter).toBeLessThanOrEqual(predictedTicket + LAG_S);
    expect(page.labels).toMatchObject({ [Labels.service]: BURN, [Labels.team]: burn.team.name, [Labels.slo]: slo.name, [Labels.severity]: TIER_SEVERITY.page });

    const receivers = expectedReceivers(dist, { [Labels.service]: BURN, [Labels.severity]: TIER_SEVERITY.page });
    const pageNotifications = () => sb.sink!.notifications.filter((n) => n.status === 'firing' && n.alerts.some(isPage));
    await waitFor(() => (receivers.every((r) => pageNotifications().some((n) => n.receiver === r)) ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 500, what: `page notifications at ${receivers.join(', ')}`, detail: () => JSON.stringify(sb.sink!.notifications.map((n) => [n.receiver, n.status])) });
    expect([...new Set(pageNotifications().map((n) => n.receiver))].sort()).toEqual(receivers);
    for (const n of pageNotifications()) {
      expect(n.path).toBe(n.receiver);
      expect(n.alerts.find(isPage)!.labels).toMatchObject({ [Labels.service]: BURN, [Labels.slo]: slo.name, [Labels.severity]: TIER_SEVERITY.page });
    }

    const suppressed = await waitFor(async () => {
      const all = await sb.alertmanager!.alerts();
      const amPage = all.find(isPage);
      const amTicket = all.find((a: AmAlert) => isTicket(a) && a.status.state === 'suppressed');
      return amPage && amTicket ? { amPage, amTicket } : undefined;
    }, { timeoutMs: 30_000, intervalMs: 1000, what: 'the ticket alert suppressed in Alertmanager' });
    expect(suppressed.amTicket.status.inhibitedBy).toContain(suppressed.amPage.fingerprint);
    expect(sb.sink!.notifications.filter((n) => n.alerts.some((a: WebhookAlert) => isTicket(a)))).toEqual([]);
  }, 300_000);

  it('4. after the error rate is restored the page alert resolves after about one short window and is not notified again', async () => {
    expect(pageFired, 'step 3: the page alert never fired, so there is nothing to resolve').toBe(true);
    const slo = burnSlo!;
    const prom = sb.prometheus!;
    const isPage = isTier(Alerts.sloBurn(BURN, slo.name), 'page');
    const predictedReset = tierResetSeconds(slo, 'page', burnSeconds!, parseDuration(HISTORY)!);
    await waitFor(async () => ((await prom.alerts()).some(isPage) ? undefined : true),
      { timeoutMs: (predictedReset + LAG_S + 60) * 1000, intervalMs: 1000, what: 'the page alert to resolve' });
    const resolvedAt = Date.now();
    const resetAfter = (resolvedAt - restoredAt!) / 1000;
    console.log(`page alert resolved ${resetAfter.toFixed(1)} s after the errors stopped (Workbook: ${predictedReset.toFixed(1)} s after a ${burnSeconds!.toFixed(0)} s burn)`);
    expect(resetAfter).toBeGreaterThanOrEqual(0.9 * predictedReset);
    expect(resetAfter).toBeLessThanOrEqual(predictedReset + LAG_S + 2);

    await waitFor(async () => ((await sb.alertmanager!.alerts()).some(isPage) ? undefined : true),
      { timeoutMs: 30_000, intervalMs: 1000, what: 'Alertmanager to see the page alert resolved' });
    await new Promise((r) => setTimeout(r, OBSERVE_MS));
    expect((await prom.alerts()).filter(isPage)).toEqual([]);
    const refired = sb.sink!.notifications.filter((n) => n.receivedAt >= resolvedAt && n.alerts.some((a) => isPage(a) && a.status === 'firing'));
    expect(refired).toEqual([]);
  }, 480_000);

  it('5. healthy traffic below budget all along fired no SLO alert and sent no notification', async () => {
    const seconds = Math.ceil((Date.now() - startedAt) / 1000) + 10;
    const everFired = render(call('count_over_time', range(selector(InfraSeries.alerts, [eq(Labels.service, HEALTHY), neq(Labels.slo, '')]), `${seconds}s`)));
    expect(await sb.prometheus!.query(everFired)).toEqual([]);
    expect(sb.sink!.notifications.filter((n) => n.alerts.some((a) => a.labels[Labels.service] === HEALTHY))).toEqual([]);
    // Stronger than "no alert": its SLI stayed under the budget all along, also while the other service burned.
    const healthySlos = services.find((s) => s.name === HEALTHY)!.slos;
    const peaks = await sb.prometheus!.query(render(call('max_over_time', range(selector(Records.sliError('5m'), [eq(SlothLabels.service, HEALTHY)]), `${seconds}s`))));
    expect(peaks.map((p) => p.metric[SlothLabels.slo]).sort()).toEqual(healthySlos.map((x) => x.name).sort());
    for (const p of peaks) {
      const budget = healthySlos.find((x) => x.name === p.metric[SlothLabels.slo])!.errorBudget;
      expect(Number(p.value![1]), `${HEALTHY} ${p.metric[SlothLabels.slo]}: highest 5m error ratio vs budget ${budget}\n${await sliReport()}`).toBeLessThan(budget);
    }
    const state = await httpJson<{ failures: number; errorRatio: number }>(`${sb.targets.get(HEALTHY)!.url}${SandboxPaths.control}`);
    expect(state.errorRatio).toBeGreaterThan(0);
    expect(state.failures).toBeGreaterThan(0);
  }, 30_000);
});
