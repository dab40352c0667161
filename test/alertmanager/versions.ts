/** Which generated form each toolchain's Alertmanager reads, and the routing of a config in a form 0.25 can load. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { AlertmanagerSettings, type AlertmanagerVersion } from '../../lib';
import type { Toolchain } from '../support/tools';
import { tempDir } from '../support/synth';

/** `0.25.0` → `0.25`, the `alertmanager.version` setting for that toolchain. */
export const versionOf = (tc: Toolchain) => tc.alertmanager.replace(/\.0$/, '') as AlertmanagerVersion;

export const readsUrlFile = (tc: Toolchain): boolean => new AlertmanagerSettings({ version: versionOf(tc) }).supports('webhookUrlFile') === true;

export function writeTemp(text: string): string {
  const file = path.join(tempDir(), 'alertmanager.yml');
  fs.writeFileSync(file, text);
  return file;
}

/**
 * The routing of a generated config with its receivers reduced to names. dist/ is for 0.35 and its
 * webhooks use url_file, which 0.25 cannot load; the tree, inhibit rules and time intervals do not
 * depend on the version (output.test.ts), so 0.25 still decides on the routing of this very tree.
 */
export function routingView(config: string): string {
  const c = parse(fs.readFileSync(config, 'utf8')) as { receivers: { name: string }[] };
  return writeTemp(stringify({ ...c, receivers: c.receivers.map((r) => ({ name: r.name })) }));
}

/** The config file `tc` runs for dist/: the file itself where it can load it, else its routing view. */
export const loadableBy = (tc: Toolchain, config: string): string => (readsUrlFile(tc) ? config : routingView(config));
