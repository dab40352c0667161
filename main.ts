/** Entry point of `npm run synth` and `cdk8s synth`: builds the catalogue from services.ts and writes dist/. */
import { MonitoringApp } from './lib';
import { runSynth, synthCommand } from './lib/output/command';
import { defineServices, platform } from './services';

const command = synthCommand();
process.exitCode = runSynth(() => {
  const app = new MonitoringApp({ ...platform, ...(command.outdir ? { outdir: command.outdir } : {}) });
  defineServices(app);
  return app;
}, command);
