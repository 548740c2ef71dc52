/**
 * The lab runs what the product installs: each manager's build module (test/lab/capi/go/<dir>)
 * requires its provider at the catalog's pinned release, so the components the product applies by
 * default and the binaries the lab starts are the same version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultVersionOf, type VersionAttribute } from '../../../../providers/capi/components/catalog';
import { LAB_CAPI_VERSIONS } from '../../../lab/capi/overrides';

const GO_DIR = join(__dirname, '../../../lab/capi/go');

const BUILDS: ReadonlyArray<readonly [dir: string, module: string, attribute: VersionAttribute]> = [
  ['capi', 'sigs.k8s.io/cluster-api', 'core_version'],
  ['cabpt', 'github.com/siderolabs/cluster-api-bootstrap-provider-talos', 'bootstrap_version'],
  ['cacppt', 'github.com/siderolabs/cluster-api-control-plane-provider-talos', 'control_plane_version'],
  ['capmox', 'github.com/ionos-cloud/cluster-api-provider-proxmox', 'infrastructure_version'],
  ['ipam', 'sigs.k8s.io/cluster-api-ipam-provider-in-cluster', 'ipam_version'],
];

/** The version go.mod requires of a module (`\tmodule vX.Y.Z` in a require block or line). */
function required(goMod: string, module: string): string | undefined {
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod)?.[1];
}

test.each(BUILDS)('go/%s builds %s at the pinned release', (dir, module, attribute) => {
  const goMod = readFileSync(join(GO_DIR, dir, 'go.mod'), 'utf8');
  expect(required(goMod, module)).toBe(defaultVersionOf(attribute));
  expect(LAB_CAPI_VERSIONS[attribute]).toBe(defaultVersionOf(attribute));
});
