/**
 * Grafana file provisioning: the dashboard file provider and the datasources, with fixed uids and
 * the correlation links between them (logs → traces by trace_id, logs → logs by request_id and
 * correlation_id, traces → logs and metrics).
 */
import { CorrelationIds, DASHBOARD_PROVIDER, Datasources, folderKey, GrafanaFiles, Labels } from '../conventions';
import type { Catalog } from '../model/catalog';
import type { GrafanaSettings } from '../model/grafana-settings';
import type { OutputFile } from '../renderer';

/**
 * Matches `<id>=…`, `"<id>":"…"` and `<id>: …` (JSON and logfmt lines of the seeds' loggers), also
 * camel-cased (`requestId`, `correlationID`); the value is a UUID or another token.
 */
export function correlationRegex(id: string): string {
  const word = id.replace(/_id$/, '');
  const first = `[${word[0]!.toLowerCase()}${word[0]!.toUpperCase()}]`;
  return String.raw`${first}${word.slice(1)}_?[iI][dD]"?\s*[:=]\s*"?([0-9A-Za-z._-]+)`;
}
/** Trace ids are 16 or 32 hex digits (W3C and B3). */
export const TRACE_ID_REGEX = String.raw`trace_?[iI][dD]"?\s*[:=]\s*"?([0-9a-fA-F]{16,32})`;
export const REQUEST_ID_REGEX = correlationRegex(CorrelationIds.request);
export const CORRELATION_ID_REGEX = correlationRegex(CorrelationIds.correlation);

/** OTel resource attribute → Prometheus/Loki label, so a span finds its service's logs and metrics. */
const SERVICE_TAG = [{ key: 'service.name', value: Labels.service }];

/**
 * One file provider for `grafana.folder`, and one per other folder a declared dashboard names, each
 * reading its own directory (`foldersPath/<key>`, from dist/grafana/folders/<key>/).
 */
export function dashboardProvider(g: GrafanaSettings, otherFolders: readonly string[] = []): Record<string, unknown> {
  const provider = (name: string, folder: string, path: string) => ({
    name,
    orgId: 1,
    folder,
    type: 'file',
    // Dashboards come from services.ts: deleting or editing them in the UI would be undone by the next deploy.
    disableDeletion: true,
    allowUiUpdates: false,
    updateIntervalSeconds: 30,
    options: { path, foldersFromFilesStructure: false },
  });
  const others = [...new Set(otherFolders)].filter((f) => f !== g.folder).sort((a, b) => (folderKey(a) < folderKey(b) ? -1 : 1));
  return {
    apiVersion: 1,
    providers: [
      provider(DASHBOARD_PROVIDER, g.folder, g.dashboardsPath),
      ...others.map((f) => provider(`${DASHBOARD_PROVIDER}-${folderKey(f)}`, f, `${g.foldersPath.replace(/\/+$/, '')}/${folderKey(f)}`)),
    ],
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
    // Internal links to Loki itself: every log line of the same request, across services, by either id.
    const search = (name: string, matcherRegex: string) => ({ name, matcherRegex, datasourceUid: loki.uid, url: '{namespace=~".+"} |= `${__value.raw}`', urlDisplayLabel: 'Logs of this request' });
    const derivedFields: Record<string, unknown>[] = [
      search(CorrelationIds.request, REQUEST_ID_REGEX),
      search(CorrelationIds.correlation, CORRELATION_ID_REGEX),
    ];
    if (g.tempo) derivedFields.unshift({ name: CorrelationIds.trace, matcherRegex: TRACE_ID_REGEX, datasourceUid: tempo.uid, url: '${__value.raw}', urlDisplayLabel: 'View trace' });
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
    { path: GrafanaFiles.dashboardProvider, format: 'yaml', content: dashboardProvider(catalog.settings.grafana, catalog.dashboards.map((d) => d.folder)) },
  ];
}
