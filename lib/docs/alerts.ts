/**
 * Every alert of a service, taken from the rules lib/slo generates (so the list cannot drift from the
 * rule files), explained from the model, with its receivers from the routing the tests check.
 */
import { expectedReceivers } from '../alertmanager/expected';
import { Alerts, Annotations, Labels, SlothLabels, Symptoms, type SlothSeverity } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { Service } from '../model/service';
import type { Slo } from '../model/slo';
import type { SymptomSpec } from '../model/symptom';
import { formatNumber } from '../promql/format';
import { metricNames, render, selectorsOf, type Expr } from '../promql';
import type { CustomAlert } from '../model/alert';
import { alertGroups } from '../slo/rules';
import type { Rule } from '../slo/rule';
import { errorRatio, eventsSelector } from '../slo/sli';
import { latencyScale, symptomCondition } from '../slo/symptoms';
import { code, orDash, table, text } from './markdown';

/** One alert, as people read it. */
export interface AlertFacts {
  readonly name: string;
  readonly severity: string;
  /** The condition in words. */
  readonly condition: string;
  readonly threshold: string;
  /** undefined: fires on the first evaluation that matches. */
  readonly for: string | undefined;
  /** Alertmanager receivers, in notification order. */
  readonly receivers: readonly string[];
  /** Labels the user set (service, SLO or tier labels). */
  readonly labels: Readonly<Record<string, string>>;
  /** Declared metric families the alert reads, directly or through the SLO's recorded SLI. */
  readonly metrics: readonly string[];
  /** The SLO and tier of a burn-rate alert. */
  readonly slo?: string;
  readonly tier?: SlothSeverity;
}

/** Labels of the contract (DESIGN.md): not the user's. */
const CONTRACT = new Set<string>([
  Labels.service, Labels.team, Labels.namespace, Labels.tier, Labels.severity, Labels.slo, Labels.symptom, ...Object.values(SlothLabels),
]);

const pct = (ratio: number) => `${formatNumber(ratio * 100)}%`;

/** Declared metric families an expression reads (series such as `_bucket` map to their family). */
export function metricsRead(service: Service, exprs: readonly Expr[]): string[] {
  const family = new Map<string, string>();
  for (const m of service.metrics) for (const s of [m.name, ...m.series]) family.set(s, m.name);
  const out = new Set<string>();
  for (const e of exprs) for (const sel of selectorsOf(e)) {
    const f = family.get(sel.metric);
    if (f) out.add(f);
  }
  return [...out];
}

/** What a symptom alert compares with, in the metric's own terms. */
export function symptomThreshold(spec: SymptomSpec): string {
  switch (spec.kind) {
    case Symptoms.errorRatio: return `${formatNumber(spec.thresholdPercent)}% errors`;
    case Symptoms.latency: {
      const [scale, unit] = latencyScale(spec.metric);
      return `p${formatNumber(spec.quantile * 100)} ${formatNumber(spec.thresholdSeconds * scale)}${unit}`;
    }
    case Symptoms.targetDown: return 'up == 0';
    case Symptoms.cpu: case Symptoms.memory: return `${formatNumber(spec.thresholdPercent)}% of the limit`;
    case Symptoms.authFailures: return `${formatNumber(spec.perMinute)} per minute`;
    case Symptoms.queueLength: return `${formatNumber(spec.above)} items`;
    case Symptoms.disk: return `${formatNumber(spec.thresholdPercent)}% used`;
  }
}

type Explained = Pick<AlertFacts, 'condition' | 'threshold' | 'metrics' | 'slo' | 'tier'>;

/** The metrics an SLO's alerts read, once per SLO (it has an alert per tier, plus absent and budget alerts). */
const sloMetrics = (service: Service, known: Map<Slo, string[]>, slo: Slo): string[] => {
  let m = known.get(slo);
  if (!m) known.set(slo, (m = metricsRead(service, [errorRatio(slo, '5m')])));
  return m;
};

function sloExplained(service: Service, slo: Slo, rule: Rule, known: Map<Slo, string[]>): Explained {
  const metrics = sloMetrics(service, known, slo);
  const base = { metrics, slo: slo.name };
  if (rule.alert === Alerts.sloMetricAbsent(service.name, slo.name)) {
    const events = eventsSelector(slo);
    return { ...base, condition: `no series match ${events ? render(events) : 'the SLI'}, so the SLO cannot be evaluated`, threshold: 'absent' };
  }
  if (rule.alert === Alerts.sloBudgetExhausted(service.name, slo.name)) {
    return { ...base, condition: `the ${slo.period} error budget is used up`, threshold: '0% budget left' };
  }
  const tier = rule.labels?.[SlothLabels.severity] as SlothSeverity;
  const rows = slo.tier(tier);
  return {
    ...base,
    tier,
    condition: rows.map((w) => `error ratio over ${w.longWindow} and ${w.shortWindow} above ${formatNumber(w.factor)}× the budget`).join(', or '),
    threshold: rows.map((w) => pct(w.threshold)).join(' / '),
  };
}

/** A custom alert: its summary says what it is about, its expression is the threshold. */
function customExplained(a: CustomAlert, service?: Service): Explained {
  const expr = a.expr;
  const metrics = typeof expr === 'string' ? metricNames(expr) : service ? metricsRead(service, [expr]) : selectorsOf(expr).map((s) => s.metric);
  const test = a.untestedReason ? `no generated test: ${a.untestedReason}` : 'a generated test proves it';
  return { condition: `${a.summary} (${test})`, threshold: typeof expr === 'string' ? expr : render(expr), metrics: [...new Set(metrics)] };
}

function explained(service: Service, rule: Rule, known: Map<Slo, string[]>): Explained {
  const labels = rule.labels ?? {};
  const symptom = labels[Labels.symptom] !== undefined ? service.symptoms.find((s) => s.kind === labels[Labels.symptom]) : undefined;
  if (symptom) {
    // A tiered symptom has one rule per tier: each with its own threshold.
    const spec = symptom.tiers.find((t) => t.severity === labels[Labels.severity])?.spec ?? symptom.spec;
    const c = symptomCondition(service, spec);
    return { condition: c.what, threshold: symptomThreshold(spec), metrics: metricsRead(service, [c.expr]) };
  }
  const custom = service.alerts.find((a) => a.name === rule.alert);
  if (custom) return customExplained(custom, service);
  const slo = labels[Labels.slo] !== undefined ? service.slos.find((s) => s.name === labels[Labels.slo]) : undefined;
  if (slo) return sloExplained(service, slo, rule, known);
  // An alert kind this module does not know yet: its summary still says what it is about.
  return { condition: rule.annotations?.[Annotations.summary] ?? rule.alert!, threshold: '–', metrics: [] };
}

/** Every alert the service's rule files define, in rule-file order. */
export function alertFacts(catalog: Catalog, service: Service): AlertFacts[] {
  const rules = alertGroups(catalog, service).flatMap((g) => g.rules).filter((r) => r.alert !== undefined);
  const known = new Map<Slo, string[]>();
  return rules.map((rule) => {
    const e = explained(service, rule, known);
    const slo = e.slo !== undefined ? service.slos.find((s) => s.name === e.slo) : undefined;
    // SLO alerts read the service's and SLO's labels from the recorded series; the rest carry them statically.
    const labels = { ...(slo ? slo.recordLabels : service.labels), ...rule.labels };
    return {
      name: rule.alert!,
      severity: labels[Labels.severity] ?? '–',
      for: rule.for,
      receivers: expectedReceivers(catalog, labels),
      labels: Object.fromEntries(Object.entries(labels).filter(([k]) => !CONTRACT.has(k))),
      ...e,
    };
  });
}

/** The platform's own alerts (`PlatformAlert`), with their receivers. */
export function platformAlertFacts(catalog: Catalog): AlertFacts[] {
  return catalog.platformAlerts.map((a) => {
    const labels = { ...a.labels, [Labels.severity]: a.severity, ...(a.team ? { [Labels.team]: a.team.name } : {}) };
    return {
      name: a.name, severity: a.severity, for: a.for, receivers: expectedReceivers(catalog, labels),
      labels: Object.fromEntries(Object.entries(a.labels).filter(([k]) => !CONTRACT.has(k))),
      ...customExplained(a),
    };
  });
}

const kv = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([k, v]) => code(`${k}=${v}`)).join(' ');

export function platformAlertsSection(alerts: readonly AlertFacts[], files: readonly string[]): string[] {
  if (alerts.length === 0) return [];
  return ['## Platform alerts', '', `Not tied to a service. Files: ${orDash(files)}.`, '', ...alertsTable(alerts)];
}

export function alertsSection(alerts: readonly AlertFacts[]): string[] {
  if (alerts.length === 0) return [];
  return ['## Alerts', '', ...alertsTable(alerts)];
}

function alertsTable(alerts: readonly AlertFacts[]): string[] {
  return [
    ...table(['Alert', 'Severity', 'Condition', 'Threshold', 'For', 'Notifies'], alerts.map((a) => [
      [code(a.name), ...(a.tier ? [text(`(${a.tier})`)] : []), ...(Object.keys(a.labels).length ? [kv(a.labels)] : [])].join(' '),
      a.severity,
      text(a.condition),
      text(a.threshold),
      a.for ? code(a.for) : '–',
      orDash(a.receivers.map(code)),
    ])),
  ];
}
