/**
 * The build runner with a real, tiny Go build (a few-line main in a temp module: no network)
 * from an empty cache directory: the screen gets one line per component (what, why, estimate,
 * log path), progress lines while it builds and a summary, while Go's output goes to the log
 * file only; a warm run only checks; a failing build prints the log's tail; two concurrent runs
 * of one component build it once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BuildError, buildLogFile, runBuilds, type BuildComponent } from '../../../lab/build/runner';

jest.setTimeout(5 * 60_000);

// The component's own entry point: warm check, then a gated, counted `go build -x` (verbose chatter).
const SCRIPT = `set -euo pipefail
out="$CACHE/hello/bin/hello"
if [[ -x "$out" ]]; then echo "[hello build] warm: $out"; exit 0; fi
echo "[hello build] building into $out"
while [[ ! -e "$GATE" ]]; do sleep 0.05; done
echo built >>"$COUNT"
mkdir -p "$(dirname "$out")"
cd "$MODULE" && go build -x -o "$out.tmp" . && mv "$out.tmp" "$out"
`;

let root: string;
let cacheDir: string;
let moduleDir: string;
let gate: string;
let count: string;

function hello(): BuildComponent {
  return {
    name: 'hello',
    what: 'a tiny Go program',
    coldSeconds: 150,
    command: (cache) => ({
      command: 'bash',
      args: ['-c', SCRIPT],
      env: { CACHE: cache, MODULE: moduleDir, GATE: gate, COUNT: count, GOCACHE: path.join(cache, 'go', 'build'), GOTOOLCHAIN: 'local', GOFLAGS: '' },
    }),
    buildsWhen: /^\[hello build\] building /,
    reason: (cache) => (fs.existsSync(path.join(cache, 'hello')) ? 'pins changed' : 'first run'),
  };
}

const binary = (): string => path.join(cacheDir, 'hello', 'bin', 'hello');
const builds = (): number => (fs.existsSync(count) ? fs.readFileSync(count, 'utf8').split('\n').filter(Boolean).length : 0);

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-build-runner-'));
  cacheDir = path.join(root, 'cache');
  moduleDir = path.join(root, 'module');
  gate = path.join(root, 'gate');
  count = path.join(root, 'count');
  fs.mkdirSync(cacheDir);
  fs.mkdirSync(moduleDir);
  fs.writeFileSync(path.join(moduleDir, 'go.mod'), 'module example.com/hello\n\ngo 1.26\n');
  fs.writeFileSync(path.join(moduleDir, 'main.go'), 'package main\n\nfunc main() { println("hello from the lab build test") }\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('cold from an empty cache directory: build line, progress, log file, summary; Go output only in the log', async () => {
  expect(fs.readdirSync(cacheDir)).toEqual([]);
  const lines: string[] = [];
  // The build waits on the gate until a progress line was printed: progress is seen while it builds.
  const results = await runBuilds([hello()], {
    cacheDir,
    tickMs: 100,
    out: (line) => {
      lines.push(line);
      if (/hello: still building \(/.test(line)) fs.writeFileSync(gate, '');
    },
  });
  const log = buildLogFile(cacheDir, 'hello');
  expect(lines[0]).toBe(`builds: hello (cache ${cacheDir})`);
  expect(lines).toContain(`  hello: building a tiny Go program: first run; cold estimate ~3 min on 2 cores; log ${log}`);
  const building = lines.findIndex((l) => l.startsWith('  hello: building '));
  const progress = lines.findIndex((l) => /^ {2}hello: still building \(\d+\.\d s; cold estimate ~3 min on 2 cores\)$/.test(l));
  expect(progress).toBeGreaterThan(building);
  expect(lines.at(-2)).toMatch(/^ {2}hello: built in \d+\.\d s$/);
  expect(lines.at(-1)).toMatch(/^builds done in \d+\.\d s: hello built \(\d+\.\d s\)$/);
  expect(results).toEqual([expect.objectContaining({ name: 'hello', built: true, log })]);
  expect(builds()).toBe(1);

  // Go's chatter (-x: the compile commands) is in the log, never on the screen.
  const logText = fs.readFileSync(log, 'utf8');
  expect(logText).toContain('[hello build] building into');
  expect(logText).toMatch(/^WORK=/m);
  expect(lines.join('\n')).not.toMatch(/WORK=|compile|\[hello build\]/);
  expect(fs.statSync(binary()).mode & 0o111).not.toBe(0);
});

test('warm: only checks, one line, no build', async () => {
  const lines: string[] = [];
  const results = await runBuilds([hello()], { cacheDir, out: (l) => lines.push(l) });
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(/^ {2}hello: up to date \(\d+\.\d s\)$/);
  expect(lines[2]).toMatch(/^builds done in \d+\.\d s: hello up to date$/);
  expect(results[0].built).toBe(false);
  expect(builds()).toBe(1);
});

test('two concurrent runs of one component build it once; the second waits, then finds it built', async () => {
  fs.rmSync(binary());
  const first: string[] = [];
  const second: string[] = [];
  const [a, b] = await Promise.all([runBuilds([hello()], { cacheDir, out: (l) => first.push(l) }), runBuilds([hello()], { cacheDir, out: (l) => second.push(l) })]);
  expect(builds()).toBe(2);
  expect(a[0].built).toBe(true);
  expect(first).toContain(`  hello: building a tiny Go program: pins changed; cold estimate ~3 min on 2 cores; log ${buildLogFile(cacheDir, 'hello')}`);
  expect(b[0].built).toBe(false);
  expect(second.some((l) => l.startsWith(`  hello: another build of it runs (pid ${process.pid}, building hello since `) && l.endsWith('; waiting for it'))).toBe(true);
  expect(fs.readdirSync(path.join(cacheDir, 'locks'))).toEqual([]);
});

test('a failing build stops the run and prints the last lines of its log with the path', async () => {
  fs.rmSync(binary());
  fs.writeFileSync(path.join(moduleDir, 'main.go'), 'package main\n\nfunc main() { notDefinedAnywhere() }\n');
  const lines: string[] = [];
  const log = buildLogFile(cacheDir, 'hello');
  const next: BuildComponent = { ...hello(), name: 'never-run' };
  await expect(runBuilds([hello(), next], { cacheDir, tailLines: 5, out: (l) => lines.push(l) })).rejects.toThrow(new BuildError('hello', log, `building hello failed (exit 1); full log: ${log}`));
  const failed = lines.findIndex((l) => /^ {2}hello: FAILED \(exit 1\) after \d+\.\d s; last lines of /.test(l));
  expect(lines[failed]).toContain(log);
  const tail = lines.slice(failed + 1);
  expect(tail).toHaveLength(5);
  expect(tail.every((l) => l.startsWith('    | '))).toBe(true);
  expect(tail.join('\n')).toContain('undefined: notDefinedAnywhere');
  // The run stopped: the next component was never started.
  expect(lines.filter((l) => l.startsWith('  never-run'))).toEqual([]);
  expect(fs.existsSync(buildLogFile(cacheDir, 'never-run'))).toBe(false);
  expect(fs.existsSync(binary())).toBe(false);
});
