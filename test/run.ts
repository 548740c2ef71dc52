/**
 * `npm test`: every tier, with what each needs built first, and each step's duration.
 *
 *   tsx test/run.ts                                 typecheck, lint, providers, unit + integration + e2e
 *   tsx test/run.ts --tiers unit,integration [paths] only those tiers (and jest path patterns)
 *   tsx test/run.ts --skip-static …                  without the typecheck and lint (CI's second Node)
 *
 * The lab's one-time Go builds (Kubernetes components, bpg/proxmox, the Cluster API managers, lab-ccm, talosctl, OpenTofu) run in the
 * background while the typecheck and the unit tier (which need none of them) run; the
 * integration and e2e tiers start once they are done. Jest prints its own summary; this prints
 * one closing line, `Tests: N passed, N failed`, and writes the counts to PTC_TEST_SUMMARY_FILE
 * when that is set (.ci/run adds up its runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(__dirname, '..');
const TIERS = ['unit', 'integration', 'e2e'] as const;
type Tier = (typeof TIERS)[number];

interface Counts {
  passed: number;
  failed: number;
}

const started = Date.now();
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (line: string): void => void process.stdout.write(`${line}\n`);

function parseTiers(raw: string | undefined): Tier[] {
  if (!raw) return [...TIERS];
  const tiers = raw.split(',').map((t) => t.trim());
  const bad = tiers.filter((t) => !(TIERS as readonly string[]).includes(t));
  if (bad.length) throw new Error(`--tiers: unknown tier ${bad.join(', ')}; use a comma-separated list of ${TIERS.join(', ')}`);
  return tiers as Tier[];
}

/** Runs a command with inherited output; resolves with its exit code. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
  const done = new Promise<number>((resolve) => {
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return { child, done };
}

async function step(name: string, cmd: string, args: string[]): Promise<void> {
  const t0 = Date.now();
  say(`== ${name}`);
  const code = await run(cmd, args).done;
  say(`== ${name}: ${code === 0 ? 'done' : `failed (exit ${code})`} in ${seconds(t0)}`);
  if (code !== 0) throw new Error(`${name} failed`);
}

/**
 * The lab's Go builds (`npm run lab -- build`), in the background so that their lines do not
 * interleave with the unit tier's: their summary is shown when they end, the log's tail on
 * failure (Go's own output is in per-component logs the summary names). A no-op of a few seconds
 * when the cache is warm. Our providers are built by the step below, not here: one writer of dist/.
 */
function startLabBuilds(): { done: Promise<void>; log: string } {
  const cache = process.env.PTC_CACHE_DIR || path.join(os.homedir(), '.cache', 'proxmox-talos-capi');
  fs.mkdirSync(cache, { recursive: true });
  const log = path.join(cache, 'test-builds.log');
  const t0 = Date.now();
  say(`== lab builds (background; log: ${log})`);
  const out = fs.openSync(log, 'w');
  const child = spawn('npx', ['tsx', 'test/lab/env/main.ts', 'build', '--only', 'lab-k8s,bpg-proxmox,lab-capi,lab-ccm,talosctl,tofu'], {
    cwd: ROOT,
    // Two Go jobs for talosctl (its own default is one, for a machine busy with other work).
    env: { ...process.env, PTC_GO_BUILD_JOBS: process.env.PTC_GO_BUILD_JOBS ?? '2' },
    stdio: ['ignore', out, out],
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(out);
      const tail = fs.readFileSync(log, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
      if (code === 0) {
        say(`${fs.readFileSync(log, 'utf8').trimEnd()}\n== lab builds: done in ${seconds(t0)}`);
        resolve();
      } else {
        say(`== lab builds: failed (exit ${code}) after ${seconds(t0)}; last lines of ${log}:\n${tail}`);
        reject(new Error('lab builds failed'));
      }
    });
  });
  return { done, log };
}

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: { name: string; startTime: number; endTime: number; assertionResults?: { title: string; duration?: number | null }[] }[];
}

/** The files that took longest, so a CI log shows where the time budget goes. */
function slowestFiles(r: JestReport, count = 12): string {
  const files = r.testResults
    .map((t) => ({ file: path.relative(process.cwd(), t.name), s: (t.endTime - t.startTime) / 1000 }))
    .sort((a, b) => b.s - a.s)
    .slice(0, count);
  const tests = r.testResults
    .flatMap((t) => (t.assertionResults ?? []).map((a) => ({ file: path.basename(t.name), title: a.title, s: (a.duration ?? 0) / 1000 })))
    .sort((a, b) => b.s - a.s)
    .slice(0, count);
  return [
    `== slowest test files: ${files.map((f) => `${f.file} ${f.s.toFixed(1)} s`).join(', ')}`,
    `== slowest tests: ${tests.map((t) => `${t.file} "${t.title.slice(0, 60)}" ${t.s.toFixed(1)} s`).join(', ')}`,
  ].join('\n');
}

async function jest(tiers: Tier[], patterns: string[], counts: Counts): Promise<number> {
  const t0 = Date.now();
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-jest-')), 'report.json');
  say(`== jest: ${tiers.join(' + ')}${patterns.length ? ` (${patterns.join(' ')})` : ''}`);
  const code = await run(process.execPath, [require.resolve('jest/bin/jest'), '--selectProjects', ...tiers, '--json', '--outputFile', report, ...patterns]).done;
  try {
    const r = JSON.parse(fs.readFileSync(report, 'utf8')) as JestReport;
    say(slowestFiles(r));
    counts.passed += r.numPassedTests;
    // A suite that fails to load has no failed test of its own: count it, or the line would say 0 failed.
    counts.failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  } catch {
    counts.failed += 1;
  }
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  say(`== jest: ${tiers.join(' + ')}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds(t0)}`);
  return code;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { tiers: { type: 'string' }, 'skip-static': { type: 'boolean' } } });
  const tiers = parseTiers(values.tiers);
  const counts: Counts = { passed: 0, failed: 0 };
  const needsLab = tiers.some((t) => t !== 'unit');
  const builds = needsLab ? startLabBuilds() : undefined;
  // Keep a failed background build from being an unhandled rejection while the unit tier runs.
  builds?.done.catch(() => undefined);
  let code = 0;
  try {
    if (values['skip-static']) {
      say('== typecheck and lint: skipped (--skip-static: they ran on the same sources in this run)');
    } else {
      // Side by side (tsc is single-threaded). Style problems fail the run but do not hide test
      // results: the tiers run anyway; a type error stops it.
      const [typed, linted] = await Promise.allSettled([
        step('typecheck', process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']),
        step('lint', 'npm', ['run', '--silent', 'lint']),
      ]);
      if (linted.status === 'rejected') {
        say(`npm test: ${(linted.reason as Error).message}`);
        code = 1;
      }
      if (typed.status === 'rejected') throw typed.reason;
    }
    await step('our providers', 'npx', ['tsx', 'tools/build/build-providers.ts']);
    // A failing tier does not stop the next: one run reports every failure.
    if (tiers.includes('unit')) code = (await jest(['unit'], patterns(positionals), counts)) || code;
    const rest = tiers.filter((t) => t !== 'unit');
    if (rest.length) {
      await builds?.done;
      code = (await jest(rest, patterns(positionals), counts)) || code;
    }
  } catch (err) {
    say(`npm test: ${(err as Error).message}`);
    code ||= 1;
    if (counts.failed === 0) counts.failed = 1;
  }
  if (process.env.PTC_TEST_SUMMARY_FILE) fs.appendFileSync(process.env.PTC_TEST_SUMMARY_FILE, `${counts.passed} ${counts.failed}\n`);
  say(`== npm test on Node ${process.versions.node} finished in ${seconds(started)}`);
  say(`Tests: ${counts.passed} passed, ${counts.failed} failed`);
  return code;
}

/** Jest path patterns: with patterns given, a tier with no matching file is not an error. */
function patterns(positionals: string[]): string[] {
  return positionals.length ? ['--passWithNoTests', ...positionals] : [];
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    say(`npm test: ${err.message}`);
    process.exit(1);
  },
);
