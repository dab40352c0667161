/**
 * Entry point of one demo target process: `tsx lib/sandbox/demo/main.ts <port>` with the
 * TargetSpec as JSON in SANDBOX_TARGET_SPEC. Prints one `listening <url>` line when ready.
 */
import { startDemoTarget } from './server';
import { SPEC_ENV, type TargetSpec } from './spec';

const spec = JSON.parse(process.env[SPEC_ENV] ?? 'null') as TargetSpec | null;
if (!spec) {
  console.error(`demo target: ${SPEC_ENV} is not set; the sandbox starts demo targets itself (npm run sandbox)`);
  process.exit(2);
}
const target = await startDemoTarget(spec, Number(process.argv[2] ?? 0));
console.log(`listening ${target.url}`);

const stop = () => void target.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Exit with the sandbox even when it was killed without a chance to stop us.
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 1000).unref();
