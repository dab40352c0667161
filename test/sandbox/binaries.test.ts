/**
 * Which binaries the sandbox runs, on fake toolchains (shell scripts that print a version), so every
 * branch runs whatever is installed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MissingBinariesError, resolveBinaries } from '../../lib/sandbox/binaries';
import type { Toolchain } from '../../lib/toolchain';
import { tempDir } from '../support/synth';

const root = tempDir('mac-binaries-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A fake binary printing `<name>, version <v> (branch: …)`, like the real ones. */
function fake(dir: string, name: string, version: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\necho "${name}, version ${version} (branch: x, revision: y)"\n`, { mode: 0o755 });
  return file;
}

function toolchain(id: Toolchain['id'], version: string, amVersion: string, present: readonly string[]): Toolchain {
  const dir = path.join(root, id);
  const bin = {
    prometheus: path.join(dir, 'prometheus'),
    promtool: path.join(dir, 'promtool'),
    alertmanager: path.join(dir, 'alertmanager'),
    amtool: path.join(dir, 'amtool'),
  };
  for (const t of present) fake(dir, t, t === 'alertmanager' ? amVersion : version);
  return { id, label: `fake ${id}`, prometheus: version, alertmanager: amVersion, bin, install: `install-${id}.sh` };
}

const current = toolchain('current', '3.16.0', '0.35.0', ['prometheus', 'promtool', 'alertmanager']);
const oldest = toolchain('oldest', '2.42.0', '0.25.0', ['prometheus', 'promtool', 'alertmanager']);
/** Each lacks one binary. */
const brokenCurrent: Toolchain = { ...current, bin: { ...current.bin, prometheus: path.join(root, 'nowhere/prometheus') } };
const oldestNoAlertmanager: Toolchain = { ...oldest, bin: { ...oldest.bin, alertmanager: path.join(root, 'nowhere/alertmanager') } };
const known = [oldest, current];

describe('sandbox binaries', () => {
  it('by default runs the current toolchain, with no notice', () => {
    const r = resolveBinaries({}, [current, oldest], known);
    expect(r.notice).toBeUndefined();
    expect(r.binaries).toEqual({
      prometheus: current.bin.prometheus,
      promtool: current.bin.promtool,
      alertmanager: current.bin.alertmanager,
      prometheusVersion: '3.16.0',
      alertmanagerVersion: '0.35.0',
      source: 'fake current',
    });
  });

  it('falls back to the oldest toolchain with a notice naming what is missing and how to build it', () => {
    const r = resolveBinaries({}, [brokenCurrent, oldest], known);
    expect(r.binaries.prometheus).toBe(oldest.bin.prometheus);
    expect(r.binaries.promtool).toBe(oldest.bin.promtool);
    expect(r.binaries.prometheusVersion).toBe('2.42.0');
    expect(r.notice).toBe(`fake current: ${brokenCurrent.bin.prometheus} missing, so the sandbox runs fake oldest instead; get them with: install-current.sh`);
  });

  it('fails when no toolchain is complete, naming each missing binary and how to get it', () => {
    let err: unknown;
    try {
      resolveBinaries({}, [brokenCurrent, oldestNoAlertmanager], known);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MissingBinariesError);
    expect((err as Error).message).toBe(
      `the sandbox needs prometheus, promtool and alertmanager, but ${brokenCurrent.bin.prometheus}, ${oldestNoAlertmanager.bin.alertmanager} are missing; ` +
        `for ${brokenCurrent.bin.prometheus} run: install-current.sh; for ${oldestNoAlertmanager.bin.alertmanager} run: install-oldest.sh`,
    );
  });

  it('--toolchain picks that one and does not fall back', () => {
    expect(resolveBinaries({ toolchain: 'oldest' }, [current, oldest], known).binaries.prometheusVersion).toBe('2.42.0');
    expect(() => resolveBinaries({ toolchain: 'current' }, [brokenCurrent, oldest], [oldest, brokenCurrent])).toThrow(
      `the sandbox needs prometheus, promtool and alertmanager, but ${brokenCurrent.bin.prometheus} is missing; for ${brokenCurrent.bin.prometheus} run: install-current.sh`,
    );
    expect(() => resolveBinaries({ toolchain: 'newest' }, [current, oldest], known)).toThrow('--toolchain: got "newest", expected one of oldest, current');
  });

  it('paths given by flag replace those of the toolchain; the rest come from it', () => {
    const am = fake(path.join(root, 'custom'), 'alertmanager', '0.28.1');
    const r = resolveBinaries({ alertmanager: am }, [current, oldest], known);
    expect(r.binaries).toMatchObject({ prometheus: current.bin.prometheus, alertmanager: am, alertmanagerVersion: '0.28.1', source: '--alertmanager, the rest from fake current' });
    const all = resolveBinaries({ prometheus: oldest.bin.prometheus, promtool: oldest.bin.promtool, alertmanager: am }, [brokenCurrent, oldestNoAlertmanager], known);
    expect(all.binaries).toMatchObject({ prometheus: oldest.bin.prometheus, prometheusVersion: '2.42.0', source: 'chosen by flag' });
    expect(() => resolveBinaries({ alertmanager: path.join(root, 'nowhere/am') }, [current], known)).toThrow(
      `--alertmanager ${path.join(root, 'nowhere/am')}: not an executable file, expected the path of the alertmanager binary to run`,
    );
  });

  it('--prometheus needs --promtool, and both must be the same release, because the backfill must match the server', () => {
    expect(() => resolveBinaries({ prometheus: oldest.bin.prometheus }, [current], known)).toThrow(
      `--prometheus: got ${oldest.bin.prometheus} without --promtool; the history backfill must use the promtool of the server's own release, so pass both`,
    );
    expect(() => resolveBinaries({ promtool: oldest.bin.promtool }, [current], known)).toThrow(`--promtool: got ${oldest.bin.promtool} without --prometheus`);
    expect(() => resolveBinaries({ prometheus: current.bin.prometheus, promtool: oldest.bin.promtool }, [current], known)).toThrow(
      `${current.bin.prometheus} is Prometheus 3.16.0 but ${oldest.bin.promtool} is promtool 2.42.0; the history backfill needs the promtool of the same release`,
    );
  });

  it('rejects a binary that does not report a version', () => {
    const dir = path.join(root, 'mute');
    fs.mkdirSync(dir, { recursive: true });
    const mute = path.join(dir, 'prometheus');
    fs.writeFileSync(mute, '#!/bin/sh\necho hello\n', { mode: 0o755 });
    expect(() => resolveBinaries({ prometheus: mute, promtool: current.bin.promtool }, [current], known)).toThrow(
      `${mute} --version: got exit code 0 and "hello", expected "… version X.Y.Z …"`,
    );
  });
});
