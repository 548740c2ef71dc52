/**
 * The lab's owner lock: one live owner at a time, even among processes racing for it; a lock
 * whose owner died or whose pid was reused is stale and cleared; release never removes a lock
 * that another owner holds.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspectLock, processStartTime, tryLock, waitLock, type LockOwner } from '../../lab/env/pid-lock';

jest.setTimeout(60_000);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-pid-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const writeOwner = (file: string, owner: Partial<LockOwner> & { pid: number }): void => fs.writeFileSync(file, JSON.stringify({ startedAt: '2026-01-01T00:00:00.000Z', purpose: 'testing', ...owner }));

/** A pid that no process has right now: a child that already exited. */
function deadPid(): number {
  const r = spawnSync('true');
  return r.pid as number;
}

function sleeper(): ChildProcess {
  return spawn('sleep', ['60'], { stdio: 'ignore' });
}

test('takes a free lock with its pid and kernel start time, and releases it', () => {
  const file = path.join(dir, 'sub', 'a.lock');
  const r = tryLock(file, 'testing');
  expect(r.acquired).toBe(true);
  if (!r.acquired) return;
  const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
  expect(owner.pid).toBe(process.pid);
  expect(owner.starttime).toBe(processStartTime(process.pid));
  expect(owner.starttime).toMatch(/^\d+$/);
  expect(inspectLock(file)).toEqual({ state: 'held', owner });
  // Held by a live owner (this process): a second taker does not get it.
  const again = tryLock(file, 'second');
  expect(again.acquired).toBe(false);
  r.lock.release();
  expect(fs.existsSync(file)).toBe(false);
  expect(fs.readdirSync(path.dirname(file))).toEqual([]);
});

test('a lock of another live process is held; it is cleared as stale once that process is gone', async () => {
  const file = path.join(dir, 'b.lock');
  const child = sleeper();
  const exited = new Promise((r) => child.once('exit', r));
  await new Promise((r) => child.once('spawn', r));
  const pid = child.pid as number;
  writeOwner(file, { pid, starttime: processStartTime(pid) });
  const r = tryLock(file, 'testing');
  expect(r.acquired).toBe(false);
  if (!r.acquired) expect(r.owner.pid).toBe(pid);

  const waits: number[] = [];
  const stale: string[] = [];
  const taking = waitLock(file, 'testing', { pollMs: 50, onWait: (o) => waits.push(o.pid), onStale: (_o, reason) => stale.push(reason) });
  child.kill('SIGKILL');
  await exited;
  const lock = await taking;
  expect(waits).toEqual([pid]);
  expect(stale).toEqual([`pid ${pid} is gone`]);
  expect((JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner).pid).toBe(process.pid);
  lock.release();
});

test.each([
  ['its pid is gone', () => ({ pid: deadPid() }), /^pid \d+ is gone$/],
  ['its pid now belongs to another process (start time differs)', () => ({ pid: process.pid, starttime: '1' }), /now belongs to another process/],
])('a stale lock is cleared when %s', (_name, owner, reason) => {
  const file = path.join(dir, 'c.lock');
  writeOwner(file, owner());
  expect(inspectLock(file)).toMatchObject({ state: 'stale' });
  const r = tryLock(file, 'testing');
  expect(r.acquired).toBe(true);
  if (!r.acquired) return;
  expect(r.cleared?.reason).toMatch(reason);
  r.lock.release();
});

test('a lock file that names no owner is stale', () => {
  const file = path.join(dir, 'd.lock');
  fs.writeFileSync(file, 'garbage');
  expect(inspectLock(file)).toEqual({ state: 'stale', owner: undefined, reason: 'it does not name an owner' });
  const r = tryLock(file, 'testing');
  expect(r.acquired && r.cleared?.reason).toBe('it does not name an owner');
});

test('release leaves a lock that another owner took meanwhile', () => {
  const file = path.join(dir, 'e.lock');
  const r = tryLock(file, 'testing');
  if (!r.acquired) throw new Error('not acquired');
  const child = sleeper();
  try {
    const pid = child.pid as number;
    fs.rmSync(file);
    writeOwner(file, { pid, starttime: processStartTime(pid) });
    r.lock.release();
    expect(inspectLock(file)).toMatchObject({ state: 'held', owner: { pid } });
  } finally {
    child.kill('SIGKILL');
  }
});

test('processes racing for a free lock (also over a stale one): exactly one gets it', async () => {
  const file = path.join(dir, 'race.lock');
  writeOwner(file, { pid: deadPid() });
  const script = [
    `const { tryLock } = require(${JSON.stringify(path.join(__dirname, '../../lab/env/pid-lock.ts'))});`,
    `const r = tryLock(${JSON.stringify(file)}, 'racing');`,
    "process.stdout.write(r.acquired ? 'acquired\\n' : `busy ${r.owner.pid}\\n`);",
    // Hold until the test closes stdin, so no winner exits (and leaves a stale lock) before all tried.
    "process.stdin.resume(); process.stdin.on('end', () => { if (r.acquired) r.lock.release(); process.exit(0); });",
  ].join('\n');
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const children = Array.from({ length: 6 }, () => spawn(process.execPath, ['--import', tsx, '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const firstLines = await Promise.all(
    children.map(
      (c) =>
        new Promise<string>((resolve, reject) => {
          let out = '';
          c.stdout?.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('\n')) resolve(out.trim());
          });
          c.once('exit', (code) => reject(new Error(`racer exited early (${code}): ${out}`)));
        }),
    ),
  );
  const winners = children.filter((_c, i) => firstLines[i] === 'acquired');
  expect(winners).toHaveLength(1);
  const winnerPid = winners[0].pid as number;
  for (const line of firstLines.filter((l) => l !== 'acquired')) expect(line).toBe(`busy ${winnerPid}`);
  expect(inspectLock(file)).toMatchObject({ state: 'held', owner: { pid: winnerPid } });
  await Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.stdin?.end()))));
  // Released, and no staged or moved-aside lock files left behind.
  expect(fs.readdirSync(dir)).toEqual([]);
});
