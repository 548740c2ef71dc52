/**
 * The CDKTF app: one set of stacks per cluster definition in `clusters/`; with none, the
 * embedded lab cluster. A bad definition stops here, before synth, listing every problem.
 */
import * as path from 'node:path';
import { App } from './stacks/cdk';
import { buildApp, loadAppDefinitions } from './stacks/app';
import { ClusterDefinitionError } from './stacks/definition';
import { recoverInterruptedLocalStates } from './stacks/local-state-recovery';

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
  const clusters = buildApp(app, definitions);
  const stackIds = clusters.flatMap((c) => [c.proxmox, c.talos, c.capi]).flatMap((s) => (s ? [s.node.id] : []));
  let recovered;
  try {
    recovered = recoverInterruptedLocalStates(app.outdir, stackIds);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  for (const r of recovered) {
    process.stderr.write(
      `${r.stack}: its state file was cut off by an interrupted run; restored from ${path.basename(r.file)}.backup (${r.restoredResources} resources) ` +
        `and kept the damaged file as ${path.basename(r.damagedCopy)}. This deploy re-converges what the interrupted run did.\n`,
    );
  }
  app.synth();
  return 0;
}

process.exitCode = main();
