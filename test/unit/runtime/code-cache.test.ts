/**
 * The provider entry's on-disk V8 code cache: made on the first start, used on the next, made
 * again when the bundle or the cache changes; the bundle runs as a CommonJS module (its own
 * require, __dirname); only our own stale entries are pruned.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';

// Each start is a process of its own, as Terraform's are (V8 would reuse its in-memory compilation
// within one process and never consult the cache).
let loader: string;
beforeAll(() => {
  loader = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-code-cache-loader-')), 'code-cache.cjs');
  buildSync({ entryPoints: [path.join(__dirname, '../../../providers/runtime/boot/code-cache.ts')], outfile: loader, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
});
afterAll(() => fs.rmSync(path.dirname(loader), { recursive: true, force: true }));

function runWithCodeCache(file: string, cacheDir: string): string {
  const script = `process.stdout.write(require(${JSON.stringify(loader)}).runWithCodeCache(process.argv[1], process.argv[2]))`;
  return execFileSync(process.execPath, ['-e', script, file, cacheDir], { encoding: 'utf8' });
}

let dir: string;
let cache: string;
let bundle: string;
// The bundle runs in Node's own context (not the test's), so it reports through a file.
const runs = (): string[] => {
  const file = path.join(dir, 'runs.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-code-cache-'));
  cache = path.join(dir, 'cache');
  bundle = path.join(dir, 'pkg', 'provider-code.cjs');
  fs.mkdirSync(path.join(dir, 'pkg', 'node_modules', 'lib'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pkg', 'node_modules', 'lib', 'index.js'), 'module.exports = "from the package";\n');
  fs.writeFileSync(
    bundle,
    `require("node:fs").appendFileSync(${JSON.stringify(path.join(dir, 'runs.log'))}, \`\${require("lib")} in \${__dirname}\\n\`);\n` +
      'function unused() { return 42; }\nmodule.exports = { unused };\n',
  );
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the first start writes the cache (mode 0600), the next one uses it; both run the bundle as a module', () => {
  expect(runWithCodeCache(bundle, cache)).toBe('written');
  const [file] = fs.readdirSync(cache);
  expect(file).toMatch(/\.v8cache$/);
  expect(fs.statSync(path.join(cache, file)).mode & 0o777).toBe(0o600);
  expect(runWithCodeCache(bundle, cache)).toBe('used');
  expect(runs()).toEqual([`from the package in ${path.dirname(bundle)}`, `from the package in ${path.dirname(bundle)}`]);
});

test('another bundle gets its own entry; a damaged entry is refused and made again', () => {
  expect(runWithCodeCache(bundle, cache)).toBe('written');
  fs.appendFileSync(bundle, '// rebuilt\n');
  expect(runWithCodeCache(bundle, cache)).toBe('written');
  expect(fs.readdirSync(cache)).toHaveLength(2);
  for (const f of fs.readdirSync(cache)) fs.writeFileSync(path.join(cache, f), Buffer.alloc(64, 7));
  expect(runWithCodeCache(bundle, cache)).toBe('rejected-and-written');
  expect(runWithCodeCache(bundle, cache)).toBe('used');
});

test('writing prunes our entries older than a week, and nothing else', () => {
  fs.mkdirSync(cache, { recursive: true });
  const old = path.join(cache, '00000000-1-00000000.v8cache');
  const foreign = path.join(cache, 'notes.txt');
  fs.writeFileSync(old, 'x');
  fs.writeFileSync(foreign, 'kept');
  const weeksAgo = new Date(Date.now() - 8 * 24 * 3600_000);
  fs.utimesSync(old, weeksAgo, weeksAgo);
  fs.utimesSync(foreign, weeksAgo, weeksAgo);
  expect(runWithCodeCache(bundle, cache)).toBe('written');
  expect(fs.existsSync(old)).toBe(false);
  expect(fs.readFileSync(foreign, 'utf8')).toBe('kept');
});

test('a cache others could have written is not read (it is compiled code)', () => {
  expect(runWithCodeCache(bundle, cache)).toBe('written');
  fs.chmodSync(cache, 0o777);
  // Not read: made again (and the write itself succeeds).
  expect(runWithCodeCache(bundle, cache)).toBe('written');
  fs.chmodSync(cache, 0o700);
  const [file] = fs.readdirSync(cache);
  fs.chmodSync(path.join(cache, file), 0o666);
  expect(runWithCodeCache(bundle, cache)).toBe('written');
  expect(runWithCodeCache(bundle, cache)).toBe('used');
});

test('an unwritable cache directory still runs the bundle', () => {
  fs.writeFileSync(cache, 'a file where the directory should be');
  expect(runWithCodeCache(bundle, cache)).toBe('unavailable');
  expect(runs()).toHaveLength(1);
});
