/**
 * One lab per .lab/: two `lab up --detach` at once leave one healthy lab (one pid record, one
 * lock owner; the other call reuses it), a lock left by a killed lab is cleared with a message,
 * and a lab that is still starting is reported, waited for or refused, never shared. Runs without
 * the management cluster; a separate .lab root keeps a user's lab untouched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../tools/build/catalog';
import { readPidRecord } from '../../lab/env/daemon';
import { labPaths, type LabPaths } from '../../lab/env/paths';
import { inspectLock, processStartTime } from '../../lab/env/pid-lock';
import { run } from '../../support/terraform';

jest.setTimeout(8 * 60_000);

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(REPO_ROOT, 'test/lab/env/main.ts');
const UP = ['up', '--detach', '--no-management', '--pve-port', '0'];

const lab = (root: string, ...args: string[]) => run(TSX, [MAIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, PTC_LAB_ROOT: root }, timeoutMs: 360_000 });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function writeLock(paths: LabPaths, pid: number, starttime?: string): void {
  fs.mkdirSync(paths.dir, { recursive: true });
  fs.writeFileSync(paths.lockFile, JSON.stringify({ pid, starttime, startedAt: new Date().toISOString(), purpose: 'running the lab' }));
}

let root: string;
let sleeper: ChildProcess | undefined;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-lab-lock-'));
});
afterEach(async () => {
  sleeper?.kill('SIGKILL');
  sleeper = undefined;
  await lab(root, 'down');
  fs.rmSync(root, { recursive: true, force: true });
});

test('two concurrent `up --detach` over a stale lock: one lab, the other reuses it; foreground `up` refuses', async () => {
  const paths = labPaths(root);
  // Left by a killed lab: a lock and a pid file whose process is gone.
  const dead = spawnSync('true').pid as number;
  writeLock(paths, dead, '1');
  fs.writeFileSync(paths.pidFile, JSON.stringify({ pid: dead, startedAt: new Date().toISOString(), summary: {} }));
  expect((await lab(root, 'status')).stdout).toContain(`stale lock ${paths.lockFile}: pid ${dead} is gone`);

  const [a, b] = await Promise.all([lab(root, ...UP), lab(root, ...UP)]);
  expect(`exit ${a.code} ${b.code}\n${a.stderr}${b.stderr}`).toMatch(/^exit 0 0\n/);
  const record = readPidRecord(paths);
  expect(record && alive(record.pid)).toBe(true);
  const pid = (record as { pid: number }).pid;
  for (const r of [a, b]) expect(r.stdout).toContain(`lab running (pid ${pid},`);
  // Exactly one started it; the other waited for it or found it running.
  expect([a, b].filter((r) => r.stdout.includes('lab already running'))).toHaveLength(1);
  // The stale lock was cleared once, with a message.
  expect((a.stdout + b.stdout).split(`cleared the stale lock ${paths.lockFile}`)).toHaveLength(2);
  expect(inspectLock(paths.lockFile)).toMatchObject({ state: 'held', owner: { pid, starttime: processStartTime(pid) } });
  // One lab's log, no starting logs of the race left behind.
  expect(fs.readdirSync(paths.dir).filter((f) => f.startsWith('lab.log'))).toEqual(['lab.log']);
  expect(fs.readFileSync(paths.logFile, 'utf8').split('lab: ready')).toHaveLength(2);

  const status = await lab(root, 'status');
  expect(status.code).toBe(0);
  expect(status.stdout).toContain(`pid ${pid}`);
  const foreground = await lab(root, 'up', '--no-management', '--pve-port', '0');
  expect(foreground.code).toBe(75);
  expect(foreground.stderr).toContain(`a lab already runs in ${paths.dir} (pid ${pid})`);
  expect(readPidRecord(paths)?.pid).toBe(pid);

  expect((await lab(root, 'down')).stdout).toContain('lab stopped');
  expect(alive(pid)).toBe(false);
  expect(fs.existsSync(paths.lockFile)).toBe(false);
});

test('a lab that is still starting: status says so, foreground `up` refuses, `up --detach` waits for it, `down` stops it', async () => {
  const paths = labPaths(root);
  // A live process holding the lab lock without serving yet: what a starting lab looks like.
  sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
  await new Promise((r) => sleeper?.once('spawn', r));
  const owner = sleeper.pid as number;
  writeLock(paths, owner, processStartTime(owner));

  const status = await lab(root, 'status');
  expect(status.code).toBe(4);
  expect(status.stdout).toContain(`lab starting (pid ${owner}, running the lab since `);
  const foreground = await lab(root, 'up', '--no-management', '--pve-port', '0');
  expect(foreground.code).toBe(75);
  expect(foreground.stderr).toContain(`a lab is starting in ${paths.dir} (pid ${owner}, `);

  // `up --detach` waits for the starting lab instead of starting a second one; when that one
  // dies before it serves, it says so.
  const waiter = spawn(TSX, [MAIN, ...UP], { cwd: REPO_ROOT, env: { ...process.env, PTC_LAB_ROOT: root }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  waiter.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => waiter.once('exit', r));
  await new Promise<void>((resolve) =>
    waiter.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('a lab is starting')) resolve();
    }),
  );
  expect(out).toContain(`a lab is starting in ${paths.dir} (pid ${owner}, `);
  expect(fs.existsSync(paths.pidFile)).toBe(false);
  sleeper.kill('SIGKILL');
  expect(await exit).toBe(1);
  expect(err).toContain(`the lab that was starting (pid ${owner}) exited before it was ready (pid ${owner} is gone)`);
  // Nothing was started meanwhile.
  expect(fs.existsSync(paths.pidFile)).toBe(false);

  // `down` stops a starting lab too, and clears its lock.
  const second = spawn('sleep', ['300'], { stdio: 'ignore' });
  sleeper = second;
  await new Promise((r) => second.once('spawn', r));
  writeLock(paths, second.pid as number, processStartTime(second.pid as number));
  const stopped = new Promise((r) => second.once('exit', r));
  expect((await lab(root, 'down')).stdout).toContain('lab stopped');
  await stopped;
  expect(fs.existsSync(paths.lockFile)).toBe(false);
  expect((await lab(root, 'status')).code).toBe(3);
});
