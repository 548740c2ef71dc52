/** Custom resources of a CRD: what deleting the CRD would delete with it. */
import { isNotFound, type KubeObject, type ObjectMeta } from '../kube';
import type { ManagementCluster } from './management-cluster';

interface CrdSpec {
  group: string;
  names: { plural: string; kind: string };
  versions: Array<{ name: string; served?: boolean; storage?: boolean }>;
}

export interface CustomResourceRef {
  readonly kind: string;
  readonly metadata: ObjectMeta;
}

/** Metadata of every object of the named CRD (empty when the CRD or its API is gone). */
export async function customResourcesOf(mgmt: ManagementCluster, crdName: string, signal?: AbortSignal): Promise<CustomResourceRef[]> {
  const crd = await mgmt.client.getOptional<KubeObject>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`, signal);
  if (!crd) return [];
  const spec = crd.spec as CrdSpec;
  const version = spec.versions.find((v) => v.storage)?.name ?? spec.versions[0]?.name;
  try {
    const items = await mgmt.client.listMetadata(`/apis/${spec.group}/${version}/${spec.names.plural}`, undefined, signal);
    return items.map((i) => ({ kind: spec.names.kind, metadata: i.metadata }));
  } catch (err) {
    // Not served (never Established, or being deleted): nothing to lose.
    if (isNotFound(err)) return [];
    throw err;
  }
}
