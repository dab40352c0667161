/**
 * amtool cannot test inhibition, so this runs the real Alertmanager daemons, 0.25 and 0.35, on loopback
 * with the generated alertmanager.yml, posts alerts that follow the label contract and reads back
 * which are inhibited.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Files } from '../../lib/conventions';
import { availableToolchains } from '../support/tools';
import { synthTo } from '../support/synth';
import { postAlerts, sleep, startAlertmanager, type Daemon } from './daemon';
import { loadableBy } from './versions';

const chains = availableToolchains('alertmanager');

const base = { namespace: 'keviq' };
const ALERTS: Record<string, Record<string, string>> = {
  page: { ...base, alertname: 'ApiGatewayAvailabilityBudgetBurn', service: 'api-gateway', team: 'edge', severity: 'critical', slo: 'availability', sloth_severity: 'page', sloth_id: 'api-gateway-availability' },
  ticketSameSlo: { ...base, alertname: 'ApiGatewayAvailabilityBudgetBurn', service: 'api-gateway', team: 'edge', severity: 'warning', slo: 'availability', sloth_severity: 'ticket', sloth_id: 'api-gateway-availability' },
  ticketOtherSlo: { ...base, alertname: 'ApiGatewayLatencyBudgetBurn', service: 'api-gateway', team: 'edge', severity: 'warning', slo: 'latency', sloth_severity: 'ticket', sloth_id: 'api-gateway-latency' },
  targetDown: { ...base, alertname: 'SseGatewayTargetDown', service: 'sse-gateway', team: 'edge', severity: 'critical', symptom: 'target-down' },
  sameServiceSymptom: { ...base, alertname: 'SseGatewayErrorRatio', service: 'sse-gateway', team: 'edge', severity: 'warning', symptom: 'error-ratio' },
  sameServiceSlo: { ...base, alertname: 'SseGatewayAvailabilityBudgetBurn', service: 'sse-gateway', team: 'edge', severity: 'critical', slo: 'availability', sloth_severity: 'page', sloth_id: 'sse-gateway-availability' },
  criticalSymptom: { ...base, alertname: 'AuthServiceLatency', service: 'auth-service', team: 'identity', severity: 'critical', symptom: 'latency' },
  warningSymptom: { ...base, alertname: 'AuthServiceLatency', service: 'auth-service', team: 'identity', severity: 'warning', symptom: 'latency' },
  warningOtherService: { ...base, alertname: 'PolicyServiceLatency', service: 'policy-service', team: 'identity', severity: 'warning', symptom: 'latency' },
};
const INHIBITED = ['sameServiceSlo', 'sameServiceSymptom', 'ticketSameSlo', 'warningSymptom'];

describe.each(chains)('inhibition in a real Alertmanager $alertmanager', (tc) => {
  let daemon: Daemon;

  beforeAll(async () => {
    daemon = await startAlertmanager(tc, loadableBy(tc, path.join(synthTo(), Files.alertmanagerConfig)));
  });

  afterAll(() => {
    daemon?.stop();
  });

  it('suppresses exactly the alerts the three rules target', async () => {
    expect(await postAlerts(daemon, Object.values(ALERTS)), daemon.log()).toBe(200);

    let inhibited: string[] = [];
    for (let i = 0; i < 50; i++) {
      const alerts = (await (await fetch(`${daemon.url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { inhibitedBy: string[] } }[];
      // alertname + severity tells the posted alerts apart.
      const keyOf = (l: Record<string, string>) => Object.entries(ALERTS).find(([, a]) => a.alertname === l.alertname && a.severity === l.severity)?.[0];
      inhibited = alerts.filter((a) => a.status.inhibitedBy.length > 0).map((a) => keyOf(a.labels) ?? JSON.stringify(a.labels)).sort();
      if (alerts.length === Object.keys(ALERTS).length && JSON.stringify(inhibited) === JSON.stringify(INHIBITED)) break;
      await sleep(100);
    }
    expect(inhibited).toEqual(INHIBITED);
  });
});
