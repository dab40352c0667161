/** A service's SLOs: objective, budget, and each burn-rate tier with how fast it catches a total outage. */
import { TIER_SEVERITY, type SlothSeverity } from '../conventions';
import { exact } from '../model/burn-rate';
import { rowDetectionSeconds, tierDetectionSeconds } from '../model/detection';
import type { Slo } from '../model/slo';
import { formatNumber } from '../promql/format';
import type { AlertFacts } from './alerts';
import { code, orDash, table, text } from './markdown';
import { Flowchart } from './mermaid';

export interface WindowFacts {
  readonly tier: SlothSeverity;
  readonly longWindow: string;
  readonly shortWindow: string;
  /** Share of the period's budget the long window may burn, in percent. */
  readonly budgetPercent: number;
  readonly factor: number;
  /** Error ratio both windows must exceed: factor × budget. */
  readonly threshold: number;
  /** Seconds a total outage (every event fails) needs to trip this pair. */
  readonly outageDetectionSeconds: number;
}

export interface TierFacts {
  readonly tier: SlothSeverity;
  readonly severity: string;
  readonly enabled: boolean;
  readonly alert: string;
  /** Seconds a total outage needs to fire the tier (its fastest pair). */
  readonly outageDetectionSeconds: number;
  readonly receivers: readonly string[];
}

export interface SloFacts {
  readonly name: string;
  readonly description: string | undefined;
  /** Labels on every series (and so every alert) of the SLO: the service's and its own. */
  readonly labels: Readonly<Record<string, string>>;
  readonly sli: string;
  /** Percent. */
  readonly objective: number;
  readonly period: string;
  /** Ratio (0.001). */
  readonly errorBudget: number;
  /** The budget as minutes of total outage over the period. */
  readonly budgetMinutes: number;
  readonly windows: readonly WindowFacts[];
  readonly tiers: readonly TierFacts[];
}

const TIERS: readonly SlothSeverity[] = ['page', 'ticket'];

export function sloFacts(slo: Slo, alerts: readonly AlertFacts[]): SloFacts {
  const enabled = (t: SlothSeverity) => (t === 'page' ? slo.page : slo.ticket);
  return {
    name: slo.name,
    description: slo.description,
    labels: slo.recordLabels,
    sli: slo.sli.onSpans ? `${slo.sli.kind} (span metrics)` : slo.sli.kind,
    objective: slo.objective,
    period: slo.period,
    errorBudget: slo.errorBudget,
    budgetMinutes: exact((slo.errorBudget * slo.periodMs) / 60_000),
    windows: slo.windows.map((w) => ({
      tier: w.severity, longWindow: w.longWindow, shortWindow: w.shortWindow, budgetPercent: w.budgetPercent,
      factor: w.factor, threshold: w.threshold, outageDetectionSeconds: rowDetectionSeconds(slo, w, 1),
    })),
    tiers: TIERS.filter((t) => slo.tier(t).length > 0).map((t) => ({
      tier: t,
      severity: TIER_SEVERITY[t],
      enabled: enabled(t),
      alert: slo.alertName,
      outageDetectionSeconds: tierDetectionSeconds(slo, t, 1),
      receivers: alerts.find((a) => a.slo === slo.name && a.tier === t)?.receivers ?? [],
    })),
  };
}

/** `52 s`, `4.3 min`, `2.4 h`; `never` for Infinity. */
export function humanSeconds(s: number): string {
  if (!Number.isFinite(s)) return 'never';
  if (s < 10) return `${formatNumber(Math.round(s * 10) / 10)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${formatNumber(Math.round(s / 6) / 10)} min`;
  return `${formatNumber(Math.round(s / 360) / 10)} h`;
}

const pct = (ratio: number) => `${formatNumber(exact(ratio * 100))}%`;

/** Each enabled tier: its window pairs, both windows of a pair over the threshold, any pair fires the alert. */
export function burnRateDiagram(slo: SloFacts): Flowchart | undefined {
  const tiers = slo.tiers.filter((t) => t.enabled);
  if (tiers.length === 0) return undefined;
  const f = new Flowchart('LR');
  for (const t of tiers) {
    const alert = f.node(`alert:${t.tier}`,
      `${t.alert} (${t.tier}, ${t.severity})\ntotal outage: fires after ${humanSeconds(t.outageDetectionSeconds)}` +
        (t.receivers.length ? `\nnotifies ${t.receivers.join(', ')}` : ''), 'stadium');
    slo.windows.filter((w) => w.tier === t.tier).forEach((w, i) => {
      let both = '';
      f.subgraph(`${t.tier}:${i}`, `${t.tier}: ${w.budgetPercent}% of the budget in ${w.longWindow}`, () => {
        const long = f.node(`${t.tier}:${i}:long`, `${w.longWindow} error ratio > ${pct(w.threshold)}\n(${formatNumber(w.factor)}× the budget)`);
        const short = f.node(`${t.tier}:${i}:short`, `${w.shortWindow} error ratio > ${pct(w.threshold)}`);
        both = f.node(`${t.tier}:${i}:and`, 'both', 'round');
        f.edge(long, both);
        f.edge(short, both);
      });
      f.edge(both, alert, `after ${humanSeconds(w.outageDetectionSeconds)}`);
    });
  }
  return f;
}

export function sloSection(slo: SloFacts): string[] {
  const diagram = burnRateDiagram(slo);
  return [
    `### SLO ${slo.name}`,
    '',
    ...(slo.description ? [text(slo.description), ''] : []),
    ...(Object.keys(slo.labels).length ? [`Labels ${Object.entries(slo.labels).map(([k, v]) => code(`${k}=${v}`)).join(' ')}.`, ''] : []),
    ...table(['Objective', 'Period', 'Error budget', 'Budget in minutes of total outage', 'SLI'], [[
      `${formatNumber(slo.objective)}%`, slo.period, pct(slo.errorBudget), formatNumber(slo.budgetMinutes), text(slo.sli),
    ]]),
    ...(slo.errorBudget === 0 ? ['No error budget at 100%: no burn-rate alert (any error would page).', ''] : table(['Tier', 'Alert', 'Long / short window', 'Burn factor', 'Error ratio threshold', 'Total outage detected after', 'Notifies'],
      slo.tiers.flatMap((t) => slo.windows.filter((w) => w.tier === t.tier).map((w) => [
        t.enabled ? `${t.tier} (${t.severity})` : `${t.tier} (off)`,
        t.enabled ? code(t.alert) : '–',
        `${w.longWindow} / ${w.shortWindow}`,
        `${formatNumber(w.factor)}×`,
        pct(w.threshold),
        t.enabled ? humanSeconds(w.outageDetectionSeconds) : '–',
        t.enabled ? orDash(t.receivers.map(code)) : '–',
      ])))),
    ...(diagram ? diagram.fenced() : []),
  ];
}

export function slosSection(slos: readonly SloFacts[]): string[] {
  return slos.length ? ['## SLOs', '', ...slos.flatMap(sloSection)] : [];
}
