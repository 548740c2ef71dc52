/**
 * Removes exactly what the install created: our objects of each provider in reverse install order
 * (inventory entry, webhooks, controllers, the rest), then cert-manager if we installed it, then the
 * provider namespaces, CRDs last and the inventory CRD once no inventory entry is left. Objects we
 * did not write are never touched. Refuses up front while custom resources of our CRDs exist
 * outside our namespaces (deleting the CRDs would delete them, e.g. adopted Clusters and their VMs).
 */
import { describeObject, isAppliedBy, resourcePath, type KubeObject } from '../kube';
import { CERT_MANAGER, PROVIDERS } from '../components/catalog';
import { INVENTORY_CRD_NAME } from '../components/inventory';
import { customResourcesOf } from './custom-resources';
import { deletionRank } from './install';
import { FIELD_MANAGER, type ManagementCluster, type Progress } from './management-cluster';
import { listOwnedObjects, type OwnedObject } from './owned';
import { listInventory } from './preflight';
import { waitForDeletion } from './wait';

export class UninstallBlockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UninstallBlockedError';
  }
}

export interface UninstallRequest {
  /** Also remove cert-manager (true when this resource installed it). */
  readonly includeCertManager: boolean;
  readonly waitTimeoutMs: number;
  readonly signal?: AbortSignal;
  readonly progress: Progress;
}

export interface UninstallResult {
  readonly deleted: readonly string[];
  readonly warnings: readonly string[];
}

/** Custom resources of `crds` that live outside the namespaces being deleted. */
async function foreignCustomResources(mgmt: ManagementCluster, crds: readonly OwnedObject[], ownNamespaces: ReadonlySet<string>, signal?: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  for (const crd of crds) {
    for (const cr of await customResourcesOf(mgmt, crd.object.metadata.name ?? '', signal)) {
      if (cr.metadata.namespace && ownNamespaces.has(cr.metadata.namespace)) continue;
      found.push(describeObject(cr));
    }
  }
  return found;
}

function componentRank(component: string): number {
  // Reverse install order: IPAM, infrastructure, control plane, bootstrap, core, then cert-manager.
  const i = PROVIDERS.findIndex((p) => p.manifestLabel === component);
  return i >= 0 ? PROVIDERS.length - 1 - i : PROVIDERS.length;
}

async function deleteAll(mgmt: ManagementCluster, objects: readonly OwnedObject[], signal?: AbortSignal): Promise<string[]> {
  const deleted: string[] = [];
  for (const o of objects) {
    const gone = await mgmt.client.delete(resourcePath(o.resource, { namespace: o.object.metadata.namespace, name: o.object.metadata.name }), 'Background', signal);
    if (gone) deleted.push(describeObject(o.object));
  }
  return deleted;
}

export async function uninstallComponents(mgmt: ManagementCluster, req: UninstallRequest): Promise<UninstallResult> {
  const { signal, progress } = req;
  const started = Date.now();
  const warnings: string[] = [];
  const components = new Set<string>(PROVIDERS.map((p) => p.manifestLabel));
  if (req.includeCertManager) components.add(CERT_MANAGER.label);
  const { owned, skipped } = await listOwnedObjects(mgmt, components, signal);
  for (const s of skipped) warnings.push(`could not list ${s}; objects of that kind were left alone`);

  const namespaces = owned.filter((o) => o.object.kind === 'Namespace');
  const crds = owned.filter((o) => o.object.kind === 'CustomResourceDefinition');
  const ownNamespaces = new Set(namespaces.map((n) => n.object.metadata.name ?? ''));
  const blocking = await foreignCustomResources(mgmt, crds, ownNamespaces, signal);
  if (blocking.length > 0) {
    const shown = blocking.slice(0, 10).join(', ');
    throw new UninstallBlockedError(
      `cannot remove the Cluster API components from ${mgmt.server}: ${blocking.length} custom resource(s) of their CRDs still exist (${shown}${blocking.length > 10 ? ', ...' : ''}). ` +
        'Deleting the CRDs would delete them (and the provider would no longer manage their machines); remove or detach them first. Nothing was deleted.',
    );
  }

  const deleted: string[] = [];
  const rest = owned.filter((o) => o.object.kind !== 'Namespace' && o.object.kind !== 'CustomResourceDefinition');
  const byComponent = [...new Set(rest.map((o) => o.component))].sort((a, b) => componentRank(a) - componentRank(b));
  for (const component of byComponent) {
    const objects = rest.filter((o) => o.component === component).sort((a, b) => deletionRank(a.object.kind) - deletionRank(b.object.kind));
    deleted.push(...(await deleteAll(mgmt, objects, signal)));
    progress(`${component}: deleted ${objects.length} objects`);
  }
  const sortedNs = [...namespaces].sort((a, b) => componentRank(a.component) - componentRank(b.component));
  deleted.push(...(await deleteAll(mgmt, sortedNs, signal)));
  await waitForDeletion(
    mgmt,
    sortedNs.map((n) => n.object),
    { timeoutMs: req.waitTimeoutMs, signal },
  );
  progress(`deleted namespaces ${sortedNs.map((n) => n.object.metadata.name).join(', ')}`);

  const sortedCrds = [...crds].sort((a, b) => componentRank(a.component) - componentRank(b.component));
  deleted.push(...(await deleteAll(mgmt, sortedCrds, signal)));
  await waitForDeletion(
    mgmt,
    sortedCrds.map((c) => c.object),
    { timeoutMs: req.waitTimeoutMs, signal },
  );
  mgmt.mapper.invalidate();
  progress(`deleted ${sortedCrds.length} CustomResourceDefinitions`);

  // The inventory CRD goes last, and only when it is ours and nobody else's Provider entries remain.
  const crdPath = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${INVENTORY_CRD_NAME}`;
  const inventoryCrd = await mgmt.client.getOptional<KubeObject>(crdPath, signal);
  if (inventoryCrd && isAppliedBy(inventoryCrd, FIELD_MANAGER)) {
    const remaining = await listInventory(mgmt, signal);
    if (remaining.length === 0) {
      await mgmt.client.delete(crdPath, 'Background', signal);
      await waitForDeletion(mgmt, [inventoryCrd], { timeoutMs: req.waitTimeoutMs, signal });
      deleted.push(describeObject(inventoryCrd));
    } else {
      warnings.push(`kept the inventory CRD: other providers are still registered (${remaining.map((r) => `${r.metadata.namespace}/${r.metadata.name}`).join(', ')})`);
    }
  }
  mgmt.mapper.invalidate();
  progress(`components removed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { deleted, warnings };
}
