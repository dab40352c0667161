/** A declared dashboard (`new Dashboard`): its rows of chart and log panels, on the shared skeleton. */
import { DatasourceVariableBuilder, RowBuilder, type Dashboard as GrafanaDashboard, type Threshold } from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { DashboardTags, Datasources, LOGS_DATASOURCE_VARIABLE } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { Metric } from '../model/metric';
import {
  isLogPanel, isPromqlQuery, type ChartPanelProps, type Dashboard, type LogPanelProps, type PanelQueryProps,
} from '../model/dashboard';
import { rawQuery } from '../promql';
import { catalogTeams, metricQuery, streamSelector } from './custom-queries';
import { finalize } from './fixes';
import { barGauge, gauge, logs, stat, table, timeseries, type Query } from './panels';
import { skeleton } from './skeleton';
import { panelUnit } from './units';

const HEIGHT = 8;
const LOG_HEIGHT = 10;

function query(catalog: Catalog, q: PanelQueryProps, title: string): Query {
  if (isPromqlQuery(q)) return { expr: rawQuery(q.promql), legend: q.legend ?? '' };
  const legend = q.legend ?? ((q.by ?? []).length ? (q.by ?? []).map((l) => `{{${l}}}`).join(' ') : title);
  return { expr: metricQuery(catalog, q), legend };
}

/** The metric of the panel's first typed query: its unit and HELP text are the panel's defaults. */
function firstMetric(p: ChartPanelProps): Metric | undefined {
  for (const q of p.queries) if (!isPromqlQuery(q)) return q.metric;
  return undefined;
}

function unitOf(p: ChartPanelProps): string {
  const m = firstMetric(p);
  return p.unit ?? (m ? panelUnit(m) : units.Short);
}

function descriptionOf(p: ChartPanelProps): string {
  const m = firstMetric(p);
  return p.description || (m ? `${m.help} (${m.name}).` : p.title);
}

function chart(catalog: Catalog, p: ChartPanelProps, span: number) {
  const steps: Threshold[] = [{ value: null as unknown as number, color: p.baseColor ?? 'green' }, ...(p.thresholds ?? []).map((t) => ({ value: t.value, color: t.color }))];
  const base = {
    title: p.title, description: descriptionOf(p), unit: unitOf(p), span: p.span ?? span, height: p.height ?? HEIGHT,
    queries: p.queries.map((q) => query(catalog, q, p.title)), min: p.min, max: p.max,
  };
  switch (p.type ?? 'timeseries') {
    case 'timeseries':
      return timeseries({ ...base, ...(p.thresholds ? { steps } : {}) });
    case 'stat':
      return stat({ ...base, steps });
    case 'gauge':
      return gauge({ ...base, steps });
    case 'bargauge':
      return barGauge({ ...base, steps });
    case 'table': {
      // One row per label set of the first query's `by`, one column per query.
      const first = p.queries[0]!;
      const by = isPromqlQuery(first) ? [] : [...(first.by ?? [])];
      return table({
        ...base,
        labels: Object.fromEntries(by.map((l) => [l, l])),
        columns: base.queries.map((q, i) => ({ title: q.legend || `Value ${i + 1}`, unit: base.unit })),
      });
    }
  }
}

function logPanel(p: LogPanelProps, span: number) {
  const pipeline = (p.pipeline ?? '').trim();
  const names = p.services.map((s) => s.name).join(', ');
  return logs({
    title: p.title,
    description: p.description || `Log lines of ${names}${pipeline ? ` through \`${pipeline}\`` : ''}; request_id, correlation_id and trace_id link to the request's other lines and its trace.`,
    logql: pipeline ? `${streamSelector(p.services)} ${pipeline}` : streamSelector(p.services),
    span: p.span ?? span, height: p.height ?? LOG_HEIGHT,
  });
}

export function customDashboard(d: Dashboard, catalog: Catalog): GrafanaDashboard {
  const b = skeleton({
    title: d.title,
    description: d.description,
    tags: [DashboardTags.custom, ...d.tags],
    serviceMatcher: catalogTeams(catalog),
    settings: catalog.settings.grafana,
  });
  if (d.panels.some((x) => isLogPanel(x.panel))) {
    b.withVariable(new DatasourceVariableBuilder(LOGS_DATASOURCE_VARIABLE)
      .label('Logs').type(Datasources.loki.type)
      .current({ text: Datasources.loki.name, value: Datasources.loki.uid }));
  }
  for (const row of d.rows) {
    b.withRow(new RowBuilder(row.title));
    const span = Math.max(4, Math.floor(24 / row.panels.length));
    for (const p of row.panels) b.withPanel(isLogPanel(p) ? logPanel(p, span) : chart(catalog, p, span));
  }
  return finalize(b.build(), d.uid);
}
