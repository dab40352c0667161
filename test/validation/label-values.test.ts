/**
 * Label values with quotes, backslashes, newlines, template syntax and Markdown/YAML specials go
 * through every output family intact: PromQL parses (lezer) and holds the value, YAML parses back to
 * it, alert templates print it literally (promtool checks the rules and runs the generated tests,
 * which expect the raw value), the Markdown tables keep their columns, dashboards and the Alertmanager
 * config parse (amtool checks it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Files } from '../../lib/conventions';
import { Symptom, Sli } from '../../lib';
import type { Construct } from 'constructs';
import { eq } from '../../lib/promql';
import { promqlSyntaxError } from '../../lib/promql/parse';
import { templateLiteral } from '../../lib/promql/format';
import { testFilesFor, testRules } from '../support/promtool';
import { listFiles, synthTo } from '../support/synth';
import { availableToolchains, CURRENT, run, toolAvailable } from '../support/tools';
import { errors, requests, service } from './catalogue';

export const VALUES: readonly string[] = [
  'say "hi"', 'C:\\temp\\', 'two\nlines', '{{ not a template', '{{ $labels.team }}', '$labels.team', '$value',
  'a | b', 'back`tick', "it's", 'null', '- dash', 'key: value', '#hash', ' padded ', 'ünïcødé ✓', 'tab\there',
];

interface RuleFile { groups: { name: string; rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[] }[] }

/** A double-quoted PromQL or matcher literal's value (raw tabs are allowed there, not in JSON). */
const unquote = (literal: string): string => JSON.parse(literal.replace(/\t/g, '\\t')) as string;

/** Every string literal of a PromQL expression, unquoted. */
function stringLiterals(expr: string): string[] {
  const out: string[] = [];
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.type.name === 'StringLiteral') out.push(unquote(expr.slice(n.from, n.to)));
    },
  });
  return out;
}

/** One service per value: the value as a service, SLO and tier label, a matcher value, and the service description. */
function define(app: Construct): void {
  VALUES.forEach((v, i) => {
    const s = service(app, { labels: { owner: v }, description: v }, `svc-${i}`);
    s.addSlo('availability', {
      sli: Sli.ratio({ errors: { metric: errors, matchers: [eq('route', v)] }, total: { metric: requests } }),
      objective: 99.9,
      labels: { component: v },
      alerting: { pageAlert: { labels: { routing_key: v } } },
    });
    s.addSymptom(Symptom.errorRatio({ errors: { metric: errors, matchers: [eq('route', v)] }, total: { metric: requests }, thresholdPercent: 5 }));
  });
}

let out: string;
let files: string[];
const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');

beforeAll(() => {
  out = synthTo(define, {
    alertmanager: { extraRoutes: VALUES.map((v) => ({ matchers: [eq('owner', v)], receiver: 'payments-chat' })) },
  });
  files = listFiles(out);
});

describe('label values through every family', () => {
  it('PromQL: every rule parses, and each value is one of its string literals', () => {
    VALUES.forEach((v, i) => {
      const rules = (parse(read(Files.ruleFile(`svc-${i}`))) as RuleFile).groups.flatMap((g) => g.rules);
      for (const r of rules) expect(promqlSyntaxError(r.expr), r.expr).toBeUndefined();
      const sli = rules.find((r) => r.record === 'slo:sli_error:ratio_rate5m')!;
      expect(stringLiterals(sli.expr)).toContain(v);
      const symptom = rules.find((r) => r.alert?.endsWith('ErrorRatio'))!;
      expect(stringLiterals(symptom.expr)).toContain(v);
    });
  });

  it('YAML: rule labels parse back to the value (alert labels as template text), in the plain file and the PrometheusRule alike', () => {
    VALUES.forEach((v, i) => {
      const plain = parse(read(Files.ruleFile(`svc-${i}`))) as RuleFile;
      const rules = plain.groups.flatMap((g) => g.rules);
      expect(rules.filter((r) => r.record).every((r) => r.labels?.component === v && r.labels?.owner === v)).toBe(true);
      const page = rules.find((r) => r.alert && r.labels?.sloth_severity === 'page')!;
      expect(page.labels!.routing_key).toBe(templateLiteral(v));
      const manifest = parse(read(`kubernetes/PrometheusRule.svc-${i}-rules.k8s.yaml`)) as { spec: RuleFile };
      expect(manifest.spec.groups).toEqual(plain.groups);
    });
  });

  it('YAML: the Alertmanager config keeps each matcher value', () => {
    const am = parse(read(Files.alertmanagerConfig)) as { route: { routes: { matchers: string[] }[] } };
    const values = am.route.routes.flatMap((r) => r.matchers).filter((m) => m.startsWith('owner=')).map((m) => unquote(m.slice('owner='.length)));
    expect(values).toEqual(VALUES);
  });

  it('Markdown: every table row of CATALOG.md and the service pages has its header\'s columns, and no value breaks a line', () => {
    const md = files.filter((f) => f === Files.catalog || f.startsWith('catalog/')).map(read).join('\n');
    const lines = md.split('\n');
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    let header: number | undefined;
    for (const line of lines) {
      if (!line.startsWith('|')) { header = undefined; continue; }
      if (header === undefined) header = cells(line);
      else expect(cells(line), line).toBe(header);
    }
    // The newline of "two\nlines" is a space in the catalogue; the backtick value sits in a wider code span.
    expect(md).toContain('two lines');
    expect(md).not.toMatch(/^lines/m);
    expect(md).toContain("``owner=back`tick``");
  });

  it('dashboard JSON parses and serializes back to the same text', () => {
    const dashboards = files.filter((f) => f.startsWith('grafana/dashboards/'));
    expect(dashboards.length).toBe(VALUES.length + 1);
    for (const f of dashboards) expect(JSON.stringify(JSON.parse(read(f)), null, 2)).toBe(read(f).trimEnd());
  });

  describe.each(availableToolchains('promtool'))('promtool $prometheus', (tc) => {
    it('check rules accepts every rule file (alert label templates included)', () => {
      const rules = files.filter((f) => f.startsWith('prometheus/rules/'));
      const r = run(tc.bin.promtool, ['check', 'rules', ...rules.map((f) => path.join(out, f))]);
      expect(r.status, r.output).toBe(0);
    });

    // The test files are slow (about 15 s each): run those of the values with template syntax, on the current promtool.
    it.runIf(tc === CURRENT)('the generated tests pass: each alert carries the raw value after templating', async () => {
      const templated = VALUES.map((v, i) => [v, Files.ruleTest(`svc-${i}`)] as const).filter(([v]) => v.includes('{{')).map(([, f]) => f);
      const tests = testFilesFor(tc, files).filter((f) => templated.includes(f));
      expect(tests).toHaveLength(2);
      const failures = (await Promise.all(tests.map((f) => testRules(tc, out, f)))).filter(Boolean);
      expect(failures).toEqual([]);
    }, 600_000);
  });

  it.runIf(toolAvailable(CURRENT.bin.amtool))(`amtool ${CURRENT.alertmanager} accepts the Alertmanager config`, () => {
    const r = run(CURRENT.bin.amtool, ['check-config', path.join(out, Files.alertmanagerConfig)]);
    expect(r.status, r.output).toBe(0);
  });
});
