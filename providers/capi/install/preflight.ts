/**
 * Read-only checks against the management cluster before anything is written: it answers, its
 * Kubernetes version suits the core provider, and no other tool installed one of our providers
 * (clusterctl allows one instance per provider).
 */
import { isAppliedBy, KubeApiError, type KubeObject } from '../kube';
import { PROVIDERS } from '../components/catalog';
import { INVENTORY_API_VERSION, INVENTORY_CRD_NAME } from '../components/inventory';
import { compareVersions, parseKubernetesVersion, parseReleaseVersion } from '../components/versions';
import { FIELD_MANAGER, type ManagementCluster } from './management-cluster';

export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightError';
  }
}

export interface InventoryEntry extends KubeObject {
  providerName?: string;
  type?: string;
  version?: string;
}

/** clusterctl's floor for any management cluster. */
const MINIMUM_KUBERNETES = 'v1.20.0';

/** Management-cluster Kubernetes minors each core line supports (Cluster API version policy), with patch floors. */
const SUPPORTED_MANAGEMENT: Record<string, { min: number; max: number; floors: Record<number, string> }> = {
  '1.12': { min: 31, max: 36, floors: { 35: 'v1.12.1', 36: 'v1.12.8' } },
};

/** Warnings (or an error below clusterctl's floor) for the management cluster's Kubernetes version. */
export function checkManagementVersion(gitVersion: string, coreVersion: string): string[] {
  const k = parseKubernetesVersion(gitVersion);
  if (!k) return [`cannot parse the management cluster's Kubernetes version ${JSON.stringify(gitVersion)}; not checking it`];
  if (compareVersions(k, parseReleaseVersion(MINIMUM_KUBERNETES)) < 0) {
    throw new PreflightError(`the management cluster runs Kubernetes ${gitVersion}; clusterctl needs ${MINIMUM_KUBERNETES} or later`);
  }
  const core = parseReleaseVersion(coreVersion, 'core_version');
  const line = SUPPORTED_MANAGEMENT[`${core.major}.${core.minor}`];
  if (!line || k.major !== 1) return [];
  if (k.minor < line.min || k.minor > line.max) {
    return [`Cluster API ${coreVersion} supports management clusters on Kubernetes 1.${line.min}-1.${line.max}; this one runs ${gitVersion}`];
  }
  const floor = line.floors[k.minor];
  if (floor && compareVersions(core, parseReleaseVersion(floor)) < 0) {
    return [`a management cluster on Kubernetes 1.${k.minor} needs Cluster API ${floor} or later; core_version is ${coreVersion}`];
  }
  return [];
}

/** All inventory Provider objects (empty when the inventory CRD is not installed). */
export async function listInventory(mgmt: ManagementCluster, signal?: AbortSignal): Promise<InventoryEntry[]> {
  const crd = await mgmt.client.getOptional(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${INVENTORY_CRD_NAME}`, signal);
  if (!crd) return [];
  try {
    return await mgmt.client.list<InventoryEntry>(`/apis/${INVENTORY_API_VERSION}/providers`, undefined, signal);
  } catch (err) {
    // Established only moments ago, or being deleted: nothing to conflict with yet.
    if (err instanceof KubeApiError && err.notFound) return [];
    throw err;
  }
}

/** Throws when a provider we install is already there under another owner or in another namespace. */
export function checkInventoryConflicts(inventory: readonly InventoryEntry[]): void {
  const problems: string[] = [];
  for (const spec of PROVIDERS) {
    for (const entry of inventory.filter((e) => e.providerName === spec.name && e.type === spec.type)) {
      const where = `${entry.metadata.namespace}/${entry.metadata.name}`;
      if (entry.metadata.namespace !== spec.namespace) {
        problems.push(`${spec.manifestLabel} is already installed in namespace ${entry.metadata.namespace} (inventory ${where}); clusterctl allows one instance per provider`);
      } else if (!isAppliedBy(entry, FIELD_MANAGER)) {
        problems.push(
          `${spec.manifestLabel} ${entry.version ?? ''} is already installed by another tool (inventory ${where}, e.g. clusterctl init); remove it with clusterctl delete or use another management cluster`,
        );
      }
    }
  }
  const core = inventory.filter((e) => e.type === 'CoreProvider' && e.providerName !== PROVIDERS[0].name);
  for (const c of core) problems.push(`another core provider (${c.providerName}) is installed in ${c.metadata.namespace}; there must be exactly one`);
  if (problems.length > 0) throw new PreflightError(problems.join('\n'));
}

export interface PreflightResult {
  readonly serverVersion: string;
  readonly warnings: string[];
}

/** Everything checked before an install or upgrade touches the cluster. */
export async function preflight(mgmt: ManagementCluster, coreVersion: string, signal?: AbortSignal): Promise<PreflightResult> {
  const version = await mgmt.client.version(signal);
  const warnings = checkManagementVersion(version.gitVersion, coreVersion);
  checkInventoryConflicts(await listInventory(mgmt, signal));
  return { serverVersion: version.gitVersion, warnings };
}
