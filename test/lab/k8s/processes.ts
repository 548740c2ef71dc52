/**
 * Child processes of the lab: each runs in its own process group with stdout and stderr appended
 * to a log file, and is stopped by signalling the whole group (SIGTERM, then SIGKILL after a grace
 * period). Nothing may outlive the test run, so three layers stop a group: `stop()`, hooks on
 * exit/SIGINT/SIGTERM/SIGHUP of this Node process, and a watchdog shell that leads each group and
 * kills it within a second or two once this Node process is gone (even after a SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';

export interface ManagedProcessOptions {
  /** Short name used in messages, e.g. `kube-apiserver`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** File that receives stdout and stderr (appended). */
  readonly logPath: string;
  readonly cwd?: string;
  /** Extra environment; the lab passes a minimal environment on purpose (see below). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Group leader: runs the component in the background, forwards SIGTERM/SIGINT to it, and kills
 * the whole group when the Node process that started it disappears. Exits with the component's
 * status (128+N when it died of signal N).
 */
const WATCHDOG = [
  'owner=$1; shift',
  '"$@" &',
  'child=$!',
  "trap 'kill -TERM $child 2>/dev/null' TERM INT",
  'while kill -0 "$child" 2>/dev/null; do',
  '  if ! kill -0 "$owner" 2>/dev/null; then kill -KILL 0; fi',
  '  sleep 1 & wait $!',
  'done',
  'wait "$child"',
].join('\n');

const liveGroups = new Set<number>();
let hooksInstalled = false;

function killLiveGroups(): void {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killLiveGroups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killLiveGroups();
      process.removeListener(signal, onSignal);
      // Keep the default behaviour (terminate) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

export class ManagedProcess {
  readonly name: string;
  readonly logPath: string;
  readonly pid: number;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  private exitInfo: ExitInfo | undefined;

  private constructor(options: ManagedProcessOptions, child: ChildProcess, pid: number) {
    this.name = options.name;
    this.logPath = options.logPath;
    this.pid = pid;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  /** Starts the process in a new process group; rejects if it cannot be spawned at all. */
  static start(options: ManagedProcessOptions): Promise<ManagedProcess> {
    installHooks();
    const log = openSync(options.logPath, 'a');
    let child: ChildProcess;
    try {
      child = spawn('bash', ['-c', WATCHDOG, `lab-${options.name}`, String(process.pid), options.command, ...options.args], {
        cwd: options.cwd,
        // No proxy variables or kubeconfig of the caller leak into the components: they talk to
        // loopback only, and a stray HTTPS_PROXY would send their client traffic elsewhere.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...options.env },
        detached: true,
        stdio: ['ignore', log, log],
      });
    } finally {
      closeSync(log);
    }
    return new Promise((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`could not start ${options.name} (${options.command}): ${err.message}`)));
      child.once('spawn', () => {
        const pid = child.pid;
        if (pid === undefined) {
          reject(new Error(`could not start ${options.name}: no pid`));
          return;
        }
        liveGroups.add(pid);
        const managed = new ManagedProcess(options, child, pid);
        void managed.exited.then(() => liveGroups.delete(pid));
        resolve(managed);
      });
    });
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** The exit status if the process has exited. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /**
   * Stops the process group: SIGTERM, then SIGKILL after `graceMs`. Resolves once the leader has
   * exited; the group is SIGKILLed at the end either way so helpers it forked do not linger.
   */
  async stop(graceMs = 10_000): Promise<ExitInfo> {
    if (this.running) {
      this.signalGroup('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
      if ((await Promise.race([this.exited, timer])) === 'timeout') this.signalGroup('SIGKILL');
    }
    const info = await this.exited;
    this.signalGroup('SIGKILL');
    liveGroups.delete(this.pid);
    return info;
  }

  /** The last `maxBytes` of the log, for error messages. */
  logTail(maxBytes = 4000): string {
    return readLogTail(this.logPath, maxBytes);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is already gone
    }
  }
}

export function readLogTail(path: string, maxBytes = 4000): string {
  try {
    const size = statSync(path).size;
    const text = readFileSync(path, 'utf8');
    return size > maxBytes ? `…${text.slice(text.length - maxBytes)}` : text;
  } catch {
    return '(no log)';
  }
}

/** How an exited process ended, for messages. */
export function describeExit(info: ExitInfo): string {
  if (info.signal !== null) return `killed by ${info.signal}`;
  // The watchdog shell reports a component killed by signal N as 128+N.
  if (info.code !== null && info.code > 128) return `exited with code ${info.code} (signal ${info.code - 128})`;
  return `exited with code ${String(info.code)}`;
}
