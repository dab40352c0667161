/** The generated `promtool test rules` files of a service. */
import * as path from 'node:path';
import { Alerts, Files, Labels, PLATFORM, type SlothSeverity } from '../../conventions';
import type { Service } from '../../model/service';
import type { Settings } from '../../model/settings';
import { parseDuration } from '../../promql/format';
import type { OutputFile } from '../../renderer';
import type { Rule, RuleGroup } from '../rule';
import { isTier, outageTest, steadyTests, type RuleTest } from './burn';
import { symptomTests } from './symptoms';
import { customAlertTests } from './custom';
import type { CustomAlert, PlatformAlert } from '../../model/alert';

/**
 * The service's tests: `Files.ruleTest` for every promtool, and `Files.ruleTestPrometheus3` for the
 * native-histogram SLIs, whose input notation promtool 2.x cannot parse. Each is left out when empty.
 */
export function ruleTestFiles(settings: Settings, service: Service, groups: readonly RuleGroup[]): OutputFile[] {
  // promtool evaluates every group at the test's evaluation_interval, whatever its `interval`: use the groups' own.
  const evaluationInterval = service.ruleInterval ?? settings.evaluationInterval;
  const stepMs = parseDuration(evaluationInterval)!;
  const rules = groups.flatMap((g) => g.rules);
  const tests: RuleTest[] = [];
  const prometheus3: RuleTest[] = [];
  for (const slo of service.slos) {
    const name = slo.alertName;
    const tiers = new Map<SlothSeverity, Rule>();
    for (const severity of ['page', 'ticket'] as const) {
      const rule = rules.find((r) => r.alert === name && isTier(r, severity));
      if (rule) tiers.set(severity, rule);
    }
    const into = slo.sli.kind === 'native-latency' ? prometheus3 : tests;
    for (const severity of tiers.keys()) into.push(...steadyTests(slo, severity, tiers, stepMs));
    const outage = tiers.size ? outageTest(slo, tiers, stepMs) : undefined;
    if (outage) into.push(outage);
  }
  for (const s of service.symptoms) {
    const name = Alerts.symptom(service.name, s.kind);
    const tiers = s.tiers.map((t) => rules.find((r) => r.alert === name && r.labels?.[Labels.severity] === t.severity));
    if (tiers.every((r) => r !== undefined)) tests.push(...symptomTests(service, s, tiers as Rule[], stepMs));
  }
  tests.push(...customTests(service.alerts, rules, stepMs));
  return [...suiteFile(evaluationInterval, service.name, groups, Files.ruleTest(service.name), tests), ...suiteFile(evaluationInterval, service.name, groups, Files.ruleTestPrometheus3(service.name), prometheus3)];
}

function customTests(alerts: readonly CustomAlert[], rules: readonly Rule[], stepMs: number): RuleTest[] {
  return alerts.flatMap((a) => {
    const rule = rules.find((r) => r.alert === a.name);
    return rule ? customAlertTests(a, rule, stepMs).tests : [];
  });
}

/** The platform alerts' suite, when any has known inputs. */
export function platformTestFiles(settings: Settings, alerts: readonly PlatformAlert[], groups: readonly RuleGroup[]): OutputFile[] {
  const evaluationInterval = settings.ruleInterval ?? settings.evaluationInterval;
  const tests = customTests(alerts, groups.flatMap((g) => g.rules), parseDuration(evaluationInterval)!);
  return suiteFile(evaluationInterval, PLATFORM, groups, Files.ruleTest(PLATFORM), tests);
}

function suiteFile(evaluationInterval: string, owner: string, groups: readonly RuleGroup[], at: string, list: readonly RuleTest[]): OutputFile[] {
  return list.length === 0 ? [] : [{
    path: at,
    format: 'yaml',
    content: {
      rule_files: [path.posix.relative(path.posix.dirname(at), Files.ruleFile(owner))],
      evaluation_interval: evaluationInterval,
      // promtool evaluates groups in random order unless told; recordings must run before the alerts reading them.
      group_eval_order: groups.map((g) => g.name),
      tests: list,
    },
  }];
}
