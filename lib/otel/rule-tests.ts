/** A promtool test per collector: each alert fires on its symptom after `for`, and stays silent on a healthy collector. */
import { Files } from '../conventions';
import { OtelFiles } from '../conventions/otel';
import type { Collector } from '../model/collector';
import type { Settings } from '../model/settings';
import type { OutputFile } from '../renderer';
import { expandTemplate } from '../slo/tests/expand';
import { alertAnnotationsOf, alertLabelsOf, collectorAlerts, collectorRuleGroups } from './monitoring';


export function collectorRuleTest(c: Collector, settings: Settings): OutputFile {
  const alerts = collectorAlerts(c, settings);
  const silent = alerts.flatMap((a) => a.fires.series.map((s) => ({ series: s.series, values: '0x40' })));
  // The queue ratio needs a capacity to be a number; an empty queue is healthy.
  const healthy = silent.map((s) => (s.series.includes('queue_capacity') ? { ...s, values: '1000x40' } : s));
  return {
    path: Files.ruleTest(c.name),
    format: 'yaml',
    content: {
      rule_files: [`../rules/${OtelFiles.rules(c.name).split('/').pop()}`],
      evaluation_interval: settings.evaluationInterval,
      // Fixed order, as in every generated suite: promtool otherwise evaluates groups randomly.
      group_eval_order: collectorRuleGroups(c, settings).map((g) => g.name),
      tests: [
        ...alerts.map((a) => ({
          name: `${a.name}: fires after holding for its duration`,
          interval: '30s',
          input_series: a.fires.series,
          alert_rule_test: [
            { eval_time: '4m', alertname: a.name, exp_alerts: [] },
            {
              eval_time: '10m',
              alertname: a.name,
              exp_alerts: [{ exp_labels: { ...alertLabelsOf(c, a), ...a.fires.labels }, exp_annotations: alertAnnotationsOf(c, a, settings, expandTemplate(a.description, a.fires.labels, a.fires.value)) }],
            },
          ],
        })),
        {
          name: 'a healthy collector fires no alert',
          interval: '30s',
          input_series: healthy,
          alert_rule_test: collectorRuleGroups(c, settings)[0]!.rules.map((r) => ({ eval_time: '10m', alertname: r.alert, exp_alerts: [] })),
        },
      ],
    },
  };
}
