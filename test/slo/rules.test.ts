/** The rendered rules of the default catalogue and the seed fixtures, checked in-process. */
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Dashboards, Files, InfraSeries, K8sNames, Records, TIER_SEVERITY } from '../../lib/conventions';
import { MonitoringApp, Service, type Output } from '../../lib';
import { promqlSyntaxError } from '../../lib/promql';
import type { Construct } from 'constructs';
import { defineServices, platform } from '../../services';
import { defineSeedSlos } from '../fixtures/seed-slos';
import { selectedMetrics, vectorSelectors } from './promql-refs';

interface Rule { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
interface Group { name: string; rules: Rule[] }

function render(define: (scope: Construct) => void): { app: MonitoringApp; out: Output } {
  const app = new MonitoringApp({ ...platform, outdir: '/nonexistent' });
  define(app);
  return { app, out: app.render() };
}

const catalogues = { default: defineServices, seeds: defineSeedSlos } as const;

describe.each(Object.entries(catalogues))('rules of the %s catalogue', (_, define) => {
  const { app, out } = render(define);
  const services = app.node.findAll().filter(Service.isService);
  const groupsOf = (service: string): Group[] => parse(out.files.get(Files.ruleFile(service))!).groups;
  const withRules = services.filter((s) => out.files.has(Files.ruleFile(s.name)));

  it('writes a rule file, a test file and a PrometheusRule for every service with SLOs', () => {
    const sloServices = services.filter((s) => s.slos.length > 0 || s.symptoms.length > 0).map((s) => s.name).sort();
    expect(withRules.map((s) => s.name).sort()).toEqual(sloServices);
    for (const s of withRules) {
      expect(out.files.has(Files.ruleTest(s.name))).toBe(true);
      const cr = out.manifests.find((m) => m.kind === 'PrometheusRule' && m.metadata.name === K8sNames.prometheusRule(s.name))!;
      expect(cr.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(cr.metadata.namespace).toBe(s.namespace);
      expect(cr.metadata.labels).toMatchObject(app.settings.selectionLabels);
      expect((cr.spec as { groups: Group[] }).groups).toEqual(groupsOf(s.name));
      expect(() => new PrometheusRule(JSON.parse(JSON.stringify(cr))).validate()).not.toThrow();
    }
  });

  it('has only expressions that parse and select declared metrics, infrastructure series or generated records', () => {
    const records = new Set(withRules.flatMap((s) => groupsOf(s.name).flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : [])))));
    const infra = new Set<string>(Object.values(InfraSeries));
    for (const s of withRules) {
      const declared = new Set(s.metrics.flatMap((m) => [...m.series, m.name]));
      for (const rule of groupsOf(s.name).flatMap((g) => g.rules)) {
        expect(promqlSyntaxError(rule.expr), rule.expr).toBeUndefined();
        for (const metric of selectedMetrics(rule.expr)) {
          expect(declared.has(metric) || infra.has(metric) || records.has(metric), `${s.name}: ${metric} in ${rule.expr}`).toBe(true);
        }
      }
    }
  });

  it('reads only its own service\'s series: every selector of a declared metric matches job="<service>"', () => {
    // Services share metric names (one HTTP middleware), so an unscoped selector would mix their traffic.
    let checked = 0;
    for (const s of withRules) {
      const declared = new Set(s.metrics.flatMap((m) => [...m.series, m.name]));
      // A raw SLI's query is the user's own, used as written.
      const raw = new Set(s.slos.filter((slo) => slo.sli.kind === 'raw').map((slo) => slo.id));
      for (const rule of groupsOf(s.name).flatMap((g) => g.rules).filter((r) => !raw.has(r.labels?.sloth_id ?? ''))) {
        for (const sel of vectorSelectors(rule.expr).filter((v) => declared.has(v.metric))) {
          expect(sel.text, `${s.name}: ${rule.record ?? rule.alert}`).toContain(`job="${s.name}"`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(withRules.length);
  });

  it('prints numbers exactly', () => {
    for (const s of withRules) expect(out.files.get(Files.ruleFile(s.name))).not.toMatch(/\d\.\d*(0{6,}|9{6,})\d/);
  });

  it('computes the period SLI from the shortest-window rule, never from a raw range over the period', () => {
    for (const s of withRules) {
      for (const slo of s.slos) {
        const period = groupsOf(s.name).flatMap((g) => g.rules).find((r) => r.record === Records.sliError(slo.period) && r.labels?.sloth_id === slo.id)!;
        expect(selectedMetrics(period.expr)).toEqual([Records.sliError('5m'), Records.sliError('5m')]);
      }
    }
  });

  it('puts the label contract and the annotations on every alert', () => {
    for (const s of withRules) {
      for (const rule of groupsOf(s.name).flatMap((g) => g.rules).filter((r) => r.alert)) {
        const l = rule.labels!;
        const a = rule.annotations!;
        expect(rule.alert).toMatch(/^([A-Z]+[a-z0-9]+)+$/);
        expect(l).toMatchObject({ service: s.name, team: s.team.name, namespace: s.namespace });
        expect(['critical', 'warning', 'info']).toContain(l.severity);
        if (l.slo !== undefined) {
          expect(['page', 'ticket']).toContain(l.sloth_severity);
          expect(l.severity).toBe(TIER_SEVERITY[l.sloth_severity as 'page' | 'ticket']);
        } else if (!s.alerts.some((x) => x.name === rule.alert)) {
          expect(l.symptom).toBeTruthy();
        }
        expect(Object.keys(a).sort()).toEqual(['dashboard_url', 'description', 'runbook_url', 'summary']);
        expect(a.summary).toMatch(/^[A-Z].+\.$/);
        expect(a.summary).not.toContain('{{');
        expect(a.description).toMatch(/\{\{.+\}\}/);
        expect(a.dashboard_url).toBe(Dashboards.url(app.settings.grafanaUrl, Dashboards.serviceUid(s.name)));
        expect(a.runbook_url).toBe(`${app.settings.runbookBaseUrl}/${rule.alert!.toLowerCase()}`);
      }
    }
  });

  it('renders byte-identical files twice', () => {
    const again = render(define).out;
    expect([...again.files.entries()]).toEqual([...out.files.entries()]);
  });
});

describe('the default catalogue', () => {
  const { app, out } = render(defineServices);
  const services = app.node.findAll().filter(Service.isService);

  it('gives every service an availability SLO and the agent runtime a success SLO', () => {
    for (const s of services) expect(s.slos.map((x) => x.name)).toContain('availability');
    expect(services.find((s) => s.name === 'agent-runtime')!.slos.map((x) => x.name)).toEqual(['availability', 'invocation-success']);
  });

  it('writes the Workbook thresholds into the 99.9 % page alert', () => {
    const rules: Group[] = parse(out.files.get(Files.ruleFile('orchestrator'))!).groups;
    const page = rules.flatMap((g) => g.rules).find((r) => r.labels?.sloth_severity === 'page')!;
    expect(page.expr).toContain('slo:sli_error:ratio_rate5m{sloth_id="orchestrator-availability", sloth_service="orchestrator", sloth_slo="availability"} > (14.4 * 0.001)');
    expect(page.expr).toContain('slo:sli_error:ratio_rate6h{sloth_id="orchestrator-availability", sloth_service="orchestrator", sloth_slo="availability"} > (6 * 0.001)');
    expect(page.for).toBeUndefined();
    const ticket = rules.flatMap((g) => g.rules).find((r) => r.labels?.sloth_severity === 'ticket')!;
    expect(ticket.expr).toContain('slo:sli_error:ratio_rate1d{sloth_id="orchestrator-availability", sloth_service="orchestrator", sloth_slo="availability"} > (3 * 0.001)');
    expect(ticket.expr).toContain('slo:sli_error:ratio_rate3d{sloth_id="orchestrator-availability", sloth_service="orchestrator", sloth_slo="availability"} > (1 * 0.001)');
  });
});
