/** Props of declared dashboards: rows of chart panels (typed metric queries or PromQL) and log panels. */
import type { Pattern } from '../promql/expr';
import type { Metric } from './metric';
import type { Service } from './service';

export type PanelType = 'timeseries' | 'stat' | 'gauge' | 'table' | 'bargauge';
export const PANEL_TYPES: readonly PanelType[] = ['timeseries', 'stat', 'gauge', 'table', 'bargauge'];

export type Aggregation = 'sum' | 'avg' | 'max' | 'min' | 'count';
export const AGGREGATIONS: readonly Aggregation[] = ['sum', 'avg', 'max', 'min', 'count'];

/** A query over one declared metric: rated when a counter, a quantile when a histogram or summary. */
export interface MetricQueryProps {
  /** A metric a service of the catalogue declares, or one of `Infrastructure` (`up`, cAdvisor, node_exporter…). */
  readonly metric: Metric;
  /**
   * How the series are combined. Histogram buckets are always summed before `histogram_quantile`.
   * @default 'sum'; 'avg' for gauges in ratio, percent or celsius (they do not add up); 'max' for summary quantiles
   */
  readonly aggregation?: Aggregation;
  /**
   * Labels to keep (one series per value).
   * @default [] (one series)
   */
  readonly by?: readonly string[];
  /**
   * Label filters: a string matches exactly, `re('training|compilation|export')` as a regular expression.
   * @default {}
   */
  readonly filters?: Readonly<Record<string, string | Pattern>>;
  /**
   * Quantile of a histogram, or one of the quantiles a summary exposes.
   * @default 0.95 for histograms; the summary's highest quantile
   */
  readonly quantile?: number;
  /**
   * Legend of the series.
   * @default the `by` labels (`{{queue}}`), else the panel title
   */
  readonly legend?: string;
}

/** A query written as PromQL. */
export interface PromqlQueryProps {
  /**
   * Parse-checked PromQL; Grafana's `$__rate_interval` and `$namespace`/`$job`/`$instance` may appear.
   * Every metric it names must be declared by a service, be a well-known infrastructure series, or an SLO recording rule.
   */
  readonly promql: string;
  /**
   * @default '' (Grafana names the series by their labels)
   */
  readonly legend?: string;
}

export type PanelQueryProps = MetricQueryProps | PromqlQueryProps;

export interface ThresholdStep {
  /** The value from which `color` applies. */
  readonly value: number;
  /** A Grafana colour: `red`, `dark-orange`, `#E24D42`… */
  readonly color: string;
}

/** A panel of Prometheus queries. */
export interface ChartPanelProps {
  readonly title: string;
  /**
   * @default the first metric query's HELP text, else the title
   */
  readonly description?: string;
  /**
   * @default 'timeseries'
   */
  readonly type?: PanelType;
  /** At least one. */
  readonly queries: readonly PanelQueryProps[];
  /**
   * A Grafana unit (`percentunit`, `bytes`, `reqps`, `s`…).
   * @default the first metric query's unit (per second for counters), else 'short'
   */
  readonly unit?: string;
  /**
   * Colour steps above the base colour, lowest value first.
   * @default none
   */
  readonly thresholds?: readonly ThresholdStep[];
  /**
   * Colour below the first threshold.
   * @default 'green'
   */
  readonly baseColor?: string;
  /**
   * @default Grafana's automatic minimum
   */
  readonly min?: number;
  /**
   * @default Grafana's automatic maximum
   */
  readonly max?: number;
  /**
   * Width in grid columns (of 24).
   * @default 24 ÷ the number of panels in the row, at least 4
   */
  readonly span?: number;
  /**
   * Height in grid rows.
   * @default 8
   */
  readonly height?: number;
}

/** A panel of log lines from Loki: the services' streams, through a LogQL pipeline. */
export interface LogPanelProps {
  readonly type: 'logs';
  readonly title: string;
  /**
   * @default "Log lines of <services>" and the pipeline
   */
  readonly description?: string;
  /** Whose logs: the stream selector is built from their `service` and `namespace` labels. */
  readonly services: readonly Service[];
  /**
   * LogQL after the stream selector, parse-checked: `|= "error" | json | level="error"`.
   * @default '' (every line)
   */
  readonly pipeline?: string;
  /**
   * Width in grid columns (of 24).
   * @default 24 ÷ the number of panels in the row, at least 4
   */
  readonly span?: number;
  /**
   * Height in grid rows.
   * @default 10
   */
  readonly height?: number;
}

export type DashboardPanelProps = ChartPanelProps | LogPanelProps;

export interface DashboardRowProps {
  readonly title: string;
  readonly panels: readonly DashboardPanelProps[];
}

export interface DashboardProps {
  readonly title: string;
  /**
   * Dashboard uid: 1 to 40 characters of [a-zA-Z0-9_-], unique among all dashboards.
   * @default the construct id
   */
  readonly uid?: string;
  /**
   * Grafana folder title; `''` is Grafana's General folder.
   * @default the platform's `grafana.folder`
   */
  readonly folder?: string;
  /**
   * @default "<title>. Declared in services.ts; do not edit in Grafana."
   */
  readonly description?: string;
  /**
   * Tags besides the generated ones (`monitoring-as-code`, `custom`).
   * @default []
   */
  readonly tags?: readonly string[];
  readonly rows: readonly DashboardRowProps[];
}

export const isLogPanel = (p: DashboardPanelProps): p is LogPanelProps => p.type === 'logs';
export const isPromqlQuery = (q: PanelQueryProps): q is PromqlQueryProps => typeof (q as PromqlQueryProps).promql === 'string';
