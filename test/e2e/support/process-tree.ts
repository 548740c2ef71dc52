/**
 * A command in its own process group whose whole tree can be signalled, as a user's Ctrl-C (SIGINT
 * to the foreground group) or a crash (SIGKILL of every process, including those cdktf started in
 * their own terminal session, which a group signal does not reach).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { RunResult } from '../../support/terraform';

/** Parent pid of every process now running (Linux /proc). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(name), ppid);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** `pid` and all its descendants now running. */
export function processTree(pid: number): number[] {
  const ppids = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of ppids) if (pp === tree[i] && !tree.includes(p)) tree.push(p);
  return tree.filter((p) => ppids.has(p));
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command name of a process (for reports), or '' when it is gone. */
export function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(0, 3).join(' ');
  } catch {
    return '';
  }
}

export interface GroupRun {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Output so far (stdout and stderr interleaved as they came). */
  output(): string;
  readonly done: Promise<RunResult & { readonly signal: NodeJS.Signals | null }>;
  /** Signals the process group (what a terminal's Ctrl-C does). */
  signalGroup(signal: NodeJS.Signals): void;
  /** SIGKILL to every process of the tree at once (snapshotted first, so none is re-parented away). */
  killTree(): number[];
}

export function startInGroup(cmd: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): GroupRun {
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid === undefined) throw new Error(`cannot start ${cmd}`);
  const pid = child.pid;
  let stdout = '';
  let stderr = '';
  let all = '';
  child.stdout?.on('data', (d: Buffer) => ((stdout += d.toString()), (all += d.toString())));
  child.stderr?.on('data', (d: Buffer) => ((stderr += d.toString()), (all += d.toString())));
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return {
    child,
    pid,
    output: () => all,
    done,
    signalGroup: (signal) => process.kill(-pid, signal),
    killTree: () => {
      const tree = processTree(pid);
      for (const p of tree) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return tree;
    },
  };
}

/** Polls `cond` until it holds; throws with `what` after `timeoutMs`, or as soon as `cancelled()`. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 100, cancelled: () => boolean = () => false): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (cancelled()) throw new Error(`stopped waiting for ${what}`);
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
