/**
 * Generated promtool cases of custom alerts whose inputs are known: `<value> <cmp> <number>`, where the
 * value is arithmetic over gauges, `rate`/`increase` of counters and sum/avg/min/max of those. One series
 * per metric, all with the same labels; one metric (the driver) is scaled until the alert holds and until
 * it does not, and the value Prometheus will compute is replayed here.
 */
import { Labels, TARGET_LABELS } from '../../conventions';
import type { CustomAlert } from '../../model/alert';
import { formatDuration, num, parseDuration, render, type Expr, type Selector } from '../../promql';
import { thresholdShape, type ThresholdShape } from '../../promql/shape';
import type { Rule } from '../rule';
import type { RuleTest } from './burn';
import { assign } from './examples';
import { expandTemplate, expectedAlert } from './expand';
import { promIncrease, promRate } from './prometheus-math';
import { SeriesBuilder, seriesText, type InputSeries } from './traffic';

type Value = { readonly scalar: number } | { readonly v: number; readonly labels: Readonly<Record<string, string>> };

const NAME = '__name__';

/** Driver scales tried, dense near 1 so the cases sit close to the threshold. */
const SCALES = [
  0, 0.001, 0.01, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.92, 0.95, 0.97, 0.99,
  1, 1.01, 1.05, 1.1, 1.2, 1.5, 2, 3, 5, 10, 20, 50, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
];
/** Base value of a gauge, and the per-second rate of a counter, of the metrics that do not drive. */
const GAUGE_BASE = 100;
const RATE_BASE = 1;

const keyOf = (l: { sel: Selector }) => render(l.sel);

const dropName = (l: Readonly<Record<string, string>>): Record<string, string> => Object.fromEntries(Object.entries(l).filter(([k]) => k !== NAME));
const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) => JSON.stringify(Object.entries(dropName(a)).sort()) === JSON.stringify(Object.entries(dropName(b)).sort());

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    default: return a / b;
  }
}

/** Prometheus' value of `e` when every leaf has one series with `labels` and the value in `values`; undefined when nothing matches. */
function evaluate(e: Expr, values: ReadonlyMap<string, number>, labelsOf: (s: Selector) => Readonly<Record<string, string>>): Value | undefined {
  switch (e.kind) {
    case 'number': return { scalar: e.value };
    case 'paren': return evaluate(e.expr, values, labelsOf);
    case 'selector': return { v: values.get(render(e))!, labels: { ...labelsOf(e), [NAME]: e.metric } };
    case 'call': {
      const sel = (e.args[0] as Extract<Expr, { kind: 'range' }>).selector;
      return { v: values.get(render(sel))!, labels: labelsOf(sel) };
    }
    case 'aggregation': {
      const x = evaluate(e.expr, values, labelsOf);
      if (!x || 'scalar' in x) return undefined;
      const g = e.grouping;
      const kept = !g ? {} : g.mode === 'by'
        ? Object.fromEntries(Object.entries(x.labels).filter(([k]) => g.labels.includes(k)))
        : dropName(Object.fromEntries(Object.entries(x.labels).filter(([k]) => !g.labels.includes(k))));
      return { v: x.v, labels: kept };
    }
    case 'binary': {
      const a = evaluate(e.lhs, values, labelsOf);
      const b = evaluate(e.rhs, values, labelsOf);
      if (!a || !b) return undefined;
      if ('scalar' in a && 'scalar' in b) return { scalar: arith(e.op, a.scalar, b.scalar) };
      if ('scalar' in a) return { v: arith(e.op, a.scalar, (b as { v: number }).v), labels: dropName((b as { labels: Record<string, string> }).labels) };
      if ('scalar' in b) return { v: arith(e.op, a.v, b.scalar), labels: dropName(a.labels) };
      return sameLabels(a.labels, b.labels) ? { v: arith(e.op, a.v, b.v), labels: dropName(a.labels) } : undefined;
    }
    default: return undefined;
  }
}

const holds = (op: string, v: number, t: number) => (op === '>' ? v > t : op === '>=' ? v >= t : op === '<' ? v < t : v <= t);

export interface CustomTests {
  readonly tests: RuleTest[];
  /** Why no test was generated, for the catalogue. */
  readonly reason?: string;
}

/** A firing case (checked before and after `for`) and a silent one, or the reason there are none. */
export function customAlertTests(alert: CustomAlert, rule: Rule, stepMs: number): CustomTests {
  const none = (reason: string): CustomTests => ({ tests: [], reason });
  const untested = alert.untestedReason;
  if (untested) return none(untested);
  const shape = thresholdShape(alert.expr as Expr) as ThresholdShape;
  const { leaves, threshold } = shape;
  const rhs = render(num(threshold));
  const matchers = leaves.flatMap((l) => l.sel.matchers);
  // Every series gets an instance too, as scraped series have; descriptions often name it.
  const names = [...new Set([...matchers.map((m) => m.label), Labels.instance])];
  const hints = { [Labels.instance]: [alert.exampleInstance] };
  const all = assign(names, matchers, undefined, hints);
  // Disjoint selectors of one metric (5xx and the rest) cannot share values: each leaf then gets its own,
  // its matchers plus the others' on labels it leaves open.
  const perLeaf = new Map<string, Record<string, string> | undefined>();
  if (!all) {
    for (const l of leaves) {
      const own = new Set(l.sel.matchers.map((m) => m.label));
      perLeaf.set(keyOf(l), assign(names, [...l.sel.matchers, ...matchers.filter((m) => !own.has(m.label))], undefined, hints));
    }
    if ([...perLeaf.values()].some((a) => !a)) return none('no label values satisfy all its matchers at once');
  }
  // Each series carries only the labels its metric has (declared, target and bucket labels).
  const labelsOf = (s: Selector): Record<string, string> => {
    const m = alert.metricOf(s.metric);
    const own = new Set([...(m?.labels ?? []), ...TARGET_LABELS, Labels.le, Labels.quantile, ...s.matchers.map((x) => x.label)]);
    return Object.fromEntries(Object.entries(all ?? perLeaf.get(render(s))!).filter(([k]) => own.has(k)));
  };

  const maxRange = Math.max(0, ...leaves.map((l) => l.rangeMs ?? 0));
  const forMs = parseDuration(alert.for)!;
  const evalMs = Math.ceil((maxRange + forMs) / stepMs) * stepMs + 2 * stepMs;
  const steps = evalMs / stepMs + 1;
  const build = (driver: number, scale: number) => {
    const inputs: InputSeries[] = [];
    const values = new Map<string, number>();
    leaves.forEach((l, i) => {
      const k = i === driver ? scale : 1;
      if (!l.fn) {
        const b = new SeriesBuilder(GAUGE_BASE * k).gauge(GAUGE_BASE * k, steps - 1);
        inputs.push({ series: seriesText(l.sel.metric, labelsOf(l.sel)), values: b.values });
        values.set(keyOf(l), b.samples[0]!);
      } else {
        const b = new SeriesBuilder(0).counter(RATE_BASE * k * (stepMs / 1000), steps - 1);
        inputs.push({ series: seriesText(l.sel.metric, labelsOf(l.sel)), values: b.values });
        values.set(keyOf(l), (l.fn === 'rate' ? promRate : promIncrease)(b.samples, stepMs, l.rangeMs!, evalMs) ?? NaN);
      }
    });
    const v = evaluate(shape.lhs, values, labelsOf);
    return v && !('scalar' in v) && Number.isFinite(v.v) ? { inputs, value: v.v, labels: dropName(v.labels) } : undefined;
  };
  const margin = Math.max(Math.abs(threshold) * 0.01, 1e-9);
  for (let driver = 0; driver < leaves.length; driver++) {
    let fire: ReturnType<typeof build>;
    let quiet: ReturnType<typeof build>;
    for (const scale of SCALES) {
      const c = build(driver, scale);
      if (!c || Math.abs(c.value - threshold) < margin) continue;
      const side = holds(shape.op, c.value, threshold);
      const best = side ? fire : quiet;
      if (!best || Math.abs(c.value - threshold) < Math.abs(best.value - threshold)) {
        if (side) fire = c;
        else quiet = c;
      }
    }
    if (!fire || !quiet) continue;
    try {
      expandTemplate(rule.annotations?.description ?? '', fire.labels, fire.value);
    } catch {
      return none('its description uses template forms the test generator cannot predict');
    }
    const interval = formatDuration(stepMs);
    const early = forMs - stepMs;
    return {
      tests: [
        {
          name: `${alert.name}: fires after ${alert.for} on the far side of ${rhs}`,
          interval,
          input_series: fire.inputs,
          alert_rule_test: [
            ...(early > 0 ? [{ eval_time: formatDuration(early), alertname: alert.name, exp_alerts: [] }] : []),
            { eval_time: formatDuration(evalMs), alertname: alert.name, exp_alerts: [expectedAlert(rule, fire.labels, fire.value)] },
          ],
        },
        {
          name: `${alert.name}: silent on the near side of ${rhs}`,
          interval,
          input_series: quiet.inputs,
          alert_rule_test: [{ eval_time: formatDuration(evalMs), alertname: alert.name, exp_alerts: [] }],
        },
      ],
    };
  }
  return none('no input level found on both sides of the threshold');
}
