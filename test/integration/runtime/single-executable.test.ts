/**
 * The Node single-executable package of the talos provider: a zip with SHA256SUMS, and a
 * terraform.d/plugins tree that real Terraform installs from a stack directory with no CLI
 * config and no Node on PATH (as on an HCP Terraform worker).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROVIDERS } from '../../../tools/build/catalog';
import { packageProvider, type PackagedProvider } from '../../../tools/build/package-providers';
import { connect, launchProvider, makeClientCert, parseHandshake, terraformEnv } from '../../support/plugin-client';
import { ok, run, terraformBinary } from '../../support/terraform';
import { execFileSync } from 'node:child_process';

const talos = PROVIDERS.find((p) => p.type === 'talos')!;
let dir: string;
let pkg: PackagedProvider;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-sea-'));
  pkg = packageProvider(talos, path.join(dir, 'packages'));
}, 300_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('SHA256SUMS lists the zip and the manifest with their hashes; the zip holds an executable', () => {
  const sums = fs
    .readFileSync(pkg.sums, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/));
  const zipName = path.basename(pkg.zip);
  const zipSum = sums.find(([, name]) => name === zipName)?.[0];
  expect(zipSum).toBe(createHash('sha256').update(fs.readFileSync(pkg.zip)).digest('hex'));
  expect(sums.map(([, n]) => n)).toContain('terraform-provider-talos_0.1.0_manifest.json');
  const listing = execFileSync('unzip', ['-Z', pkg.zip]).toString();
  expect(listing).toMatch(/-rwxr-xr-x .* terraform-provider-talos_v0\.1\.0/);
});

test('the executable speaks the handshake without Node on PATH', async () => {
  const cert = await makeClientCert();
  const p = await launchProvider(pkg.pluginPath, [], terraformEnv(cert, { PATH: '/nonexistent' }));
  const clients = connect(parseHandshake(p.handshakeLine), cert);
  const schema = await clients.call('provider', 'GetProviderSchema');
  expect(Object.keys(schema.resource_schemas as object)).toContain('talos_machine_secrets');
  await clients.call('controller', 'Shutdown');
  expect(await p.exited).toBe(0);
  clients.close();
}, 60_000);

test('terraform installs it from ./terraform.d/plugins and applies a stack', async () => {
  const stack = path.join(dir, 'stack');
  fs.mkdirSync(stack);
  fs.cpSync(path.join(dir, 'packages', 'terraform.d'), path.join(stack, 'terraform.d'), { recursive: true });
  fs.writeFileSync(
    path.join(stack, 'main.tf.json'),
    JSON.stringify({
      terraform: { required_providers: { talos: { source: 'ptc.internal/ptc/talos', version: '0.1.0' } } },
      resource: { talos_machine_secrets: { this: {} } },
    }),
  );
  // Only terraform itself on PATH: no node for the provider to lean on.
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const tfPath = execFileSync('sh', ['-c', `command -v ${terraformBinary()}`])
    .toString()
    .trim();
  fs.symlinkSync(tfPath, path.join(bin, 'terraform'));
  const env = { HOME: dir, PATH: bin, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'empty.tfrc') };
  fs.writeFileSync(env.TF_CLI_CONFIG_FILE, '');
  const tf = (...args: string[]) => run(path.join(bin, 'terraform'), args, { cwd: stack, env });
  ok(await tf('init', '-no-color'));
  ok(await tf('apply', '-auto-approve', '-no-color'));
  expect((await tf('plan', '-detailed-exitcode', '-no-color')).code).toBe(0);
  ok(await tf('destroy', '-auto-approve', '-no-color'));
}, 300_000);
