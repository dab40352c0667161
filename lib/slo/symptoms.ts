/** Symptom alerts of a service: threshold alerts on what users and operators feel. */
import { Alerts, InfraLabels, InfraSeries, Labels, RuleGroups, Symptoms } from '../conventions';
import type { Metric } from '../model/metric';
import type { Service } from '../model/service';
import type { Settings } from '../model/settings';
import type { Symptom, SymptomSpec } from '../model/symptom';
import { formatNumber } from '../promql/format';
import {
  agg, div, eq, eqv, floatMatcher, isPattern, matcherFor, gt, histogramQuantile, mul, neq, num, rate, re, render, selector, sub, type Expr, type Selector,
} from '../promql';
import { alertRule, type Rule, type RuleGroup } from './rule';
import { eventRatio, selectorOf } from './sli';

/** Window of the rates inside symptom expressions. */
export const SYMPTOM_RATE_WINDOW = '5m';
const W = SYMPTOM_RATE_WINDOW;

const TIME_SCALE: Partial<Record<Metric['unit'], [number, string]>> = { seconds: [1, 's'], milliseconds: [1000, 'ms'], microseconds: [1_000_000, 'us'] };

/** Threshold of a latency symptom in the metric's own unit, and the unit's suffix. */
export function latencyScale(metric: Metric): [number, string] {
  return TIME_SCALE[metric.unit] ?? [1, ''];
}

/** Default pod regex of a service's pods. */
export const podPattern = (service: Service, pattern: string | undefined) => pattern ?? `${service.name}-.*`;

function containers(series: string, service: Service, pattern: string | undefined, extra = [neq(Labels.container, '')]): Selector {
  return selector(series, [eq(Labels.namespace, service.namespace), re(Labels.pod, podPattern(service, pattern)), ...extra]);
}

const byPod = (e: Expr) => agg('sum', e, { by: [Labels.namespace, Labels.pod] });

/** The condition (value > threshold) of a symptom and how its description shows the value. */
export function symptomCondition(service: Service, spec: SymptomSpec): { expr: Expr; value: string; what: string } {
  switch (spec.kind) {
    case Symptoms.errorRatio: {
      const ratio = eventRatio(agg('sum', rate(selectorOf(spec.errors), W)), agg('sum', rate(selectorOf(spec.total), W)));
      return { expr: gt(ratio, num(spec.thresholdPercent / 100)), value: 'now {{ $value | humanizePercentage }}', what: `error ratio above ${formatNumber(spec.thresholdPercent)}%` };
    }
    case Symptoms.latency: {
      const [scale, unit] = latencyScale(spec.metric);
      const sel = { metric: spec.metric, matchers: spec.matchers };
      const q = spec.metric.hasBuckets
        ? histogramQuantile(spec.quantile, agg('sum', rate(selectorOf(sel, `${spec.metric.name}_bucket`), W), { by: [Labels.le] }))
        : agg('max', selectorOf(sel, spec.metric.name, [floatMatcher(Labels.quantile, spec.quantile)]));
      return {
        expr: gt(q, num(spec.thresholdSeconds * scale)),
        value: `now {{ $value | humanize }}${unit}`,
        what: `p${formatNumber(spec.quantile * 100)} latency above ${formatNumber(spec.thresholdSeconds * scale)}${unit}`,
      };
    }
    case Symptoms.targetDown:
      return { expr: eqv(selector(InfraSeries.up, [eq(Labels.job, service.name)]), num(0)), value: 'instance {{ $labels.instance }} does not answer', what: 'scrape target down' };
    case Symptoms.cpu:
    case Symptoms.memory: {
      const cpu = spec.kind === Symptoms.cpu;
      const used = cpu ? rate(containers(InfraSeries.containerCpu, service, spec.podPattern), W) : containers(InfraSeries.containerMemory, service, spec.podPattern);
      const limits = containers(InfraSeries.containerLimits, service, spec.podPattern, [eq(InfraLabels.resource, cpu ? 'cpu' : 'memory')]);
      return {
        expr: gt(div(byPod(used), byPod(limits)), num(spec.thresholdPercent / 100)),
        value: 'now {{ $value | humanizePercentage }}',
        what: `${cpu ? 'CPU' : 'memory'} above ${formatNumber(spec.thresholdPercent)}% of the limit`,
      };
    }
    case Symptoms.authFailures:
      return {
        expr: gt(mul(agg('sum', rate(selectorOf(spec.failures), W)), num(60)), num(spec.perMinute)),
        value: 'now {{ $value | humanize }} per minute',
        what: `more than ${formatNumber(spec.perMinute)} authentication failures per minute`,
      };
    case Symptoms.queueLength:
      return { expr: gt(selectorOf(spec.queue), num(spec.above)), value: 'now {{ $value | humanize }} items', what: `queue longer than ${formatNumber(spec.above)}` };
    case Symptoms.disk: {
      const fs = (series: string) => selector(series, [matcherFor(InfraLabels.mountpoint, spec.mountpoint), re(Labels.instance, spec.instancePattern)]);
      return {
        expr: gt(sub(num(1), div(fs(InfraSeries.filesystemAvail), fs(InfraSeries.filesystemSize))), num(spec.thresholdPercent / 100)),
        value: 'now {{ $value | humanizePercentage }}',
        what: `disk ${isPattern(spec.mountpoint) ? `~${spec.mountpoint.regex}` : spec.mountpoint} fuller than ${formatNumber(spec.thresholdPercent)}%`,
      };
    }
  }
}

const SUMMARY: Record<Symptom['kind'], string> = {
  [Symptoms.errorRatio]: 'is failing too many requests',
  [Symptoms.latency]: 'is answering too slowly',
  [Symptoms.targetDown]: 'has a scrape target down',
  [Symptoms.cpu]: 'is running out of CPU',
  [Symptoms.memory]: 'is running out of memory',
  [Symptoms.authFailures]: 'sees repeated authentication failures',
  [Symptoms.queueLength]: 'has a long queue',
  [Symptoms.disk]: 'is running out of disk',
};

/** One rule per tier, all under the symptom's alert name: the critical tier inhibits the lower one in Alertmanager. */
export function symptomRules(settings: Settings, service: Service, s: Symptom): Rule[] {
  return s.tiers.map((t) => {
    const c = symptomCondition(service, t.spec);
    return alertRule(settings, service, {
      name: Alerts.symptom(service.name, s.kind),
      expr: render(c.expr),
      for: t.for,
      severity: t.severity,
      labels: { [Labels.symptom]: s.kind },
      summary: `Service ${service.name} ${SUMMARY[s.kind]}.`,
      description: `${service.name}: ${c.what} for ${t.for}; ${c.value}.`,
    });
  });
}

export function symptomGroup(settings: Settings, service: Service): RuleGroup | undefined {
  if (service.symptoms.length === 0) return undefined;
  return { name: RuleGroups.symptoms(service.name), rules: service.symptoms.flatMap((s) => symptomRules(settings, service, s)) };
}
