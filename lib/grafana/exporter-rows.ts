/** One row per exporter: its preset's panels, on the owning service's dashboard or on the overview (platform exporters). */
import { RowBuilder, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { ExporterTarget } from '../model/exporters';
import { timeseries } from './panels';

export function exporterRows(d: DashboardBuilder, exporters: readonly ExporterTarget[]): void {
  for (const e of exporters) {
    d.withRow(new RowBuilder(`${e.definition.displayName}: ${e.job}`));
    const span = e.panels.length >= 3 ? 8 : 12;
    for (const p of e.panels) {
      d.withPanel(timeseries({
        title: p.title, description: `${p.description} Exporter job "${e.job}".`, unit: p.unit, span, height: 8,
        queries: p.queries.map((x) => ({ expr: x.expr, legend: x.legend })),
      }));
    }
  }
}
