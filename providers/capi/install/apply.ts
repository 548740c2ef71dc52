/**
 * Writes objects with server-side apply as our field manager. Applying the same object twice is a
 * no-op on the server (no new resourceVersion); fields we stop sending are removed, which is what
 * an upgrade needs. An immutable-field rejection (a selector changed between releases) is resolved
 * the way clusterctl upgrades do it: delete the old object, then create the new one.
 */
import { cloneJson, describeObject, groupOf, KubeApiError, resourcePath, type ApiResource, type KubeObject } from '../kube';
import { FIELD_MANAGER, type ManagementCluster } from './management-cluster';
import { waitForCrdsEstablished, waitForDeletion } from './wait';

/** The object as we send it: no status, no null timestamps, Secret stringData encoded into data, no rules on aggregated ClusterRoles. */
export function applyBody(obj: KubeObject): KubeObject {
  const body = cloneJson(obj);
  delete body.status;
  if (body.metadata.creationTimestamp === null) delete body.metadata.creationTimestamp;
  // The clusterrole-aggregation controller owns the rules of an aggregated ClusterRole: sending the
  // manifest's `rules: []` would empty them on every apply (and briefly strip the controller's permissions).
  if (body.kind === 'ClusterRole' && body.aggregationRule) delete body.rules;
  if (body.kind === 'Secret' && body.apiVersion === 'v1' && body.stringData && typeof body.stringData === 'object') {
    // stringData is write-only on the server; sending data keeps repeated applies exact no-ops.
    const data: Record<string, string> = { ...((body.data as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(body.stringData as Record<string, string>)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    body.data = data;
    delete body.stringData;
  }
  return body;
}

/** Identity of an object on the server: group/kind/namespace/name, without a namespace for cluster-scoped kinds. */
export function liveKey(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>, namespaced: boolean): string {
  return `${groupOf(obj.apiVersion)}/${obj.kind}/${namespaced ? (obj.metadata.namespace ?? '') : ''}/${obj.metadata.name ?? ''}`;
}

/** Kinds that hold no user data, so replacing them to change an immutable field is safe (never CRDs or Namespaces). */
const REPLACEABLE_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'Service', 'RoleBinding', 'ClusterRoleBinding', 'Job']);

export interface AppliedObject {
  readonly resource: ApiResource;
  readonly key: string;
  readonly live: KubeObject;
}

/** Applies one object (resolving its REST resource through discovery). */
export async function applyObject(mgmt: ManagementCluster, obj: KubeObject, opts: { signal?: AbortSignal; deleteTimeoutMs?: number } = {}): Promise<AppliedObject> {
  const resource = await mgmt.mapper.resolve(obj.apiVersion, obj.kind, opts.signal);
  const body = applyBody(obj);
  if (!resource.namespaced) delete body.metadata.namespace;
  else if (!body.metadata.namespace) throw new Error(`${describeObject(obj)} is namespaced but has no namespace`);
  const path = resourcePath(resource, { namespace: body.metadata.namespace, name: body.metadata.name });
  let live: KubeObject;
  try {
    live = await mgmt.client.apply<KubeObject>(path, body, FIELD_MANAGER, opts.signal);
  } catch (err) {
    if (!(err instanceof KubeApiError && err.immutableField && REPLACEABLE_KINDS.has(obj.kind))) throw annotate(err, obj);
    await mgmt.client.delete(path, 'Foreground', opts.signal);
    await waitForDeletion(mgmt, [body], { timeoutMs: opts.deleteTimeoutMs ?? 120_000, signal: opts.signal });
    live = await mgmt.client.apply<KubeObject>(path, body, FIELD_MANAGER, opts.signal).catch((e: unknown) => {
      throw annotate(e, obj);
    });
  }
  return { resource, key: liveKey(body, resource.namespaced), live };
}

function annotate(err: unknown, obj: KubeObject): Error {
  if (err instanceof Error) {
    err.message = `applying ${describeObject(obj)}: ${err.message}`;
    return err;
  }
  return new Error(`applying ${describeObject(obj)}: ${String(err)}`);
}

/**
 * Applies objects in the given order; an object of a group that a CRD of this batch defines waits
 * for that CRD to be Established first. Ends by waiting for every CRD of the batch.
 */
export async function applyInOrder(mgmt: ManagementCluster, objects: readonly KubeObject[], opts: { timeoutMs: number; signal?: AbortSignal }): Promise<AppliedObject[]> {
  const applied: AppliedObject[] = [];
  const pendingCrds = new Map<string, string[]>();
  for (const obj of objects) {
    const waitFor = pendingCrds.get(groupOf(obj.apiVersion));
    if (waitFor) {
      await waitForCrdsEstablished(mgmt, waitFor, opts);
      pendingCrds.delete(groupOf(obj.apiVersion));
    }
    const result = await applyObject(mgmt, obj, { signal: opts.signal, deleteTimeoutMs: opts.timeoutMs });
    applied.push(result);
    if (obj.kind === 'CustomResourceDefinition') {
      const group = (obj.spec as { group?: string } | undefined)?.group ?? '';
      pendingCrds.set(group, [...(pendingCrds.get(group) ?? []), obj.metadata.name!]);
    }
  }
  await waitForCrdsEstablished(mgmt, [...pendingCrds.values()].flat(), opts);
  return applied;
}
