/**
 * Which machines a scale-down removes. Left alone, CACPPT deletes the oldest control plane and a
 * MachineSet a random machine — after adoption that is often a machine Terraform built (and, while
 * Terraform owns the VMs, would build again). Before lowering replicas the adoption marks the
 * machines to go with Cluster API's `cluster.x-k8s.io/delete-machine` annotation, which both
 * controllers take first: machines Cluster API created, newest first, then adopted ones (only
 * reachable with `machineOwner: clusterApi`). Marks already present — a user's choice, an earlier
 * run's, or the mark `deletion-order.ts` puts on every Machine Cluster API creates — count toward
 * the excess; nothing is ever unmarked.
 */
import { ADOPTION_KINDS, type KubeObject, type KubeObjectClient } from './kube';
import { CAPI } from './names';
import type { AdoptionInput } from './input';
import type { AdoptionPlan } from './objects';
import { listOfCluster } from './observe';

type Role = 'controlplane' | 'worker';

const roleOf = (m: KubeObject): Role => (m.metadata.labels?.[CAPI.controlPlaneLabel] !== undefined ? 'controlplane' : 'worker');
const created = (m: KubeObject): number => Date.parse(String(m.metadata.creationTimestamp ?? '')) || 0;

/** The machines of one role to mark so that `desired` remain, given the live ones. Pure. */
export function machinesToMark(machines: readonly KubeObject[], adopted: ReadonlySet<string>, desired: number): KubeObject[] {
  const live = machines.filter((m) => m.metadata.deletionTimestamp === undefined);
  const excess = live.length - desired;
  const marked = live.filter((m) => m.metadata.annotations?.[CAPI.deleteMachineAnnotation] !== undefined);
  const needed = excess - marked.length;
  if (needed <= 0) return [];
  const byPreference = live
    .filter((m) => !marked.includes(m))
    .sort((a, b) => Number(adopted.has(a.metadata.name)) - Number(adopted.has(b.metadata.name)) || created(b) - created(a) || b.metadata.name.localeCompare(a.metadata.name));
  return byPreference.slice(0, needed);
}

/** Marks, per role, the machines the coming replicas leave out; returns their names. */
export async function markScaleDown(mgmt: KubeObjectClient, input: AdoptionInput, plan: Pick<AdoptionPlan, 'names'>, progress: (line: string) => void): Promise<string[]> {
  const machines = await listOfCluster(mgmt, ADOPTION_KINDS.Machine, plan);
  const adopted = new Set(input.nodes.map((n) => n.name));
  const desired: Record<Role, number> = { controlplane: input.controlPlaneReplicas, worker: input.workerReplicas };
  const marked: string[] = [];
  for (const role of ['controlplane', 'worker'] as const) {
    for (const m of machinesToMark(
      machines.filter((x) => roleOf(x) === role),
      adopted,
      desired[role],
    )) {
      await mgmt.mergePatch(
        { apiVersion: ADOPTION_KINDS.Machine.apiVersion, kind: ADOPTION_KINDS.Machine.kind, namespace: plan.names.namespace, name: m.metadata.name },
        { metadata: { annotations: { [CAPI.deleteMachineAnnotation]: 'true' } } },
      );
      progress(`scale-down: marked ${role} Machine ${m.metadata.name}${adopted.has(m.metadata.name) ? ' (adopted)' : ''} for deletion`);
      marked.push(m.metadata.name);
    }
  }
  return marked;
}
