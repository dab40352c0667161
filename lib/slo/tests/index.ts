/** The generated `promtool test rules` file of a service. */
import * as path from 'node:path';
import { Alerts, Files, type SlothSeverity } from '../../conventions';
import type { Service } from '../../model/service';
import type { Settings } from '../../model/settings';
import { parseDuration } from '../../promql/format';
import type { OutputFile } from '../../renderer';
import type { Rule, RuleGroup } from '../rule';
import { isTier, outageTest, steadyTests, type RuleTest } from './burn';
import { symptomTests } from './symptoms';

export function ruleTestFile(settings: Settings, service: Service, groups: readonly RuleGroup[]): OutputFile | undefined {
  const stepMs = parseDuration(settings.evaluationInterval)!;
  const rules = groups.flatMap((g) => g.rules);
  const tests: RuleTest[] = [];
  for (const slo of service.slos) {
    const name = Alerts.sloBurn(service.name, slo.name);
    const tiers = new Map<SlothSeverity, Rule>();
    for (const severity of ['page', 'ticket'] as const) {
      const rule = rules.find((r) => r.alert === name && isTier(r, severity));
      if (rule) tiers.set(severity, rule);
    }
    for (const severity of tiers.keys()) tests.push(...steadyTests(slo, severity, tiers, stepMs));
    const outage = tiers.size ? outageTest(slo, tiers, stepMs) : undefined;
    if (outage) tests.push(outage);
  }
  for (const s of service.symptoms) {
    const rule = rules.find((r) => r.alert === Alerts.symptom(service.name, s.kind));
    if (rule) tests.push(...symptomTests(service, s, rule, stepMs));
  }
  if (tests.length === 0) return undefined;
  const file = Files.ruleTest(service.name);
  return {
    path: file,
    format: 'yaml',
    content: {
      rule_files: [path.posix.relative(path.posix.dirname(file), Files.ruleFile(service.name))],
      evaluation_interval: settings.evaluationInterval,
      // promtool evaluates groups in random order unless told; recordings must run before the alerts reading them.
      group_eval_order: groups.map((g) => g.name),
      tests,
    },
  };
}
