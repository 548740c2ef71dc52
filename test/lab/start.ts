/**
 * `npm start`: the main job in the embedded lab. First builds, in the foreground, what is missing
 * (the lab's Kubernetes, bpg/proxmox and our providers into the local mirror: test/lab/build),
 * then starts the lab in the background (or reuses the one running or starting), deploys the app with
 * `cdktf deploy '*'` (no cluster definition: the lab cluster), whose Talos stage writes the
 * credential files the definition asks for (the lab default: .lab/kubeconfig and .lab/talosconfig,
 * mode 0600), then says how to use them. Extra arguments go to cdktf (e.g. `-o <dir>`).
 * Re-running converges. With PTC_CDK=cdktn (Node >= 22.19) the same runs with CDK Terrain's `cdktn`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readAppEnvironment } from '../../stacks/app-environment';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_CONFIG_FILE, REPO_ROOT } from '../../tools/build/catalog';
import { terraformBinary } from '../../tools/build/engine';
import { loadAppDefinitions } from '../../stacks/app';
import type { ClusterDefinition } from '../../stacks/definition';
import { LAB_DEFAULT_SOURCE } from '../../stacks/definition/lab-default';
import { isEncryptedStateFile, pullLocalState } from '../../tools/build/state-pull';
import { DEPLOY_BUILDS } from './build/components';
import { DeployTimeline } from './deploy-timeline';
import { runBuilds } from './build/runner';
import { readLabEnv, upDetached } from './env/daemon';
import { labPaths } from './env/paths';
import { describeOwner, waitLock } from './env/pid-lock';
import { removeCredentialFilesOfState } from './stale-credential-files';
import { cdkCli } from './cdk-cli';

class StageError extends Error {}

/** `-o <dir>` / `--output <dir>` among cdktf's arguments, else cdktf.json's default. */
export function outputDir(args: readonly string[]): string {
  const i = args.findIndex((a) => a === '-o' || a === '--output');
  if (i >= 0 && args[i + 1]) return path.resolve(REPO_ROOT, args[i + 1]);
  const eq = args.find((a) => a.startsWith('--output='));
  return path.resolve(REPO_ROOT, eq ? eq.slice('--output='.length) : 'cdktf.out');
}

/** The child environment for cdktf/terraform: the caller's, minus stray Proxmox logins, plus the lab's. */
function deployEnv(lab: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['PROXMOX_VE_USERNAME', 'PROXMOX_VE_PASSWORD', 'TF_PLUGIN_CACHE_DIR']) delete env[k];
  return { ...env, ...lab, TF_CLI_CONFIG_FILE: CLI_CONFIG_FILE, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', DISABLE_VERSION_CHECK: '1' };
}

/** The plain JSON of an OpenTofu-encrypted local state; undefined for a plain file, or when it cannot be decrypted. */
function decryptedState(file: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!isEncryptedStateFile(file)) return undefined;
  const pulled = pullLocalState(file, env);
  return pulled.ok ? pulled.text : undefined;
}

/** A new lab is empty: local state of the lab cluster's stacks from an earlier lab would claim VMs and nodes that are gone. */
function dropStaleLabState(outdir: string, env: NodeJS.ProcessEnv): string[] {
  const dropped: string[] = [];
  for (const def of loadAppDefinitions(readAppEnvironment(env, REPO_ROOT)).filter((d) => d.source === LAB_DEFAULT_SOURCE)) {
    for (const stage of ['proxmox', 'talos', 'capi']) {
      const stack = `${def.name}-${stage}`;
      const dir = path.join(outdir, 'stacks', stack);
      for (const f of [`terraform.${stack}.tfstate`, `terraform.${stack}.tfstate.backup`]) {
        const file = path.join(dir, f);
        if (fs.existsSync(file)) {
          // Its credential files go with it (only while unchanged): the new deploy writes them anew.
          if (!f.endsWith('.backup')) dropped.push(...removeCredentialFilesOfState(file, decryptedState(file, env)).removed.map((p) => path.relative(REPO_ROOT, p)));
          fs.rmSync(file);
          dropped.push(path.relative(REPO_ROOT, file));
        }
      }
    }
  }
  return dropped;
}

/**
 * Our providers are rebuilt from source on every run (new checksums); a dependency lock file
 * recorded for the previous build makes `terraform init` refuse them. The mirror is the only source.
 */
function dropLockFiles(outdir: string): void {
  const stacks = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacks)) return;
  for (const stack of fs.readdirSync(stacks)) fs.rmSync(path.join(stacks, stack, '.terraform.lock.hcl'), { force: true });
}

/**
 * The credential files the deployed definitions asked for: the Talos stage wrote them (mode 0600),
 * so a missing one means the deploy did not get that far.
 */
function credentialFiles(defs: readonly ClusterDefinition[]): { def: ClusterDefinition; kubeconfig?: string; talosconfig?: string }[] {
  return defs.map((def) => {
    const { kubeconfigOutput: kubeconfig, talosconfigOutput: talosconfig } = def.paths;
    for (const file of [kubeconfig, talosconfig]) {
      if (file !== undefined && !fs.existsSync(file)) throw new StageError(`${file} was not written by the ${def.name}-talos stage; run npm start again`);
    }
    return { def, kubeconfig, talosconfig };
  });
}

/**
 * Runs cdktf with its output passed through line by line to stdout and the timeline. This process
 * outlives cdktf whatever the signal: a pipe closing under it mid-apply would be the interruption.
 * Ctrl-C reaches cdktf through the process group; a SIGTERM sent here is passed on.
 */
function relayed(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeline: DeployTimeline): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['inherit', 'pipe', 'inherit'] });
    const ignore = () => undefined;
    const forward = () => child.kill('SIGTERM');
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    child.on('exit', () => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
    });
    let rest = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) timeline.line(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (rest) timeline.line(rest);
      resolve(code);
    });
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  const stage = (name: string) => process.stdout.write(`\n== ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  const cdktfArgs = process.argv.slice(2);
  const outdir = outputDir(cdktfArgs);
  // The CDK flavour (PTC_CDK), checked before any build: its CLI launches the app, which loads the matching core.
  const cli = cdkCli(readAppEnvironment(process.env, REPO_ROOT).cdk);
  const paths = labPaths(REPO_ROOT);
  // Two deploys of one checkout would fight over the same Terraform state: the second waits,
  // then converges against the same lab.
  const lock = await waitLock(path.join(paths.dir, 'start.lock'), 'npm start', {
    onWait: (owner) => process.stdout.write(`another npm start runs in this checkout (${describeOwner(owner)}); waiting for it\n`),
    onStale: (_owner, reason) => process.stdout.write(`cleared the stale lock of an earlier npm start (${reason})\n`),
  });
  process.on('exit', () => lock.release());

  // Before the lab's readiness timeout starts: a cold first run builds for many minutes.
  stage('builds');
  const buildsAt = Date.now();
  await runBuilds(DEPLOY_BUILDS);

  stage('lab up');
  const labUpAt = Date.now();
  const { reused } = await upDetached(paths, { args: [], log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(reused ? 'reusing the running lab (npm run lab -- status)\n' : `lab started (log: ${path.relative(process.cwd(), paths.logFile)})\n`);
  const env = deployEnv(readLabEnv(paths));
  if (!reused) {
    const dropped = dropStaleLabState(outdir, env);
    if (dropped.length) process.stdout.write(`new lab: removed the previous lab's state ${dropped.join(', ')}\n`);
  }

  dropLockFiles(outdir);
  const deployAtMs = Date.now();

  const deployStage = `${cli.command} deploy '*'`;
  stage(deployStage);
  const deployArgs = ['deploy', '*', '--auto-approve', '--skip-provider-lock', ...cdktfArgs];
  const phases: [string, number][] = [
    ['builds', labUpAt - buildsAt],
    ['lab up', deployAtMs - labUpAt],
  ];
  const deployStarted = Date.now();
  let timeline: DeployTimeline | undefined;
  let status: number | null;
  if (process.stdout.isTTY) {
    // A terminal gets cdktf's interactive view.
    const res = spawnSync(cli.bin, deployArgs, { cwd: REPO_ROOT, env, stdio: 'inherit' });
    status = res.status;
  } else {
    // Plain output is passed through and timed per stack (the breakdown printed at the end).
    timeline = new DeployTimeline(started);
    status = await relayed(cli.bin, deployArgs, env, timeline);
  }
  if (status !== 0) throw new StageError(`${cli.command} deploy failed (exit ${status}); fix the cause and run npm start again: it converges from where it stopped.`);
  phases.push([deployStage, Date.now() - deployStarted]);

  stage('done');
  const rel = (p: string) => path.relative(process.cwd(), p);
  const usage = credentialFiles(loadAppDefinitions(readAppEnvironment(env, REPO_ROOT))).flatMap(({ def, kubeconfig, talosconfig }) => {
    const cp = def.plan.nodes.find((n) => n.role === 'controlplane')?.ip;
    // Without outputs in the definition, the credentials stay in the stage's state only.
    const fromState = (name: string) => `<(${terraformBinary(env)} -chdir=${rel(path.join(outdir, 'stacks', `${def.name}-talos`))} output -raw ${name})`;
    return [
      `  kubectl --kubeconfig ${kubeconfig ? rel(kubeconfig) : fromState('kubeconfig')} get nodes -o wide`,
      `  talosctl --talosconfig ${talosconfig ? rel(talosconfig) : fromState('talosconfig')} --nodes ${cp} version`,
    ];
  });
  process.stdout.write(
    [
      `The cluster runs (${((Date.now() - started) / 1000).toFixed(1)} s). Use it with:`,
      ...usage,
      `  KUBECONFIG=${rel(paths.managementKubeconfig)} kubectl get clusters,machines -A   # Cluster API (management cluster)`,
      `Remove it: (set -a; . ${rel(paths.envFile)}; ${cli.npx} destroy '*' --auto-approve --skip-provider-lock); npm run lab -- down`,
      '',
      'Where the time went:',
      ...phases.map(([name, ms]) => `  ${name}: ${(ms / 1000).toFixed(1)} s`),
      ...(timeline
        ? [
            `  ${cli.command} start-up and synth: ${timeline.firstStackSeconds === undefined ? '?' : (timeline.firstStackSeconds - (deployStarted - started) / 1000).toFixed(1)} s (first stack line)`,
            ...timeline.summary().map((l) => `  ${l}`),
          ]
        : []),
      '',
    ].join('\n'),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`\nnpm start failed: ${err.message}\n`);
    process.exit(1);
  },
);
