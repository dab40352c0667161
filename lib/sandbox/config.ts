/**
 * The generated plain configs, adapted to run on loopback: Prometheus scrapes the demo targets and
 * evaluates the generated rule files unchanged; Alertmanager keeps the generated route tree and
 * inhibit rules, and only its receivers' destinations point at the local webhook sink.
 */
import * as path from 'node:path';
import { SandboxPaths } from '../conventions/sandbox';

type Obj = Record<string, unknown>;

export interface PrometheusRewrite {
  /** Job name → the `host:port` of its demo target; other jobs are left out. */
  readonly targets: ReadonlyMap<string, string>;
  /** `host:port` of the sandbox Alertmanager. */
  readonly alertmanager: string;
  /** Absolute paths of the rule files to load. */
  readonly ruleFiles: readonly string[];
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
}

export interface SandboxPrometheus {
  readonly config: Obj;
  /** Job name → the labels every series of its target carries once scraped (for backfilling history). */
  readonly targetLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** The labels a relabel rule with a constant replacement sets (what the generated file_sd jobs use). */
function constantRelabels(job: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of asList(job.relabel_configs)) {
    const constant = (r.action ?? 'replace') === 'replace' && !r.source_labels && typeof r.target_label === 'string' && typeof r.replacement === 'string';
    if (constant) out[r.target_label as string] = r.replacement as string;
  }
  return out;
}

export function sandboxPrometheusConfig(generated: Obj, opts: PrometheusRewrite): SandboxPrometheus {
  const jobs = asList(generated.scrape_configs);
  const missing = [...opts.targets.keys()].filter((name) => !jobs.some((j) => j.job_name === name));
  if (missing.length) throw new Error(`prometheus.yml has no scrape job for ${missing.map((m) => `"${m}"`).join(', ')}`);
  const targetLabels = new Map<string, Record<string, string>>();
  const scrapeConfigs = jobs
    .filter((j) => opts.targets.has(j.job_name as string))
    .map((j) => {
      const { static_configs, file_sd_configs, ...rest } = j;
      void file_sd_configs;
      const name = j.job_name as string;
      const target = opts.targets.get(name)!;
      const labels = Object.assign({}, ...asList(static_configs).map((s) => (s.labels ?? {}) as Obj)) as Record<string, string>;
      targetLabels.set(name, { job: name, instance: target, ...labels, ...constantRelabels(j) });
      return {
        ...rest,
        scrape_interval: opts.scrapeInterval,
        scrape_timeout: opts.scrapeInterval,
        static_configs: [{ targets: [target], ...(Object.keys(labels).length ? { labels } : {}) }],
      };
    });
  const global = (generated.global ?? {}) as Obj;
  // Only what a local run needs: remote_write and other outbound sections are dropped.
  const config = {
    global: {
      ...global,
      scrape_interval: opts.scrapeInterval,
      scrape_timeout: opts.scrapeInterval,
      evaluation_interval: opts.evaluationInterval,
    },
    rule_files: [...opts.ruleFiles],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [opts.alertmanager] }] }] },
    scrape_configs: scrapeConfigs,
  };
  return { config, targetLabels };
}

/**
 * Rule files to load: those of the selected services, and those not named after any service
 * (shared rules). Rule files of services that do not run would only alert on their absence.
 */
export function selectRuleFiles(files: readonly string[], allServices: readonly string[], selected: readonly string[]): string[] {
  const stem = (f: string) => path.basename(f).replace(/\.yml$/, '');
  return files.filter((f) => selected.includes(stem(f)) || !allServices.includes(stem(f))).sort();
}

/** A stand-in used only when dist/ has no alertmanager.yml yet: everything goes to one receiver. */
export const FALLBACK_ALERTMANAGER: Obj = {
  route: { receiver: 'sandbox', group_by: ['alertname', 'service'], group_wait: '10s' },
  receivers: [{ name: 'sandbox', webhook_configs: [{ url: 'http://placeholder.invalid/' }] }],
};

/**
 * Receivers keep their names; each one that notifies somewhere now posts to the sink instead (a
 * receiver without configs stays a null receiver). Route tree, inhibit rules and time intervals
 * are kept as generated; `global` keeps only `resolve_timeout`, the rest points at real services.
 */
export function sandboxAlertmanagerConfig(generated: Obj, sinkUrl: string, configDir: string): Obj {
  const receivers = asList(generated.receivers).map((r) => {
    const notifies = Object.entries(r).some(([k, v]) => k.endsWith('_configs') && Array.isArray(v) && v.length > 0);
    const name = r.name as string;
    return notifies ? { name, webhook_configs: [{ url: `${sinkUrl}${SandboxPaths.receiver(name)}`, send_resolved: true }] } : { name };
  });
  const global = (generated.global ?? {}) as Obj;
  const out: Obj = { ...generated, receivers };
  if (global.resolve_timeout !== undefined) out.global = { resolve_timeout: global.resolve_timeout };
  else delete out.global;
  if (Array.isArray(generated.templates)) out.templates = (generated.templates as string[]).map((t) => path.resolve(configDir, t));
  return out;
}
