/**
 * The lab as a background process: `up --detach` spawns `main.ts up` in its own process group
 * and waits for the pid file it writes once everything serves; `down` signals that process,
 * which stops what it started (the lab Kubernetes processes also watch its pid and exit with it).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnvFile } from './env-file';
import type { LabPaths } from './paths';

export interface LabPidRecord {
  readonly pid: number;
  readonly startedAt: string;
  /** Non-secret endpoints (LabEnvironment.summary). */
  readonly summary: Readonly<Record<string, string>>;
}

export type LabStatus = { readonly running: true; readonly record: LabPidRecord } | { readonly running: false; readonly stale: boolean };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPidRecord(paths: LabPaths): LabPidRecord | undefined {
  if (!fs.existsSync(paths.pidFile)) return undefined;
  try {
    const r = JSON.parse(fs.readFileSync(paths.pidFile, 'utf8')) as LabPidRecord;
    return Number.isInteger(r.pid) && r.pid > 0 ? r : undefined;
  } catch {
    return undefined;
  }
}

export function labStatus(paths: LabPaths): LabStatus {
  const record = readPidRecord(paths);
  if (record && alive(record.pid)) return { running: true, record };
  return { running: false, stale: fs.existsSync(paths.pidFile) };
}

/** The running lab's deploy settings (secrets included: for child processes, never for printing). */
export function readLabEnv(paths: LabPaths): Record<string, string> {
  if (!fs.existsSync(paths.envFile)) throw new Error(`${paths.envFile} is missing: start the lab with \`npm run lab -- up --detach\``);
  return parseEnvFile(fs.readFileSync(paths.envFile, 'utf8'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logTail(paths: LabPaths, lines = 30): string {
  if (!fs.existsSync(paths.logFile)) return '';
  return fs.readFileSync(paths.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export interface DetachOptions {
  /** Extra arguments for `main.ts up`. */
  readonly args?: readonly string[];
  readonly timeoutMs?: number;
}

/** Starts the lab in the background (or finds it running). Resolves once it serves. */
export async function upDetached(paths: LabPaths, options: DetachOptions = {}): Promise<{ record: LabPidRecord; reused: boolean }> {
  const status = labStatus(paths);
  if (status.running) return { record: status.record, reused: true };
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  fs.rmSync(paths.pidFile, { force: true });
  const log = fs.openSync(paths.logFile, 'w', 0o600);
  const main = path.join(__dirname, 'main.ts');
  // node --import tsx: the lab's pid is the process-group leader, no wrapper in between.
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, main, 'up', ...(options.args ?? [])], {
    cwd: paths.root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, PTC_LAB_ROOT: paths.root },
  });
  fs.closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  child.unref();
  const until = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    const record = readPidRecord(paths);
    if (record && record.pid === child.pid) return { record, reused: false };
    if (exited !== undefined) throw new Error(`the lab exited (code ${exited}) before it was ready; ${paths.logFile}:\n${logTail(paths)}`);
    if (Date.now() > until) {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      throw new Error(`the lab was not ready within ${options.timeoutMs ?? 600_000} ms; ${paths.logFile}:\n${logTail(paths)}`);
    }
    await sleep(250);
  }
}

/** Stops the running lab; true when one was running. */
export async function down(paths: LabPaths, timeoutMs = 90_000): Promise<boolean> {
  const record = readPidRecord(paths);
  if (!record || !alive(record.pid)) {
    fs.rmSync(paths.pidFile, { force: true });
    return false;
  }
  process.kill(record.pid, 'SIGTERM');
  const until = Date.now() + timeoutMs;
  while (alive(record.pid) && Date.now() < until) await sleep(200);
  if (alive(record.pid)) {
    // Did not stop in time: end its whole process group (it leads one when started detached).
    try {
      process.kill(-record.pid, 'SIGKILL');
    } catch {
      process.kill(record.pid, 'SIGKILL');
    }
  }
  fs.rmSync(paths.pidFile, { force: true });
  return true;
}
