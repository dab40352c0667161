/**
 * The worked examples: one folder per seed system, each a services.ts-style declaration (exported
 * `platform` settings and a `defineServices` function) that synthesizes into its own `dist/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Construct } from 'constructs';
import { MonitoringApp, type MonitoringAppProps } from '../lib';

export const EXAMPLES_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(EXAMPLES_DIR);

export interface ExampleModule {
  readonly platform: MonitoringAppProps;
  readonly defineServices: (scope: Construct) => void;
}

export interface Example {
  /** Folder name, `<nnn>-<short-name>`. */
  readonly name: string;
  /** Where its output is committed. */
  readonly dist: string;
  /** Whether the output is the root dist/ (the default catalogue), written by `npm run synth`. */
  readonly isDefault: boolean;
}

/** The example whose services.ts is the root one. */
export const DEFAULT_EXAMPLE = '001-keviq-platform';

/** Every example folder, in order. */
export function examples(): Example[] {
  return fs.readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d{3}-[a-z0-9-]+$/.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const isDefault = name === DEFAULT_EXAMPLE;
      return { name, isDefault, dist: isDefault ? path.join(ROOT, 'dist') : path.join(EXAMPLES_DIR, name, 'dist') };
    });
}

export async function loadExample(name: string): Promise<ExampleModule> {
  return (await import(path.join(EXAMPLES_DIR, name, 'services.ts'))) as ExampleModule;
}

/** A MonitoringApp with the example declared, writing to `outdir`. */
export async function exampleApp(name: string, outdir: string): Promise<MonitoringApp> {
  const { platform, defineServices } = await loadExample(name);
  const app = new MonitoringApp({ ...platform, outdir });
  defineServices(app);
  return app;
}
