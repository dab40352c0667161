/** Generated firing and non-firing cases of each symptom alert, with values Prometheus will compute. */
import { Alerts, InfraLabels, InfraSeries, Labels, Symptoms } from '../../conventions';
import type { Service } from '../../model/service';
import type { Symptom, SymptomSpec } from '../../model/symptom';
import type { EventSelector } from '../../model/sli';
import { isPattern, re } from '../../promql/expr';
import { formatDuration, openMetricsFloat, parseDuration } from '../../promql/format';
import type { Rule } from '../rule';
import { latencyScale, podPattern, SYMPTOM_RATE_WINDOW } from '../symptoms';
import type { RuleTest } from './burn';
import { assign } from './examples';
import { expectedAlert } from './expand';
import { promRate } from './prometheus-math';
import { SeriesBuilder, seriesText, type InputSeries } from './traffic';

interface Case {
  readonly inputs: readonly InputSeries[];
  /** Labels the alert gets from the series. */
  readonly labels: Readonly<Record<string, string>>;
  /** Value at the evaluation time. */
  readonly value: number;
}

type CaseBuilder = (level: number, steps: number) => Case | undefined;

const labelsFor = (sel: EventSelector, hints: Record<string, string[]> = {}) =>
  assign([...new Set((sel.matchers ?? []).map((m) => m.label))], sel.matchers ?? [], undefined, hints);

/** Builds a case whose alert value is `level` (a ratio, seconds, count…) for one symptom. */
function caseBuilder(service: Service, spec: SymptomSpec, forMs: number, stepMs: number, evalMs: number): { threshold: number; build: CaseBuilder } | undefined {
  const W = parseDuration(SYMPTOM_RATE_WINDOW)!;
  const rate = (b: SeriesBuilder) => promRate(b.samples, stepMs, W, evalMs) ?? NaN;
  const counter = (perStep: number, steps: number) => new SeriesBuilder(0).counter(perStep, steps);
  const gauge = (v: number, steps: number) => new SeriesBuilder(v).gauge(v, steps);
  const pods = { namespace: service.namespace, pod: assign([Labels.pod], [{ label: Labels.pod, op: '=~', value: podPattern(service, 'podPattern' in spec ? spec.podPattern : undefined) }], undefined, { pod: [`${service.name}-0`] })?.pod ?? '' };
  switch (spec.kind) {
    case Symptoms.errorRatio: {
      const e = labelsFor(spec.errors);
      const t = spec.errors.metric.name === spec.total.metric.name
        ? assign([...new Set([...(spec.total.matchers ?? []), ...(spec.errors.matchers ?? [])].map((m) => m.label))], spec.total.matchers ?? [], spec.errors.matchers ?? [])
        : labelsFor(spec.total);
      if (!e || !t) return undefined;
      const shared = spec.errors.metric.name === spec.total.metric.name;
      return {
        threshold: spec.thresholdPercent / 100,
        build: (level, steps) => {
          const bad = counter(100 * level, steps);
          const other = counter(shared ? 100 * (1 - level) : 100, steps);
          const rb = rate(bad);
          const ro = rate(other);
          return {
            inputs: [{ series: seriesText(spec.errors.metric.name, e), values: bad.values }, { series: seriesText(spec.total.metric.name, t), values: other.values }],
            labels: {},
            value: rb / (shared ? ro + rb : ro),
          };
        },
      };
    }
    case Symptoms.latency: {
      const labels = labelsFor({ metric: spec.metric, matchers: spec.matchers });
      if (!labels) return undefined;
      const [scale] = latencyScale(spec.metric);
      const limit = spec.thresholdSeconds * scale;
      if (!spec.metric.hasBuckets) {
        return {
          threshold: limit,
          build: (level, steps) => {
            const g = gauge(level, steps);
            return { inputs: [{ series: seriesText(spec.metric.name, { ...labels, [Labels.quantile]: openMetricsFloat(spec.quantile) }), values: g.values }], labels: {}, value: g.samples[0]! };
          },
        };
      }
      const bounds = spec.metric.buckets;
      return {
        threshold: limit,
        // Every observation in the +Inf bucket gives the highest bound; all in the first bucket gives bound × quantile.
        build: (level) => {
          const slow = level > limit;
          if (slow && !(bounds[bounds.length - 1]! > limit)) return undefined;
          if (!slow && !(bounds[0]! * spec.quantile <= limit)) return undefined;
          const steps = Math.ceil((W + forMs) / stepMs) + 3;
          const inputs = [...bounds, Infinity].map(openMetricsFloat).map((le, i) => ({
            series: seriesText(`${spec.metric.name}_bucket`, { ...labels, [Labels.le]: le }),
            values: counter(slow && i < bounds.length ? 0 : 100, steps).values,
          }));
          const value = slow ? bounds[bounds.length - 1]! : bounds[0]! * ((spec.quantile * rate(counter(100, steps))) / rate(counter(100, steps)));
          return { inputs, labels: {}, value };
        },
      };
    }
    case Symptoms.targetDown: {
      const sc = service.scrape;
      if (!sc) return undefined;
      const instance = sc.discovery?.kind === 'static' ? sc.discovery.entries[0]! : `${service.name}:${sc.port}`;
      const labels = { [Labels.job]: service.name, [Labels.instance]: instance };
      return {
        threshold: 0.5,
        // level 1 = down (up == 0).
        build: (level, steps) => ({ inputs: [{ series: seriesText(InfraSeries.up, labels), values: gauge(level > 0.5 ? 0 : 1, steps).values }], labels, value: 0 }),
      };
    }
    case Symptoms.cpu:
    case Symptoms.memory: {
      if (!pods.pod) return undefined;
      const cpu = spec.kind === Symptoms.cpu;
      const limit = cpu ? 2 : 1e9;
      const container = { ...pods, [Labels.container]: 'main' };
      return {
        threshold: spec.thresholdPercent / 100,
        build: (level, steps) => {
          const used = cpu ? counter(level * limit * (stepMs / 1000), steps) : gauge(level * limit, steps);
          const limits = gauge(limit, steps);
          const usedValue = cpu ? rate(used) : used.samples[0]!;
          return {
            inputs: [
              { series: seriesText(cpu ? InfraSeries.containerCpu : InfraSeries.containerMemory, container), values: used.values },
              { series: seriesText(InfraSeries.containerLimits, { ...container, [InfraLabels.resource]: cpu ? 'cpu' : 'memory' }), values: limits.values },
            ],
            labels: pods,
            value: usedValue / limit,
          };
        },
      };
    }
    case Symptoms.authFailures: {
      const labels = labelsFor(spec.failures);
      if (!labels) return undefined;
      return {
        threshold: spec.perMinute,
        build: (level, steps) => {
          const c = counter((level / 60) * (stepMs / 1000), steps);
          return { inputs: [{ series: seriesText(spec.failures.metric.name, labels), values: c.values }], labels: {}, value: rate(c) * 60 };
        },
      };
    }
    case Symptoms.queueLength: {
      const labels = labelsFor(spec.queue);
      if (!labels) return undefined;
      return {
        threshold: spec.above,
        build: (level, steps) => {
          const g = gauge(level, steps);
          return { inputs: [{ series: seriesText(spec.queue.metric.name, labels), values: g.values }], labels, value: g.samples[0]! };
        },
      };
    }
    case Symptoms.disk: {
      const instance = assign([Labels.instance], [{ label: Labels.instance, op: '=~', value: spec.instancePattern }], undefined, { instance: ['node-1:9100'] })?.instance;
      if (instance === undefined) return undefined;
      const mountpoint = isPattern(spec.mountpoint)
        ? assign([InfraLabels.mountpoint], [re(InfraLabels.mountpoint, spec.mountpoint.regex)], undefined, { [InfraLabels.mountpoint]: ['/', '/data'] })?.[InfraLabels.mountpoint]
        : spec.mountpoint;
      if (mountpoint === undefined) return undefined;
      const labels = { device: '/dev/sda1', [InfraLabels.fstype]: 'ext4', [Labels.instance]: instance, [Labels.job]: 'node-exporter', [InfraLabels.mountpoint]: mountpoint };
      const size = 1e11;
      return {
        threshold: spec.thresholdPercent / 100,
        build: (level, steps) => {
          const avail = gauge(size * (1 - level), steps);
          return {
            inputs: [
              { series: seriesText(InfraSeries.filesystemAvail, labels), values: avail.values },
              { series: seriesText(InfraSeries.filesystemSize, labels), values: gauge(size, steps).values },
            ],
            labels,
            value: 1 - avail.samples[0]! / size,
          };
        },
      };
    }
  }
}

/**
 * For each tier a firing case at a level past its threshold (below the next tier's, if it can be), and a
 * quiet case at half the lowest threshold; each case expects exactly the tiers whose threshold its value
 * passes, so a tiered symptom proves that both rules fire together above the critical threshold.
 */
export function symptomTests(service: Service, s: Symptom, rules: readonly Rule[], stepMs: number): RuleTest[] {
  const W = parseDuration(SYMPTOM_RATE_WINDOW)!;
  const tiers = s.tiers;
  const longestFor = Math.max(...tiers.map((t) => parseDuration(t.for)!));
  const evalMs = Math.ceil((W + longestFor) / stepMs) * stepMs + 2 * stepMs;
  const steps = evalMs / stepMs + 1;
  const builders = tiers.map((t) => caseBuilder(service, t.spec, longestFor, stepMs, evalMs));
  if (builders.some((b) => !b)) return [];
  const thresholds = builders.map((b) => b!.threshold);
  const b = builders[0]!;
  const ratioLike = thresholds.every((t) => t < 1) && s.kind !== Symptoms.latency;
  const ceiling = (i: number) => thresholds[i + 1] ?? (ratioLike ? 1 : thresholds[i]! * 3);
  const alertname = Alerts.symptom(service.name, s.kind);
  const interval = formatDuration(stepMs);
  const firing = (value: number) => tiers.flatMap((_, i) => (value > thresholds[i]! ? [i] : []));
  const out: RuleTest[] = [];
  tiers.forEach((t, i) => {
    const level = (thresholds[i]! + ceiling(i)) / 2;
    const fire = b.build(level, steps);
    // The latency builder cannot hit every level (its value is a bucket bound); the others' value is the level (target down: 0 for down).
    const which = fire && firing(s.kind === Symptoms.latency ? fire.value : level);
    // A case whose value lands on another tier's side is that tier's case, or no clean case at all.
    if (!fire || !which || which[which.length - 1] !== i) return;
    const tierName = tiers.length > 1 ? ` ${t.severity}` : '';
    out.push({
      name: `${alertname}:${tierName} fires above the threshold after ${t.for}`,
      interval,
      input_series: fire.inputs,
      alert_rule_test: [{ eval_time: formatDuration(evalMs), alertname, exp_alerts: which.map((k) => expectedAlert(rules[k]!, fire.labels, fire.value)) }],
    });
  });
  const quiet = b.build(thresholds[0]! / 2, steps);
  if (quiet) {
    out.push({
      name: `${alertname}: silent below the threshold`,
      interval,
      input_series: quiet.inputs,
      alert_rule_test: [{ eval_time: formatDuration(evalMs), alertname, exp_alerts: [] }],
    });
  }
  return out;
}
