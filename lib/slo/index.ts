import type { Catalog } from '../model/catalog';
import type { Service } from '../model/service';
import { joined, type Rendered, type Renderer } from '../renderer';
import { PLATFORM } from '../conventions';
import { alertGroups, buildRuleSet, platformRules, prometheusRule, ruleFile } from './rules';
import { platformTestFiles, ruleTestFiles } from './tests';
import { budgetProblem, serviceEstimate } from './cardinality';

export { serviceGroups } from './rules';
export { burnExpr, fastestDetectionSeconds } from './alerts';
export { errorRatio } from './sli';

/**
 * One service's PrometheusRule, plain rule file and promtool suite (no files when it has no rules),
 * and its series-budget problem: the budget counts these rules, so they are built once for both.
 */
export function sloOutputOf(catalog: Catalog, service: Service): Rendered {
  const rules = buildRuleSet(catalog.settings, service);
  const problem = budgetProblem(service, serviceEstimate(catalog, service, rules));
  const problems = problem ? [problem] : [];
  // The catalogue page, rendered last, describes these alerts: it reads them instead of building them again.
  alertGroups(catalog, service, rules);
  const { groups } = rules;
  if (groups.length === 0) return { problems };
  return { manifests: [prometheusRule(catalog.settings, service, groups)], files: [ruleFile(service, groups), ...ruleTestFiles(catalog.settings, service, groups)], problems };
}

/** The platform alerts' PrometheusRule, rule file and promtool suite (nothing when there are none). */
export function platformOutputOf(catalog: Catalog): Rendered {
  const { groups, manifest } = platformRules(catalog.settings, catalog.platformAlerts);
  if (!manifest) return {};
  return { manifests: [manifest], files: [ruleFile(PLATFORM, groups), ...platformTestFiles(catalog.settings, catalog.platformAlerts, groups)] };
}

function* sloPieces(catalog: Catalog): Iterable<Rendered> {
  for (const service of catalog.services) yield sloOutputOf(catalog, service);
  yield platformOutputOf(catalog);
}

/** SLO recording rules, burn-rate and symptom alerts, and their promtool unit tests, per service. */
export const sloRenderer: Renderer = {
  name: 'slo',
  render: (catalog) => joined(sloPieces(catalog)),
  renderEach: sloPieces,
};
