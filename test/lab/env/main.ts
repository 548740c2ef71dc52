/**
 * The embedded lab (all loopback):
 *   tsx test/lab/env/main.ts up [--detach] [--pve-port 8006] [--no-management]
 *   tsx test/lab/env/main.ts status
 *   tsx test/lab/env/main.ts down
 *   tsx test/lab/env/main.ts build [--only <component>]... [--with-talosctl]
 * `up` first builds what the lab lacks (in the foreground, no timeout), then runs in the
 * foreground until SIGINT/SIGTERM; `--detach` starts it in the background and returns once it
 * serves (or waits for / reuses the lab already starting or running in the same .lab/).
 * PTC_LAB_ROOT moves .lab/ elsewhere (default: the repository). The deploy's settings land in
 * .lab/env (mode 0600, holds the API token).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../../tools/build/catalog';
import { DEPLOY_BUILDS, LAB_BUILDS, selectComponents, TALOSCTL } from '../build/components';
import { runBuilds } from '../build/runner';
import { down, ENV_STARTING_LOG, EXIT_LAB_BUSY, labStatus, ownPidRecord, upDetached, type LabPidRecord } from './daemon';
import { renderEnvFile } from './env-file';
import { DEFAULT_PVE_PORT, startLabEnvironment } from './lab-env';
import { labPaths, type LabPaths } from './paths';
import { describeOwner, tryLock } from './pid-lock';

const USAGE = 'usage: tsx test/lab/env/main.ts up [--detach] [--pve-port 8006] [--no-management] | status | down | build [--only <component>]... [--with-talosctl]';

/** `status` exit code while a lab process holds the lock but does not serve yet (3: none runs). */
const EXIT_STARTING = 4;

class BusyError extends Error {}

function printSummary(paths: LabPaths, record: LabPidRecord): void {
  const lines = Object.entries(record.summary).map(([k, v]) => `  ${k.padEnd(16)} ${v}`);
  process.stdout.write(
    `lab running (pid ${record.pid}, since ${record.startedAt})\n${lines.join('\n')}\n  env file         ${path.relative(process.cwd(), paths.envFile)} (set -a; . ${path.relative(process.cwd(), paths.envFile)})\n`,
  );
}

/** Refuses while another lab process serves or starts in these paths. */
function refuseIfBusy(paths: LabPaths): void {
  const status = labStatus(paths);
  if (status.running) throw new BusyError(`a lab already runs in ${paths.dir} (pid ${status.record.pid}); reuse it (\`npm run lab -- up --detach\`) or stop it with \`npm run lab -- down\``);
  if (status.starting)
    throw new BusyError(`a lab is starting in ${paths.dir} (${describeOwner(status.starting)}); wait for it with \`npm run lab -- up --detach\` or stop it with \`npm run lab -- down\``);
}

async function foreground(paths: LabPaths, pvePort: number, withoutManagement: boolean): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  // The lock before any state in .lab/ is touched: one lab per .lab/, even when two start at once.
  const taken = tryLock(paths.lockFile, 'running the lab');
  if (!taken.acquired) throw new BusyError(`a lab is starting or running in ${paths.dir} (${describeOwner(taken.owner)}); this one stops without touching it`);
  const lock = taken.lock;
  process.on('exit', () => lock.release());
  const startingLog = process.env[ENV_STARTING_LOG];
  delete process.env[ENV_STARTING_LOG];
  // Started by upDetached: this process's output becomes .lab/lab.log now that it owns .lab/.
  if (startingLog && fs.existsSync(startingLog)) fs.renameSync(startingLog, paths.logFile);
  if (taken.cleared) log(`lab: cleared the stale lock ${paths.lockFile} (${taken.cleared.reason})`);
  // A pid or env file left by a lab that did not stop cleanly.
  fs.rmSync(paths.pidFile, { force: true });
  fs.rmSync(paths.envFile, { force: true });
  const lab = await startLabEnvironment({ paths, pvePort, withoutManagement, log });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    log('lab: stopping');
    fs.rmSync(paths.pidFile, { force: true });
    fs.rmSync(paths.envFile, { force: true });
    lab.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  fs.writeFileSync(paths.envFile, renderEnvFile(lab.env), { mode: 0o600 });
  fs.chmodSync(paths.envFile, 0o600);
  const record: LabPidRecord = ownPidRecord(lab.summary);
  // Written last: its presence means "ready" to `up --detach`.
  fs.writeFileSync(paths.pidFile, JSON.stringify(record), { mode: 0o600 });
  log('lab: ready');
  printSummary(paths, record);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      detach: { type: 'boolean' },
      'pve-port': { type: 'string' },
      'no-management': { type: 'boolean' },
      only: { type: 'string', multiple: true },
      'with-talosctl': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (values.help || !command || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  // PTC_LAB_ROOT: another directory for .lab/ (tests); the default is the repository.
  const paths = labPaths(process.env.PTC_LAB_ROOT || REPO_ROOT);
  if (command === 'status') {
    const s = labStatus(paths);
    if (s.running) printSummary(paths, s.record);
    else if (s.starting) process.stdout.write(`lab starting (${describeOwner(s.starting)}); log ${path.relative(process.cwd(), paths.logFile)}\n`);
    else process.stdout.write(`lab not running${s.stale ? ` (${s.staleReason ?? 'stale pid file'}: it did not stop cleanly)` : ''}\n`);
    return s.running ? 0 : s.starting ? EXIT_STARTING : 3;
  }
  if (command === 'build') {
    // Each --only may list several names: --only lab-k8s,providers.
    const only = (values.only ?? []).flatMap((v) => v.split(',')).filter(Boolean);
    // By default what `npm start` needs; the test-only talosctl by name or flag.
    const chosen = only.length > 0 ? selectComponents(only) : [...DEPLOY_BUILDS];
    await runBuilds(values['with-talosctl'] && !chosen.includes(TALOSCTL) ? [...chosen, TALOSCTL] : chosen);
    return 0;
  }
  if (command === 'down') {
    process.stdout.write((await down(paths)) ? 'lab stopped\n' : 'lab was not running\n');
    return 0;
  }
  if (command !== 'up') {
    process.stderr.write(`unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  const port = values['pve-port'] === undefined ? DEFAULT_PVE_PORT : Number(values['pve-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--pve-port: expected 0-65535, got '${values['pve-port']}'`);
  const withoutManagement = values['no-management'] ?? false;
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  if (values.detach) {
    const args = ['--pve-port', String(port), ...(withoutManagement ? ['--no-management'] : [])];
    // Builds first, in the foreground and without the readiness timeout; a lab already running
    // or starting was built for by whoever started it.
    const status = labStatus(paths);
    if (!status.running && !status.starting) await runBuilds(LAB_BUILDS);
    const { record, reused } = await upDetached(paths, { args, log: say });
    if (reused) say('lab already running');
    printSummary(paths, record);
    return 0;
  }
  refuseIfBusy(paths);
  await runBuilds(LAB_BUILDS);
  await foreground(paths, port, withoutManagement);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: Error) => {
    process.stderr.write(`lab: ${err.message}\n`);
    process.exit(err instanceof BusyError ? EXIT_LAB_BUSY : 1);
  },
);
