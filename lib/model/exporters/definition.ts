/** What an exporter preset knows: its metrics, where it listens, its standard alerts and its panels. */
import type { Severity } from '../../conventions';
import { lt, num, selector, type Expr, type Matcher } from '../../promql/expr';
import type { Metric } from '../metric';

export type ExporterKind = 'postgres' | 'redis' | 'nginx' | 'ingress-nginx' | 'node' | 'dcgm' | 'pushgateway';

/** One standard alert of a preset; `threshold` is the default the user may override. */
export interface ExporterAlertDef {
  /** Key in `alerts: { … }` and suffix of the alert's construct id (`postgres-down`). */
  readonly id: string;
  readonly summary: string;
  /** May use `{{ $value }}`, `{{ $value | humanize }}` and `{{ $labels.instance }}`. */
  readonly description: (threshold: number) => string;
  /** Default threshold; none for an up/down alert (it fires when the exporter reports 0). */
  readonly threshold?: number;
  /** What a threshold must be, for the error message (`a percentage in (0, 100]`). */
  readonly thresholdExpected?: string;
  readonly thresholdValid?: (v: number) => boolean;
  readonly for: string;
  readonly severity: Severity;
  /** The condition, its selectors scoped by `scope` (the exporter's `exporter` label). */
  readonly expr: (scope: readonly Matcher[], threshold: number) => Expr;
}

export interface ExporterQuery {
  readonly expr: Expr;
  readonly legend: string;
}

/** One panel of the exporter's dashboard row. */
export interface ExporterPanelDef {
  readonly title: string;
  readonly description: string;
  /** Grafana unit id (`percent`, `bytes`, `celsius`, `reqps`, `short`, `s`…). */
  readonly unit: string;
  readonly queries: (scope: readonly Matcher[]) => readonly ExporterQuery[];
}

export interface ExporterDefinition {
  readonly kind: ExporterKind;
  /** Row title and catalogue name (`PostgreSQL (postgres_exporter)`). */
  readonly displayName: string;
  /** The program that serves the metrics, and the port it listens on by default. */
  readonly port: number;
  readonly path: string;
  /** Keep the target's own `job`/`instance` (a Pushgateway's pushed groups). */
  readonly honorLabels: boolean;
  readonly metrics: readonly Metric[];
  readonly alerts: readonly ExporterAlertDef[];
  readonly panels: readonly ExporterPanelDef[];
}

export const percentThreshold = { thresholdExpected: 'a percentage in (0, 100]', thresholdValid: (v: number) => v > 0 && v <= 100 } as const;

/** `<up gauge> < 1`: the exporter reports the thing it watches as down (a threshold shape, so it gets a generated test). */
export const downAlert = (metric: string, what: string): ExporterAlertDef => ({
  id: 'down', summary: `${what} is down`, description: () => `The exporter cannot reach ${what} on {{ $labels.instance }} (${metric} = {{ $value }}).`,
  for: '1m', severity: 'critical', expr: (scope) => lt(selector(metric, scope), num(1)),
});
