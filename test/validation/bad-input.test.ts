/**
 * Malformed declarations, one table row each: synth reports exactly these problems (construct path,
 * bad value, what was expected, the fix where it is obvious), all of one synth together, and writes nothing.
 */
import * as fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Metric, MonitoringApp } from '../../lib';
import { collector, errors, requests, service, slo, synthProblems, type BadInput } from './catalogue';
import { NAME_CASES } from './name-cases';
import { OTHER_CASES } from './other-cases';
import { SLO_CASES } from './slo-cases';
import { tempDir } from '../support/synth';

const CASES: readonly BadInput[] = [...SLO_CASES, ...NAME_CASES, ...OTHER_CASES];
const SECRETS = ['XXXXXXXXXXXXXXXXXXXXXXXX', '0123456789abcdef0123456789abcdef', 's3cr3t-t0ken', 'hunter2'];

describe('bad input', () => {
  it('has at least 80 cases, each named once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('starts from a catalogue that synthesizes without a problem or a warning', () => {
    const outdir = tempDir('good-');
    const app = new MonitoringApp({ outdir });
    slo(app);
    collector(app);
    expect(app.problems()).toEqual([]);
    expect(app.warnings()).toEqual([]);
    app.synth();
    expect(fs.readdirSync(outdir).length).toBeGreaterThan(0);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { problems, message, outdir } = synthProblems(c.settings ?? {}, c.build);
    expect(problems).toEqual(c.problems);
    expect(message.split('\n')[0]).toBe(`${c.problems.length} problem${c.problems.length === 1 ? '' : 's'} in the service catalogue:`);
    expect(fs.readdirSync(outdir)).toEqual([]);
    // Inline secrets are reported masked, never echoed.
    for (const secret of SECRETS) expect(message).not.toContain(secret);
  });

  it('reports every problem of one synth together, across constructs and settings, in one message', () => {
    const { problems, message } = synthProblems({ delivery: 'all' as never }, (a) => {
      const s = slo(a, { objective: 0.999 });
      slo(a, {}, 'availability', s);
      s.addMetric(Metric.counter({ name: 'cache-hits_total', help: 'Hits' }));
      collector(a, { tenants: [{ name: 'acme', namespaces: ['shpo'] }], sensitiveFields: ['(password'] });
      service(a, { scrape: { port: 8080, interval: '15s', timeout: '20s' } }, 'cart');
    });
    expect(problems).toEqual([
      '[checkout] metric "cache-hits_total" name: got "cache-hits_total", expected a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*',
      '[checkout/availability] objective: got 0.999, expected a percentage, not a ratio: did you mean 99.9?',
      '[checkout/availability#2] SLO id: got "availability", expected an id not already used by checkout/availability (a Slo): declare each SLO once, or give the second its own id',
      '[gateway] sensitiveFields[0]: got "(password", expected a regular expression (RE2 syntax: no lookaround or backreferences) matching attribute keys (Invalid regular expression: /(password/: Unterminated group)',
      '[cart] scrape.timeout: got "20s", expected a timeout no longer than the scrape interval (15s)',
      '[settings] delivery: got "all", expected one of "operator", "files", "both"',
      '[gateway] tenants[0].namespaces[0]: got "shpo", expected a namespace a service of the catalogue runs in ("shop")',
    ]);
    expect(message).toBe(`7 problems in the service catalogue:\n  ${problems.join('\n  ')}`);
  });

});

describe('naming conventions', () => {
  const warningsOf = (metric: Metric) => {
    const app = new MonitoringApp({ outdir: tempDir() });
    service(app, { metrics: [metric] });
    expect(app.problems()).toEqual([]);
    return app.warnings();
  };

  it.each([
    ['a counter without _total', { name: 'http_requests', type: 'counter' }, '[checkout] warning: metric "http_requests": counter names should end in "_total"; if the metric already exists, silence this with ignoreNamingRules: [\'counter-total-suffix\']', 'counter-total-suffix'],
    ['a gauge ending in _total', { name: 'sessions_total', type: 'gauge' }, '[checkout] warning: metric "sessions_total": "_total" is reserved for counters, but this is a gauge; if the metric already exists, silence this with ignoreNamingRules: [\'counter-total-suffix\']', 'counter-total-suffix'],
    ['milliseconds instead of seconds', { name: 'db_query_ms', type: 'gauge' }, '[checkout] warning: metric "db_query_ms": unit milliseconds is not a base unit; Prometheus convention is seconds; if the metric already exists, silence this with ignoreNamingRules: [\'base-unit\']', 'base-unit'],
    ['percent instead of a ratio', { name: 'cpu_percent', type: 'gauge' }, '[checkout] warning: metric "cpu_percent": unit percent is not a base unit; Prometheus convention is ratio; if the metric already exists, silence this with ignoreNamingRules: [\'base-unit\']', 'base-unit'],
    ['a name that says seconds for a value in bytes', { name: 'upload_seconds', type: 'gauge', unit: 'bytes' }, '[checkout] warning: metric "upload_seconds": the name says seconds but unit is bytes; if the metric already exists, silence this with ignoreNamingRules: [\'unit-suffix\']', 'unit-suffix'],
  ] as const)('warns about %s, and only the named opt-out silences it', (_, m, warning, rule) => {
    const make = (ignoreNamingRules: readonly string[]) => {
      const props = { name: m.name, help: 'x', ...('unit' in m ? { unit: m.unit } : {}), ignoreNamingRules } as Parameters<typeof Metric.gauge>[0];
      return m.type === 'counter' ? Metric.counter(props) : Metric.gauge(props);
    };
    expect(warningsOf(make([]))).toEqual([warning]);
    const others = (['counter-total-suffix', 'base-unit', 'unit-suffix'] as const).filter((r) => r !== rule);
    expect(warningsOf(make(others))).toEqual([warning]);
    expect(warningsOf(make([rule]))).toEqual([]);
  });

  it('synth prints the warnings and still writes; an objective of 100 warns too', () => {
    const outdir = tempDir();
    const app = new MonitoringApp({ outdir });
    slo(app, { objective: 100 }, 'availability', service(app, { metrics: [requests, errors, Metric.gauge({ name: 'db_query_ms', help: 'x' })] }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      app.synth();
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        '[checkout] warning: metric "db_query_ms": unit milliseconds is not a base unit; Prometheus convention is seconds; if the metric already exists, silence this with ignoreNamingRules: [\'base-unit\']',
        '[checkout] warning: SLO availability: objective 100 leaves no error budget, so no burn-rate alert is generated; the SLI and metadata are still recorded. Lower the objective (such as 99.99) to be paged on burn',
      ]);
    } finally {
      warn.mockRestore();
    }
    expect(fs.readdirSync(outdir)).toContain('prometheus');
  });
});
