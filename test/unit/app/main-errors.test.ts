/**
 * main.ts as cdktf runs it, on inputs that used to end in a stack trace or in the lab cluster
 * being synthesized instead: each exits 1 with clean lines naming the file, the field and the fix,
 * synthesizes nothing, and prints no stack trace. An error no check words is reported as a bug in
 * one line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { goodInput, type Mutable } from '../definition/fixtures';

const REPO = path.resolve(__dirname, '../../..');
const KUBECONFIG_ENV = 'PTC_TEST_MANAGEMENT_KUBECONFIG';

let cwd: string;
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-main-errors-'));
  fs.mkdirSync(path.join(cwd, 'clusters'));
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

function write(rel: string, content: string): void {
  fs.writeFileSync(path.join(cwd, 'clusters', rel), content);
}

function definition(change: (d: Mutable) => void = () => undefined): string {
  const d = goodInput();
  change(d);
  return stringify(d);
}

function runMain(extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string; stdout: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: path.join(cwd, 'out'), ...extraEnv };
  delete env[KUBECONFIG_ENV];
  delete env.PTC_DEBUG;
  Object.assign(env, extraEnv);
  const res = spawnSync(process.execPath, ['--import', require.resolve('tsx'), path.join(REPO, 'main.ts')], { cwd, encoding: 'utf8', env, timeout: 90_000 });
  return { status: res.status, stderr: res.stderr, stdout: res.stdout };
}

function expectCleanFailure(res: { status: number | null; stderr: string; stdout: string }): void {
  expect(res.status).toBe(1);
  expect(`${res.stderr}\n${res.stdout}`).not.toMatch(/^\s+at /m);
  expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
  expect(fs.existsSync(path.join(cwd, 'cdktf.out'))).toBe(false);
}

test('prod.YAML is read (not skipped for the lab cluster); an alias bomb and a throwing module are problems', () => {
  write(
    'prod.YAML',
    definition((d) => (d.vmidBase = 12)),
  );
  write(
    'bomb.yaml',
    ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n'),
  );
  write('thrower.ts', 'throw new Error("cannot compute the cluster");\n');
  write('stale.toml', 'name = "old"\n');
  const res = runMain();
  expectCleanFailure(res);
  expect(res.stderr).toMatch(/^\d+ problems in 4 cluster definitions:/);
  expect(res.stderr).toMatch(/^clusters\/prod\.YAML: vmidBase: 12 is below the minimum 100.* Example: /m);
  expect(res.stderr).toMatch(/^clusters\/bomb\.yaml: \(file\): expands YAML aliases .* Example: /m);
  expect(res.stderr).toMatch(/^clusters\/thrower\.ts: \(file\): cannot be loaded: cannot compute the cluster\. Example: /m);
  expect(res.stderr).toMatch(/^clusters\/stale\.toml: \(file\): is TOML, which is not a definition format.* Example: /m);
}, 120_000);

test('an unset clusterApi.management.kubeconfigEnv variable is a definition problem before synth', () => {
  write(
    'prod.yaml',
    definition((d) => (d.clusterApi.management = { kind: 'existing', kubeconfigEnv: KUBECONFIG_ENV })),
  );
  const res = runMain();
  expectCleanFailure(res);
  expect(res.stderr).toContain(
    `clusters/prod.yaml: clusterApi.management.kubeconfigEnv: names the environment variable ${KUBECONFIG_ENV}, which is not set; it must hold the path of the management cluster's kubeconfig. Example: export ${KUBECONFIG_ENV}=/path/to/management.kubeconfig`,
  );
}, 120_000);

test('an error no check words: one line, reported as a bug, exit 1, no stack trace', () => {
  write('prod.yaml', definition());
  // cdktf hands the app its context as JSON; a broken one fails inside the CDK, not in our checks.
  const res = runMain({ CDKTF_CONTEXT_JSON: '{not json' });
  expectCleanFailure(res);
  const lines = res.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('warning: '));
  expect(lines).toEqual([expect.stringMatching(/^error: \S/), expect.stringMatching(/^This is a bug in proxmox-talos-capi, not in your definitions: please report it/)]);
}, 120_000);

test('a malformed variable of the app environment is named with its fix before anything is read or synthesized', () => {
  write('prod.yaml', definition());
  const timeout = runMain({ PTC_ADOPTION_TIMEOUT_SECONDS: '10m' });
  expectCleanFailure(timeout);
  expect(timeout.stderr.trim()).toBe('environment variable PTC_ADOPTION_TIMEOUT_SECONDS: "10m" is not whole seconds; write e.g. 600 (0 skips the watch)');
  const backend = runMain({ PTC_BACKEND: 'cloud' });
  expectCleanFailure(backend);
  expect(backend.stderr.trim()).toBe('environment variable PTC_BACKEND: environment.organization: is required for a cloud backend (set PTC_TFC_ORGANIZATION and PTC_TFC_WORKSPACE_PREFIX)');
}, 120_000);
