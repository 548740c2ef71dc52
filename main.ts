/**
 * The CDKTF app: one set of stacks per cluster definition in `clusters/`; with none, the
 * embedded lab cluster. A bad definition stops here, before synth, listing every problem.
 */
import { App } from './stacks/cdk';
import { buildApp, loadAppDefinitions } from './stacks/app';
import { ClusterDefinitionError } from './stacks/definition';

function main(): number {
  let definitions;
  try {
    definitions = loadAppDefinitions();
  } catch (err) {
    if (!(err instanceof ClusterDefinitionError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const app = new App();
  buildApp(app, definitions);
  app.synth();
  return 0;
}

process.exitCode = main();
