/** The overview across services: SLOs worst first, firing alerts, traffic per service, links to each service. */
import { PanelBuilder as DashboardListBuilder } from '@grafana/grafana-foundation-sdk/dashboardlist';
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DashboardTags, Dashboards, Labels, SlothLabels } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { Service } from '../model/service';
import { agg, re, type Matcher } from '../promql';
import { PlatformExporter } from '../model/exporters';
import { exporterRows } from './exporter-rows';
import { finalize } from './fixes';
import { table, timeseries } from './panels';
import * as q from './queries';
import { skeleton } from './skeleton';
import { Units } from './units';

const anyOf = (services: readonly Service[]) => re(Labels.service, services.map((s) => s.name).join('|'));
/**
 * The catalogue's series, by the `team` label every generated scrape sets: bounded by the number of
 * teams, so the overview does not grow with services (at 10,000 it neared the 1 MiB ConfigMap limit).
 */
const ofCatalog = (catalog: Catalog) => re(Labels.team, catalog.teams.map((t) => t.name).join('|'));

/**
 * Services grouped by how their requests are counted, so one query covers each group. A group's
 * total metric selects its services; only groups that share a total metric with another group
 * (counting errors differently) list their services.
 */
function requestGroups(catalog: Catalog): { readonly services: Service[]; readonly matcher: Matcher }[] {
  const groups = byRequestShape(catalog.services);
  const perMetric = new Map<string, number>();
  for (const g of groups) perMetric.set(g[0]!.requests!.total.name, (perMetric.get(g[0]!.requests!.total.name) ?? 0) + 1);
  return groups.map((g) => ({ services: g, matcher: perMetric.get(g[0]!.requests!.total.name) === 1 ? ofCatalog(catalog) : anyOf(g) }));
}

function byRequestShape(services: readonly Service[]): Service[][] {
  const groups = new Map<string, Service[]>();
  for (const s of services) {
    const r = s.requests;
    if (!r) continue;
    const key = [r.total.name, r.errors?.name ?? '', r.statusLabel ?? ''].join('/');
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}

export function overviewDashboard(catalog: Catalog): Dashboard {
  const settings = catalog.settings.grafana;
  const d = skeleton({
    title: Dashboards.overviewTitle,
    description: 'Every service of the catalogue: SLOs (worst first), firing alerts, request and error rates. Generated from services.ts; do not edit in Grafana.',
    tags: [DashboardTags.overview],
    serviceMatcher: ofCatalog(catalog),
    settings,
  });
  const bySlo = [SlothLabels.service, SlothLabels.slo];
  // The job variable is the service name (job = service), so it filters the SLO series too.
  const ids = [re(SlothLabels.service, q.variableRef(Labels.job))];

  d.withRow(new RowBuilder('Service level objectives'));
  d.withPanel(table({
    title: 'SLOs, worst first',
    description: 'One row per SLO, sorted by error budget remaining (lowest first). SLI and budget are over each SLO\'s own period; for grouped SLOs the worst group is shown.',
    unit: Units.ratio, span: 18, height: 10,
    labels: { [SlothLabels.service]: 'Service', [SlothLabels.slo]: 'SLO' },
    columns: [
      { title: 'Objective', unit: Units.ratio },
      { title: 'SLI', unit: Units.ratio },
      { title: 'Budget remaining', unit: Units.ratio },
      { title: 'Burn rate', unit: Units.none },
    ],
    sortBy: { column: 'Budget remaining', desc: false },
    queries: [
      { expr: agg('max', q.sloObjective(ids), { by: bySlo }), legend: '' },
      { expr: agg('min', q.sloPeriodSli(ids, [SlothLabels.id, ...bySlo]), { by: bySlo }), legend: '' },
      { expr: agg('min', q.sloBudgetRemaining(ids), { by: bySlo }), legend: '' },
      { expr: agg('max', q.sloCurrentBurn(ids), { by: bySlo }), legend: '' },
    ],
  }));
  d.withPanel(new DashboardListBuilder()
    .title('Service dashboards').description('One dashboard per service, generated from services.ts.')
    .tags([DashboardTags.all, DashboardTags.service]).showSearch(true).showHeadings(false).showStarred(false).showRecentlyViewed(false).maxItems(100)
    .span(6).height(10));

  d.withRow(new RowBuilder('Firing alerts'));
  d.withPanel(table({
    title: 'Firing alerts', description: 'Alerts Prometheus is firing now for the selected services (ALERTS series).',
    unit: Units.count, span: 24, height: 8,
    labels: { alertname: 'Alert', [Labels.service]: 'Service', [Labels.severity]: 'Severity', [Labels.slo]: 'SLO' },
    columns: [{ title: 'Series', unit: Units.count }],
    sortBy: { column: 'Severity', desc: false },
    queries: [{ expr: q.firingAlerts(re(Labels.service, q.variableRef(Labels.job))), legend: '' }],
  }));

  // Traffic panels read the services' request metrics; with none declared they would be empty.
  const groups = requestGroups(catalog);
  if (groups.length > 0) {
    d.withRow(new RowBuilder('Traffic'));
    const by = [Labels.service];
    d.withPanel(timeseries({
      title: 'Request rate per service', description: 'Requests per second of each service.',
      unit: Units.requestsPerSecond, span: 12, height: 8, min: 0,
      queries: groups.map((g) => ({ expr: q.requestRate(g.services[0]!.requests!, q.serviceScope(g.matcher), by), legend: `{{${Labels.service}}}` })),
    }));
    d.withPanel(timeseries({
      title: 'Error ratio per service', description: 'Share of failed requests of each service.',
      unit: Units.ratio, span: 12, height: 8, min: 0,
      queries: groups.map((g) => ({ expr: q.errorRatio(g.services[0]!.requests!, q.serviceScope(g.matcher), by), legend: `{{${Labels.service}}}` })),
    }));
  }
  exporterRows(d, catalog.exporters.filter(PlatformExporter.isPlatformExporter));
  return finalize(d.build(), Dashboards.overviewUid);
}
