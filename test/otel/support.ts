/** Renders catalogues with collectors in memory, and runs the built collector's `validate` on their configs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { MonitoringApp, type MonitoringAppProps, type Output } from '../../lib';
import { BUILT } from '../../lib/toolchain';
import { defineServices, platform } from '../../services';
import { run, type ToolResult } from '../support/tools';
import { tempDir } from '../support/synth';
import { parse } from 'yaml';

export function render(define: (scope: Construct) => void = defineServices, props: MonitoringAppProps = platform): Output {
  const app = new MonitoringApp({ ...props, outdir: tempDir() });
  define(app);
  return app.render();
}

export const configOf = (out: Output, file = 'otel/collector.yml'): any => parse(out.files.get(file)!);

/** The environment the configs expand (the pod gives MY_POD_IP and the others). */
export const COLLECTOR_ENV = { MY_POD_IP: '127.0.0.1', OTEL_K8S_NODE_NAME: 'node-1', OTEL_BACKEND_TRACES_TOKEN: 'test-token' };

/** `otelcol-mac validate` on a config text. */
export function validate(text: string): ToolResult {
  const dir = tempDir('otelcol-');
  const file = path.join(dir, 'config.yml');
  fs.writeFileSync(file, text);
  const saved = { ...process.env };
  Object.assign(process.env, COLLECTOR_ENV);
  try {
    return run(BUILT.otelcol, ['validate', `--config=${file}`], dir);
  } finally {
    for (const k of Object.keys(COLLECTOR_ENV)) if (!(k in saved)) delete process.env[k];
  }
}
