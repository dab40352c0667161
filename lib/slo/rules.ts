/** All rule groups of a service, as a PrometheusRule and as a plain rule file. */
import { Files, K8sNames, Labels, MANAGED_BY, SLO_RULE_LABELS } from '../conventions';
import type { Service } from '../model/service';
import type { Settings } from '../model/settings';
import { parseDuration } from '../promql/format';
import type { Manifest, OutputFile } from '../renderer';
import { alertGroup } from './alerts';
import { metaGroup, sliGroup } from './recordings';
import type { RuleGroup } from './rule';
import { symptomGroup } from './symptoms';

/** SLI, metadata and alert groups of each SLO, then the symptom group; in that order, which tests rely on. */
export function serviceGroups(settings: Settings, service: Service): RuleGroup[] {
  const groups: Array<RuleGroup | undefined> = [];
  const evalMs = parseDuration(settings.evaluationInterval)!;
  for (const slo of service.slos) groups.push(sliGroup(slo, evalMs), metaGroup(slo), alertGroup(settings, slo));
  groups.push(symptomGroup(settings, service));
  return groups.filter((g): g is RuleGroup => g !== undefined);
}

export function prometheusRule(settings: Settings, service: Service, groups: readonly RuleGroup[]): Manifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: K8sNames.prometheusRule(service.name),
      namespace: service.namespace,
      labels: { ...settings.selectionLabels, ...MANAGED_BY, ...SLO_RULE_LABELS, [Labels.team]: service.team.name },
    },
    spec: { groups },
  };
}

/** The plain rule file: the same groups (no group `labels`/`query_offset`, which promtool 2.42 rejects). */
export function ruleFile(service: Service, groups: readonly RuleGroup[]): OutputFile {
  return { path: Files.ruleFile(service.name), format: 'yaml', content: { groups } };
}
