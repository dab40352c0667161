/** An OpenSLO v1 example imports to the same rules as its hand-written equivalent; what it cannot carry over is said. */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOpenSlo, Metric, MonitoringApp, re, Service, Sli, Team } from '../../lib';
import { serviceGroups } from '../../lib/slo';

const FILE = path.join(__dirname, '..', 'fixtures', 'import', 'search.openslo.yml');
const requests = Metric.counter({ name: 'search_requests_total', help: 'Search requests', labels: ['code'] });
const indexAge = Metric.gauge({ name: 'search_index_age_seconds', help: 'Age of the search index' });

function base() {
  const app = new MonitoringApp({ outdir: '/nonexistent' });
  const team = new Team(app, 'team', { name: 'search' });
  return { app, team, props: { team, namespace: 'search', scrape: { port: 8080 } } };
}

describe('importOpenSlo', () => {
  it('imports the same rules as the hand-written equivalent', () => {
    const imported = base();
    const [service] = importOpenSlo(imported.app, [FILE], { ...imported.props, metrics: [requests, indexAge] });
    expect(imported.app.problems()).toEqual([]);
    expect(imported.app.warnings()).toEqual([
      `[search] warning: ${FILE} SLI search-errors.spec.ratioMetric.total.metricSource.spec.query: range [5m] replaced by each alert window`,
      `[search] warning: ${FILE} SLI search-errors.spec.ratioMetric.bad.metricSource.spec.query: range [5m] replaced by each alert window`,
    ]);

    const hand = base();
    const search = new Service(hand.app, 'search', { ...hand.props, metrics: [requests, indexAge] });
    search.addSlo('availability', {
      description: 'Searches succeed.', objective: 99.5, period: '28d', labels: { category: 'availability' },
      sli: Sli.ratio({ errors: { metric: requests, matchers: [re('code', '5..')] }, total: { metric: requests } }),
    });
    search.addSlo('index-freshness', {
      description: 'The search index is at most ten minutes old.', objective: 99, period: '7d',
      sli: Sli.raw({ errorRatioQuery: 'avg_over_time(((max(search_index_age_seconds)) > bool 600)[{{.window}}:1m])' }),
    });
    expect(hand.app.problems()).toEqual([]);
    expect(serviceGroups(imported.app.settings, service!)).toEqual(serviceGroups(hand.app.settings, search));
  });

  it('reports calendar windows, other sources, timeslices and alert policies with the file and path', () => {
    const { app, props } = base();
    importOpenSlo(app, [{ file: 'o.yml', text: [
      'apiVersion: openslo/v1', 'kind: SLO', 'metadata: { name: a }', 'spec:', '  service: search', '  budgetingMethod: Timeslices',
      '  timeWindow: [{ duration: 1M, isRolling: true }]', '  objectives: [{ target: 0.99 }]',
      '  indicator: { spec: { ratioMetric: { bad: { metricSource: { type: Prometheus, spec: { query: "x" } } } } } }',
      '---', 'apiVersion: openslo/v1', 'kind: SLO', 'metadata: { name: b }', 'spec:', '  service: search',
      '  timeWindow: [{ duration: 1w, isRolling: false }]', '  objectives: [{ target: 0.99 }]', '  alertPolicies: [fast-burn]',
      '  indicator: { spec: { ratioMetric: { bad: { metricSource: { type: Datadog, spec: { query: "x" } } }, total: { metricSource: { type: Prometheus, spec: { query: "sum(rate(t[5m]))" } } } } } }',
      '---', 'apiVersion: openslo/v1', 'kind: AlertPolicy', 'metadata: { name: fast-burn }',
    ].join('\n') }], { ...props, metrics: [requests] });
    expect(app.problems()).toEqual([
      '[import o.yml] o.yml documents[0].spec.budgetingMethod: got "Timeslices", expected Occurrences: our error budget counts events (a threshold metric becomes the share of bad minutes)',
      '[import o.yml] o.yml documents[1].spec.timeWindow[0]: got "calendar", expected a rolling window: our period is rolling',
      '[import o.yml] o.yml documents[1].spec.indicator.spec.ratioMetric.bad.metricSource.type: got "Datadog", expected Prometheus: the only source our rules can read',
    ]);
    expect(app.warnings()).toEqual([
      '[search] warning: o.yml documents[1].spec.alertPolicies: not carried over: an OpenSLO alert condition has one lookback window; our multiwindow burn-rate alerts are generated instead',
      '[search] warning: o.yml documents[1].spec.indicator.spec.ratioMetric.total.metricSource.spec.query: range [5m] replaced by each alert window',
      '[search] warning: o.yml documents[2]: AlertPolicy not carried over: our multiwindow burn-rate alerts and Alertmanager routing replace it',
    ]);
  });
});
