/**
 * Every worked example in examples/ (one per seed system): a fresh synth equals its committed dist/ byte for
 * byte, and its output passes the real tools on both supported versions: promtool check rules / config and
 * the generated test suites (2.42 and 3.16), amtool check-config and routes (0.25 and 0.35), otelcol-mac
 * validate, vmalert -dryRun, the Kubernetes schemas, and the dashboard linter. 001 is the default
 * catalogue, whose dist/ the rest of the suite checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Files } from '../../lib/conventions';
import { catalogOf } from '../../lib/model/catalog';
import * as root from '../../services';
import { DEFAULT_EXAMPLE, exampleApp, examples, loadExample } from '../../examples';
import { loadableBy } from '../alertmanager/versions';
import { validate } from '../otel/support';
import {
  checkConfig, checkRules, collectorConfigs, complaints, dashboardFiles, dashboardViolations, diffTrees, lintOptionsFor, misrouted,
  routesTable, ruleCount, ruleFiles, schemaProblems, strayYaml, vmalert, vmalertReadLine,
} from '../support/dist-checks';
import { lintDashboard, type LintOptions } from '../support/dashboard-lint';
import { testFilesFor, testRules } from '../support/promtool';
import { listFiles, tempDir } from '../support/synth';
import { availableToolchains, BUILT, run, toolAvailable } from '../support/tools';

const EXAMPLES = examples().filter((e) => !e.isDefault);
const promtools = availableToolchains('promtool');
const amtools = availableToolchains('amtool');

interface Synthesized {
  readonly fresh: string;
  readonly lint: LintOptions;
  readonly collectors: number;
}
const synthesized = new Map<string, Synthesized>();
const suites = new Map<string, { files: string[]; failures: Promise<Array<string | undefined>> }>();

beforeAll(async () => {
  // The generated suites of every example and version start first, in the shared pool, so they overlap the rest.
  for (const tc of promtools) {
    for (const ex of EXAMPLES) {
      const files = testFilesFor(tc, listFiles(ex.dist));
      suites.set(`${tc.id} ${ex.name}`, { files, failures: Promise.all(files.map((f) => testRules(tc, ex.dist, f))) });
    }
  }
  for (const ex of EXAMPLES) {
    const fresh = tempDir(`example-${ex.name}-`);
    const app = await exampleApp(ex.name, fresh);
    app.synth();
    const catalog = catalogOf(app);
    synthesized.set(ex.name, { fresh, lint: lintOptionsFor(catalog), collectors: catalog.collectors.length });
  }
}, 120_000);
afterAll(() => {
  for (const { fresh } of synthesized.values()) fs.rmSync(fresh, { recursive: true, force: true });
});

it('lists one example per seed system, 000 to 004', () => {
  expect(examples().map((e) => e.name.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
});

it(`${DEFAULT_EXAMPLE} is the default catalogue: the root services.ts, written to the root dist/`, async () => {
  const ex = await loadExample(DEFAULT_EXAMPLE);
  expect(ex.defineServices).toBe(root.defineServices);
  expect(ex.platform).toBe(root.platform);
  expect(examples().find((e) => e.isDefault)!.dist).toBe(path.resolve(__dirname, '../../dist'));
});

describe.each(EXAMPLES)('example $name', (ex) => {
  const fresh = () => synthesized.get(ex.name)!.fresh;

  it('synthesizes into exactly the committed dist/ (regenerate with `npm run synth:examples`)', () => {
    expect(diffTrees(ex.dist, fresh())).toEqual([]);
  });

  it('has rule files, a plain Prometheus and Alertmanager config, dashboards and Kubernetes objects, and no stray *.yaml', () => {
    const files = listFiles(ex.dist);
    for (const f of [Files.prometheusConfig, Files.alertmanagerConfig, Files.routesTable, 'CATALOG.md']) expect(files).toContain(f);
    expect(ruleFiles(ex.dist).length).toBeGreaterThan(0);
    for (const f of ruleFiles(ex.dist)) expect(ruleCount(path.join(ex.dist, f)), f).toBeGreaterThan(0);
    expect(dashboardFiles(ex.dist).length).toBeGreaterThan(0);
    expect(files.some((f) => f.startsWith('kubernetes/'))).toBe(true);
    expect(strayYaml(ex.dist)).toEqual([]);
  });

  it('validates every Kubernetes object against its published schema', () => {
    expect(schemaProblems(ex.dist)).toEqual([]);
  });

  it('passes every dashboard-linter rule on every dashboard', () => {
    const lint = synthesized.get(ex.name)!.lint;
    expect(dashboardViolations(ex.dist, lint).filter(([, violations]) => violations.length > 0)).toEqual([]);
  });

  describe.each(promtools)('promtool $prometheus', (tc) => {
    it('check rules --lint=all --lint-fatal accepts every rule file', () => {
      const r = checkRules(tc, ex.dist);
      expect(r.status, r.output).toBe(0);
      expect(r.output.match(/SUCCESS: \d+ rules found/g)).toHaveLength(ruleFiles(ex.dist).length);
    });

    it('check config --lint=all --lint-fatal accepts prometheus.yml', () => {
      const r = checkConfig(tc, ex.dist);
      expect(r.status, r.output).toBe(0);
      expect(r.output).toContain('is valid prometheus config file syntax');
    });

    it('passes every generated test suite', async () => {
      const suite = suites.get(`${tc.id} ${ex.name}`)!;
      // One suite per rule file: every rule file has alerts with a generated proof.
      expect(suite.files.filter((f) => !f.includes('/prometheus3/'))).toHaveLength(ruleFiles(ex.dist).length);
      expect((await suite.failures).filter(Boolean)).toEqual([]);
    }, 900_000);
  });

  describe.each(amtools)('amtool $alertmanager', (tc) => {
    it('check-config accepts alertmanager.yml (its routing, where the form is for a later release)', () => {
      const config = loadableBy(tc, path.join(ex.dist, Files.alertmanagerConfig));
      const r = run(tc.bin.amtool, ['check-config', config]);
      expect(r.status, r.output).toBe(0);
      expect(r.stdout).toContain('SUCCESS');
    });

    it('routes every line of routes.test.tsv to the expected receivers', () => {
      const config = loadableBy(tc, path.join(ex.dist, Files.alertmanagerConfig));
      const lines = routesTable(ex.dist);
      expect(lines.length).toBeGreaterThan(0);
      expect(misrouted(tc, config, lines)).toEqual([]);
    });
  });

  describe.runIf(toolAvailable(BUILT.vmalert))('vmalert -dryRun', () => {
    it('loads every rule file, each once, with no warning', () => {
      const files = ruleFiles(ex.dist).map((f) => path.join(ex.dist, f));
      const r = vmalert(files);
      expect(r.status, r.output).toBe(0);
      for (const f of files) expect(r.stderr.split(vmalertReadLine(f)).length - 1, `${f} read once`).toBe(1);
      expect(complaints(r)).toEqual([]);
    });
  });

  describe.runIf(toolAvailable(BUILT.otelcol))('otelcol-mac validate', () => {
    it('accepts every collector config (none where the example declares no collector, as seed 002)', () => {
      const configs = collectorConfigs(ex.dist);
      // A gateway config per collector, plus one per node agent.
      expect(configs.length >= synthesized.get(ex.name)!.collectors).toBe(true);
      if (synthesized.get(ex.name)!.collectors === 0) expect(configs).toEqual([]);
      for (const f of configs) {
        const r = validate(fs.readFileSync(path.join(ex.dist, f), 'utf8'));
        expect(r.status, `${f}\n${r.output}`).toBe(0);
      }
    });
  });
});

describe('the checks are real', () => {
  const ex = EXAMPLES[0]!;

  it('the freshness check notices an edited and a missing file', () => {
    const copy = tempDir('example-copy-');
    fs.cpSync(ex.dist, copy, { recursive: true });
    fs.appendFileSync(path.join(copy, Files.prometheusConfig), '# edited\n');
    fs.rmSync(path.join(copy, Files.routesTable));
    expect(diffTrees(copy, ex.dist)).toEqual([`differs: ${Files.prometheusConfig}`, `not committed: ${Files.routesTable}`]);
  });

  it('the dashboard linter exempts only services fed through the collector from the namespace and job variables', () => {
    const otlp = EXAMPLES.find((e) => e.name.startsWith('003'))!;
    const lint = synthesized.get(otlp.name)!.lint;
    const read = (uid: string) => JSON.parse(fs.readFileSync(path.join(otlp.dist, Files.dashboard(uid)), 'utf8'));
    const api = read('svc-api');
    expect(lintDashboard(api, { ...lint, ruleExclusions: undefined }).map((v) => v.rule)).toEqual(['template-namespace-rule', 'template-job-rule']);
    // nats-exporter is scraped: dropping its job variable is still a violation.
    const nats = read('svc-nats-exporter');
    nats.templating.list = nats.templating.list.filter((v: { name: string }) => v.name !== 'job');
    expect(lintDashboard(nats, lint).map((v) => v.rule)).toContain('template-job-rule');
  });

  it.runIf(promtools.length > 0)('check rules fails on a duplicated rule', () => {
    const copy = tempDir('example-rules-');
    const file = ruleFiles(ex.dist)[0]!;
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    const doc = parse(fs.readFileSync(path.join(ex.dist, file), 'utf8'));
    doc.groups[0].rules.push(doc.groups[0].rules[0]);
    fs.writeFileSync(path.join(copy, file), JSON.stringify(doc));
    const r = checkRules(promtools[0]!, copy);
    expect(r.status, r.output).toBe(3);
    expect(r.output).toContain('1 duplicate rule(s) found');
  });
});
