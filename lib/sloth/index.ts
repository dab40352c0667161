/**
 * Sloth `prometheus/v1` specs equivalent to our SLOs, and the alert-window catalogues they need, so the
 * real `sloth generate` can run beside our rules (test/slo/sloth.test.ts compares both).
 */
import * as path from 'node:path';
import { stringify } from 'yaml';
import { Labels as LabelNames, SLOTH_SPEC, SlothExport, SlothLabels, type SlothSeverity } from '../conventions';
import type { Service } from '../model/service';
import type { Settings } from '../model/settings';
import type { BurnRateWindow, Slo } from '../model/slo';
import { render, SLOTH_WINDOW } from '../promql';
import { alertGroup } from '../slo/alerts';
import { errorRatio, eventTerms } from '../slo/sli';

type Labels = Readonly<Record<string, string>>;

export interface SlothSli {
  readonly events?: { readonly error_query: string; readonly total_query: string };
  readonly raw?: { readonly error_ratio_query: string };
}

export interface SlothAlert {
  readonly disable?: boolean;
  readonly labels?: Labels;
  readonly annotations?: Labels;
}

export interface SlothSlo {
  readonly name: string;
  readonly description?: string;
  readonly labels?: Labels;
  readonly objective: number;
  readonly sli: SlothSli;
  readonly alerting: { readonly name: string; readonly labels: Labels; readonly page_alert: SlothAlert; readonly ticket_alert: SlothAlert };
}

export interface SlothSpec {
  readonly version: typeof SLOTH_SPEC;
  readonly service: string;
  readonly labels?: Labels;
  readonly slos: readonly SlothSlo[];
}

interface SlothWindow { readonly errorBudgetPercent: number; readonly shortWindow: string; readonly longWindow: string }
type SlothTier = { readonly quick: SlothWindow; readonly slow: SlothWindow };

export interface SlothAlertWindows {
  readonly apiVersion: typeof SlothExport.windowsApiVersion;
  readonly kind: typeof SlothExport.windowsKind;
  readonly spec: { readonly sloPeriod: string; readonly page: SlothTier; readonly ticket: SlothTier };
}

/** One `sloth generate` invocation: Sloth takes one period (and one window table for it) per run. */
export interface SlothRun {
  readonly period: string;
  readonly windows: SlothAlertWindows;
  readonly specs: readonly SlothSpec[];
}

export interface SlothExportResult {
  readonly runs: readonly SlothRun[];
  /** SLOs Sloth cannot express, with why (`sloth_id` → reasons). */
  readonly skipped: ReadonlyMap<string, readonly string[]>;
}

/** Why Sloth cannot express this SLO; empty when it can. */
export function slothUnsupported(slo: Slo): string[] {
  const out: string[] = [];
  if (slo.minEventsPerSecond !== undefined) out.push('a low-traffic guard (minEventsPerSecond): Sloth\'s alert expression has no traffic term');
  if (slo.absentAlert) out.push('an absent alert: Sloth generates none');
  if (slo.budgetExhaustedAlert) out.push('a budget-exhausted alert: Sloth generates none');
  for (const severity of ['page', 'ticket'] as const) {
    if (slo.tier(severity).length !== 2) out.push(`${slo.tier(severity).length} ${severity} window pairs: Sloth has exactly two per tier (quick and slow)`);
  }
  return out;
}

/** The tier's pairs as Sloth's quick (shorter long window) and slow. */
function tier(slo: Slo, severity: SlothSeverity): SlothTier {
  const [quick, slow] = [...slo.tier(severity)].sort((a, b) => a.longMs - b.longMs) as [BurnRateWindow, BurnRateWindow];
  const row = (w: BurnRateWindow): SlothWindow => ({ errorBudgetPercent: w.budgetPercent, shortWindow: w.shortWindow, longWindow: w.longWindow });
  return { quick: row(quick), slow: row(slow) };
}

export function slothWindows(slo: Slo): SlothAlertWindows {
  return {
    apiVersion: SlothExport.windowsApiVersion,
    kind: SlothExport.windowsKind,
    spec: { sloPeriod: slo.period, page: tier(slo, 'page'), ticket: tier(slo, 'ticket') },
  };
}

/**
 * The SLI as Sloth events (our own bad and total terms, so both read the same series; Sloth users
 * write the bare error rate, without our `or 0 * total`) or, for kinds Sloth has no events form of,
 * as a raw error-ratio query.
 */
export function slothSli(slo: Slo): SlothSli {
  const sli = slo.sli;
  if (sli.kind === 'raw') return { raw: { error_ratio_query: sli.rawQuery! } };
  const terms = eventTerms(slo, SLOTH_WINDOW);
  if (terms) return { events: { error_query: render(terms.bad), total_query: render(terms.total) } };
  return { raw: { error_ratio_query: render(errorRatio(slo, SLOTH_WINDOW)) } };
}

/** Alert labels and annotations as Sloth merges them: shared ones on `alerting`, the rest per tier. */
function alerting(settings: Settings, slo: Slo, name: string): SlothSlo['alerting'] {
  const rules = alertGroup(settings, slo)?.rules ?? [];
  const of = (severity: SlothSeverity) => rules.find((r) => r.alert === name && r.labels?.[SlothLabels.severity] === severity);
  const tiers = (['page', 'ticket'] as const).map((s) => [s, of(s)] as const);
  const present = tiers.flatMap(([, r]) => (r ? [r] : []));
  // Sloth sets sloth_severity itself; severity differs per tier even when only one tier is enabled.
  const perTier = new Set<string>([SlothLabels.severity, LabelNames.severity]);
  const shared = Object.fromEntries(
    Object.entries(present[0]?.labels ?? {}).filter(([k, v]) => !perTier.has(k) && present.every((r) => r.labels?.[k] === v)),
  );
  const alert = (r: (typeof present)[number] | undefined): SlothAlert => {
    if (!r) return { disable: true };
    const own = Object.fromEntries(Object.entries(r.labels ?? {}).filter(([k]) => k !== SlothLabels.severity && !(k in shared)));
    return { labels: own, annotations: { ...(r.annotations ?? {}) } };
  };
  return { name, labels: shared, page_alert: alert(tiers[0][1]), ticket_alert: alert(tiers[1][1]) };
}

export function slothSlo(settings: Settings, slo: Slo): SlothSlo {
  return {
    name: slo.name,
    ...(slo.description ? { description: slo.description } : {}),
    ...(Object.keys(slo.labels).length ? { labels: { ...slo.labels } } : {}),
    objective: slo.objective,
    sli: slothSli(slo),
    alerting: alerting(settings, slo, slo.alertName),
  };
}

/**
 * The Sloth runs equivalent to the SLOs of `services` that Sloth can express, grouped by period and
 * window table (Sloth reads both per invocation). Alerts keep our names, so rules compare by name.
 */
export function slothExport(settings: Settings, services: readonly Service[]): SlothExportResult {
  const skipped = new Map<string, string[]>();
  const runs = new Map<string, { period: string; windows: SlothAlertWindows; specs: Map<string, SlothSlo[]> }>();
  for (const service of services) {
    for (const slo of service.slos) {
      const reasons = slothUnsupported(slo);
      if (reasons.length) {
        skipped.set(slo.id, reasons);
        continue;
      }
      const windows = slothWindows(slo);
      const key = JSON.stringify(windows.spec);
      const run = runs.get(key) ?? { period: slo.period, windows, specs: new Map() };
      runs.set(key, run);
      const list = run.specs.get(service.name) ?? [];
      run.specs.set(service.name, [...list, slothSlo(settings, slo)]);
    }
  }
  return {
    skipped,
    runs: [...runs.values()].map((r) => ({
      period: r.period,
      windows: r.windows,
      specs: [...r.specs.entries()].map(([service, slos]) => {
        const labels = services.find((s) => s.name === service)?.labels ?? {};
        return { version: SLOTH_SPEC, service, ...(Object.keys(labels).length ? { labels: { ...labels } } : {}), slos };
      }),
    })),
  };
}

/** The files of a run, relative to its directory: spec files and the window catalogue. */
export function slothRunFiles(run: SlothRun): Array<{ path: string; text: string }> {
  return [
    ...run.specs.map((s) => ({ path: path.posix.join(SlothExport.specsDir, SlothExport.specFile(s.service)), text: stringify(s) })),
    { path: path.posix.join(SlothExport.windowsDir, SlothExport.windowsFile(run.period)), text: stringify(run.windows) },
  ];
}

/** Arguments of `sloth generate` for a run written into `dir`; rules land in `<dir>/rules/<service>.yml` (create that folder first). */
export function slothGenerateArgs(run: SlothRun, dir: string): string[] {
  return [
    'generate', '--no-log',
    '-i', path.join(dir, SlothExport.specsDir),
    '-o', path.join(dir, SlothExport.rulesDir),
    '--default-slo-period', run.period,
    '--slo-period-windows-path', path.join(dir, SlothExport.windowsDir),
  ];
}
