/**
 * amtool cannot test inhibition, so this runs the real Alertmanager daemons, 0.25 and 0.35, on loopback
 * with the generated alertmanager.yml, posts alerts that follow the label contract and reads back
 * which are inhibited.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camel, Files } from '../../lib/conventions';
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
};
/** The tiered memory symptom of services.ts (85 % warning, 95 % critical), with the labels its two rules give it. */
const TIERED = 'MemorySaturation';
const INHIBITED = ['customUnderTargetDown', 'sameServiceSlo', 'sameServiceSymptom', 'ticketSameSlo', 'warningSymptom'];

/** The labels the generated rule of `alert` gives it. */
function alertLabels(dir: string, service: string, alert: string): Record<string, string> {
  const rule = parse(fs.readFileSync(path.join(dir, Files.ruleFile(service)), 'utf8')).groups
    .flatMap((g: { rules: Array<{ alert?: string; labels: Record<string, string> }> }) => g.rules)
    .find((r: { alert?: string }) => r.alert === alert);
  expect(rule, alert).toBeDefined();
  return { ...rule.labels, alertname: alert };
}

/** Both tiers' labels as the generated rules set them, plus the series' own (`pod`), keyed by severity. */
function tieredAlerts(dir: string, service: string): Record<'critical' | 'warning', Record<string, string>> {
  const rules = parse(fs.readFileSync(path.join(dir, Files.ruleFile(service)), 'utf8')).groups
    .flatMap((g: { rules: Array<{ alert?: string; labels: Record<string, string> }> }) => g.rules)
    .filter((r: { alert?: string }) => r.alert === `${camel(service)}${TIERED}`);
  expect(rules.map((r: { labels: Record<string, string> }) => r.labels.severity)).toEqual(['warning', 'critical']);
  const of = (sev: string) => ({ ...rules.find((r: { labels: Record<string, string> }) => r.labels.severity === sev)!.labels, alertname: rules[0].alert, pod: `${service}-0` });
  return { critical: of('critical'), warning: of('warning') };
}
describe.each(chains)('inhibition in a real Alertmanager $alertmanager', (tc) => {
  let daemon: Daemon;

  beforeAll(async () => {
    const dir = synthTo();
    const api = tieredAlerts(dir, 'api-gateway');
    // The critical tier of api-gateway's memory symptom mutes its warning tier, not policy-service's warning.
    Object.assign(ALERTS, { criticalSymptom: api.critical, warningSymptom: api.warning, warningOtherService: tieredAlerts(dir, 'policy-service').warning });
    // A custom alert has no symptom label, so its service's target-down inhibits it like any other alert of the service.
    const custom = alertLabels(dir, 'agent-runtime', 'AgentRuntimeGuardrailRetries');
    Object.assign(ALERTS, { customUnderTargetDown: custom, agentTargetDown: { ...custom, alertname: 'AgentRuntimeTargetDown', severity: 'critical', symptom: 'target-down' } });
    daemon = await startAlertmanager(tc, loadableBy(tc, path.join(dir, Files.alertmanagerConfig)));
  });

  afterAll(() => {
    daemon?.stop();
  });

  it('suppresses exactly the alerts the three rules target, the warning tier of a tiered symptom under its critical tier included', async () => {
    expect(await postAlerts(daemon, Object.values(ALERTS)), daemon.log()).toBe(200);

    let inhibited: string[] = [];
    for (let i = 0; i < 50; i++) {
      const alerts = (await (await fetch(`${daemon.url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { inhibitedBy: string[] } }[];
      // alertname + severity + service tells the posted alerts apart.
      const keyOf = (l: Record<string, string>) => Object.entries(ALERTS).find(([, a]) => a.alertname === l.alertname && a.severity === l.severity && a.service === l.service)?.[0];
      inhibited = alerts.filter((a) => a.status.inhibitedBy.length > 0).map((a) => keyOf(a.labels) ?? JSON.stringify(a.labels)).sort();
      if (alerts.length === Object.keys(ALERTS).length && JSON.stringify(inhibited) === JSON.stringify(INHIBITED)) break;
      await sleep(100);
    }
    expect(inhibited).toEqual(INHIBITED);
  });
});
