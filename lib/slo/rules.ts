/** All rule groups of a service, as a PrometheusRule and as a plain rule file. */
import { Files, K8sNames, Labels, MANAGED_BY, PLATFORM, SLO_RULE_LABELS } from '../conventions';
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

/**
 * SLI, metadata and alert groups of each SLO, then the symptom group and the custom alerts; in that order, which tests rely on.
 * `alertsOnly` leaves out the SLO recording groups (for the catalogue, which lists the alerts).
 */
export function serviceGroups(settings: Settings, service: Service, alertsOnly = false): RuleGroup[] {
  const groups: Array<RuleGroup | undefined> = [];
  // Derived windows span whole evaluations of the group's own interval.
  const evalMs = parseDuration(service.ruleInterval ?? settings.evaluationInterval)!;
  for (const slo of service.slos) groups.push(...(alertsOnly ? [] : [sliGroup(slo, evalMs), metaGroup(slo)]), alertGroup(settings, slo));
  groups.push(symptomGroup(settings, service), customGroup(settings, service));
  const interval = service.ruleInterval;
  // `interval` goes right after the name, as in Prometheus' own examples.
  return groups.filter((g): g is RuleGroup => g !== undefined).map((g) => (interval === undefined ? g : { name: g.name, interval, rules: g.rules }));
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
