/**
 * The lab as a background process: `up --detach` spawns `main.ts up` in its own process group
 * and waits for the pid file it writes once everything serves; `down` signals that process,
 * which stops what it started (the lab Kubernetes processes also watch its pid and exit with it).
 * One lab per .lab/: the lab process holds .lab/lab.lock (pid-lock.ts) from before it touches any
 * state there until it stops; a second starter waits for that lab and reuses it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnvFile } from './env-file';
import type { LabPaths } from './paths';
import { clearStaleLock, describeOwner, inspectLock, ownerGone, processStartTime, type LockOwner } from './pid-lock';

/** Exit code of `main.ts up` when another lab process holds the lock (it touched nothing). */
export const EXIT_LAB_BUSY = 75;
/** Set by upDetached for its child: the child's output file, which becomes .lab/lab.log once the child holds the lock. */
export const ENV_STARTING_LOG = 'PTC_LAB_STARTING_LOG';

export interface LabPidRecord {
  readonly pid: number;
  readonly startedAt: string;
  /** The pid's kernel start time (pid-lock.ts), so a reused pid is not taken for the lab. */
  readonly starttime?: string;
  /** Non-secret endpoints (LabEnvironment.summary). */
  readonly summary: Readonly<Record<string, string>>;
}

export type LabStatus =
  | { readonly running: true; readonly record: LabPidRecord }
  | {
      readonly running: false;
      /** A lab process holds the lock but does not serve yet. */
      readonly starting?: LockOwner;
      /** A pid file or lock left by a lab that did not stop cleanly. */
      readonly stale: boolean;
      readonly staleReason?: string;
    };

/** This process as the lab's pid record. */
export function ownPidRecord(summary: Readonly<Record<string, string>>): LabPidRecord {
  return { pid: process.pid, startedAt: new Date().toISOString(), starttime: processStartTime(process.pid), summary };
}

function alive(record: Pick<LabPidRecord, 'pid' | 'starttime'>): boolean {
  return ownerGone(record) === undefined;
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
  if (record && alive(record)) return { running: true, record };
  const lock = inspectLock(paths.lockFile);
  if (lock.state === 'held') return { running: false, starting: lock.owner, stale: false };
  if (lock.state === 'stale') return { running: false, stale: true, staleReason: `stale lock ${paths.lockFile}: ${lock.reason}` };
  return { running: false, stale: fs.existsSync(paths.pidFile), ...(fs.existsSync(paths.pidFile) ? { staleReason: `stale pid file ${paths.pidFile}` } : {}) };
}

/** The running lab's deploy settings (secrets included: for child processes, never for printing). */
export function readLabEnv(paths: LabPaths): Record<string, string> {
  if (!fs.existsSync(paths.envFile)) throw new Error(`${paths.envFile} is missing: start the lab with \`npm run lab -- up --detach\``);
  return parseEnvFile(fs.readFileSync(paths.envFile, 'utf8'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logTail(file: string, lines = 30): string {
  if (!fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export interface DetachOptions {
  /** Extra arguments for `main.ts up`. */
  readonly args?: readonly string[];
  /** Readiness timeout: starts after the builds (the caller runs them first, in the foreground). */
  readonly timeoutMs?: number;
  /** Progress for the user (waiting for another starter, stale lock cleared). */
  readonly log?: (line: string) => void;
}

/** Spawns `main.ts up`; its record once it serves, or undefined when another starter holds the lock. */
async function spawnLab(paths: LabPaths, args: readonly string[], until: number, timeoutMs: number): Promise<LabPidRecord | undefined> {
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  // The child's own output file until it holds the lock: a starter that loses the race must not
  // truncate the winner's .lab/lab.log.
  const startingLog = `${paths.logFile}.${process.pid}`;
  const log = fs.openSync(startingLog, 'w', 0o600);
  const main = path.join(__dirname, 'main.ts');
  // node --import tsx: the lab's pid is the process-group leader, no wrapper in between.
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, main, 'up', ...args], {
    cwd: paths.root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, PTC_LAB_ROOT: paths.root, [ENV_STARTING_LOG]: startingLog },
  });
  fs.closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  child.unref();
  const childLog = (): string => (fs.existsSync(startingLog) ? startingLog : paths.logFile);
  for (;;) {
    const record = readPidRecord(paths);
    if (record && record.pid === child.pid) return record;
    if (exited === EXIT_LAB_BUSY) {
      fs.rmSync(startingLog, { force: true });
      return undefined;
    }
    if (exited !== undefined) throw new Error(`the lab exited (code ${exited}) before it was ready; ${childLog()}:\n${logTail(childLog())}`);
    if (Date.now() > until) {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      throw new Error(`the lab was not ready within ${timeoutMs} ms; ${childLog()}:\n${logTail(childLog())}`);
    }
    await sleep(100);
  }
}

/** Waits until the lab process that holds the lock serves. */
async function waitForStarter(paths: LabPaths, owner: LockOwner, until: number, timeoutMs: number): Promise<LabPidRecord> {
  for (;;) {
    const record = readPidRecord(paths);
    if (record && record.pid === owner.pid && alive(record)) return record;
    const gone = ownerGone(owner);
    if (gone) throw new Error(`the lab that was starting (pid ${owner.pid}) exited before it was ready (${gone}); ${paths.logFile}:\n${logTail(paths.logFile)}`);
    if (Date.now() > until)
      throw new Error(
        `the lab starting in ${paths.dir} (${describeOwner(owner)}) was not ready within ${timeoutMs} ms; it keeps starting: see ${paths.logFile}, or stop it with \`npm run lab -- down\``,
      );
    await sleep(100);
  }
}

/**
 * Starts the lab in the background, or finds it running or starting (then waits for it: one lab
 * per .lab/). Resolves once it serves; `reused` is false only for a lab this call started.
 */
export async function upDetached(paths: LabPaths, options: DetachOptions = {}): Promise<{ record: LabPidRecord; reused: boolean }> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const log = options.log ?? (() => undefined);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = labStatus(paths);
    if (status.running) return { record: status.record, reused: true };
    if (status.starting) {
      log(`a lab is starting in ${paths.dir} (${describeOwner(status.starting)}); waiting until it serves (log: ${paths.logFile})`);
      return { record: await waitForStarter(paths, status.starting, until, timeoutMs), reused: true };
    }
    const cleared = clearStaleLock(paths.lockFile);
    if (cleared.state === 'stale') log(`cleared the stale lock ${paths.lockFile} of a lab that did not stop cleanly (${cleared.reason})`);
    const record = await spawnLab(paths, options.args ?? [], until, timeoutMs);
    if (record) return { record, reused: false };
    // Another starter took the lock first: the next round waits for its lab.
  }
}

/** Stops the running lab; true when one was running. */
/** Stops the running (or still starting) lab; true when one was there. */
export async function down(paths: LabPaths, timeoutMs = 90_000): Promise<boolean> {
  const status = labStatus(paths);
  const target = status.running ? status.record : status.starting;
  if (!target) {
    fs.rmSync(paths.pidFile, { force: true });
    clearStaleLock(paths.lockFile);
    return false;
  }
  process.kill(target.pid, 'SIGTERM');
  const until = Date.now() + timeoutMs;
  while (alive(target) && Date.now() < until) await sleep(200);
  if (alive(target)) {
    // Did not stop in time: end its whole process group (it leads one when started detached).
    try {
      process.kill(-target.pid, 'SIGKILL');
    } catch {
      process.kill(target.pid, 'SIGKILL');
    }
  }
  fs.rmSync(paths.pidFile, { force: true });
  // A lab killed before it released its lock leaves it behind.
  clearStaleLock(paths.lockFile);
  return true;
}
