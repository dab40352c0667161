/**
 * Property-based (fast-check): for generated service names, label values, objectives, periods and
 * alert windows that synth accepts, every generated PromQL expression parses (lezer; the current
 * promtool checks the rule files of a few samples), every YAML file and manifest parses back to the
 * data it was written from, and every dashboard serializes to JSON that parses back to itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Metric, MonitoringApp, Service, Sli, Team, type BurnRateWindowProps } from '../../lib';
import { eq } from '../../lib/promql';
import { catalogOf } from '../../lib/model/catalog';
import { canonicalManifest } from '../../lib/output/manifest';
import { RENDERERS } from '../../lib/output/renderers';
import { serialize } from '../../lib/output/serialize';
import { toYaml } from '../../lib/output/yaml';
import { promqlSyntaxError } from '../../lib/promql/parse';
import { LazyText, type Manifest, type OutputFile } from '../../lib/renderer';
import { tempDir } from '../support/synth';
import { CURRENT, run, toolAvailable } from '../support/tools';

const SPECIAL = ['"', '\\', '\n', '\t', '{', '}', '{{', '$labels', '$', '|', '`', "'", ':', '#', '- ', ' ', 'ü', '✓', 'a', '0'];

const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$/);
const labelValue = fc.oneof(
  fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' }),
  fc.array(fc.constantFrom(...SPECIAL), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
);
// Above 93.06 % the default page tier (14.4×) can fire; 100 has no budget (no alerts) and is allowed too.
const objective = fc.oneof(fc.double({ min: 93.1, max: 99.999, noNaN: true }).map((x) => Number(x.toFixed(3))), fc.constant(100));
const period = fc.constantFrom('7d', '14d', '28d', '30d', '90d');
const minutes = (m: number) => (m % 1440 === 0 ? `${m / 1440}d` : m % 60 === 0 ? `${m / 60}h` : `${m}m`);
const windowPair: fc.Arbitrary<BurnRateWindowProps> = fc
  .record({ severity: fc.constantFrom('page', 'ticket'), short: fc.integer({ min: 1, max: 360 }), factor: fc.integer({ min: 2, max: 24 }), budgetPercent: fc.integer({ min: 1, max: 10 }) })
  .map((w) => ({ severity: w.severity as 'page' | 'ticket', shortWindow: minutes(w.short * 5), longWindow: minutes(w.short * 5 * w.factor), budgetPercent: w.budgetPercent }));

interface Input {
  readonly services: readonly { name: string; value: string; objective: number; period: string; windows?: BurnRateWindowProps[] }[];
}

const input: fc.Arbitrary<Input> = fc.record({
  services: fc.uniqueArray(
    fc.record({ name: dnsLabel, value: labelValue, objective, period, windows: fc.option(fc.array(windowPair, { minLength: 1, maxLength: 3 }), { nil: undefined }) }),
    { minLength: 1, maxLength: 3, selector: (s) => s.name },
  ),
});

function build(i: Input): MonitoringApp {
  const app = new MonitoringApp({ outdir: tempDir('prop-') });
  const requests = Metric.counter({ name: 'http_requests_total', help: 'Requests', labels: ['code', 'route'] });
  const latency = Metric.histogram({ name: 'http_request_duration_seconds', help: 'Latency', labels: ['route'], buckets: [0.1, 0.5, 1] });
  const team = new Team(app, 'team', { receivers: { chat: [] }, routing: {} });
  for (const s of i.services) {
    const svc = new Service(app, s.name, { team, namespace: 'ns', scrape: { port: 8080 }, metrics: [requests, latency], labels: { owner: s.value } });
    const alerting = { ...(s.windows ? { windows: s.windows } : {}), pageAlert: { labels: { routing_key: s.value } } };
    svc.addSlo('availability', { sli: Sli.ratio({ errors: { metric: requests, matchers: [eq('route', s.value)] }, total: { metric: requests } }), objective: s.objective, period: s.period, labels: { component: s.value }, alerting });
    svc.addSlo('latency', { sli: Sli.latency({ histogram: latency, thresholdSeconds: 0.5, matchers: [eq('route', s.value)] }), objective: s.objective, period: s.period, alerting });
  }
  return app;
}

/** Problems synth may rightly report for generated windows (a window the period cannot hold, a tier that can never fire). */
const EXPECTED_REJECTION = /window no longer than the period|could never fire|window shorter than the long window/;

/** Every manifest and file of a valid catalogue, before serialization. */
function rendered(app: MonitoringApp): { manifests: Manifest[]; files: OutputFile[] } {
  const catalog = catalogOf(app);
  const manifests: Manifest[] = [];
  const files: OutputFile[] = [];
  for (const r of RENDERERS) {
    for (const piece of r.renderEach ? r.renderEach(catalog) : [r.render(catalog)]) {
      manifests.push(...(piece.manifests ?? []));
      files.push(...(piece.files ?? []));
    }
  }
  return { manifests, files };
}

/** JSON's view of the data (drops undefined), the form a parser gives back. */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

type Rules = { groups: { rules: { expr: string }[] }[] };

/** Runs `check` on each accepted input; returns how many were accepted. */
function forAccepted(check: (out: { manifests: Manifest[]; files: OutputFile[] }, app: MonitoringApp) => void, numRuns = 40): number {
  let accepted = 0;
  fc.assert(fc.property(input, (i) => {
    const app = build(i);
    const problems = app.problems();
    if (problems.length > 0) {
      expect(problems.filter((p) => !EXPECTED_REJECTION.test(p))).toEqual([]);
      return;
    }
    accepted++;
    check(rendered(app), app);
  }), { numRuns, seed: 13 });
  return accepted;
}

describe('properties of generated output', () => {
  it('every generated PromQL expression parses', () => {
    const accepted = forAccepted(({ files }) => {
      for (const f of files.filter((x) => x.path.startsWith('prometheus/rules/'))) {
        for (const g of (f.content as Rules).groups) for (const r of g.rules) expect(promqlSyntaxError(r.expr), r.expr).toBeUndefined();
      }
    });
    expect(accepted).toBeGreaterThan(20);
  });

  it('every YAML file and manifest parses back to the data it was written from', () => {
    forAccepted(({ files, manifests }) => {
      for (const f of files.filter((x) => x.format === 'yaml')) expect(parse(serialize(f)), f.path).toEqual(plain(f.content));
      for (const m of manifests) expect(parse(toYaml(canonicalManifest(m)))).toEqual(plain(canonicalManifest(m)));
    });
  });

  it('every dashboard serializes to JSON that parses back to the same data', () => {
    forAccepted(({ files }) => {
      const dashboards = files.filter((f) => f.path.startsWith('grafana/dashboards/'));
      expect(dashboards.length).toBeGreaterThan(1);
      for (const d of dashboards) {
        const text = serialize(d);
        // Dashboards arrive as their JSON text (made when written) or as data; either way the text parses and prints back the same.
        const content = typeof d.content === 'string' || d.content instanceof LazyText ? JSON.parse(String(d.content)) : plain(d.content);
        expect(JSON.parse(text)).toEqual(content);
        expect(`${JSON.stringify(JSON.parse(text), null, 2)}\n`).toBe(text);
      }
    });
  });

  it.runIf(toolAvailable(CURRENT.bin.promtool))(`promtool ${CURRENT.prometheus} checks the rule files of a few samples`, () => {
    const samples = fc.sample(input, { numRuns: 4, seed: 7 }).map(build).filter((a) => a.problems().length === 0);
    expect(samples.length).toBeGreaterThan(0);
    for (const app of samples) {
      const dir = tempDir('prop-rules-');
      const rules = rendered(app).files.filter((f) => f.path.startsWith('prometheus/rules/'));
      for (const f of rules) fs.writeFileSync(path.join(dir, path.basename(f.path)), serialize(f));
      const r = run(CURRENT.bin.promtool, ['check', 'rules', ...rules.map((f) => path.join(dir, path.basename(f.path)))]);
      expect(r.status, r.output).toBe(0);
    }
  });
});
