/** A promtool test per collector: each alert fires on its symptom after `for`, and stays silent on a healthy collector. */
import { Files, Labels } from '../conventions';
import { CollectorSymptoms, OtelFiles, OtelIds, OtelK8sNames, OtelMetricLabels } from '../conventions/otel';
import { componentNames } from '../conventions/otel-versions';
import type { Collector } from '../model/collector';
import type { Settings } from '../model/settings';
import type { OutputFile } from '../renderer';
import { expandTemplate } from '../slo/tests/expand';
import { alertAnnotationsOf, alertLabelsOf, collectorAlerts, collectorRuleGroups, type AlertSpec } from './monitoring';

/** The same firing case on the agents' series: their own job, and their exporter to the gateway. */
function onAgents(c: Collector, settings: Settings, a: AlertSpec): AlertSpec['fires'] {
  const gateway = OtelK8sNames.collector(c.name);
  const agent = OtelK8sNames.agent(c.name);
  const exporter = OtelIds.agentExporter(componentNames(settings.otel.collectorVersion).otlpGrpcExporter);
  const was = a.fires.labels[OtelMetricLabels.exporter]!;
  return {
    series: a.fires.series.map((s) => ({ ...s, series: s.series.replace(`${Labels.job}="${gateway}"`, `${Labels.job}="${agent}"`).replace(`"${was}"`, `"${exporter}"`) })),
    labels: { ...a.fires.labels, [Labels.job]: agent, [OtelMetricLabels.exporter]: exporter },
    value: a.fires.value,
  };
}

export function collectorRuleTest(c: Collector, settings: Settings): OutputFile {
  const alerts = collectorAlerts(c, settings);
  const exportFailed = alerts.find((a) => a.symptom === CollectorSymptoms.exportFailed)!;
  const cases = [
    ...alerts.map((a) => ({ a, fires: a.fires, who: '' })),
    ...(c.agent ? [{ a: exportFailed, fires: onAgents(c, settings, exportFailed), who: 'for the agents\' exporter to the gateway ' }] : []),
  ];
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
        ...cases.map(({ a, fires, who }) => ({
          name: `${a.name}: fires ${who}after holding for its duration`,
          interval: '30s',
          input_series: fires.series,
          alert_rule_test: [
            { eval_time: '4m', alertname: a.name, exp_alerts: [] },
            {
              eval_time: '10m',
              alertname: a.name,
              exp_alerts: [{ exp_labels: { ...alertLabelsOf(c, a), ...fires.labels }, exp_annotations: alertAnnotationsOf(c, a, settings, expandTemplate(a.description, fires.labels, fires.value)) }],
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
