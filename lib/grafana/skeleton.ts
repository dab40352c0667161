/** What every generated dashboard shares: variables, links, tags, time, read-only. */
import {
  DashboardBuilder, DashboardCursorSync, DashboardLinkBuilder, DashboardLinkType, DatasourceVariableBuilder,
  QueryVariableBuilder, VariableRefresh, VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE_VARIABLE, DashboardTags, Datasources, InfraSeries, Labels } from '../conventions';
import { OTLP_TARGET_INFO } from '../conventions/otlp';
import type { GrafanaSettings } from '../model/grafana-settings';
import { re, selector, type Matcher } from '../promql';
import { DATASOURCE_REF } from './panels';
import { labelValues, variableRef } from './queries';

export interface SkeletonProps {
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Matcher that limits the variables' values to the dashboard's services. */
  readonly serviceMatcher: Matcher;
  /**
   * Where the variables' values come from: the services' `up` series (namespace → job → instance),
   * or for a service whose series arrive over OTLP (no `up`, job and instance only) its `target_info`
   * series (instance only).
   * @default 'up'
   */
  readonly variablesFrom?: 'up' | 'otlp';
  readonly settings: GrafanaSettings;
}

function queryVariable(name: string, label: string, query: string) {
  return new QueryVariableBuilder(name)
    .label(label).datasource(DATASOURCE_REF).query(query).definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged).sort(VariableSort.AlphabeticalAsc)
    .multi(true).includeAll(true).allValue('.+');
}

export function skeleton(p: SkeletonProps): DashboardBuilder {
  const d = base(p).withVariable(new DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source').type(Datasources.prometheus.type)
    .current({ text: Datasources.prometheus.name, value: Datasources.prometheus.uid }));
  if (p.variablesFrom === 'otlp') {
    return d.withVariable(queryVariable(Labels.instance, 'Instance', labelValues(selector(OTLP_TARGET_INFO, [p.serviceMatcher]), Labels.instance)));
  }
  // Each variable narrows the next: namespace → job → instance, all from the services' `up` series.
  const upOf = (...extra: Matcher[]) => selector(InfraSeries.up, [p.serviceMatcher, ...extra]);
  const ns = re(Labels.namespace, variableRef(Labels.namespace));
  const job = re(Labels.job, variableRef(Labels.job));
  return d
    .withVariable(queryVariable(Labels.namespace, 'Namespace', labelValues(upOf(), Labels.namespace)))
    .withVariable(queryVariable(Labels.job, 'Job', labelValues(upOf(ns), Labels.job)))
    .withVariable(queryVariable(Labels.instance, 'Instance', labelValues(upOf(ns, job), Labels.instance)));
}

function base(p: SkeletonProps): DashboardBuilder {
  return new DashboardBuilder(p.title)
    .description(p.description)
    .tags([DashboardTags.all, ...p.tags])
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .refresh(p.settings.refresh)
    .timezone('browser')
    .link(new DashboardLinkBuilder('Overview').type(DashboardLinkType.Dashboards)
      .tags([DashboardTags.all, DashboardTags.overview]).includeVars(false).keepTime(true).icon('dashboard'))
    .link(new DashboardLinkBuilder('Services').type(DashboardLinkType.Dashboards)
      .tags([DashboardTags.all, DashboardTags.service]).asDropdown(true).includeVars(false).keepTime(true).icon('dashboard'));
}
