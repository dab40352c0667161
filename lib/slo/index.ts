import type { Renderer } from '../renderer';
import { prometheusRule, ruleFile, serviceGroups } from './rules';
import { ruleTestFiles } from './tests';

export { serviceGroups } from './rules';
export { burnExpr, fastestDetectionSeconds } from './alerts';
export { errorRatio } from './sli';

/** SLO recording rules, burn-rate and symptom alerts, and their promtool unit tests, per service. */
export const sloRenderer: Renderer = {
  name: 'slo',
  render: (catalog) => {
    const manifests = [];
    const files = [];
    for (const service of catalog.services) {
      const groups = serviceGroups(catalog.settings, service);
      if (groups.length === 0) continue;
      manifests.push(prometheusRule(catalog.settings, service, groups));
      files.push(ruleFile(service, groups));
      files.push(...ruleTestFiles(catalog.settings, service, groups));
    }
    return { manifests, files };
  },
};
