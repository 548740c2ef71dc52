/**
 * `npm run lab -- build`: from an empty cache directory (PTC_CACHE_DIR), our providers' build
 * (the cheap component: dist/mirror, as `npm run build:providers`) shows its build line with why
 * and the estimate, writes its output to a log file under the cache, and ends with a summary.
 * Bad input gets a clear error before anything is built.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROVIDERS, REPO_ROOT } from '../../../tools/build/catalog';
import { packageDir } from '../../../tools/build/build-providers';
import { BUILD_COMPONENTS } from '../../lab/build/components';
import { buildLogFile } from '../../lab/build/runner';
import { run } from '../../support/terraform';

jest.setTimeout(5 * 60_000);

const lab = (cacheDir: string, ...args: string[]) =>
  run(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(REPO_ROOT, 'test/lab/env/main.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PTC_CACHE_DIR: cacheDir },
    timeoutMs: 240_000,
  });

let cacheDir: string;
beforeEach(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-lab-build-'));
});
afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

test('lab build --only providers from an empty cache: build line, log file, summary', async () => {
  const r = await lab(cacheDir, 'build', '--only', 'providers');
  expect(r.code).toBe(0);
  const log = buildLogFile(cacheDir, 'providers');
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe(`builds: providers (cache ${cacheDir})`);
  expect(lines[1]).toMatch(
    new RegExp(
      `^ {2}providers: building our Terraform providers \\(talos, capi\\) into dist/mirror: (first run|rebuilt on every run)[^;]*; cold estimate ~\\d+ s on 2 cores; log ${log.replace(/[.]/g, '\\.')}$`,
    ),
  );
  expect(lines.at(-2)).toMatch(/^ {2}providers: built in \d+\.\d s$/);
  expect(lines.at(-1)).toMatch(/^builds done in \d+\.\d s: providers built \(\d+\.\d s\)$/);
  // The entry point's own output is in the log, not on the screen.
  const logText = fs.readFileSync(log, 'utf8');
  for (const p of PROVIDERS) {
    expect(logText).toContain(`built ptc.internal/ptc/${p.type} ${p.version}`);
    expect(fs.existsSync(packageDir(p))).toBe(true);
  }
  expect(r.stdout + r.stderr).not.toContain('built ptc.internal');
  expect(fs.readdirSync(path.join(cacheDir, 'locks'))).toEqual([]);
});

test('an unknown component is refused by name before anything is built', async () => {
  const r = await lab(cacheDir, 'build', '--only', 'providers,kubernetes');
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`unknown build component 'kubernetes'; known: ${BUILD_COMPONENTS.map((c) => c.name).join(', ')}`);
  expect(fs.readdirSync(cacheDir)).toEqual([]);
});
