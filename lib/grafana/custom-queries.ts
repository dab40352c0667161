/**
 * The queries of declared dashboards: typed metric queries built with lib/promql, scoped to the
 * services that declare the metric and to the dashboard's variables; LogQL stream selectors of services.
 */
import { InfraSeries, Labels, LogLabels } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { MetricQueryProps } from '../model/dashboard';
import { declarersOf, defaultAggregation, defaultQuantile, exportersOf } from '../model/dashboard-problems';
import type { Service } from '../model/service';
import {
  agg, div, eq, floatMatcher, histogramQuantile, isPattern, quote, rate, re, selector, withMatchers,
  type Expr, type Matcher,
} from '../promql';
import { RATE_INTERVAL, serviceScope, variableRef } from './queries';

const anyOf = (values: readonly string[]) => [...new Set(values)].sort().join('|');

/** Teams of the catalogue: bounded, so a query over every service stays small however many there are. */
export const catalogTeams = (catalog: Catalog): Matcher => re(Labels.team, anyOf(catalog.teams.map((t) => t.name)));

/**
 * Matchers that select a metric's series: a scraped metric by its declarers' teams and the dashboard's
 * variables; one pushed over OTLP (only `job` and `instance`) by its declarers' jobs. `up` covers the
 * catalogue's targets; other infrastructure series (cAdvisor, node_exporter) are not the services' targets.
 * An exporter's metric is selected by its `exporter` label (a Pushgateway's pushed groups keep their own `job`)
 * and the variables, as the exporter rows of generated dashboards are.
 */
export function metricScope(catalog: Catalog, q: MetricQueryProps): Matcher[] {
  const declarers = declarersOf(catalog, q.metric);
  if (declarers.length === 0) {
    const exporters = exportersOf(catalog, q.metric);
    if (exporters.length > 0) return serviceScope(re(Labels.exporter, anyOf(exporters.map((e) => e.job))));
    return q.metric.name === InfraSeries.up ? serviceScope(catalogTeams(catalog)) : [];
  }
  if (declarers.every((s) => s.metricsVia === 'scrape')) return serviceScope(re(Labels.team, anyOf(declarers.map((s) => s.team.name))));
  return [re(Labels.job, anyOf(declarers.map((s) => s.scopeOf(q.metric)[0]!.value))), re(Labels.instance, variableRef(Labels.instance))];
}

const filterMatchers = (q: MetricQueryProps): Matcher[] =>
  Object.entries(q.filters ?? {}).map(([label, v]) => (isPattern(v) ? re(label, v.regex) : eq(label, v)));

/** The PromQL of a typed metric query. */
export function metricQuery(catalog: Catalog, q: MetricQueryProps): Expr {
  const m = q.metric;
  const scope = withMatchers(selector(m.name, metricScope(catalog, q)), filterMatchers(q)).matchers;
  const by = [...(q.by ?? [])];
  const op = q.aggregation ?? defaultAggregation(m);
  const grouped = (e: Expr, labels: readonly string[] = by) => agg(op, e, labels.length ? { by: labels } : undefined);
  const rated = (name: string) => rate(selector(name, scope), RATE_INTERVAL);
  const quantile = q.quantile ?? defaultQuantile(m);
  switch (m.type) {
    case 'counter':
      return grouped(rated(m.name));
    case 'gauge':
      return grouped(selector(m.name, scope));
    case 'histogram':
      return histogramQuantile(quantile!, m.hasBuckets ? grouped(rated(`${m.name}_bucket`), [Labels.le, ...by]) : grouped(rated(m.name)));
    case 'summary':
      if (m.quantiles.length === 0) return div(grouped(rated(`${m.name}_sum`)), grouped(rated(`${m.name}_count`)));
      return grouped(selector(m.name, [...scope, floatMatcher(Labels.quantile, quantile!)]));
  }
}

/** `{namespace="…", service="…"}` of the services' log streams (a regex when there are several). */
export function streamSelector(services: readonly Service[]): string {
  const one = (label: string, values: readonly string[]) => {
    const distinct = [...new Set(values)].sort();
    return distinct.length === 1 ? `${label}=${quote(distinct[0]!)}` : `${label}=~${quote(distinct.join('|'))}`;
  };
  return `{${one(LogLabels.namespace, services.map((s) => s.namespace))}, ${one(LogLabels.service, services.map((s) => s.name))}}`;
}
