/**
 * Pinned upstream components for the capi tests: ../shared/fixtures/components beside the
 * repository (clusterctl's overrides layout) when present, else the same release files downloaded
 * once into a local cache laid out the same way (never committed).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { METADATA_FILE, PROVIDERS, type ProviderSpec, type VersionAttribute } from '../../../../providers/capi/components/catalog';
import { overridePath, readReleaseFile } from '../../../../providers/capi/components/source';

export const REPO_ROOT = resolve(__dirname, '../../../..');
const SHARED = resolve(REPO_ROOT, '../shared/fixtures');

// The lab's pinned cert-manager and its CRDs (test/lab/capi/cert-manager.ts).
export { certManagerCrdsYaml, LAB_CERT_MANAGER_VERSION } from '../../../lab/capi/cert-manager';

/**
 * The provider releases the shared fixtures hold (their README): the unit tests' data. The
 * product's pinned set differs where a fixture release is not served by the Go module proxy
 * (CACPPT v0.5.13, IPAM v1.1.0 are rendered by the lab build instead, test/lab/capi).
 */
export const FIXTURE_VERSIONS: Readonly<Record<VersionAttribute, string>> = {
  core_version: 'v1.12.10',
  bootstrap_version: 'v0.6.12',
  control_plane_version: 'v0.5.12',
  infrastructure_version: 'v0.9.0',
  ipam_version: 'v1.1.0-rc.2',
};

export const fixtureVersion = (p: ProviderSpec): string => FIXTURE_VERSIONS[p.versionAttribute];

function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'proxmox-talos-capi', 'fixtures');
}

/** An overrides directory holding every pinned provider's components and metadata. */
export async function componentsFixtureDir(): Promise<string> {
  const shared = join(SHARED, 'components');
  if (existsSync(shared)) return shared;
  const dir = join(cacheRoot(), 'components');
  for (const p of PROVIDERS) {
    for (const file of [p.componentsFile, METADATA_FILE]) {
      const f = { component: p.manifestLabel, repository: p.repository, version: fixtureVersion(p), file };
      const target = overridePath(f, dir);
      if (existsSync(target)) continue;
      const fetched = await readReleaseFile(f);
      mkdirSync(join(dir, p.manifestLabel, fixtureVersion(p)), { recursive: true });
      writeFileSync(target, fetched.text);
    }
  }
  return dir;
}

/** The raw components YAML of a pinned provider. */
export async function rawComponents(manifestLabel: string): Promise<string> {
  const p = PROVIDERS.find((x) => x.manifestLabel === manifestLabel);
  if (!p) throw new Error(`unknown provider ${manifestLabel}`);
  return readFileSync(join(await componentsFixtureDir(), manifestLabel, fixtureVersion(p), p.componentsFile), 'utf8');
}

/** The inventory CRD clusterctl v1.12.11 embeds in its binary (YAML text). */
export async function clusterctlInventoryCrdYaml(): Promise<string> {
  const file = join(SHARED, 'crds', 'clusterctl', 'clusterctl.cluster.x-k8s.io_providers.yaml');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const cached = join(cacheRoot(), 'clusterctl', 'v1.12.11', 'clusterctl-api.yaml');
  if (!existsSync(cached)) {
    const url = 'https://raw.githubusercontent.com/kubernetes-sigs/cluster-api/v1.12.11/cmd/clusterctl/config/manifest/clusterctl-api.yaml';
    const res = await fetch(url);
    if (!res.ok) throw new Error(`cannot fetch clusterctl's inventory CRD (${res.status}) from ${url}; place the CRD fixtures at ${join(SHARED, 'crds')}`);
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(cached, await res.text());
  }
  return readFileSync(cached, 'utf8');
}
