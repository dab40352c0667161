/** Small wrappers over the foundation-sdk builders: every panel reads `$datasource` and has a unit and description. */
import {
  TableSortByFieldStateBuilder, LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, StackingConfigBuilder, StackingMode, VizLegendOptionsBuilder,
  BigValueGraphMode, BigValueColorMode, GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, LogsSortOrder, VizOrientation, BarGaugeDisplayMode,
} from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode, type Threshold } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as GaugeBuilder } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as LogsBuilder } from '@grafana/grafana-foundation-sdk/logs';
import { DataqueryBuilder as LokiQueryBuilder } from '@grafana/grafana-foundation-sdk/loki';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { DATASOURCE_VARIABLE, Datasources, LOGS_DATASOURCE_VARIABLE } from '../conventions';
import { render, type Expr } from '../promql';

/** Panel datasource: the dashboard's `$datasource` variable (dashboard-linter's panel-datasource-rule). */
export const DATASOURCE_REF = { type: Datasources.prometheus.type, uid: `\${${DATASOURCE_VARIABLE}}` };
/** Log panels' datasource: the `$loki_datasource` variable (a Loki datasource). */
export const LOGS_DATASOURCE_REF = { type: Datasources.loki.type, uid: `\${${LOGS_DATASOURCE_VARIABLE}}` };

export interface Query {
  readonly expr: Expr;
  readonly legend: string;
}

export interface PanelProps {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly Query[];
  /** Width in grid columns (of 24). */
  readonly span: number;
  readonly height: number;
}

const target = (q: Query, instant: boolean, table = false) => {
  // A whole query written as PromQL goes in as written: `render` parenthesizes raw text for composition.
  const t = new DataqueryBuilder().expr(q.expr.kind === 'raw' ? q.expr.text : render(q.expr)).legendFormat(q.legend);
  if (table) t.format(PromQueryFormat.Table);
  return instant ? t.instant() : t.range();
};

const legend = () => new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom);

export interface TimeseriesProps extends PanelProps {
  /** Stack the series (parts of a whole, e.g. requests by status class). */
  readonly stacked?: boolean;
  /** Colours by series name. */
  readonly colors?: Readonly<Record<string, string>>;
  readonly min?: number;
  readonly max?: number;
  /** Threshold steps, drawn as dashed lines; the first is the base colour. */
  readonly steps?: readonly Threshold[];
}

const thresholds = (steps: readonly Threshold[]) => new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([...steps]);
const lastValue = () => new ReduceDataOptionsBuilder().calcs(['lastNotNull']);

export function timeseries(p: TimeseriesProps): TimeseriesBuilder {
  const b = new TimeseriesBuilder()
    .title(p.title).description(p.description).unit(p.unit).datasource(DATASOURCE_REF)
    .span(p.span).height(p.height).legend(legend()).fillOpacity(p.stacked ? 30 : 10).lineWidth(1);
  if (p.stacked) b.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (p.min !== undefined) b.min(p.min);
  if (p.max !== undefined) b.max(p.max);
  if (p.steps) b.thresholds(thresholds(p.steps)).thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  for (const [name, color] of Object.entries(p.colors ?? {})) {
    b.overrideByName(name, [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }]);
  }
  for (const q of p.queries) b.withTarget(target(q, false));
  return b;
}

export interface StatProps extends PanelProps {
  /** Threshold steps, lowest first; the first is the base colour. */
  readonly steps: readonly Threshold[];
  readonly min?: number;
  readonly max?: number;
}

/** What stat, gauge and bar gauge panels share: the last value of instant queries against thresholds. */
interface ValuePanelBuilder<B> {
  title(t: string): B; description(d: string): B; unit(u: string): B; datasource(d: typeof DATASOURCE_REF): B;
  span(w: number): B; height(h: number): B; min(n: number): B; max(n: number): B;
  reduceOptions(r: ReduceDataOptionsBuilder): B; thresholds(t: ThresholdsConfigBuilder): B; withTarget(t: DataqueryBuilder): B;
}

function valuePanel<B extends ValuePanelBuilder<B>>(b: B, p: StatProps): B {
  b.title(p.title).description(p.description).unit(p.unit).datasource(DATASOURCE_REF)
    .span(p.span).height(p.height).reduceOptions(lastValue()).thresholds(thresholds(p.steps));
  if (p.min !== undefined) b.min(p.min);
  if (p.max !== undefined) b.max(p.max);
  for (const q of p.queries) b.withTarget(target(q, true));
  return b;
}

export function stat(p: StatProps): StatBuilder {
  return valuePanel(new StatBuilder(), p).graphMode(BigValueGraphMode.None).colorMode(BigValueColorMode.Value);
}

/** A dial per series: the last value against min, max and the thresholds. */
export function gauge(p: StatProps): GaugeBuilder {
  return valuePanel(new GaugeBuilder(), p).showThresholdMarkers(true).showThresholdLabels(false);
}

/** Horizontal bars, one per series, coloured by the thresholds. */
export function barGauge(p: StatProps): BarGaugeBuilder {
  return valuePanel(new BarGaugeBuilder(), p).orientation(VizOrientation.Horizontal).displayMode(BarGaugeDisplayMode.Gradient);
}

export interface LogsProps {
  readonly title: string;
  readonly description: string;
  /** A LogQL log query (lines, not a metric). */
  readonly logql: string;
  readonly span: number;
  readonly height: number;
}

/** Log lines from Loki, newest first, with their details (derived fields link the correlation ids). */
export function logs(p: LogsProps): LogsBuilder {
  return new LogsBuilder()
    .title(p.title).description(p.description).datasource(LOGS_DATASOURCE_REF)
    .span(p.span).height(p.height)
    .showTime(true).wrapLogMessage(true).enableLogDetails(true).sortOrder(LogsSortOrder.Descending)
    .withTarget(new LokiQueryBuilder().expr(p.logql).datasource(LOGS_DATASOURCE_REF));
}

export interface TableColumn {
  /** Column title of this query's value. */
  readonly title: string;
  readonly unit: string;
}

export interface TableProps extends PanelProps {
  /** One column per query, in the same order. */
  readonly columns: readonly TableColumn[];
  /** Label columns to keep, in order, with their titles. */
  readonly labels: Readonly<Record<string, string>>;
  /** Column title to sort by, ascending (worst first when lower is worse). */
  readonly sortBy?: { readonly column: string; readonly desc: boolean };
}

/** Instant table queries merged into one row per label set, columns renamed and ordered. */
export function table(p: TableProps): TableBuilder {
  const refIds = p.queries.map((_, i) => String.fromCharCode(65 + i));
  const renames: Record<string, string> = { ...p.labels };
  const order: Record<string, number> = {};
  const keep = [...Object.keys(p.labels), ...refIds.map((r) => `Value #${r}`)];
  refIds.forEach((r, i) => (renames[`Value #${r}`] = p.columns[i]!.title));
  keep.forEach((k, i) => (order[k] = i));
  const excluded: Record<string, boolean> = { Time: true };
  const b = new TableBuilder()
    .title(p.title).description(p.description).unit(p.unit).datasource(DATASOURCE_REF)
    .span(p.span).height(p.height)
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({ id: 'organize', options: { excludeByName: excluded, indexByName: order, renameByName: renames, includeByName: Object.fromEntries(keep.map((k) => [k, true])) } });
  p.columns.forEach((c) => b.overrideByName(c.title, [{ id: 'unit', value: c.unit }]));
  if (p.sortBy) b.sortBy([new TableSortByFieldStateBuilder().displayName(p.sortBy.column).desc(p.sortBy.desc)]);
  p.queries.forEach((q, i) => b.withTarget(target(q, true, true).refId(refIds[i]!)));
  return b;
}
