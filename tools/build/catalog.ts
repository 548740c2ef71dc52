/**
 * Our providers: source address, version and entry point. Stacks pin exactly these versions;
 * the build puts them in the filesystem mirror under these addresses.
 */
import * as path from 'node:path';

/** Our own registry host: `.internal` is reserved for private use, so it never collides with a public registry. */
export const PROVIDER_HOST = 'ptc.internal';
export const PROVIDER_NAMESPACE = 'ptc';

export interface ProviderPackage {
  /** Provider type, e.g. `talos`. */
  readonly type: string;
  readonly version: string;
  /** Entry module (TypeScript) that calls serve(). */
  readonly entry: string;
  /** Module exporting the provider definition as `provider` (for schema export without a process). */
  readonly definition: string;
  /** Registry namespace; ours unless a test provider says otherwise. */
  readonly namespace?: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const PROVIDERS: readonly ProviderPackage[] = [
  {
    type: 'talos',
    version: '0.1.0',
    entry: path.join(REPO_ROOT, 'providers/talos/main.ts'),
    definition: path.join(REPO_ROOT, 'providers/talos/provider.ts'),
  },
  {
    type: 'capi',
    version: '0.1.0',
    entry: path.join(REPO_ROOT, 'providers/capi/main.ts'),
    definition: path.join(REPO_ROOT, 'providers/capi/provider.ts'),
  },
];

export function providerSource(p: Pick<ProviderPackage, 'type' | 'namespace'>): string {
  return `${PROVIDER_HOST}/${p.namespace ?? PROVIDER_NAMESPACE}/${p.type}`;
}

/** Terraform's platform name for this machine, e.g. `linux_amd64`. */
export function terraformPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const goArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  const a = goArch[arch];
  if (!a) throw new Error(`unsupported CPU architecture ${arch}`);
  return `${platform === 'win32' ? 'windows' : platform}_${a}`;
}

export const DIST = path.join(REPO_ROOT, 'dist');
export const MIRROR_DIR = path.join(DIST, 'mirror');
export const CLI_CONFIG_FILE = path.join(DIST, 'terraformrc');
