/**
 * Runs build components (see components.ts) in the foreground, one after the other, before
 * anything with a readiness timeout starts. Each component's own entry point does the work; its
 * output (Go's download/compile chatter) goes to <cache>/logs/<name>.log, and the screen gets one
 * line per component (what, why, a measured cold estimate), a progress line every ~30 s and a
 * summary. A failure prints the log's last lines and its path. One build per component at a time:
 * a second caller waits on <cache>/locks/<name>.lock.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultCacheDir } from '../../../tools/build/proxmox-provider';
import { describeOwner, waitLock } from '../env/pid-lock';

export interface BuildCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface BuildComponent {
  /** Short id: log and lock file names, `lab build --only`. */
  readonly name: string;
  readonly what: string;
  /** Measured wall time of a build from empty caches on the reference machine (COLD_REFERENCE). */
  readonly coldSeconds: number;
  /** The component's existing build entry point: it checks its cache and builds what is missing. */
  command(cacheDir: string): BuildCommand;
  /** An output line of the entry point that says it builds (its cache lacks the pinned result); undefined: it always builds. */
  readonly buildsWhen?: RegExp;
  /** Why a build is due, judged from what the cache holds ("first run", "pins changed …"). */
  reason(cacheDir: string): string;
}

/** Where the cold figures of the component table were measured. */
export const COLD_REFERENCE = '2 cores';

export interface BuildRunOptions {
  /** Default: $PTC_CACHE_DIR or ~/.cache/proxmox-talos-capi. */
  readonly cacheDir?: string;
  /** Screen lines (default: stdout). */
  readonly out?: (line: string) => void;
  /** Interval of the "still building" lines (default 30 s). */
  readonly tickMs?: number;
  /** Lines of the log shown on failure (default 30). */
  readonly tailLines?: number;
}

export interface BuildResult {
  readonly name: string;
  readonly built: boolean;
  readonly seconds: number;
  readonly log: string;
}

export class BuildError extends Error {
  constructor(
    readonly component: string,
    readonly log: string,
    message: string,
  ) {
    super(message);
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

export function formatEstimate(seconds: number): string {
  return seconds >= 90 ? `~${Math.round(seconds / 60)} min` : `~${Math.max(1, Math.round(seconds))} s`;
}

export function buildLogFile(cacheDir: string, name: string): string {
  return path.join(cacheDir, 'logs', `${name}.log`);
}

export function buildLockFile(cacheDir: string, name: string): string {
  return path.join(cacheDir, 'locks', `${name}.lock`);
}

function tail(file: string, lines: number): string[] {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  } catch {
    return [];
  }
}

/** Runs the entry point with its output into the log; reports whether it said it builds. */
function runEntryPoint(cmd: BuildCommand, logFd: number, buildsWhen: RegExp | undefined, onBuilding: () => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(cmd.command, [...cmd.args], { cwd: cmd.cwd, env: { ...process.env, ...cmd.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let announced = buildsWhen === undefined;
    if (announced) onBuilding();
    const scan = (): ((chunk: Buffer) => void) => {
      let partial = '';
      return (chunk) => {
        fs.writeSync(logFd, chunk);
        if (announced) return;
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        if (lines.some((l) => buildsWhen?.test(l))) {
          announced = true;
          onBuilding();
        }
      };
    };
    child.stdout.on('data', scan());
    child.stderr.on('data', scan());
    let error: Error | undefined;
    child.once('error', (err) => {
      error = err;
    });
    child.once('close', (code, signal) => resolve({ code, signal, ...(error ? { error } : {}) }));
  });
}

async function runComponent(c: BuildComponent, cacheDir: string, out: (line: string) => void, tickMs: number, tailLines: number): Promise<BuildResult> {
  const started = Date.now();
  const elapsed = (): number => (Date.now() - started) / 1000;
  let phase: 'waiting' | 'checking' | 'building' = 'checking';
  const ticker = setInterval(() => {
    const doing =
      phase === 'building'
        ? `still building (${formatDuration(elapsed())}; cold estimate ${formatEstimate(c.coldSeconds)} on ${COLD_REFERENCE})`
        : phase === 'waiting'
          ? `waiting for another build of it (${formatDuration(elapsed())})`
          : `checking the cache (${formatDuration(elapsed())})`;
    out(`  ${c.name}: ${doing}`);
  }, tickMs);
  const lock = await waitLock(buildLockFile(cacheDir, c.name), `building ${c.name}`, {
    onWait: (owner) => {
      phase = 'waiting';
      out(`  ${c.name}: another build of it runs (${describeOwner(owner)}); waiting for it`);
    },
    onStale: (owner, reason) => out(`  ${c.name}: cleared a stale build lock${owner ? ` (${describeOwner(owner)})` : ''}: ${reason}`),
  }).catch((err: unknown) => {
    clearInterval(ticker);
    throw err;
  });
  phase = 'checking';
  const log = buildLogFile(cacheDir, c.name);
  try {
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const logFd = fs.openSync(log, 'w', 0o644);
    const cmd = c.command(cacheDir);
    let built = false;
    let result: Awaited<ReturnType<typeof runEntryPoint>>;
    try {
      fs.writeSync(logFd, `# ${new Date().toISOString()} ${c.name}: ${[cmd.command, ...cmd.args].join(' ')}\n`);
      result = await runEntryPoint(cmd, logFd, c.buildsWhen, () => {
        built = true;
        phase = 'building';
        out(`  ${c.name}: building ${c.what}: ${c.reason(cacheDir)}; cold estimate ${formatEstimate(c.coldSeconds)} on ${COLD_REFERENCE}; log ${log}`);
      });
    } finally {
      fs.closeSync(logFd);
    }
    const seconds = elapsed();
    if (result.error || result.code !== 0) {
      const why = result.error ? `could not run ${cmd.command}: ${result.error.message}` : result.signal ? `killed by ${result.signal}` : `exit ${String(result.code)}`;
      out(`  ${c.name}: FAILED (${why}) after ${formatDuration(seconds)}; last lines of ${log}:`);
      for (const line of tail(log, tailLines)) out(`    | ${line}`);
      throw new BuildError(c.name, log, `building ${c.name} failed (${why}); full log: ${log}`);
    }
    out(built ? `  ${c.name}: built in ${formatDuration(seconds)}` : `  ${c.name}: up to date (${formatDuration(seconds)})`);
    return { name: c.name, built, seconds, log };
  } finally {
    clearInterval(ticker);
    lock.release();
  }
}

/** Builds what is missing, in order; throws BuildError (after printing the log's tail) on the first failure. */
export async function runBuilds(components: readonly BuildComponent[], options: BuildRunOptions = {}): Promise<BuildResult[]> {
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir());
  const out = options.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const started = Date.now();
  out(`builds: ${components.map((c) => c.name).join(', ')} (cache ${cacheDir})`);
  const results: BuildResult[] = [];
  for (const c of components) results.push(await runComponent(c, cacheDir, out, options.tickMs ?? 30_000, options.tailLines ?? 30));
  const parts = results.map((r) => (r.built ? `${r.name} built (${formatDuration(r.seconds)})` : `${r.name} up to date`));
  out(`builds done in ${formatDuration((Date.now() - started) / 1000)}: ${parts.join(', ')}`);
  return results;
}
