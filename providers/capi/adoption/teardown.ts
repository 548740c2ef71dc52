/**
 * Destroying the adoption, by the user's choice (`on_destroy`):
 *  - `detach`: pause, then remove every Cluster API object of the cluster without any controller
 *    acting on the deletion (clusterctl move's source side, spec §8). The VMs keep running and go
 *    back to Terraform, so detach refuses while Cluster API runs VMs Terraform never knew.
 *  - `delete`: delete the Cluster through Cluster API, which deletes every machine and its VM, and
 *    wait until it is gone.
 * Either way no VM is left that nothing owns. An adoption that never got past the paused phase
 * is always detached: Cluster API never owned anything.
 */
import { pauseFor, PollBackoff } from '../../runtime/backoff';
import { forceRemove, isPaused, pause, phaseOf, TEARDOWN_ORDER, type Progress } from './apply';
import { ADOPTION_KINDS, describeKey, isUnservedKind, keyId, keyOf, type KubeObject, type KubeObjectClient } from './kube';
import { CAPI, isUsersNamespace, OURS } from './names';

const K = ADOPTION_KINDS;
type Json = Record<string, unknown>;

export type OnDestroy = 'detach' | 'delete';

export interface TeardownTarget {
  readonly clusterName: string;
  readonly namespace: string;
  /** VMIDs Terraform created (the adopted nodes): the only VMs detach may hand back. */
  readonly terraformVmIds: ReadonlySet<number>;
}

export class DetachRefusedError extends Error {
  constructor(readonly machines: readonly string[]) {
    super(
      `detaching would leave VMs that nothing manages: Cluster API runs ${machines.join('; ')}, which Terraform does not know. ` +
        'Scale back to the adopted machines first, or import those VMs into Terraform and add them to node, or set on_destroy = "delete".',
    );
    this.name = 'DetachRefusedError';
  }
}

/** Every Cluster API object of the cluster: labelled with its name or ours, or owned (transitively) by it. */
export async function discoverClusterObjects(mgmt: KubeObjectClient, target: TeardownTarget): Promise<KubeObject[]> {
  const all: KubeObject[] = [];
  for (const kind of TEARDOWN_ORDER) {
    try {
      all.push(...(await mgmt.list(kind.apiVersion, kind.kind, { namespace: target.namespace })));
    } catch (err) {
      // A kind whose CRD is gone cannot hold objects of this cluster.
      if (!isUnservedKind(err) && !/not found|404/i.test((err as Error).message)) throw err;
    }
  }
  const byUid = new Map(all.filter((x) => x.metadata.uid).map((x) => [x.metadata.uid!, x]));
  const member = new Map<string, boolean>();
  const belongs = (x: KubeObject, depth = 0): boolean => {
    const id = keyId(keyOf(x));
    const known = member.get(id);
    if (known !== undefined) return known;
    const labels = x.metadata.labels ?? {};
    let yes = (x.kind === K.Cluster.kind && x.metadata.name === target.clusterName) || labels[CAPI.clusterNameLabel] === target.clusterName || labels[OURS.adoptionLabel] === target.clusterName;
    // Secrets only by label: a credentials Secret the user referenced gets an owner reference from
    // CAPMOX but is not ours to delete (releaseCredentials frees it instead).
    if (!yes && depth < 16 && x.kind !== K.Secret.kind) {
      yes = (x.metadata.ownerReferences ?? []).some((r) => byUid.has(r.uid) && belongs(byUid.get(r.uid)!, depth + 1));
    }
    member.set(id, yes);
    return yes;
  };
  return all.filter((x) => belongs(x));
}

/** ProxmoxMachines whose VM Terraform does not own (created by Cluster API, or a clone in progress). */
export function unknownVms(objects: readonly KubeObject[], target: TeardownTarget): string[] {
  return objects
    .filter((x) => x.kind === K.ProxmoxMachine.kind)
    .flatMap((pm) => {
      const spec = (pm.spec ?? {}) as Json;
      const status = (pm.status ?? {}) as Json;
      const vmid = typeof spec.virtualMachineID === 'number' ? spec.virtualMachineID : undefined;
      if (vmid !== undefined && target.terraformVmIds.has(vmid)) return [];
      const where = typeof status.proxmoxNode === 'string' ? ` on ${status.proxmoxNode}` : '';
      return [`ProxmoxMachine ${pm.metadata.name} (${vmid === undefined ? 'VM not created yet' : `VMID ${vmid}${where}`})`];
    });
}

async function waitWhileBlocked(mgmt: KubeObjectClient, target: TeardownTarget, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const backoff = new PollBackoff(2000);
  for (;;) {
    const blocked = (await discoverClusterObjects(mgmt, target)).filter((x) => x.metadata.annotations?.['clusterctl.cluster.x-k8s.io/block-move'] !== undefined);
    if (blocked.length === 0) return;
    if (Date.now() >= deadline) throw new Error(`still blocked by ${blocked.map((x) => describeKey(keyOf(x))).join(', ')} (clusterctl.cluster.x-k8s.io/block-move)`);
    await pauseFor(backoff.next());
  }
}

const CREDENTIALS_FINALIZER = 'proxmoxcluster.infrastructure.cluster.x-k8s.io/secret';

/** A referenced credentials Secret we did not create: drop CAPMOX's finalizer so it is not stuck later. */
async function releaseCredentials(mgmt: KubeObjectClient, objects: readonly KubeObject[], target: TeardownTarget, progress: Progress): Promise<void> {
  for (const pc of objects.filter((x) => x.kind === K.ProxmoxCluster.kind)) {
    const ref = ((pc.spec ?? {}) as Json).credentialsRef as { name?: string; namespace?: string } | undefined;
    if (!ref?.name) continue;
    const key = { apiVersion: K.Secret.apiVersion, kind: K.Secret.kind, namespace: ref.namespace || target.namespace, name: ref.name };
    const secret = await mgmt.get(key);
    if (!secret || secret.metadata.labels?.[OURS.adoptionLabel] === target.clusterName) continue;
    const finalizers = secret.metadata.finalizers ?? [];
    const ownerReferences = (secret.metadata.ownerReferences ?? []).filter((r) => r.uid !== pc.metadata.uid);
    if (finalizers.includes(CREDENTIALS_FINALIZER) || ownerReferences.length !== (secret.metadata.ownerReferences ?? []).length) {
      await mgmt.mergePatch(key, { metadata: { finalizers: finalizers.filter((f) => f !== CREDENTIALS_FINALIZER), ownerReferences } });
      progress(`released ${describeKey(key)} from the ProxmoxCluster`);
    }
  }
}

/** Pause, then remove every object leaves-first without controllers acting; VMs are untouched. */
export async function detach(mgmt: KubeObjectClient, target: TeardownTarget, progress: Progress, options: { timeoutMs: number }): Promise<string[]> {
  const objects = await discoverClusterObjects(mgmt, target);
  const unknown = unknownVms(objects, target);
  if (unknown.length > 0) throw new DetachRefusedError(unknown);
  if (objects.some((x) => x.kind === K.Cluster.kind)) {
    await pause(mgmt, target);
    progress('paused the Cluster before detaching');
  }
  await waitWhileBlocked(mgmt, target, options.timeoutMs);
  await releaseCredentials(mgmt, objects, target, progress);
  const removed: string[] = [];
  for (const kind of TEARDOWN_ORDER) {
    for (const x of objects.filter((y) => y.kind === kind.kind && y.apiVersion.split('/')[0] === kind.apiVersion.split('/')[0])) {
      if (await forceRemove(mgmt, keyOf(x))) {
        removed.push(describeKey(keyOf(x)));
        progress(`detached ${describeKey(keyOf(x))}`);
      }
    }
  }
  // Orphan deletions finish when the garbage collector has released the dependents.
  const deadline = Date.now() + options.timeoutMs;
  const backoff = new PollBackoff(500);
  for (;;) {
    const left = await discoverClusterObjects(mgmt, target);
    if (left.length === 0) {
      if (await removeOwnNamespace(mgmt, target)) removed.push(`Namespace ${target.namespace}`);
      return removed;
    }
    if (Date.now() >= deadline) {
      throw new Error(`detached, but still being deleted after ${Math.round(options.timeoutMs / 1000)} s: ${left.map((x) => describeKey(keyOf(x))).join(', ')}; re-run the destroy`);
    }
    await pauseFor(backoff.next());
  }
}

/** Deletes the Cluster through Cluster API (machines and VMs included) and waits until it is gone. */
export async function deleteThroughCapi(mgmt: KubeObjectClient, target: TeardownTarget, progress: Progress, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  const key = { apiVersion: K.Cluster.apiVersion, kind: K.Cluster.kind, namespace: target.namespace, name: target.clusterName };
  const cluster = await mgmt.get(key);
  if (!cluster) return;
  if (phaseOf(cluster, target.clusterName) !== 'adopted') {
    progress('the adoption never finished (the Cluster was never unpaused): detaching instead of deleting through Cluster API');
    await detach(mgmt, target, progress, { timeoutMs: options.timeoutMs });
    return;
  }
  if (isPaused(cluster)) {
    throw new Error(`${describeKey(key)} is paused, so Cluster API would never delete it; unpause it, or set on_destroy = "detach"`);
  }
  await mgmt.delete(key, { propagationPolicy: 'Background' });
  progress(`deleting ${describeKey(key)} through Cluster API (its machines and VMs go with it)`);
  const deadline = Date.now() + options.timeoutMs;
  const backoff = new PollBackoff(5000);
  for (;;) {
    if (!(await mgmt.get(key))) break;
    if (Date.now() >= deadline || options.signal?.aborted) {
      const left = (await discoverClusterObjects(mgmt, target)).map((x) => describeKey(keyOf(x)));
      throw new Error(`${describeKey(key)} was not deleted within ${Math.round(options.timeoutMs / 1000)} s; still present: ${left.join(', ')}. Re-run the destroy to keep waiting.`);
    }
    await pauseFor(backoff.next(), options.signal);
  }
  // Whatever the garbage collector has not reached yet and still carries our label, leaves first.
  // Passes repeat: the IPAM webhook refuses to delete a pool while addresses are allocated from it.
  const passes = new PollBackoff(1000);
  for (;;) {
    const left = await discoverClusterObjects(mgmt, target);
    const ours = left
      .filter((x) => x.metadata.labels?.[OURS.adoptionLabel] === target.clusterName && x.kind !== K.ProxmoxMachine.kind && x.kind !== K.Machine.kind)
      .sort((a, b) => teardownRank(a) - teardownRank(b));
    if (ours.length === 0) {
      if (left.length === 0) await removeOwnNamespace(mgmt, target);
      return;
    }
    let refused = '';
    for (const x of ours) {
      try {
        // CAPMOX's finalizer on our credentials Secret outlives the ProxmoxCluster it was for
        // (nothing would remove it once the ProxmoxCluster is gone).
        const finalizers = x.metadata.finalizers ?? [];
        if (x.kind === K.Secret.kind && finalizers.includes(CREDENTIALS_FINALIZER) && !left.some((y) => y.kind === K.ProxmoxCluster.kind)) {
          await mgmt.mergePatch(keyOf(x), { metadata: { finalizers: finalizers.filter((f) => f !== CREDENTIALS_FINALIZER) } });
        }
        await mgmt.delete(keyOf(x), { propagationPolicy: 'Background' });
      } catch (err) {
        refused = `${describeKey(keyOf(x))}: ${(err as Error).message}`;
      }
    }
    if (Date.now() >= deadline || options.signal?.aborted) {
      throw new Error(`the Cluster is deleted, but ${ours.map((x) => describeKey(keyOf(x))).join(', ')} remain${refused ? ` (last refusal: ${refused})` : ''}; re-run the destroy`);
    }
    await pauseFor(passes.next(), options.signal);
  }
}

/** Position of an object's kind in TEARDOWN_ORDER (leaves first); unknown kinds last. */
function teardownRank(x: KubeObject): number {
  const i = TEARDOWN_ORDER.findIndex((k) => k.kind === x.kind && k.apiVersion.split('/')[0] === x.apiVersion.split('/')[0]);
  return i < 0 ? TEARDOWN_ORDER.length : i;
}

/**
 * Deletes the adoption's namespace once nothing of the cluster is left in it, when the adoption
 * created it (labelled ours for this cluster; a namespace that existed before never is).
 */
async function removeOwnNamespace(mgmt: KubeObjectClient, target: TeardownTarget): Promise<boolean> {
  const key = { apiVersion: K.Namespace.apiVersion, kind: K.Namespace.kind, name: target.namespace };
  const ns = await mgmt.get(key);
  if (!ns || isUsersNamespace(ns, target.clusterName)) return false;
  return mgmt.delete(key, { propagationPolicy: 'Background' });
}
