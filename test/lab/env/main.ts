/**
 * The embedded lab (all loopback):
 *   tsx test/lab/env/main.ts up [--detach] [--pve-port 8006] [--no-management]
 *   tsx test/lab/env/main.ts status
 *   tsx test/lab/env/main.ts down
 * `up` runs in the foreground until SIGINT/SIGTERM; `--detach` starts it in the background and
 * returns once it serves. PTC_LAB_ROOT moves .lab/ elsewhere (default: the repository). The deploy's settings land in .lab/env (mode 0600, holds the API token).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../../providers/build/catalog';
import { down, labStatus, upDetached, type LabPidRecord } from './daemon';
import { renderEnvFile } from './env-file';
import { DEFAULT_PVE_PORT, startLabEnvironment } from './lab-env';
import { labPaths, type LabPaths } from './paths';

const USAGE = 'usage: tsx test/lab/env/main.ts up [--detach] [--pve-port 8006] [--no-management] | status | down';

function printSummary(paths: LabPaths, record: LabPidRecord): void {
  const lines = Object.entries(record.summary).map(([k, v]) => `  ${k.padEnd(16)} ${v}`);
  process.stdout.write(`lab running (pid ${record.pid}, since ${record.startedAt})\n${lines.join('\n')}\n  env file         ${path.relative(process.cwd(), paths.envFile)} (set -a; . ${path.relative(process.cwd(), paths.envFile)})\n`);
}

async function foreground(paths: LabPaths, pvePort: number, withoutManagement: boolean): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
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
  const record: LabPidRecord = { pid: process.pid, startedAt: new Date().toISOString(), summary: lab.summary };
  // Written last: its presence means "ready" to `up --detach`.
  fs.writeFileSync(paths.pidFile, JSON.stringify(record), { mode: 0o600 });
  log('lab: ready');
  printSummary(paths, record);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { detach: { type: 'boolean' }, 'pve-port': { type: 'string' }, 'no-management': { type: 'boolean' }, help: { type: 'boolean' } },
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
    else process.stdout.write(`lab not running${s.stale ? ' (stale pid file: it did not stop cleanly)' : ''}\n`);
    return s.running ? 0 : 3;
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
  if (values.detach) {
    const args = ['--pve-port', String(port), ...(withoutManagement ? ['--no-management'] : [])];
    const { record, reused } = await upDetached(paths, { args });
    if (reused) process.stdout.write('lab already running\n');
    printSummary(paths, record);
    return 0;
  }
  const status = labStatus(paths);
  if (status.running) throw new Error(`a lab already runs (pid ${status.record.pid}); stop it with \`npm run lab -- down\``);
  await foreground(paths, port, withoutManagement);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: Error) => {
    process.stderr.write(`lab: ${err.message}\n`);
    process.exit(1);
  },
);
