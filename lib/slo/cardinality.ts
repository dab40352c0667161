/**
 * The series estimate of a service: what its targets expose (lib/model/cardinality) and what its
 * generated rules record, checked against its series budget.
 */
import { Labels } from '../conventions';
import type { Catalog } from '../model/catalog';
import { labelValueCount, targetEstimate, type TargetEstimate } from '../model/cardinality';
import type { Service } from '../model/service';
import type { CardinalitySettings, Settings } from '../model/settings';
import type { Slo } from '../model/slo';
import { perCatalog } from '../model/memo';
import type { RuleGroup } from './rule';
import { buildRuleSet, type ServiceRuleSet } from './rules';

export interface SeriesEstimate extends TargetEstimate {
  readonly targets: number;
  /** Series the service's rules can produce: recorded series, and `ALERTS` (plus `ALERTS_FOR_STATE` with a `for`) while firing. */
  readonly recorded: number;
  /** targets × perTarget + recorded. */
  readonly total: number;
  readonly budget: number;
}

/** Groups an SLO's series split into: the product of its `groupBy` labels' value counts (the largest where metrics disagree). */
function groupsOf(slo: Slo, service: Service, c: CardinalitySettings): number {
  return slo.groupBy.reduce((n, label) => {
    // Target labels: one value per service, except `instance`, one per target.
    if (service.targetLabelsOf().includes(label)) return n * (label === Labels.instance ? service.replicas : 1);
    const counts = service.metrics.flatMap((m) => m.declaredLabels.filter((l) => l.name === label)).map((l) => labelValueCount(l, c.defaultLabelValues));
    return n * (counts.length ? Math.max(...counts) : c.defaultLabelValues);
  }, 1);
}

/** Series a rule group can produce when each rule's result splits into `split` series. */
const groupSeries = (g: RuleGroup | undefined, split: number): number =>
  (g?.rules ?? []).reduce((n, r) => n + split * (r.alert !== undefined && r.for !== undefined ? 2 : 1), 0);

/**
 * Series the rules of a service produce: each SLO rule once per `groupBy` group, each symptom alert once
 * per target (per-instance and per-pod symptoms split that far; aggregated ones produce fewer).
 */
export function recordedSeries(settings: Settings, service: Service, rules: ServiceRuleSet = buildRuleSet(settings, service)): number {
  let n = 0;
  for (const { slo, sli, meta, alert } of rules.slos) {
    const split = groupsOf(slo, service, settings.cardinality);
    n += groupSeries(sli, split) + groupSeries(meta, split) + groupSeries(alert, split);
  }
  return n + groupSeries(rules.symptom, service.replicas);
}

export function seriesEstimate(settings: Settings, service: Service, rules?: ServiceRuleSet): SeriesEstimate {
  const target = targetEstimate(service, settings.cardinality);
  const recorded = recordedSeries(settings, service, rules);
  return { ...target, targets: service.replicas, recorded, total: service.replicas * target.perTarget + recorded, budget: service.seriesBudget };
}

/**
 * The service's estimate, computed once per synth: the budget check and the catalogue both read it.
 * It is small; the rules it counts are not kept. `rules`: the service's rule set, when the caller
 * has just built it (the rules renderer), so it is not built again.
 */
export const serviceEstimate = perCatalog((catalog, service: Service, rules?: ServiceRuleSet) => seriesEstimate(catalog.settings, service, rules));

/** The problem of a service whose estimate exceeds its budget, naming the largest metric. */
export function budgetProblem(service: Service, e: SeriesEstimate): string | undefined {
  if (e.total <= e.budget) return undefined;
  const largest = [...e.metrics].sort((a, b) => b.series - a.series)[0];
  const parts = `${e.targets} target${e.targets === 1 ? '' : 's'} × ${e.perTarget} scraped + ${e.recorded} recorded`;
  const hint = largest ? `; the largest is ${largest.metric.name} with ${largest.series} per target` : '';
  return `[${service.node.path}] series estimate: got ${e.total} (${parts}), expected at most the series budget of ${e.budget}${hint}: declare fewer label values, or raise seriesBudget on the service or cardinality.seriesBudget in the platform settings`;
}

/**
 * A problem per service whose estimate exceeds its budget. Services with other problems (`broken`:
 * their construct paths) are skipped: a broken declaration has no estimate.
 */
export function budgetProblems(catalog: Catalog, broken: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const s of catalog.services) {
    if (broken.has(s.node.path)) continue;
    let e: SeriesEstimate;
    try {
      e = serviceEstimate(catalog, s);
    } catch {
      continue;
    }
    const problem = budgetProblem(s, e);
    if (problem) out.push(problem);
  }
  return out;
}
