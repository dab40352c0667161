/** The helpers declared dashboards rely on: re() as a matcher or a regex value, metric names of PromQL, LogQL parsing. */
import { describe, expect, it } from 'vitest';
import { expandGrafanaVariables, isPattern, logqlShape, metricNames, promqlSyntaxError, re, render, selector } from '../../lib/promql';

describe('re()', () => {
  it('with a label builds a =~ matcher; alone, a regex value for label → value filters', () => {
    expect(render(selector('celery_queue_length', [re('queue', 'training|export')]))).toBe('celery_queue_length{queue=~"training|export"}');
    expect(re('training|compilation|export')).toEqual({ kind: 'pattern', regex: 'training|compilation|export' });
    expect(isPattern(re('a|b'))).toBe(true);
    expect(isPattern('a|b')).toBe(false);
    expect(isPattern(re('queue', 'a'))).toBe(false);
  });
});

describe('PromQL written by hand', () => {
  it('parses once Grafana\'s macros and variables are expanded', () => {
    const q = 'sum by (service) (rate(http_requests_total{job=~"$job", instance=~"${instance}"}[$__rate_interval]))';
    expect(promqlSyntaxError(q)).toMatch(/^parse error/);
    expect(expandGrafanaVariables(q)).toBe('sum by (service) (rate(http_requests_total{job=~".+", instance=~".+"}[1m]))');
    expect(promqlSyntaxError(expandGrafanaVariables(q))).toBeUndefined();
  });

  it('names every metric it reads, by name or by __name__, once', () => {
    expect(metricNames('(1 - node_filesystem_avail_bytes{fstype!="tmpfs"} / node_filesystem_size_bytes) * 100 > on(instance) group_left node_filesystem_size_bytes')).toEqual([
      'node_filesystem_avail_bytes', 'node_filesystem_size_bytes',
    ]);
    expect(metricNames('count({__name__="up", job="a"}) + sum(rate(x_total[5m]))')).toEqual(['up', 'x_total']);
    expect(metricNames('vector(1)')).toEqual([]);
  });
});

describe('LogQL', () => {
  it('tells log queries from metric queries', () => {
    expect(logqlShape('{namespace="keviq", service="api"} |= "error" | json | level="error"')).toEqual({ error: undefined, metric: false });
    expect(logqlShape('sum by (level) (count_over_time({service="api"} | json [$__auto]))')).toEqual({ error: undefined, metric: true });
    expect(logqlShape('{service="api"} | logfmt | duration > 1s | line_format "{{.correlation_id}}"').error).toBeUndefined();
  });

  it('reports where a query breaks, relative to the pipeline when a prefix is parsed before it', () => {
    expect(logqlShape('{service="api" |= "x"').error).toMatch(/^parse error at character \d+ near /);
    expect(logqlShape('| json | level=', '{service="x"} ').error).toBe('parse error at character 16 near "n | level="');
    expect(logqlShape('| json', '{service="x"} ').error).toBeUndefined();
    expect(logqlShape('').error).toBe('empty query');
  });
});
