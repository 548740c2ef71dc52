/**
 * Makes a synthesized stack runnable on HCP Terraform workers, which have no Node: our
 * providers' single executables go into the stack's own `terraform.d/plugins/...` tree (an
 * implied local mirror of every Terraform run), and the lock file learns their checksums next
 * to the local mirror's, so `terraform init` accepts either package. Providers from public
 * registries (bpg/proxmox) are left to the registry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_HOST } from '../build/catalog';
import type { SynthStack } from '../plan-summary/synth-output';
import { packageHashV1 } from './dirhash';
import { formatLockFile, parseLockFile, withProviderHashes, type ProviderLock } from './lock-file';

export const LOCK_FILE = '.terraform.lock.hcl';
/** HCP Terraform's hosted workers. */
export const REMOTE_PLATFORM = 'linux_amd64';

export interface RequiredProvider {
  /** Local name in the configuration, e.g. `talos`. */
  readonly name: string;
  /** Full address `host/namespace/type`. */
  readonly address: string;
  /** Version constraint as written in the configuration. */
  readonly constraint?: string;
}

/** A source address with its host made explicit (`ns/type` means the public registry). */
export function fullAddress(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 2) return `registry.terraform.io/${parts.join('/')}`;
  if (parts.length === 3) return parts.join('/');
  throw new Error(`provider source "${source}" is not host/namespace/type or namespace/type`);
}

export function requiredProviders(configFile: string): RequiredProvider[] {
  const doc = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { terraform?: { required_providers?: Record<string, { source?: string; version?: string }> } };
  return Object.entries(doc.terraform?.required_providers ?? {}).map(([name, p]) => ({
    name,
    address: fullAddress(p.source ?? `hashicorp/${name}`),
    constraint: p.version,
  }));
}

/** The one version an exact constraint (`0.1.0` or `= 0.1.0`) allows. */
export function exactVersion(p: RequiredProvider, stack: string): string {
  const m = /^\s*=?\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/.exec(p.constraint ?? '');
  if (!m) {
    throw new Error(`stack ${stack}: provider ${p.address} is constrained to "${p.constraint ?? ''}"; bundling needs an exact version (the bindings pin one)`);
  }
  return m[1];
}

export interface BundleOptions {
  /** Output of `npm run package:providers` (holds `terraform.d/plugins`). */
  readonly packagesDir: string;
  /** Platform of the remote runners. */
  readonly platform?: string;
  /** The local filesystem mirror (`npm run build:providers`), whose packages the lock must keep accepting. */
  readonly localMirror?: string;
  /** This machine's platform, for the local mirror's packages. */
  readonly localPlatform?: string;
}

export interface BundledProvider {
  readonly address: string;
  readonly version: string;
  readonly executable: string;
  readonly hashes: readonly string[];
}

export interface BundleReport {
  readonly stack: string;
  readonly bundled: readonly BundledProvider[];
  /** Providers the remote run installs from their registry. */
  readonly fromRegistry: readonly string[];
  /** Problems that will make a remote run fail, with the fix. */
  readonly warnings: readonly string[];
}

function pluginDir(root: string, address: string, version: string, platform: string): string {
  return path.join(root, ...address.split('/'), version, platform);
}

function copyTree(from: string, to: string): string[] {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  const copied: string[] = [];
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) copied.push(...copyTree(src, dst));
    else {
      fs.copyFileSync(src, dst);
      fs.chmodSync(dst, fs.statSync(src).mode & 0o777);
      copied.push(dst);
    }
  }
  return copied;
}

/** Copies our providers into the stack's `terraform.d/plugins` and updates its lock file. */
export function bundleStackProviders(stack: SynthStack, opts: BundleOptions): BundleReport {
  const platform = opts.platform ?? REMOTE_PLATFORM;
  const required = requiredProviders(stack.configFile);
  const ours = required.filter((p) => p.address.startsWith(`${PROVIDER_HOST}/`));
  const fromRegistry = required.filter((p) => !ours.includes(p)).map((p) => p.address);
  const lockPath = path.join(stack.dir, LOCK_FILE);
  let locks: ProviderLock[] = fs.existsSync(lockPath) ? parseLockFile(fs.readFileSync(lockPath, 'utf8'), lockPath) : [];

  const bundled: BundledProvider[] = [];
  for (const p of ours) {
    const version = exactVersion(p, stack.name);
    const source = pluginDir(path.join(opts.packagesDir, 'terraform.d', 'plugins'), p.address, version, platform);
    if (!fs.existsSync(source)) {
      throw new Error(`stack ${stack.name}: no ${platform} package of ${p.address} ${version} in ${source}; run \`npm run package:providers\` on a ${platform} machine`);
    }
    const target = pluginDir(path.join(stack.dir, 'terraform.d', 'plugins'), p.address, version, platform);
    const files = copyTree(source, target);
    const type = p.address.split('/')[2];
    const executable = files.find((f) => path.basename(f).startsWith(`terraform-provider-${type}`));
    if (!executable || !(fs.statSync(executable).mode & 0o100)) {
      throw new Error(`stack ${stack.name}: ${source} holds no executable terraform-provider-${type}*; rebuild with \`npm run package:providers\``);
    }
    const hashes = [packageHashV1(target)];
    if (opts.localMirror && opts.localPlatform) {
      const local = pluginDir(opts.localMirror, p.address, version, opts.localPlatform);
      if (fs.existsSync(local)) hashes.push(packageHashV1(local));
    }
    locks = withProviderHashes(locks, { address: p.address, version, constraints: p.constraint, hashes });
    bundled.push({ address: p.address, version, executable, hashes });
  }
  if (ours.length) fs.writeFileSync(lockPath, formatLockFile(locks));

  const warnings: string[] = [];
  for (const address of fromRegistry) {
    const entry = locks.find((l) => l.address === address);
    if (entry && !entry.hashes.some((h) => h.startsWith('zh:'))) {
      warnings.push(
        `stack ${stack.name}: the lock entry for ${address} has no registry checksums (zh:), so a remote run will reject the registry's package; ` +
          `run \`terraform -chdir=${stack.dir} providers lock -platform=${platform} ${address}\` where the registry is reachable`,
      );
    }
  }
  return { stack: stack.name, bundled, fromRegistry, warnings };
}
