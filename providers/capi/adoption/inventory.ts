/**
 * What Terraform reads back: the machines Cluster API now runs for the cluster (adopted or
 * created by it, with VMIDs, so the hand-back knows what to import), and drift of the objects
 * Terraform keeps managing (never showing secret values).
 */
import { findMismatch, show } from './diff';
import { ADOPTION_KINDS, describeKey, keyOf, type KubeObject, type KubeObjectClient } from './kube';
import { CAPI } from './names';
import type { AdoptionInput } from './input';
import type { AdoptionPlan } from './objects';
import { listOfCluster } from './observe';
import { keptDrift } from './status';

const K = ADOPTION_KINDS;
type Json = Record<string, unknown>;

export interface MachineInventoryEntry {
  readonly name: string;
  readonly role: 'controlplane' | 'worker';
  /** Whether Terraform built it (it is in the adoption input). */
  readonly adopted: boolean;
  readonly vm_id: number | null;
  readonly proxmox_node: string | null;
  readonly provider_id: string | null;
  readonly node_ref: string | null;
  readonly phase: string | null;
  readonly deleting: boolean;
}

function o(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** One entry per Machine of the cluster, sorted by name. */
export function machineInventory(input: AdoptionInput, machines: readonly KubeObject[], proxmoxMachines: readonly KubeObject[]): MachineInventoryEntry[] {
  const adopted = new Set(input.nodes.map((n) => n.name));
  return [...machines]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((m) => {
      const infraName = o(o(m.spec).infrastructureRef).name;
      const pm = proxmoxMachines.find((x) => x.metadata.name === infraName);
      const vmid = o(pm?.spec).virtualMachineID;
      return {
        name: m.metadata.name,
        role: m.metadata.labels?.[CAPI.controlPlaneLabel] !== undefined ? 'controlplane' : 'worker',
        adopted: adopted.has(m.metadata.name),
        vm_id: typeof vmid === 'number' ? vmid : null,
        proxmox_node: str(o(pm?.status).proxmoxNode) ?? str(o(pm?.spec).sourceNode),
        provider_id: str(o(m.spec).providerID),
        node_ref: str(o(o(m.status).nodeRef).name),
        phase: str(o(m.status).phase),
        deleting: m.metadata.deletionTimestamp !== undefined,
      };
    });
}

/**
 * Objects Terraform keeps managing whose live state differs from the input, and kept invariants
 * (adopted ProxmoxMachine addresses, talosconfig endpoints) that broke (one line each).
 */
export async function detectDrift(mgmt: KubeObjectClient, plan: AdoptionPlan): Promise<string[]> {
  const out: string[] = [];
  for (const desired of plan.objects) {
    if (desired.lifecycle !== 'managed' || desired.object.kind === K.Namespace.kind) continue;
    const key = keyOf(desired.object);
    const live = await mgmt.get(key);
    if (!live) {
      out.push(`${describeKey(key)} is missing`);
      continue;
    }
    // Rewritten by a controller: only its kept invariants count (below).
    if (desired.createOnly) continue;
    const m = findMismatch(desired.object, live);
    if (m) out.push(`${describeKey(key)} ${m.path}: ${desired.object.kind === K.Secret.kind ? 'differs from the input' : `is ${show(m.got)}, want ${show(m.want)}`}`);
  }
  out.push(...(await keptDrift(mgmt, plan)));
  return out;
}

export async function readInventory(mgmt: KubeObjectClient, input: AdoptionInput, plan: AdoptionPlan): Promise<MachineInventoryEntry[]> {
  const [machines, proxmoxMachines] = await Promise.all([listOfCluster(mgmt, K.Machine, plan), listOfCluster(mgmt, K.ProxmoxMachine, plan)]);
  return machineInventory(input, machines, proxmoxMachines);
}
