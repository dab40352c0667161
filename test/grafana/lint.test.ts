/** The dashboard-linter rules of the issue, asserted per dashboard; and proof the linter catches each breach. */
import { describe, expect, it } from 'vitest';
import { dashboardJson, dashboards } from '../../lib/grafana';
import { dataPanels, lintDashboard, type LintOptions } from '../support/dashboard-lint';
import { lintOptionsFor } from '../support/dist-checks';
import { catalogOf } from '../../lib/model/catalog';
import { crossServicePlatform, defineCrossService } from '../fixtures/cross-service';
import { testApp, testCatalog } from './catalog';

const catalog = testCatalog();
const all = dashboards(catalog).map((d) => JSON.parse(dashboardJson(d)) as Record<string, any>);
const options = lintOptionsFor(catalog);

/** Seeds 002 and 003's declared dashboards; node_exporter's disks are nobody's scrape target here. */
const crossCatalog = catalogOf(testApp(crossServicePlatform, defineCrossService));
const cross = dashboards(crossCatalog).filter((d) => crossCatalog.dashboards.some((x) => x.uid === d.uid)).map((d) => JSON.parse(dashboardJson(d)) as Record<string, any>);
const crossCounters = new Set(crossCatalog.services.flatMap((s) => s.metrics.filter((m) => m.type === 'counter').map((m) => m.name)));
const crossOptions: LintOptions = {
  targetRuleExclusions: (s) => (s.startsWith('node_filesystem_') ? 'node_exporter series: the nodes, not a service\'s targets' : options.targetRuleExclusions(s)),
  isCounter: (s) => crossCounters.has(s),
};

describe('dashboard-linter rules', () => {
  for (const d of all) {
    it(`${d.uid} passes every rule`, () => {
      expect(lintDashboard(d, options)).toEqual([]);
    });
  }

  it('the declared dashboards of seeds 002 and 003 pass every rule', () => {
    expect(cross.map((d) => d.uid)).toEqual(['neural-api-performance', 'neural-system-overview', 'neural-workers', 'ops-overview']);
    for (const d of cross) expect(lintDashboard(d, crossOptions), d.uid).toEqual([]);
  });

  it('catches a log panel on the Prometheus datasource, a metric LogQL query and one that does not parse', () => {
    const d = structuredClone(all.find((x) => x.uid === 'platform-health')!);
    const logs = dataPanels(d).find((p) => p.type === 'logs')!;
    logs.datasource = { type: 'prometheus', uid: '${datasource}' };
    logs.targets = [{ refId: 'A', expr: 'sum(rate({service="x"}[5m]))' }, { refId: 'B', expr: '{service="x" |= ' }];
    expect(rules(d)).toEqual(['panel-datasource-rule', 'target-logql-rule', 'target-logql-rule']);
  });

  it('service dashboards and the overview link to each other by tag', () => {
    const overview = all.find((d) => d.uid === 'slo-overview')!;
    for (const d of all.filter((x) => x !== overview)) {
      const toOverview = d.links.find((l: any) => l.title === 'Overview');
      expect(toOverview.tags.every((t: string) => overview.tags.includes(t))).toBe(true);
      expect(d.links.every((l: any) => !('placement' in l))).toBe(true);
    }
    const toServices = overview.links.find((l: any) => l.title === 'Services');
    const dashlist = overview.panels.find((p: any) => p.type === 'dashlist');
    const [custom, generated] = [all.filter((x) => x.tags.includes('custom')), all.filter((x) => x !== overview && !x.tags.includes('custom'))];
    for (const d of generated) {
      expect(toServices.tags.every((t: string) => d.tags.includes(t))).toBe(true);
      expect(dashlist.options.tags.every((t: string) => d.tags.includes(t))).toBe(true);
    }
    // Declared dashboards are not services: they stay out of the Services menu and list.
    expect(custom.map((d) => d.uid)).toEqual(['platform-health']);
    for (const d of custom) expect(toServices.tags.every((t: string) => d.tags.includes(t))).toBe(false);
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
