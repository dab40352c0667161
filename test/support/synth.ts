/** Synthesizes the default catalogue (or any) into a fresh temporary directory. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { CatalogError, MonitoringApp, type MonitoringAppProps } from '../../lib';
import { defineServices, platform } from '../../services';

export function tempDir(prefix = 'mac-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Synthesizes into a new temp dir and returns it. */
export function synthTo(define: (scope: Construct) => void = defineServices, props: MonitoringAppProps = platform): string {
  const outdir = tempDir();
  const app = new MonitoringApp({ ...props, outdir });
  define(app);
  app.synth();
  return outdir;
}

/** Every file below `dir`, as sorted relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/** Every file below `dir`: relative path → content. */
export function readTree(dir: string, encoding: BufferEncoding = 'utf8'): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString(encoding)]));
}

/** Staging folders a synth into `outdir` left beside it. */
export function stagingLeft(outdir: string): string[] {
  return fs.readdirSync(path.dirname(outdir)).filter((f) => f.includes(`${path.basename(outdir)}.staging`));
}

/** What `app.synth()` threw; undefined when it succeeded. */
export function synthError(app: MonitoringApp): unknown {
  try {
    app.synth();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Synthesizes `build` into a fresh folder; the problems it reported (none when it succeeded) and the folder. */
export function synthProblems(settings: MonitoringAppProps, build: (app: MonitoringApp) => void): { problems: readonly string[]; message: string; outdir: string } {
  const outdir = tempDir('bad-');
  const app = new MonitoringApp({ ...settings, outdir });
  build(app);
  const e = synthError(app);
  if (e === undefined) return { problems: [], message: '', outdir };
  if (!(e instanceof CatalogError)) throw e;
  return { problems: e.problems, message: e.message, outdir };
}
