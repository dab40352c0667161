/** One row per exporter: its preset's panels, on the owning service's dashboard or on the overview (platform exporters). */
import { RowBuilder, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { Labels } from '../conventions';
import type { ExporterTarget } from '../model/exporters';
import { re } from '../promql';
import { timeseries } from './panels';
import { variableRef } from './queries';

/** The dashboard's namespace, job and instance variables, as every other panel reads them. */
const VARIABLES = [Labels.namespace, Labels.job, Labels.instance].map((l) => re(l, variableRef(l)));

export function exporterRows(d: DashboardBuilder, exporters: readonly ExporterTarget[]): void {
  for (const e of exporters) {
    d.withRow(new RowBuilder(`${e.definition.displayName}: ${e.job}`));
    const panels = e.panelsWith(VARIABLES);
    const span = panels.length >= 3 ? 8 : 12;
    for (const p of panels) {
      d.withPanel(timeseries({
        title: p.title, description: `${p.description} Exporter job "${e.job}".`, unit: p.unit, span, height: 8,
        queries: p.queries.map((x) => ({ expr: x.expr, legend: x.legend })),
      }));
    }
  }
}
