/** PromQL of an SLO's error ratio over a window, per SLI kind. */
import { Labels, SlothLabels } from '../conventions';
import type { EventSelector } from '../model/sli';
import { WINDOW_PLACEHOLDER } from '../model/sli';
import type { Slo } from '../model/slo';
import {
  agg, call, div, eq, floatMatcher, num, or, mul, overTime, rate, rawQuery, selector, sub, type Expr, type Matcher, type Selector,
} from '../promql';

export const selectorOf = (sel: EventSelector, series = sel.metric.name, extra: readonly Matcher[] = []): Selector =>
  selector(series, [...(sel.matchers ?? []), ...extra]);

/** `sum by (groupBy)` (plain `sum` without grouping). */
export const sumBy = (slo: Slo, e: Expr, op: 'sum' | 'avg' = 'sum'): Expr => agg(op, e, slo.groupBy.length ? { by: slo.groupBy } : undefined);

/** `le` matcher of a bucket boundary, in every spelling clients and Prometheus 3 write (`1e+06`, `1.0`, `1000000`). */
export const leMatcher = (boundary: number): Matcher => floatMatcher(Labels.le, boundary);

/** Upper limit of good observations of a native-latency SLI, in the histogram's unit. */
export const nativeLimit = (slo: Slo): number => slo.bucketBoundary() ?? slo.sli.thresholdSeconds!;

/** Selector of the series that count all events (for guards and absent alerts); undefined for raw SLIs. */
export function eventsSelector(slo: Slo): Selector | undefined {
  const sli = slo.sli;
  if (sli.kind === 'latency') return selectorOf(sli.histogram!, `${sli.histogram!.metric.name}_count`);
  const ev = sli.events;
  return ev ? selectorOf(ev) : undefined;
}

/**
 * `(errors or 0 * total) / total`: the `or` fills groups whose error counter does not exist yet (no
 * error since start), so the ratio is 0 there rather than missing.
 */
export const eventRatio = (errors: Expr, total: Expr): Expr => div(or(errors, mul(num(0), total)), total);

/** The bad and total event rates of an event-based SLI (ratio, latency) over `window`; undefined for other kinds. */
export function eventTerms(slo: Slo, window: string): { readonly bad: Expr; readonly total: Expr } | undefined {
  const sli = slo.sli;
  if (sli.kind === 'ratio') {
    return { bad: sumBy(slo, rate(selectorOf(sli.errors!), window)), total: sumBy(slo, rate(selectorOf(sli.total!), window)) };
  }
  if (sli.kind === 'latency') {
    const h = sli.histogram!;
    const total = sumBy(slo, rate(selectorOf(h, `${h.metric.name}_count`), window));
    const fast = sumBy(slo, rate(selectorOf(h, `${h.metric.name}_bucket`, [leMatcher(slo.bucketBoundary()!)]), window));
    return { bad: sub(total, fast), total };
  }
  return undefined;
}

/** The error ratio (0..1) of the SLI over `window`. */
export function errorRatio(slo: Slo, window: string): Expr {
  const sli = slo.sli;
  switch (sli.kind) {
    case 'ratio': {
      const { bad, total } = eventTerms(slo, window)!;
      return eventRatio(bad, total);
    }
    case 'latency': {
      const { bad, total } = eventTerms(slo, window)!;
      return div(bad, total);
    }
    case 'native-latency': {
      const h = sli.histogram!;
      return sub(num(1), call('histogram_fraction', num(0), num(nativeLimit(slo)), sumBy(slo, rate(selectorOf(h), window))));
    }
    case 'bool-gauge':
      return sub(num(1), sumBy(slo, overTime('avg', selectorOf(sli.gauge!), window), 'avg'));
    case 'raw':
      return rawQuery(sli.rawQuery!.split(WINDOW_PLACEHOLDER).join(window));
  }
}

/** Identity matchers of an SLO's recorded series. */
export function idMatchers(slo: Slo): Matcher[] {
  return [eq(SlothLabels.id, slo.id), eq(SlothLabels.service, slo.service.name), eq(SlothLabels.slo, slo.name)];
}

/** Identity labels of an SLO's recorded series. */
export function idLabels(slo: Slo): Record<string, string> {
  return { [SlothLabels.id]: slo.id, [SlothLabels.service]: slo.service.name, [SlothLabels.slo]: slo.name };
}
