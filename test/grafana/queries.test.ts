/** Every panel query parses and reads only declared series, infrastructure series or SLO recording rules. */
import { describe, expect, it } from 'vitest';
import { InfraSeries, Records } from '../../lib/conventions';
import { dashboardJson, dashboards } from '../../lib/grafana';
import type { Service } from '../../lib/model/service';
import { logqlShape, promqlSyntaxError } from '../../lib/promql';
import { catalogOf } from '../../lib/model/catalog';
import { crossServicePlatform, defineCrossService } from '../fixtures/cross-service';
import { dataPanels, expandMacros, selectors } from '../support/dashboard-lint';
import { testApp, testCatalog } from './catalog';

const catalog = testCatalog();
// As written to disk: JSON.stringify drops the SDK's marker functions.
const byUid = new Map(dashboards(catalog).map((d) => [d.uid!, JSON.parse(dashboardJson(d)) as Record<string, any>]));

/** Recording rules the SLO rules of these services record (Sloth's names, per SLO window and period). */
function recordedBy(services: readonly Service[]): Set<string> {
  const out = new Set<string>([Records.objective, Records.errorBudget, Records.timePeriodDays, Records.currentBurnRate,
    Records.periodBurnRate, Records.periodErrorBudgetRemaining, Records.info]);
  for (const slo of services.flatMap((s) => s.slos)) {
    for (const w of slo.sliWindows) out.add(Records.sliError(w));
    out.add(Records.sliError(slo.period));
  }
  return out;
}

function allowedFor(services: readonly Service[]): Set<string> {
  return new Set([...services.flatMap((s) => s.metrics.flatMap((m) => m.series)), ...Object.values(InfraSeries), ...recordedBy(services)]);
}

/** Problems of every query of a dashboard: syntax after macro expansion, and undeclared series. */
function queryProblems(d: Record<string, any>, allowed: Set<string>): string[] {
  const out: string[] = [];
  for (const p of dataPanels(d)) {
    for (const t of p.targets ?? []) {
      if (p.type === 'logs') {
        const shape = logqlShape(t.expr);
        if (shape.error || shape.metric) out.push(`${p.title}: ${shape.error ?? 'a metric query in a log panel'}`);
        continue;
      }
      const expr = expandMacros(t.expr);
      const err = promqlSyntaxError(expr);
      if (err) out.push(`${p.title}: ${err}`);
      for (const s of selectors(expr)) if (!allowed.has(s.name)) out.push(`${p.title}: undeclared series ${s.name}`);
    }
  }
  for (const v of d.templating.list.filter((x: any) => x.type === 'query')) {
    const inner = /^label_values\((.*), \w+\)$/.exec(v.query)![1]!;
    for (const s of selectors(expandMacros(inner))) if (!allowed.has(s.name)) out.push(`variable ${v.name}: undeclared series ${s.name}`);
  }
  return out;
}

describe('panel queries', () => {
  for (const s of catalog.services) {
    it(`${s.name}: parse and reference only its declared metrics, infrastructure series and its SLO rules`, () => {
      const d = byUid.get(`svc-${s.name}`)!;
      expect(dataPanels(d).length).toBeGreaterThan(0);
      expect(queryProblems(d, allowedFor([s]))).toEqual([]);
    });
  }

  it('overview: parses and references only the catalogue\'s metrics and SLO rules', () => {
    expect(queryProblems(byUid.get('slo-overview')!, allowedFor(catalog.services))).toEqual([]);
  });

  it('declared dashboards (default catalogue, seeds 002 and 003): PromQL and LogQL parse, and read only the catalogue\'s series', () => {
    const cross = catalogOf(testApp(crossServicePlatform, defineCrossService));
    const declared = [
      ...catalog.dashboards.map((d) => [byUid.get(d.uid)!, allowedFor(catalog.services)] as const),
      ...dashboards(cross).filter((d) => cross.dashboards.some((x) => x.uid === d.uid))
        .map((d) => [JSON.parse(dashboardJson(d)) as Record<string, any>, allowedFor(cross.services)] as const),
    ];
    expect(declared).toHaveLength(5);
    for (const [d, allowed] of declared) {
      expect(dataPanels(d).some((p) => p.type === 'logs'), d.uid).toBe(d.uid !== 'neural-api-performance' && d.uid !== 'neural-workers');
      expect(queryProblems(d, allowed), d.uid).toEqual([]);
    }
  });

  it('the check catches a log query that does not parse', () => {
    const d = structuredClone(byUid.get('platform-health')!);
    dataPanels(d).find((p) => p.type === 'logs')!.targets[0].expr = '{service="api-gateway"} | json |';
    expect(queryProblems(d, allowedFor(catalog.services))[0]).toMatch(/^Errors at the edge: parse error at character/);
  });

  it('the check catches a series nobody declares', () => {
    const d = structuredClone(byUid.get('svc-api-gateway')!);
    dataPanels(d)[0]!.targets[0].expr = 'sum(rate(mona_http_requests_totl{job=~"$job"}[$__rate_interval]))';
    expect(queryProblems(d, allowedFor(catalog.services.filter((s) => s.name === 'api-gateway')))).toEqual([
      'Request rate by status class: undeclared series mona_http_requests_totl',
    ]);
  });

  it('the check catches a query that does not parse', () => {
    const d = structuredClone(byUid.get('svc-api-gateway')!);
    dataPanels(d)[0]!.targets[0].expr = 'sum(rate(up[$__rate_interval])';
    expect(queryProblems(d, allowedFor(catalog.services))[0]).toMatch(/^Request rate by status class: parse error/);
  });
});
