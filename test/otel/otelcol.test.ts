/** The built collector decides: `otelcol-mac validate` accepts every generated config and rejects broken ones. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BUILT } from '../../lib/toolchain';
import { toolAvailable } from '../support/tools';
import { defineOtelTenants, otelTenantsPlatform } from '../fixtures/otel-tenants';
import { configOf, render, validate } from './support';

const have = toolAvailable(BUILT.otelcol);
const defaultOut = render();
const fixtureOut = render(defineOtelTenants, otelTenantsPlatform);
const operatorOut = render((s) => defineOtelTenants(s, { operator: true }), otelTenantsPlatform);

const configs: Array<[string, string]> = [
  ['default catalogue: gateway', defaultOut.files.get('otel/collector.yml')!],
  ['fixture (several tenants, collector 0.140.0): gateway', fixtureOut.files.get('otel/collector.yml')!],
  ['fixture: agent', fixtureOut.files.get('otel/telemetry-agent.yml')!],
  ...operatorOut.manifests.filter((m) => m.kind === 'OpenTelemetryCollector')
    .map((m): [string, string] => [`operator: ${m.metadata.name}`, stringify((m.spec as { config: unknown }).config)]),
];

describe.runIf(have)('otelcol-mac validate', () => {
  for (const [name, text] of configs) {
    it(`accepts ${name}`, () => {
      expect(text).toBeTruthy();
      const r = validate(text);
      expect(r.status, r.output).toBe(0);
    });
  }

  it('rejects a pipeline that names a component nobody defines', () => {
    const cfg = configOf(defaultOut);
    cfg.service.pipelines['traces/in'].processors.push('batch/nowhere');
    const r = validate(stringify(cfg));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/batch\/nowhere/);
  });

  it('rejects an unknown key', () => {
    const cfg = configOf(defaultOut);
    cfg.processors.memory_limiter.limit_percentge = 80;
    const r = validate(stringify(cfg));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/limit_percentge/);
  });

  it('rejects a connector used on one side only', () => {
    const cfg = configOf(defaultOut);
    delete cfg.service.pipelines['metrics/spans'];
    const r = validate(stringify(cfg));
    expect(r.status).not.toBe(0);
  });
});
