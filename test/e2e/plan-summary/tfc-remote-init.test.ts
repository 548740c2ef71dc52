/**
 * What an HCP Terraform remote run does with an uploaded stack directory, reproduced locally:
 * the `terraform.d/plugins` tree written by tools/tfc is the only provider source
 * (no CLI config, an empty HOME), `.terraform/` is not uploaded, and Node is not on PATH. The
 * talos provider runs as the single executable from `npm run package:providers`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS, REPO_ROOT } from '../../../tools/build/catalog';
import { packageProvider } from '../../../tools/build/package-providers';
import { packageHashV1 } from '../../../tools/tfc/dirhash';
import { formatLockFile, parseLockFile } from '../../../tools/tfc/lock-file';
import { App } from '../../../stacks/cdk';
import { LAB_CLUSTER } from '../../../stacks/lab-cluster';
import { TalosConfigStack } from '../../../stacks/talos-config-stack';
import { ok, run, terraformBinary, TerraformWorkspace } from '../../support/terraform';

const STACK = 'lab-talos';
const talos = PROVIDERS.find((p) => p.type === 'talos')!;
let ws: TerraformWorkspace;
let packages: string;
let out: string;
let stackDir: string;

/** A worker-like environment: nothing but terraform on PATH, no CLI config, an empty home. */
function workerEnv(): NodeJS.ProcessEnv {
  const bin = ws.dir('worker-bin');
  const tf = path.join(bin, 'terraform');
  if (!fs.existsSync(tf)) {
    const real = fs.realpathSync(execFileSync('sh', ['-c', `command -v ${terraformBinary()}`], { encoding: 'utf8' }).trim());
    fs.symlinkSync(real, tf);
  }
  const emptyConfig = path.join(ws.root, 'worker.tfrc');
  fs.writeFileSync(emptyConfig, '');
  return { PATH: bin, HOME: ws.dir('worker-home'), TF_CLI_CONFIG_FILE: emptyConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
}

/** The upload: the stack directory without `.terraform/` (HCP Terraform excludes it). */
function upload(name: string, lockFrom?: string): string {
  const dest = ws.dir(name);
  fs.cpSync(stackDir, dest, { recursive: true, filter: (src) => !src.split(path.sep).includes('.terraform') });
  if (lockFrom) fs.writeFileSync(path.join(dest, '.terraform.lock.hcl'), lockFrom);
  return dest;
}

beforeAll(() => {
  ws = new TerraformWorkspace('ptc-e2e-tfc', [talos]);
  packages = ws.dir('packages');
  packageProvider(talos, packages);
  out = ws.dir('cdktf.out');
  const app = new App({ outdir: out });
  new TalosConfigStack(app, STACK, LAB_CLUSTER);
  app.synth();
  stackDir = path.join(out, 'stacks', STACK);
}, 300_000);

afterAll(() => ws.cleanup());

test('bundled providers: local runs still use the mirror, a Node-less remote-like run uses the single executable', async () => {
  // A developer or cdktf has already run init locally: the lock knows only the mirror's package.
  ok(await ws.run(['init', '-input=false', '-no-color'], { cwd: stackDir }));
  const localOnlyLock = fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8');
  expect(parseLockFile(localOnlyLock)[0].hashes).toHaveLength(1);

  const tfc = await run(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(REPO_ROOT, 'tools', 'tfc', 'main.ts'), '--packages', packages, '--local-mirror', ws.mirror, '--strict', out], {
    cwd: REPO_ROOT,
    env: process.env,
    timeoutMs: 120_000,
  });
  ok(tfc);
  expect(tfc.stderr).toContain(`tfc: ${STACK}: bundled ptc.internal/ptc/talos 0.1.0`);
  const exe = path.join(stackDir, 'terraform.d', 'plugins', 'ptc.internal', 'ptc', 'talos', '0.1.0', 'linux_amd64', 'terraform-provider-talos_v0.1.0');
  expect(fs.statSync(exe).mode & 0o111).toBe(0o111);
  const [lock] = parseLockFile(fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8'));
  expect(lock.hashes).toHaveLength(2);

  // Locally nothing changes: the mirror's package still matches the lock.
  ok(await ws.run(['init', '-input=false', '-no-color'], { cwd: stackDir }));
  expect(ok(await ws.run(['plan', '-input=false', '-no-color'], { cwd: stackDir })).stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');

  // Remote-like: the uploaded directory is the only provider source and there is no Node.
  const remote = upload('remote');
  const env = workerEnv();
  const init = ok(await run(terraformBinary(), ['init', '-input=false', '-no-color'], { cwd: remote, env }));
  expect(init.stdout).toContain('Installed ptc.internal/ptc/talos v0.1.0');
  const plan = ok(await run(terraformBinary(), ['plan', '-input=false', '-no-color'], { cwd: remote, env, timeoutMs: 120_000 }));
  expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  expect(plan.stdout).toMatch(/talos_machine_secrets\.cluster-secrets_[0-9A-F]{8} will be created/);
}, 600_000);

test("without the bundled package's checksum in the lock, the remote-like init refuses it", async () => {
  const lockPath = path.join(stackDir, '.terraform.lock.hcl');
  const bundled = packageHashV1(path.join(stackDir, 'terraform.d', 'plugins', 'ptc.internal', 'ptc', 'talos', '0.1.0', 'linux_amd64'));
  const [lock] = parseLockFile(fs.readFileSync(lockPath, 'utf8'));
  expect(lock.hashes).toContain(bundled);
  const localOnly = formatLockFile([{ ...lock, hashes: lock.hashes.filter((h) => h !== bundled) }]);
  const remote = upload('remote-local-only-lock', localOnly);
  const res = await run(terraformBinary(), ['init', '-input=false', '-no-color'], { cwd: remote, env: workerEnv() });
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/match any of the checksums/);
}, 300_000);
