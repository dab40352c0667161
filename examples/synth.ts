/** `npm run synth:examples`: synthesizes every example but the default one (`npm run synth`) into its own dist/. */
import { CatalogError } from '../lib';
import { exampleApp, examples } from './index';

for (const ex of examples().filter((e) => !e.isDefault)) {
  const app = await exampleApp(ex.name, ex.dist);
  try {
    app.synth();
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    console.error(`${ex.name}: ${e.message}`);
    process.exitCode = 1;
  }
}
