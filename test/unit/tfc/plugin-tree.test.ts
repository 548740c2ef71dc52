import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSynthManifest } from '../../../tools/plan-summary/synth-output';
import { packageHashV1 } from '../../../tools/tfc/dirhash';
import { parseLockFile } from '../../../tools/tfc/lock-file';
import { bundleStackProviders, exactVersion, fullAddress, requiredProviders } from '../../../tools/tfc/plugin-tree';

let root: string;
let out: string;
let packages: string;
let mirror: string;

const TALOS = 'ptc.internal/ptc/talos';
const PROXMOX = 'registry.terraform.io/bpg/proxmox';

function writeStack(name: string, requiredProviders: Record<string, { source: string; version?: string }>) {
  const dir = path.join(out, 'stacks', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: { required_providers: requiredProviders } }));
  return { name, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, dependencies: [] };
}

function writePackage(base: string, address: string, version: string, platform: string, exe: string) {
  const dir = path.join(base, ...address.split('/'), version, platform);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `terraform-provider-${address.split('/')[2]}_v${version}`), exe, { mode: 0o755 });
  return dir;
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-tfc-'));
  out = path.join(root, 'cdktf.out');
  packages = path.join(root, 'packages');
  mirror = path.join(root, 'mirror');
  writePackage(path.join(packages, 'terraform.d', 'plugins'), TALOS, '0.1.0', 'linux_amd64', 'ELF single executable');
  writePackage(mirror, TALOS, '0.1.0', 'linux_amd64', '#!/bin/sh\nexec node provider.cjs');
  const stacks = {
    talos: writeStack('talos', { talos: { source: TALOS, version: '0.1.0' } }),
    infra: writeStack('infra', { proxmox: { source: 'bpg/proxmox', version: '0.78.0' } }),
  };
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks }));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const stack = (name: string) => readSynthManifest(out).find((s) => s.name === name)!;
const opts = () => ({ packagesDir: packages, localMirror: mirror, localPlatform: 'linux_amd64' });

test("copies the executable into the stack's terraform.d/plugins tree, executable", () => {
  const report = bundleStackProviders(stack('talos'), opts());
  const exe = path.join(out, 'stacks', 'talos', 'terraform.d', 'plugins', 'ptc.internal', 'ptc', 'talos', '0.1.0', 'linux_amd64', 'terraform-provider-talos_v0.1.0');
  expect(report.bundled).toEqual([{ address: TALOS, version: '0.1.0', executable: exe, hashes: expect.any(Array) }]);
  expect(fs.readFileSync(exe, 'utf8')).toBe('ELF single executable');
  expect(fs.statSync(exe).mode & 0o777).toBe(0o755);
  expect(report.fromRegistry).toEqual([]);
});

test("the lock file accepts both the bundled package and the local mirror's", () => {
  bundleStackProviders(stack('talos'), opts());
  const [lock] = parseLockFile(fs.readFileSync(path.join(out, 'stacks', 'talos', '.terraform.lock.hcl'), 'utf8'));
  const bundled = packageHashV1(path.join(out, 'stacks', 'talos', 'terraform.d', 'plugins', 'ptc.internal', 'ptc', 'talos', '0.1.0', 'linux_amd64'));
  const local = packageHashV1(path.join(mirror, 'ptc.internal', 'ptc', 'talos', '0.1.0', 'linux_amd64'));
  expect(bundled).not.toBe(local);
  expect(lock).toEqual({ address: TALOS, version: '0.1.0', constraints: '0.1.0', hashes: [bundled, local].sort() });
});

test('an existing lock keeps its other hashes; running twice changes nothing', () => {
  const lockPath = path.join(out, 'stacks', 'talos', '.terraform.lock.hcl');
  fs.writeFileSync(lockPath, `provider "${TALOS}" {\n  version     = "0.1.0"\n  constraints = "0.1.0"\n  hashes = [\n    "h1:from-another-machine=",\n  ]\n}\n`);
  bundleStackProviders(stack('talos'), opts());
  const once = fs.readFileSync(lockPath, 'utf8');
  expect(parseLockFile(once)[0].hashes).toHaveLength(3);
  expect(once).toContain('"h1:from-another-machine=",');
  bundleStackProviders(stack('talos'), opts());
  expect(fs.readFileSync(lockPath, 'utf8')).toBe(once);
});

test('a rebuilt package replaces the old copy', () => {
  bundleStackProviders(stack('talos'), opts());
  const target = path.join(out, 'stacks', 'talos', 'terraform.d', 'plugins', 'ptc.internal', 'ptc', 'talos', '0.1.0', 'linux_amd64');
  fs.writeFileSync(path.join(target, 'stale-extra-file'), 'x');
  bundleStackProviders(stack('talos'), opts());
  expect(fs.readdirSync(target)).toEqual(['terraform-provider-talos_v0.1.0']);
});

test('registry providers are left alone; a lock without registry checksums is flagged', () => {
  const clean = bundleStackProviders(stack('infra'), opts());
  expect(clean).toEqual({ stack: 'infra', bundled: [], fromRegistry: [PROXMOX], warnings: [] });
  expect(fs.existsSync(path.join(out, 'stacks', 'infra', 'terraform.d'))).toBe(false);
  expect(fs.existsSync(path.join(out, 'stacks', 'infra', '.terraform.lock.hcl'))).toBe(false);

  fs.writeFileSync(path.join(out, 'stacks', 'infra', '.terraform.lock.hcl'), `provider "${PROXMOX}" {\n  version = "0.78.0"\n  hashes = [\n    "h1:locally-built=",\n  ]\n}\n`);
  const flagged = bundleStackProviders(stack('infra'), opts());
  expect(flagged.warnings).toEqual([
    expect.stringMatching(/lock entry for registry\.terraform\.io\/bpg\/proxmox has no registry checksums \(zh:\).*providers lock -platform=linux_amd64 registry\.terraform\.io\/bpg\/proxmox/),
  ]);
});

test('a missing package names the command that builds it', () => {
  expect(() => bundleStackProviders(stack('talos'), { ...opts(), platform: 'linux_arm64' })).toThrow(
    /stack talos: no linux_arm64 package of ptc\.internal\/ptc\/talos 0\.1\.0 in .*; run `npm run package:providers` on a linux_arm64 machine/,
  );
});

test('a package without an executable is refused', () => {
  const dir = path.join(packages, 'terraform.d', 'plugins', 'ptc.internal', 'ptc', 'talos', '0.1.0', 'linux_amd64');
  fs.chmodSync(path.join(dir, 'terraform-provider-talos_v0.1.0'), 0o644);
  expect(() => bundleStackProviders(stack('talos'), opts())).toThrow(/holds no executable terraform-provider-talos\*/);
});

test('required providers and versions', () => {
  expect(requiredProviders(stack('infra').configFile)).toEqual([{ name: 'proxmox', address: PROXMOX, constraint: '0.78.0' }]);
  expect(fullAddress('hashicorp/null')).toBe('registry.terraform.io/hashicorp/null');
  expect(fullAddress('PTC.internal/ptc/Talos')).toBe('ptc.internal/ptc/talos');
  expect(() => fullAddress('talos')).toThrow(/is not host\/namespace\/type/);
  expect(exactVersion({ name: 't', address: TALOS, constraint: '= 0.1.0' }, 's')).toBe('0.1.0');
  expect(() => exactVersion({ name: 't', address: TALOS, constraint: '~> 0.1' }, 's')).toThrow(/constrained to "~> 0\.1"; bundling needs an exact version/);
});
