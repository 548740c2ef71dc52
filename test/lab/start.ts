/**
 * `npm start`: the main job. Builds our providers into the local mirror and deploys the app
 * (with no cluster definition: the embedded lab cluster) with `cdktf deploy '*'`.
 * Today that is the Talos configuration stage; the lab's simulators join as they land.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { buildAll } from '../../providers/build/build-providers';
import { CLI_CONFIG_FILE, REPO_ROOT } from '../../providers/build/catalog';

function main(): number {
  const started = Date.now();
  const stage = (name: string) => process.stdout.write(`\n== ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  stage('building providers');
  buildAll();
  stage("cdktf deploy '*'");
  const env = { ...process.env, TF_CLI_CONFIG_FILE: CLI_CONFIG_FILE, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' };
  const cdktf = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
  const res = spawnSync(cdktf, ['deploy', '*', '--auto-approve', '--skip-provider-lock', ...process.argv.slice(2)], {
    cwd: REPO_ROOT,
    env,
    stdio: 'inherit',
  });
  if (res.status !== 0) {
    process.stderr.write(`\ndeploy failed (exit ${res.status}); fix the cause and run npm start again: it converges from where it stopped.\n`);
    return res.status ?? 1;
  }
  stage('done');
  process.stdout.write(
    [
      'The lab cluster\'s Talos configuration is deployed. Get the talosconfig (sensitive, mode 0600) with:',
      `  (umask 077; terraform -chdir=cdktf.out/stacks/lab-talos output -raw talosconfig > talosconfig)`,
      `  TF_CLI_CONFIG_FILE=${path.relative(REPO_ROOT, CLI_CONFIG_FILE)} npx cdktf destroy '*' --skip-provider-lock   # to remove it`,
      '',
    ].join('\n'),
  );
  return 0;
}

process.exit(main());
