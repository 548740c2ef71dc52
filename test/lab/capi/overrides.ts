/**
 * The provider versions the lab runs (those the Go module proxy serves, so the managers can be
 * built) and an overrides directory (clusterctl's layout) holding exactly their components: the
 * ones build.sh rendered from the pinned modules, the rest from the shared fixtures beside the
 * repository, or, on a machine without them, downloaded once from the pinned release.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { METADATA_FILE, PROVIDERS, type VersionAttribute } from '../../../providers/capi/components/catalog';
import { readReleaseFile } from '../../../providers/capi/components/source';
import type { LabCapiBinaries } from './binaries';

/**
 * Versions the lab's managers are built at: the product's pinned set (the catalog's defaults),
 * which build.sh pins too (a unit test keeps them equal).
 */
export const LAB_CAPI_VERSIONS: Readonly<Record<VersionAttribute, string>> = Object.fromEntries(PROVIDERS.map((p) => [p.versionAttribute, p.defaultVersion])) as Record<VersionAttribute, string>;

const SHARED_COMPONENTS = resolve(__dirname, '../../../../shared/fixtures/components');

function cacheRoot(): string {
  return process.env.PTC_CACHE_DIR ?? join(homedir(), '.cache', 'proxmox-talos-capi');
}

/**
 * Returns an overrides directory with the components and metadata of LAB_CAPI_VERSIONS, built
 * under the cache once per build output directory (so it changes when the pins change).
 */
export async function labCapiOverridesDir(bin: LabCapiBinaries): Promise<string> {
  const dir = join(cacheRoot(), 'lab-capi', 'overrides', bin.dir.split('/').pop() ?? 'current');
  if (existsSync(join(dir, '.complete'))) return dir;
  const staging = `${dir}.partial.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const p of PROVIDERS) {
    const version = LAB_CAPI_VERSIONS[p.versionAttribute];
    const target = join(staging, p.manifestLabel, version);
    mkdirSync(target, { recursive: true });
    const built = join(bin.componentsDir, p.manifestLabel, version);
    const shared = join(SHARED_COMPONENTS, p.manifestLabel, version);
    if (existsSync(built)) cpSync(built, target, { recursive: true });
    else if (existsSync(shared)) cpSync(shared, target, { recursive: true });
    else {
      for (const file of [p.componentsFile, METADATA_FILE]) {
        const fetched = await readReleaseFile({ component: p.manifestLabel, repository: p.repository, version, file });
        writeFileSync(join(target, file), fetched.text);
      }
    }
    const files = readdirSync(target);
    for (const file of [p.componentsFile, METADATA_FILE]) {
      if (!files.includes(file)) throw new Error(`lab overrides: ${p.manifestLabel} ${version} lacks ${file} (looked in ${built}, ${shared})`);
    }
  }
  writeFileSync(join(staging, '.complete'), '');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '..'), { recursive: true });
  renameSync(staging, dir);
  return dir;
}
