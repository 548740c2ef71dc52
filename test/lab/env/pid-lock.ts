/**
 * A lock file owned by one live process: JSON {pid, starttime, startedAt, purpose}. Taken
 * atomically (the complete record is written beside it and hard-linked into place, which fails
 * when the lock exists), so a reader never sees a half-written owner. A lock whose owner is gone,
 * or whose pid now belongs to another process (the kernel start time differs), is stale and is
 * cleared by the next taker. Used for "one lab per checkout" and "one build per component".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LockOwner {
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot); absent where /proc is not available. */
  readonly starttime?: string;
  readonly startedAt: string;
  /** What the owner does, for messages ("starting the lab", "building lab-k8s"). */
  readonly purpose: string;
}

export type LockState =
  { readonly state: 'free' } | { readonly state: 'held'; readonly owner: LockOwner } | { readonly state: 'stale'; readonly owner: LockOwner | undefined; readonly reason: string };

/** The kernel's start time of a process (survives nothing: a reused pid gets a new one). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is parenthesised and may hold spaces or ')': count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why an owner no longer holds its lock, or undefined while it does. */
export function ownerGone(owner: Pick<LockOwner, 'pid' | 'starttime'>): string | undefined {
  if (!pidAlive(owner.pid)) return `pid ${owner.pid} is gone`;
  if (owner.starttime !== undefined) {
    const now = processStartTime(owner.pid);
    if (now !== undefined && now !== owner.starttime) return `pid ${owner.pid} now belongs to another process`;
  }
  return undefined;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (!Number.isInteger(o.pid) || (o.pid as number) <= 0 || typeof o.startedAt !== 'string' || typeof o.purpose !== 'string') return undefined;
    if (o.starttime !== undefined && typeof o.starttime !== 'string') return undefined;
    return o as LockOwner;
  } catch {
    return undefined;
  }
}

/** The lock's state and the inode it was judged from (a lock's content never changes once linked). */
function readLock(file: string): { state: LockState; ino?: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: { state: 'free' } };
    throw err;
  }
  try {
    const ino = fs.fstatSync(fd).ino;
    const owner = parseOwner(fs.readFileSync(fd, 'utf8'));
    if (!owner) return { ino, state: { state: 'stale', owner: undefined, reason: 'it does not name an owner' } };
    const gone = ownerGone(owner);
    return { ino, state: gone ? { state: 'stale', owner, reason: gone } : { state: 'held', owner } };
  } finally {
    fs.closeSync(fd);
  }
}

export function inspectLock(file: string): LockState {
  return readLock(file).state;
}

/**
 * Removes the lock if it is still the stale one judged by inspectLock. Moving it aside first and
 * comparing the inode keeps a lock taken meanwhile by someone else: that one is linked back.
 */
function clearIfStale(file: string): LockState {
  const { state: before, ino } = readLock(file);
  if (before.state !== 'stale') return before;
  const aside = `${file}.stale.${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    // Another taker cleared it first.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return inspectLock(file);
    throw err;
  }
  if (fs.statSync(aside).ino !== ino) {
    // Someone took the lock between the check and the move: put theirs back.
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third taker won meanwhile; the moved lock's owner will find its lock replaced.
    }
    fs.rmSync(aside, { force: true });
    return inspectLock(file);
  }
  fs.rmSync(aside, { force: true });
  return before;
}

/** Removes the lock when its owner is gone; the state found (free or stale: cleared; held: kept). */
export function clearStaleLock(file: string): LockState {
  return clearIfStale(file);
}

export interface HeldLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Removes the lock if this process still owns it (idempotent). */
  release(): void;
}

export type TryLockResult =
  { readonly acquired: true; readonly lock: HeldLock; readonly cleared?: { readonly owner: LockOwner | undefined; readonly reason: string } } | { readonly acquired: false; readonly owner: LockOwner };

function sameOwner(a: LockOwner | undefined, b: LockOwner): boolean {
  return a !== undefined && a.pid === b.pid && a.starttime === b.starttime && a.startedAt === b.startedAt;
}

/** Takes the lock for this process now, clearing a stale one, or names its live owner. */
export function tryLock(file: string, purpose: string): TryLockResult {
  // Owner-only like .lab/ itself (it also holds the API token file).
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const owner: LockOwner = { pid: process.pid, starttime: processStartTime(process.pid), startedAt: new Date().toISOString(), purpose };
  const staged = `${file}.new.${process.pid}`;
  fs.writeFileSync(staged, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  let cleared: { owner: LockOwner | undefined; reason: string } | undefined;
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(staged, file);
        const lock: HeldLock = {
          file,
          owner,
          release: () => {
            const now = inspectLock(file);
            if (now.state !== 'free' && sameOwner(now.owner, owner)) fs.rmSync(file, { force: true });
          },
        };
        return { acquired: true, lock, ...(cleared ? { cleared } : {}) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const found = clearIfStale(file);
      if (found.state === 'held') return { acquired: false, owner: found.owner };
      if (found.state === 'stale') cleared = { owner: found.owner, reason: found.reason };
    }
    throw new Error(`${file}: could not take the lock (it keeps changing hands); try again`);
  } finally {
    fs.rmSync(staged, { force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WaitLockOptions {
  /** Called once when another live process holds the lock. */
  readonly onWait?: (owner: LockOwner) => void;
  /** Called when a stale lock was cleared. */
  readonly onStale?: (owner: LockOwner | undefined, reason: string) => void;
  readonly pollMs?: number;
}

/** Takes the lock, waiting for a live owner to release it (or to die). */
export async function waitLock(file: string, purpose: string, options: WaitLockOptions = {}): Promise<HeldLock> {
  let announced: number | undefined;
  for (;;) {
    const r = tryLock(file, purpose);
    if (r.acquired) {
      if (r.cleared) options.onStale?.(r.cleared.owner, r.cleared.reason);
      return r.lock;
    }
    if (announced !== r.owner.pid) {
      announced = r.owner.pid;
      options.onWait?.(r.owner);
    }
    await sleep(options.pollMs ?? 500);
  }
}

/** "pid 123, building lab-k8s since 2026-…" for messages. */
export function describeOwner(owner: LockOwner): string {
  return `pid ${owner.pid}, ${owner.purpose} since ${owner.startedAt}`;
}
