/** The dashboard-linter rules of the issue, asserted per dashboard; and proof the linter catches each breach. */
import { describe, expect, it } from 'vitest';
import { dashboardJson, dashboards } from '../../lib/grafana';
import { dataPanels, lintDashboard } from '../support/dashboard-lint';
import { lintOptionsFor } from '../support/dist-checks';
import { testCatalog } from './catalog';

const catalog = testCatalog();
const all = dashboards(catalog).map((d) => JSON.parse(dashboardJson(d)) as Record<string, any>);
const options = lintOptionsFor(catalog);

describe('dashboard-linter rules', () => {
  for (const d of all) {
    it(`${d.uid} passes every rule`, () => {
      expect(lintDashboard(d, options)).toEqual([]);
    });
  }

  it('service dashboards and the overview link to each other by tag', () => {
    const overview = all.find((d) => d.uid === 'slo-overview')!;
    for (const d of all.filter((x) => x !== overview)) {
      const toOverview = d.links.find((l: any) => l.title === 'Overview');
      expect(toOverview.tags.every((t: string) => overview.tags.includes(t))).toBe(true);
      expect(d.links.every((l: any) => !('placement' in l))).toBe(true);
    }
    const toServices = overview.links.find((l: any) => l.title === 'Services');
    const dashlist = overview.panels.find((p: any) => p.type === 'dashlist');
    for (const d of all.filter((x) => x !== overview)) {
      expect(toServices.tags.every((t: string) => d.tags.includes(t))).toBe(true);
      expect(dashlist.options.tags.every((t: string) => d.tags.includes(t))).toBe(true);
    }
  });

  const gateway = () => structuredClone(all.find((d) => d.uid === 'svc-api-gateway')!);
  const rules = (d: Record<string, any>) => lintDashboard(d, options).map((v) => v.rule);

  it('catches a fixed rate window, an unaggregated counter and missing matchers', () => {
    const d = gateway();
    dataPanels(d)[0]!.targets[0].expr = 'rate(mona_http_requests_total{service="api-gateway"}[5m])';
    expect(rules(d)).toEqual(['target-rate-interval-rule', 'target-job-rule', 'target-instance-rule', 'target-counter-agg-rule']);
  });

  it('catches a raw counter outside rate()', () => {
    const d = gateway();
    dataPanels(d)[0]!.targets[0].expr = 'sum(mona_http_requests_total{job=~"$job", instance=~"$instance"})';
    expect(rules(d)).toEqual(['target-counter-agg-rule']);
  });

  it('catches panels without description, unit, datasource variable or refId, and duplicate ids', () => {
    const d = gateway();
    const [a, b] = dataPanels(d);
    delete a!.description;
    a!.fieldConfig.defaults.unit = 'furlongs';
    b!.datasource = { type: 'prometheus', uid: 'prometheus' };
    delete b!.targets[0].refId;
    b!.id = a!.id;
    expect(rules(d).sort()).toEqual(['panel-datasource-rule', 'panel-ids', 'panel-title-description-rule', 'panel-units-rule', 'target-refid']);
  });

  it('catches an editable dashboard and broken variables', () => {
    const d = gateway();
    d.editable = true;
    d.templating.list = d.templating.list.filter((v: any) => v.name !== 'instance');
    d.templating.list.find((v: any) => v.name === 'job').refresh = 1;
    d.templating.list.find((v: any) => v.name === 'namespace').query = 'label_values(up{service=, namespace)';
    expect(rules(d).sort()).toEqual([
      'template-instance-rule', 'template-label-promql-rule', 'template-on-time-change-reload-rule', 'uneditable-dashboard',
    ]);
  });
});
