/**
 * Sloth's `prometheus/v1` specs and `sloth.slok.dev/v1` PrometheusServiceLevel objects → services and
 * SLOs in the catalogue. Both share one model (snake_case in files, camelCase in the CRD).
 */
import type { Construct } from 'constructs';
import { TIER_SEVERITY } from '../conventions';
import { checkDnsLabel, checkIdentifier } from '../model/names';
import type { Service } from '../model/service';
import { Sli } from '../model/sli';
import type { AlertTierProps, SloProps } from '../model/slo';
import {
  eventsSli, hasWindow, ImportReport, isObj, join, readDocs, serviceFor, stringMap, unknownKeys, userLabels,
  type ImportDoc, type ImportProps, type Obj,
} from './common';

/** Field names of the two spellings. */
const SPELLING = {
  spec: { errorQuery: 'error_query', totalQuery: 'total_query', errorRatioQuery: 'error_ratio_query', pageAlert: 'page_alert', ticketAlert: 'ticket_alert' },
  crd: { errorQuery: 'errorQuery', totalQuery: 'totalQuery', errorRatioQuery: 'errorRatioQuery', pageAlert: 'pageAlert', ticketAlert: 'ticketAlert' },
} as const;
type Spelling = (typeof SPELLING)[keyof typeof SPELLING];

export const SLOTH_FILE_VERSION = 'prometheus/v1';
export const SLOTH_CRD = { apiVersion: 'sloth.slok.dev/v1', kind: 'PrometheusServiceLevel' } as const;

export interface SlothImportSource {
  /** Path of the file (read from disk unless `text` is given); messages name it. */
  readonly file: string;
  /**
   * The file's text.
   * @default read from `file`
   */
  readonly text?: string;
}

/**
 * Declares the services and SLOs of a Sloth file (any mix of `prometheus/v1` documents and
 * PrometheusServiceLevel objects) in `scope`. Problems are reported at synth with the file and path.
 */
export function importSloth(scope: Construct, source: string | SlothImportSource, props: ImportProps): Service[] {
  const src = typeof source === 'string' ? { file: source } : source;
  const report = new ImportReport(scope, src.file);
  const services: Service[] = [];
  for (const doc of readDocs(src.file, report, src.text)) {
    const s = importDoc(scope, report, doc, props);
    if (s && !services.includes(s)) services.push(s);
  }
  report.flush(services);
  return services;
}

function importDoc(scope: Construct, report: ImportReport, doc: ImportDoc, props: ImportProps): Service | undefined {
  const v = doc.value;
  if (!isObj(v)) { report.error(doc.at || '(document)', v, 'a Sloth spec (version: prometheus/v1) or a PrometheusServiceLevel object'); return undefined; }
  if (v.version === SLOTH_FILE_VERSION) {
    unknownKeys(report, doc.at, v, ['version', 'service', 'labels', 'slos']);
    return importSpec(scope, report, doc.at, v, props, SPELLING.spec, undefined);
  }
  if (v.apiVersion === SLOTH_CRD.apiVersion && v.kind === SLOTH_CRD.kind) {
    unknownKeys(report, doc.at, v, ['apiVersion', 'kind', 'metadata', 'spec']);
    const meta = isObj(v.metadata) ? v.metadata : {};
    if (isObj(meta.labels) && Object.keys(meta.labels).length) report.warn(join(join(doc.at, 'metadata'), 'labels'), 'object labels select the Kubernetes object, not the SLO series, so they are not carried over');
    const spec = isObj(v.spec) ? v.spec : {};
    if (!isObj(v.spec)) report.error(join(doc.at, 'spec'), v.spec, 'the PrometheusServiceLevel spec');
    unknownKeys(report, join(doc.at, 'spec'), spec, ['service', 'labels', 'slos']);
    const ns = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    return importSpec(scope, report, join(doc.at, 'spec'), spec, props, SPELLING.crd, ns);
  }
  const got = 'version' in v ? `version ${String(v.version)}` : `${String(v.apiVersion)} ${String(v.kind)}`;
  report.error(doc.at || '(document)', got, `version: ${SLOTH_FILE_VERSION}, or apiVersion: ${SLOTH_CRD.apiVersion} with kind: ${SLOTH_CRD.kind}`);
  return undefined;
}

function importSpec(scope: Construct, report: ImportReport, at: string, spec: Obj, props: ImportProps, f: Spelling, namespace: string | undefined): Service | undefined {
  if (typeof spec.service !== 'string' || spec.service === '') { report.error(join(at, 'service'), spec.service, 'the service name'); return undefined; }
  const serviceProblem = checkDnsLabel(spec.service);
  if (serviceProblem) { report.error(join(at, 'service'), spec.service, `${serviceProblem}: it is the job label and a Kubernetes name here`); return undefined; }
  if (namespace === undefined && props.namespace === undefined) {
    report.error(join(at, 'service'), spec.service, 'a namespace for it: pass namespace to the importer (a prometheus/v1 file names none)');
    return undefined;
  }
  const labels = userLabels(report, join(at, 'labels'), stringMap(report, join(at, 'labels'), spec.labels), { service: spec.service });
  const service = serviceFor(scope, spec.service, props, namespace, labels);
  if (!Array.isArray(spec.slos) || spec.slos.length === 0) { report.error(join(at, 'slos'), spec.slos, 'at least one SLO'); return service; }
  spec.slos.forEach((slo, i) => {
    const sat = join(join(at, 'slos'), i);
    if (!isObj(slo)) { report.error(sat, slo, 'an SLO'); return; }
    const p = sloProps(report, sat, slo, service, props, f);
    if (p) service.addSlo(p.name!, p);
  });
  return service;
}

function sloProps(report: ImportReport, at: string, slo: Obj, service: Service, props: ImportProps, f: Spelling): SloProps | undefined {
  unknownKeys(report, at, slo, ['name', 'description', 'objective', 'labels', 'sli', 'alerting']);
  if (typeof slo.name !== 'string') { report.error(join(at, 'name'), slo.name, 'the SLO name'); return undefined; }
  // Sloth also takes upper case and dots; the SLO name is part of every rule and dashboard name here.
  const nameProblem = checkIdentifier(slo.name);
  if (nameProblem) { report.error(join(at, 'name'), slo.name, `${nameProblem} (rename the SLO; sloth_id changes with it)`); return undefined; }
  if (typeof slo.objective !== 'number') { report.error(join(at, 'objective'), slo.objective, 'a number, the objective in percent'); return undefined; }
  const sli = sliOf(report, join(at, 'sli'), slo.sli, service, props, f);
  if (!sli) return undefined;
  const alerting = isObj(slo.alerting) ? slo.alerting : {};
  const aat = join(at, 'alerting');
  unknownKeys(report, aat, alerting, ['name', 'labels', 'annotations', f.pageAlert, f.ticketAlert]);
  const shared = stringMap(report, join(aat, 'labels'), alerting.labels);
  const tier = (key: string, severity: 'page' | 'ticket'): { on: boolean; props: AlertTierProps } => {
    const t = isObj(alerting[key]) ? (alerting[key] as Obj) : {};
    const tat = join(aat, key);
    unknownKeys(report, tat, t, ['disable', 'labels', 'annotations']);
    const ours = { severity: TIER_SEVERITY[severity], sloth_severity: severity };
    return {
      on: t.disable !== true,
      props: {
        labels: userLabels(report, join(tat, 'labels'), { ...shared, ...stringMap(report, join(tat, 'labels'), t.labels) }, ours),
        annotations: stringMap(report, join(tat, 'annotations'), t.annotations),
      },
    };
  };
  const [page, ticket] = [tier(f.pageAlert, 'page'), tier(f.ticketAlert, 'ticket')];
  if (slo.objective === 100 && (page.on || ticket.on)) report.warn(join(at, 'objective'), 'Sloth alerts on any error at 100; we record the SLI but generate no burn-rate alert (no budget to burn)');
  return {
    name: slo.name,
    ...(typeof slo.description === 'string' ? { description: slo.description } : {}),
    objective: slo.objective,
    sli: sli.sli,
    groupBy: sli.groupBy,
    labels: userLabels(report, join(at, 'labels'), stringMap(report, join(at, 'labels'), slo.labels), { slo: slo.name }),
    annotations: stringMap(report, join(aat, 'annotations'), alerting.annotations),
    alerting: {
      ...(typeof alerting.name === 'string' ? { name: alerting.name } : {}),
      // Only a disabled tier is said: an explicit true at objective 100 would read as asked for.
      ...(page.on ? {} : { page: false }),
      ...(ticket.on ? {} : { ticket: false }),
      pageAlert: page.props,
      ticketAlert: ticket.props,
    },
  };
}

function sliOf(report: ImportReport, at: string, v: unknown, service: Service, props: ImportProps, f: Spelling): { sli: Sli; groupBy: string[] } | undefined {
  if (!isObj(v)) { report.error(at, v, 'an SLI: events or raw'); return undefined; }
  if (isObj(v.plugin)) { report.error(join(at, 'plugin'), String(v.plugin.id), 'events or raw: Sloth SLI plugins are Go code run inside Sloth; write the query they produce as a raw SLI'); return undefined; }
  const query = (o: Obj, key: string, qat: string): string | undefined => {
    const q = o[key];
    if (typeof q !== 'string' || !hasWindow(q)) { report.error(join(qat, key), q, 'a query containing {{.window}} where the range goes'); return undefined; }
    return q;
  };
  if (isObj(v.raw)) {
    const q = query(v.raw, f.errorRatioQuery, join(at, 'raw'));
    return q === undefined ? undefined : { sli: Sli.raw({ errorRatioQuery: q.trim() }), groupBy: [] };
  }
  if (isObj(v.events)) {
    const eat = join(at, 'events');
    const [e, t] = [query(v.events, f.errorQuery, eat), query(v.events, f.totalQuery, eat)];
    if (e === undefined || t === undefined) return undefined;
    if (e.trim() === t.trim()) { report.error(join(eat, f.errorQuery), e, 'an error query that differs from the total query'); return undefined; }
    return eventsSli(report, eat, service, e, t, props.metrics ?? []);
  }
  report.error(at, Object.keys(v).join(', '), 'events or raw');
  return undefined;
}
