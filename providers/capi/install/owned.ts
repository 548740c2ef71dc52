/**
 * Finds the objects this provider installed: every object carrying clusterctl's label that our
 * field manager wrote through server-side apply, of any kind the server lists (the way
 * `clusterctl delete` discovers a provider's objects, narrowed to what we created ourselves).
 * Only metadata is fetched; `object` holds apiVersion, kind and metadata.
 */
import { mapLimit } from '../../runtime/map-limit';
import { isAppliedBy, type ApiResource, type KubeObject } from '../kube';
import { CERT_MANAGER_LABEL_VALUE } from '../components/cert-manager';
import { CLUSTERCTL_CORE_LABEL, CLUSTERCTL_LABEL, PROVIDER_LABEL } from '../components/transform';
import { liveKey } from './apply';
import { FIELD_MANAGER, type ManagementCluster } from './management-cluster';

export interface OwnedObject {
  readonly resource: ApiResource;
  readonly object: KubeObject;
  readonly key: string;
  /** Manifest label, or `cert-manager`. */
  readonly component: string;
}

/** Which component an object belongs to, from its labels (undefined when neither label is there). */
export function componentOf(obj: KubeObject): string | undefined {
  const labels = obj.metadata.labels ?? {};
  if (labels[PROVIDER_LABEL]) return labels[PROVIDER_LABEL];
  if (labels[CLUSTERCTL_CORE_LABEL] === CERT_MANAGER_LABEL_VALUE) return CERT_MANAGER_LABEL_VALUE;
  return undefined;
}

const LIST_CONCURRENCY = 8;

interface Listed {
  readonly resource: ApiResource;
  readonly items?: Array<{ metadata: KubeObject['metadata'] }>;
  readonly error?: string;
}

/**
 * Lists our objects of the given components. Kinds whose listing fails (an aggregated API that is
 * down) are skipped rather than failing the whole walk; the caller sees them in `skipped`.
 */
export async function listOwnedObjects(mgmt: ManagementCluster, components: ReadonlySet<string>, signal?: AbortSignal): Promise<{ owned: OwnedObject[]; skipped: string[] }> {
  const owned: OwnedObject[] = [];
  const skipped: string[] = [];
  const resources = await mgmt.mapper.listable(signal);
  // Every resource type is listed: eight at a time, results kept in discovery order.
  const lists = await mapLimit(resources, LIST_CONCURRENCY, async (resource): Promise<Listed> => {
    const base = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
    try {
      return { resource, items: await mgmt.client.listMetadata(`${base}/${resource.plural}`, CLUSTERCTL_LABEL, signal) };
    } catch (err) {
      return { resource, error: (err as Error).message };
    }
  });
  for (const { resource, items, error } of lists) {
    if (!items) {
      skipped.push(`${resource.plural}.${resource.group || 'core'}: ${error}`);
      continue;
    }
    for (const item of items) {
      // Metadata only: callers that need a spec (CRDs) fetch the object.
      const obj: KubeObject = { apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version, kind: resource.kind, metadata: item.metadata };
      const component = componentOf(obj);
      if (!component || !components.has(component) || !isAppliedBy(obj, FIELD_MANAGER)) continue;
      owned.push({ resource, object: obj, key: liveKey(obj, resource.namespaced), component });
    }
  }
  return { owned, skipped };
}
