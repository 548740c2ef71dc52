/**
 * Writes the recipe to the management cluster: server-side apply of every object in order,
 * owner UIDs taken from the objects just applied, stale objects of an unfinished adoption
 * removed, and the unpause as the last step. Re-running converges: apply is idempotent and the
 * Cluster stays paused until the guards pass.
 */
import { ADOPTION_KINDS, describeKey, keyId, keyOf, statusOf, type KindInfo, type KubeObject, type KubeObjectClient, type ObjectKey } from './kube';
import { CAPI, isUsersNamespace, OURS, type AdoptionPhase } from './names';
import { clusterObject, withOwners, type AdoptionPlan, type DesiredObject } from './objects';
import type { AdoptionInput } from './input';
import { repairLive } from './status';

const K = ADOPTION_KINDS;

export type Progress = (message: string, fields?: Record<string, unknown>) => void;

export class ApplyError extends Error {
  constructor(
    readonly object: string,
    cause: Error,
  ) {
    super(`applying ${object} failed: ${cause.message}`);
    this.name = 'ApplyError';
  }
}

/** Which objects a run writes: while adopting, all; once adopted, only the managed ones. */
export function objectsFor(plan: AdoptionPlan, phase: AdoptionPhase): DesiredObject[] {
  return plan.objects.filter((d) => phase === 'adopting' || d.lifecycle === 'managed');
}

/**
 * Applies the objects in plan order; returns what the server stored, by keyId.
 * `createOnly` objects are created when missing and otherwise left alone.
 */
export async function applyObjects(mgmt: KubeObjectClient, plan: AdoptionPlan, phase: AdoptionPhase, progress: Progress, signal?: AbortSignal): Promise<Map<string, KubeObject>> {
  const stored = new Map<string, KubeObject>();
  const uidOf = async (key: ObjectKey): Promise<string | undefined> => {
    const id = keyId(key);
    if (!stored.has(id)) {
      const live = await mgmt.get(key);
      if (live) stored.set(id, live);
    }
    return stored.get(id)?.metadata.uid;
  };
  for (const desired of objectsFor(plan, phase)) {
    if (signal?.aborted) throw new Error('cancelled before every adoption object was applied; re-run to finish (the Cluster stays paused)');
    const key = keyOf(desired.object);
    const where = describeKey(key);
    try {
      if (desired.createOnly) {
        const live = await mgmt.get(key);
        if (live) {
          const repaired = await repairLive(mgmt, desired, live);
          if (repaired) progress(`repaired ${where}`, { step: desired.step });
          stored.set(keyId(key), repaired ?? live);
          continue;
        }
      }
      if (desired.object.kind === K.Namespace.kind) {
        const live = await mgmt.get(key);
        if (live && isUsersNamespace(live, plan.names.cluster)) {
          stored.set(keyId(key), live);
          continue;
        }
      }
      const uids = new Map<string, string | undefined>();
      for (const o of desired.owners) {
        const ownerKey = { apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: plan.names.namespace };
        uids.set(keyId(ownerKey), await uidOf(ownerKey));
      }
      const object = withOwners(desired, (o) => uids.get(keyId({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: plan.names.namespace })));
      let result = await mgmt.apply(object, { fieldManager: OURS.fieldManager, force: true });
      progress(`applied ${where}`, { step: desired.step, lifecycle: desired.lifecycle });
      // Status the controllers will not publish (addresses of adopted VMs), written before the unpause.
      const repaired = await repairLive(mgmt, desired, result);
      if (repaired) {
        result = repaired;
        progress(`wrote status of ${where}`, { step: desired.step });
      }
      stored.set(keyId(key), result);
    } catch (err) {
      throw new ApplyError(where, err as Error);
    }
  }
  return stored;
}

/** Kinds an adoption may have created, in the order they are safe to delete (leaves first). */
export const TEARDOWN_ORDER: readonly KindInfo[] = [
  K.IPAddressClaim,
  K.IPAddress,
  K.Machine,
  K.ProxmoxMachine,
  K.TalosConfig,
  K.MachineSet,
  K.MachineDeployment,
  K.TalosControlPlane,
  K.InClusterIPPool,
  K.ProxmoxMachineTemplate,
  K.TalosConfigTemplate,
  K.Secret,
  K.ProxmoxCluster,
  K.Cluster,
];

/** Finalizer the API server adds for Orphan deletion; the garbage collector removes it after orphaning dependents. */
const ORPHAN_FINALIZER = 'orphan';

/**
 * Removes an object without letting any controller act on the deletion, as `clusterctl move`
 * does on the source side: mark it delete-for-move, delete it orphaning dependents, strip the
 * controllers' finalizers (the garbage collector's `orphan` one stays: it must finish orphaning
 * first). Tolerates the object vanishing at any step.
 */
export async function forceRemove(mgmt: KubeObjectClient, key: ObjectKey): Promise<boolean> {
  const gone = (err: unknown) => {
    if (statusOf(err) === 404) return true;
    throw err;
  };
  const live = await mgmt.get(key);
  if (!live) return false;
  try {
    await mgmt.mergePatch(key, { metadata: { annotations: { [CAPI.deleteForMoveAnnotation]: '' } } });
    if (!(await mgmt.delete(key, { propagationPolicy: 'Orphan' }))) return true;
  } catch (err) {
    return gone(err);
  }
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await mgmt.get(key);
    if (!current) return true;
    const finalizers = current.metadata.finalizers ?? [];
    const keep = finalizers.filter((f) => f === ORPHAN_FINALIZER);
    if (keep.length === finalizers.length) return true;
    try {
      // resourceVersion makes this a precondition: a concurrent change (the collector) means re-read.
      await mgmt.mergePatch(key, { metadata: { resourceVersion: current.metadata.resourceVersion, finalizers: keep } });
      return true;
    } catch (err) {
      if (statusOf(err) === 409) continue;
      return gone(err);
    }
  }
  throw new Error(`${describeKey(key)}: could not remove its finalizers (kept changing)`);
}

/**
 * While adopting, objects this resource created earlier that the current plan no longer has
 * (a node dropped from the input, a renamed template) are removed, so a re-run converges.
 */
export async function pruneStale(mgmt: KubeObjectClient, plan: AdoptionPlan, progress: Progress): Promise<string[]> {
  const wanted = new Set(plan.objects.map((d) => keyId(keyOf(d.object))));
  const removed: string[] = [];
  for (const kind of TEARDOWN_ORDER) {
    if (kind === K.Cluster) continue;
    const items = await mgmt.list(kind.apiVersion, kind.kind, { namespace: plan.names.namespace, labelSelector: `${OURS.adoptionLabel}=${plan.names.cluster}` });
    for (const item of items) {
      const key = keyOf(item);
      if (wanted.has(keyId(key))) continue;
      if (await forceRemove(mgmt, key)) {
        removed.push(describeKey(key));
        progress(`removed stale ${describeKey(key)}`);
      }
    }
  }
  return removed;
}

/** The adoption phase recorded on a Cluster this resource created, or undefined for a foreign Cluster. */
export function phaseOf(cluster: KubeObject, clusterName: string): AdoptionPhase | undefined {
  if (cluster.metadata.labels?.[OURS.adoptionLabel] !== clusterName) return undefined;
  return cluster.metadata.annotations?.[OURS.phaseAnnotation] === 'adopted' ? 'adopted' : 'adopting';
}

export class ForeignClusterError extends Error {
  constructor(where: string) {
    super(`${where} already exists and was not created by this adoption resource; refusing to take it over (delete it, or adopt under another namespace)`);
    this.name = 'ForeignClusterError';
  }
}

/** Reads the Cluster and its phase; throws when a Cluster of that name exists but is not ours. */
export async function currentPhase(mgmt: KubeObjectClient, input: AdoptionInput): Promise<{ cluster: KubeObject | null; phase: AdoptionPhase | null }> {
  const key = { apiVersion: K.Cluster.apiVersion, kind: K.Cluster.kind, namespace: input.namespace, name: input.clusterName };
  const cluster = await mgmt.get(key);
  if (!cluster) return { cluster: null, phase: null };
  const phase = phaseOf(cluster, input.clusterName);
  if (!phase) throw new ForeignClusterError(describeKey(key));
  if (cluster.metadata.deletionTimestamp !== undefined) {
    throw new Error(`${describeKey(key)} is being deleted (a destroy of this adoption is still finishing); wait until it is gone and re-run`);
  }
  return { cluster, phase };
}

export function isPaused(cluster: KubeObject): boolean {
  return ((cluster.spec ?? {}) as Record<string, unknown>).paused === true || cluster.metadata.annotations?.['cluster.x-k8s.io/paused'] !== undefined;
}

/**
 * Unpauses: applies the Cluster without `spec.paused` (releasing the field) and marks it adopted.
 * Throws when the Cluster is still paused afterwards (another manager owns the pause).
 */
export async function unpause(mgmt: KubeObjectClient, input: AdoptionInput): Promise<KubeObject> {
  const applied = await mgmt.apply(clusterObject(input, 'adopted'), { fieldManager: OURS.fieldManager, force: true });
  if (isPaused(applied)) {
    throw new Error(
      `Cluster ${input.namespace}/${input.clusterName} is still paused after the adoption released spec.paused: another field manager or the cluster.x-k8s.io/paused annotation holds it; remove that pause when ready`,
    );
  }
  return applied;
}

/** Pauses a Cluster (merge patch, so the pause is not this resource's applied intent). */
export async function pause(mgmt: KubeObjectClient, input: Pick<AdoptionInput, 'namespace' | 'clusterName'>): Promise<void> {
  await mgmt.mergePatch({ apiVersion: K.Cluster.apiVersion, kind: K.Cluster.kind, namespace: input.namespace, name: input.clusterName }, { spec: { paused: true } });
}
