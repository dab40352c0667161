/** Entry point of `cdk8s synth`: builds the catalogue from services.ts and writes dist/. */
import { CatalogError, MonitoringApp } from './lib';
import { defineServices, platform } from './services';

const app = new MonitoringApp(platform);
defineServices(app);
try {
  app.synth();
} catch (e) {
  if (e instanceof CatalogError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
