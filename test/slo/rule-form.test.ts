/**
 * The `ruleForm` setting: `derived` keeps every record name and label of the Sloth-shaped form, reads
 * raw series only over the shortest window, is validated with exact messages, and its generated
 * outage tests expect each tier by the Workbook detection time plus one shortest window.
 */
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { Metric, MonitoringApp, re, Service, Sli, Team, type RuleForm, type SloProps } from '../../lib';
import { Records } from '../../lib/conventions';
import { formatDuration, parseDuration } from '../../lib/promql';
import { serviceGroups } from '../../lib/slo';
import type { Rule, RuleGroup } from '../../lib/slo/rule';
import { outageTest, outageDeadlineMs } from '../../lib/slo/tests/burn';
import { platform } from '../../services';
import { defineSeedSlos } from '../fixtures/seed-slos';
import { selectedMetrics } from './promql-refs';

function groupsOf(define: (scope: Construct) => void, ruleForm: RuleForm): { app: MonitoringApp; groups: Map<string, RuleGroup[]> } {
  const app = new MonitoringApp({ ...platform, ruleForm, outdir: '/nonexistent' });
  define(app);
  const services = app.node.findAll().filter(Service.isService);
  return { app, groups: new Map(services.map((s) => [s.name, serviceGroups(app.settings, s)])) };
}

const key = (r: Rule) => `${r.record ?? `alert ${r.alert}`} ${JSON.stringify(r.labels ?? {})}`;
const sloth = groupsOf(defineSeedSlos, 'sloth');
const derived = groupsOf(defineSeedSlos, 'derived');
const slos = derived.app.node.findAll().filter(Service.isService).flatMap((s) => s.slos);

describe('the derived rule form', () => {
  it('applies to ratio, latency and bool-gauge SLIs; raw and native-latency ones keep the Sloth form', () => {
    expect(Object.fromEntries(slos.map((s) => [s.id, `${s.sli.kind} ${s.ruleForm}`]))).toEqual({
      'inference-availability': 'bool-gauge derived',
      'inference-errors': 'ratio derived',
      'inference-latency-p95': 'latency derived',
      'inference-ttft': 'native-latency sloth',
      'inference-raw-errors': 'raw sloth',
      'public-api-authz-p95': 'latency derived',
      'public-api-authz-p99': 'latency derived',
      'public-api-latency-p95': 'latency derived',
      'public-api-p99-latency-p99': 'latency derived',
    });
  });

  it("records every record of the Sloth form with the same labels, plus the event-rate records, and the same alerts", () => {
    for (const [service, groups] of derived.groups) {
      const ours = groups.flatMap((g) => g.rules.map(key));
      const theirs = sloth.groups.get(service)!.flatMap((g) => g.rules.map(key));
      expect(new Set(ours.filter((k) => !/^slo:sli_(bad|total)_events:/.test(k)))).toEqual(new Set(theirs));
      const alerts = (gs: RuleGroup[]) => gs.flatMap((g) => g.rules.filter((r) => r.alert));
      expect(alerts(groups)).toEqual(alerts(sloth.groups.get(service)!));
    }
  });

  it('reads raw series only in the shortest window; longer windows sum its records over the window less half an interval', () => {
    const evalMs = parseDuration(derived.app.settings.evaluationInterval)!;
    for (const slo of slos.filter((s) => s.ruleForm === 'derived')) {
      const rules = derived.groups.get(slo.service.name)!.find((g) => g.name.endsWith(`-sli-recordings-${slo.id}`))!.rules;
      const [base, ...longer] = slo.sliWindows;
      for (const r of rules) {
        const window = r.labels!.sloth_window!;
        const raw = selectedMetrics(r.expr).filter((m) => !m.includes(':'));
        if (parseDuration(window) === base) {
          expect(r.expr, r.record).not.toMatch(/_over_time\(slo:/);
          expect(r.expr.match(/\[[^\]]+\]/g) ?? [], r.record).toSatisfy((ranges: string[]) => ranges.every((x) => x === `[${formatDuration(base! - evalMs / 2)}]`));
        } else {
          expect(raw, r.record).toEqual([]);
        }
      }
      for (const ms of longer) {
        const r = rules.find((x) => x.record === Records.sliError(ms))!;
        expect(r.expr).toContain(`[${formatDuration(ms - evalMs / 2)}])`);
      }
    }
  });

  it('expects each tier of a total outage by the Workbook detection time plus one evaluation and one shortest window', () => {
    const evalMs = parseDuration(derived.app.settings.evaluationInterval)!;
    const slo = slos.find((s) => s.id === 'public-api-p99-latency-p99')!;
    const rules = new Map(derived.groups.get(slo.service.name)!.flatMap((g) => g.rules)
      .filter((r) => r.alert === slo.alertName).map((r) => [r.labels!.sloth_severity as 'page' | 'ticket', r]));
    const slothSlo = sloth.app.node.findAll().filter(Service.isService).flatMap((s) => s.slos).find((s) => s.id === slo.id)!;
    for (const severity of ['page', 'ticket'] as const) {
      expect(outageDeadlineMs(slo, severity, evalMs) - outageDeadlineMs(slothSlo, severity, evalMs)).toBe(5 * 60_000);
    }
    const test = outageTest(slo, rules, evalMs)!;
    const fired = test.alert_rule_test.map((c) => [c.eval_time, (c.exp_alerts as Array<{ exp_labels: Record<string, string> }>).map((a) => a.exp_labels.sloth_severity)]);
    // Silent at the outage start, the page by its deadline, both tiers by the ticket's.
    expect(fired).toEqual([['1d', []], ['1d13m30s', ['page']], ['1d45m30s', ['page', 'ticket']]]);
  });
});

describe('ruleForm validation', () => {
  const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['status'] });
  const problemsOf = (slo: Partial<SloProps>, ruleForm?: string): string[] => {
    const app = new MonitoringApp({ outdir: '/nonexistent', ...(ruleForm ? { ruleForm: ruleForm as RuleForm } : {}) });
    const team = new Team(app, 'team');
    const svc = new Service(app, 'api', { team, namespace: 'ns', scrape: { port: 80 }, metrics: [requests] });
    svc.addSlo('main', { objective: 99.9, sli: Sli.ratio({ errors: { metric: requests, matchers: [re('status', '5..')] }, total: { metric: requests } }), ...slo });
    return app.problems();
  };

  it('rejects an unknown platform value, saying which are known', () => {
    expect(problemsOf({}, 'fast')).toEqual(['[settings] ruleForm: got "fast", expected one of "sloth", "derived"']);
  });

  it("rejects an unknown SLO value and a derived form the SLI cannot have, with the SLO's path", () => {
    expect(problemsOf({ ruleForm: 'cheap' as RuleForm })).toEqual(['[api/main] ruleForm: got "cheap", expected one of "sloth", "derived"']);
    expect(problemsOf({ ruleForm: 'derived', sli: Sli.raw({ errorRatioQuery: 'sum(rate(x[{{.window}}]))' }) })).toEqual([
      '[api/main] ruleForm: got "derived", expected "sloth" for a raw SLI: only ratio, latency and bool-gauge SLIs split into event rates that longer windows can be derived from',
    ]);
  });

  it('lets an SLO override the platform form, and a raw SLI fall back to the Sloth form silently under a derived platform', () => {
    expect(problemsOf({ ruleForm: 'sloth' }, 'derived')).toEqual([]);
    expect(problemsOf({ sli: Sli.raw({ errorRatioQuery: 'sum(rate(x[{{.window}}]))' }) }, 'derived')).toEqual([]);
  });
});
