/**
 * Grafana file provisioning: the dashboard file provider and the datasources, with fixed uids and
 * the correlation links between them (logs → traces by trace_id, traces → logs and metrics).
 */
import { DASHBOARD_PROVIDER, Datasources, GrafanaFiles, Labels } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { GrafanaSettings } from '../model/grafana-settings';
import type { OutputFile } from '../renderer';

/** Matches `trace_id=…`, `"trace_id":"…"` and `trace_id: …` (JSON and logfmt lines of the seeds' loggers). */
export const TRACE_ID_REGEX = String.raw`trace_?[iI][dD]"?\s*[:=]\s*"?([0-9a-fA-F]{16,32})`;
/** Same for request / correlation ids (UUIDs or other tokens). */
export const REQUEST_ID_REGEX = String.raw`request_?[iI][dD]"?\s*[:=]\s*"?([0-9A-Za-z._-]+)`;

/** OTel resource attribute → Prometheus/Loki label, so a span finds its service's logs and metrics. */
const SERVICE_TAG = [{ key: 'service.name', value: Labels.service }];

export function dashboardProvider(g: GrafanaSettings): Record<string, unknown> {
  return {
    apiVersion: 1,
    providers: [{
      name: DASHBOARD_PROVIDER,
      orgId: 1,
      folder: g.folder,
      type: 'file',
      // Dashboards come from services.ts: deleting or editing them in the UI would be undone by the next deploy.
      disableDeletion: true,
      allowUiUpdates: false,
      updateIntervalSeconds: 30,
      options: { path: g.dashboardsPath, foldersFromFilesStructure: false },
    }],
  };
}

export function datasources(catalog: Catalog): Record<string, unknown> {
  const g = catalog.settings.grafana;
  const { prometheus, loki, tempo } = Datasources;
  const list: Record<string, unknown>[] = [{
    name: prometheus.name, uid: prometheus.uid, type: prometheus.type, access: 'proxy', url: g.prometheusUrl, isDefault: true, editable: false,
    jsonData: {
      timeInterval: catalog.settings.scrapeInterval,
      ...(g.tempo ? { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: tempo.uid }] } : {}),
    },
  }];
  if (g.loki) {
    const derivedFields: Record<string, unknown>[] = [
      // An internal link to Loki itself: every log line of the same request, across services.
      { name: 'request_id', matcherRegex: REQUEST_ID_REGEX, datasourceUid: loki.uid, url: '{namespace=~".+"} |= `${__value.raw}`', urlDisplayLabel: 'Logs of this request' },
    ];
    if (g.tempo) derivedFields.unshift({ name: 'trace_id', matcherRegex: TRACE_ID_REGEX, datasourceUid: tempo.uid, url: '${__value.raw}', urlDisplayLabel: 'View trace' });
    list.push({ name: loki.name, uid: loki.uid, type: loki.type, access: 'proxy', url: g.loki.url, editable: false, jsonData: { maxLines: 1000, derivedFields } });
  }
  if (g.tempo) {
    list.push({
      name: tempo.name, uid: tempo.uid, type: tempo.type, access: 'proxy', url: g.tempo.url, editable: false,
      jsonData: {
        ...(g.loki ? {
          tracesToLogsV2: { datasourceUid: loki.uid, spanStartTimeShift: '-5m', spanEndTimeShift: '5m', filterByTraceID: true, filterBySpanID: false, tags: SERVICE_TAG },
          lokiSearch: { datasourceUid: loki.uid },
        } : {}),
        tracesToMetrics: { datasourceUid: prometheus.uid, spanStartTimeShift: '-5m', spanEndTimeShift: '5m', tags: SERVICE_TAG },
        serviceMap: { datasourceUid: prometheus.uid },
        nodeGraph: { enabled: true },
      },
    });
  }
  return { apiVersion: 1, datasources: list };
}

export function provisioningFiles(catalog: Catalog): OutputFile[] {
  return [
    { path: GrafanaFiles.datasources, format: 'yaml', content: datasources(catalog) },
    { path: GrafanaFiles.dashboardProvider, format: 'yaml', content: dashboardProvider(catalog.settings.grafana) },
  ];
}
