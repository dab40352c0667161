/** The plain prometheus.yml, for Prometheus run without the operator. */
import { Files, Labels } from '../conventions';
import { collectorServiceHost, OtelPorts } from '../conventions/otel';
import type { Catalog } from '../model/catalog';
import type { Collector } from '../model/collector';
import { keepRegex, labelLimit, sampleLimit } from '../model/cardinality';
import type { ResolvedScrape, Service } from '../model/service';
import type { Settings } from '../model/settings';
import { plainScrapeAuth } from './scrape-auth';

/** A service's scrape job is held to its series estimate; an exporter's metrics are the exporter's own. */
function scrapeJob(settings: Settings, name: string, identity: Readonly<Record<string, string>>, s: ResolvedScrape, service?: Service): Record<string, unknown> {
  const job: Record<string, unknown> = {
    job_name: name,
    scrape_interval: s.interval,
    scrape_timeout: s.timeout,
    metrics_path: s.path,
    scheme: s.scheme,
    ...plainScrapeAuth(s, settings.secretsDir),
    // label_limit needs Prometheus >= 2.27; the supported 2.42 and 3.x accept both.
    ...(service ? { sample_limit: sampleLimit(service, settings.cardinality), label_limit: labelLimit(service, false) } : {}),
  };
  const discovery = s.discovery!;
  if (discovery.kind === 'static') {
    job.static_configs = [{ targets: [...discovery.entries], labels: identity }];
  } else {
    job.file_sd_configs = [{ files: [...discovery.entries] }];
    // File targets may carry their own labels; the catalogue's identity wins.
    job.relabel_configs = Object.entries(identity).map(([label, value]) => ({ action: 'replace', target_label: label, replacement: value }));
  }
  // Labels the catalogue does not declare (and those a target file adds) never reach the TSDB.
  if (service) job.metric_relabel_configs = [{ action: 'labelkeep', regex: keepRegex(service, false) }];
  return job;
}

const serviceIdentity = (service: Service) => ({
  [Labels.service]: service.name,
  [Labels.team]: service.team.name,
  [Labels.namespace]: service.namespace,
});

/** The collector gateway's own metrics (:8888), labelled like a service so its alerts and dashboard select it. */
function collectorJob(c: Collector): Record<string, unknown> {
  return {
    job_name: c.name,
    static_configs: [{
      targets: [`${collectorServiceHost(c.name, c.namespace, c.kubernetes === 'operator')}:${OtelPorts.metrics}`],
      labels: { [Labels.service]: c.name, [Labels.team]: c.teamName, [Labels.namespace]: c.namespace },
    }],
  };
}

export function prometheusConfig(catalog: Catalog): Record<string, unknown> {
  const st = catalog.settings;
  return {
    global: {
      scrape_interval: st.scrapeInterval,
      scrape_timeout: st.scrapeTimeout,
      evaluation_interval: st.evaluationInterval,
      ...(Object.keys(st.externalLabels).length ? { external_labels: { ...st.externalLabels } } : {}),
    },
    rule_files: [Files.ruleFilesGlob],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [...st.alertmanagers] }] }] },
    // Services whose metrics come through the collector are remote-written, not scraped.
    scrape_configs: [
      ...catalog.services.flatMap((s) => (s.scrape ? [scrapeJob(st, s.name, serviceIdentity(s), s.scrape, s)] : [])),
      ...catalog.exporters.map((e) => scrapeJob(st, e.job, e.identityLabels, e.scrape)),
      ...catalog.collectors.map(collectorJob),
    ],
  };
}
