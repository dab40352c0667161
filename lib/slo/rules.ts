/** All rule groups of a service, as a PrometheusRule and as a plain rule file. */
import { Files, K8sNames, Labels, MANAGED_BY, PLATFORM, SLO_RULE_LABELS } from '../conventions';
import { perCatalog } from '../model/memo';
import type { Service } from '../model/service';
import type { Settings } from '../model/settings';
import { parseDuration } from '../promql/format';
import type { Manifest, OutputFile } from '../renderer';
import { alertGroup } from './alerts';
import { metaGroup, sliGroup } from './recordings';
import type { RuleGroup } from './rule';
import { customGroup, platformGroup } from './custom';
import { symptomGroup } from './symptoms';
import type { PlatformAlert } from '../model/alert';
import type { Slo } from '../model/slo';

/** One SLO's groups, as built (before the service's `interval` is applied). */
export interface SloGroups {
  readonly slo: Slo;
  readonly sli: RuleGroup;
  readonly meta: RuleGroup;
  readonly alert?: RuleGroup;
}

/** Everything the rules of one service are made of; the renderers, the promtool suites, the catalogue and the budget check all read this. */
export interface ServiceRuleSet {
  readonly slos: readonly SloGroups[];
  readonly symptom?: RuleGroup;
  readonly custom?: RuleGroup;
  /** What the rule file holds: SLI, metadata and alert groups of each SLO, then symptoms and custom alerts; in that order, which tests rely on. */
  readonly groups: readonly RuleGroup[];
}

let ruleSetsBuilt = 0;
/**
 * How many times a service's rules were built in this process (the regression guard counts them per
 * synth). Whole rule sets are not kept for later renderers (1,000 services' hold about 80 MB, and output
 * is written in memory bounded by one service); only their alert groups are, for the catalogue page.
 */
export const ruleSetBuilds = (): number => ruleSetsBuilt;

export function buildRuleSet(settings: Settings, service: Service): ServiceRuleSet {
  ruleSetsBuilt++;
  // Derived windows span whole evaluations of the group's own interval.
  const evalMs = parseDuration(service.ruleInterval ?? settings.evaluationInterval)!;
  const slos = service.slos.map((slo) => ({ slo, sli: sliGroup(slo, evalMs), meta: metaGroup(slo), alert: alertGroup(settings, slo) }));
  const symptom = symptomGroup(settings, service);
  const custom = customGroup(settings, service);
  const groups: RuleGroup[] = [];
  const interval = service.ruleInterval;
  // `interval` goes right after the name, as in Prometheus' own examples.
  const add = (g: RuleGroup | undefined) => {
    if (g) groups.push(interval === undefined ? g : { name: g.name, interval, rules: g.rules });
  };
  for (const s of slos) [s.sli, s.meta, s.alert].forEach(add);
  add(symptom);
  add(custom);
  return { slos, symptom, custom, groups };
}

/**
 * The groups the service's alerts are in (each SLO's alert group, symptoms, custom alerts), for the
 * catalogue: the SLO recording groups, most of the rules' size, are left out. Taken from the rule set
 * the rules renderer built (`rules`, remembered for the synth), else built here.
 */
export const alertGroups = perCatalog((catalog, service: Service, rules?: ServiceRuleSet): readonly RuleGroup[] => {
  if (rules) return present([...rules.slos.map((s) => s.alert), rules.symptom, rules.custom]);
  ruleSetsBuilt++;
  const { settings } = catalog;
  return present([...service.slos.map((slo) => alertGroup(settings, slo)), symptomGroup(settings, service), customGroup(settings, service)]);
});

const present = (groups: ReadonlyArray<RuleGroup | undefined>): RuleGroup[] => groups.filter((g): g is RuleGroup => g !== undefined);

/** The groups of a service's rule file. */
export function serviceGroups(settings: Settings, service: Service): RuleGroup[] {
  return [...buildRuleSet(settings, service).groups];
}

export function prometheusRule(settings: Settings, service: Service, groups: readonly RuleGroup[]): Manifest {
  return rulesObject(settings, service.name, service.namespace, groups, { [Labels.team]: service.team.name });
}

function rulesObject(settings: Settings, name: string, namespace: string, groups: readonly RuleGroup[], labels: Readonly<Record<string, string>>): Manifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: K8sNames.prometheusRule(name), namespace, labels: { ...settings.selectionLabels, ...MANAGED_BY, ...SLO_RULE_LABELS, ...labels } },
    spec: { groups },
  };
}

/** The plain rule file: the same groups (no group `labels`/`query_offset`, which promtool 2.42 rejects). */
export function ruleFile(service: Service | string, groups: readonly RuleGroup[]): OutputFile {
  return { path: Files.ruleFile(typeof service === 'string' ? service : service.name), format: 'yaml', content: { groups } };
}

/** The platform alerts' group and PrometheusRule (`platform-rules`, in the platform's rules namespace). */
export function platformRules(settings: Settings, alerts: readonly PlatformAlert[]): { groups: RuleGroup[]; manifest?: Manifest } {
  const group = platformGroup(settings, alerts);
  if (!group) return { groups: [] };
  return { groups: [group], manifest: rulesObject(settings, PLATFORM, settings.rulesNamespace, [group], {}) };
}
