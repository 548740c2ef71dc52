/**
 * Where the Talos template VM for Cluster API goes, and why only one: CAPMOX (v0.9) resolves a
 * `templateSelector` over `/cluster/resources` and requires exactly ONE template VM with the
 * matching tags in the whole Proxmox cluster ("found N VM templates"), whatever node it clones
 * to. So one template, on the first Proxmox node that hosts a node VM (it has the Talos image).
 * CAPMOX clones it with `target=<chosen node>`; PVE only clones to another node when every disk
 * of the source (and the target `storage`) is shared storage ("can't clone VM to node … (VM uses
 * local storage)"), so with a local VM datastore new machines can only be placed on the
 * template's node (`cloneNodes`). Pure: the definition validator uses the same rules.
 */
import type { ClusterPlan } from './cluster-plan';
import type { ProxmoxClusterSpec } from './cluster-spec';
import { checkVmid, fail, VMID_MIN } from './rules';

/** The tag CAPMOX's `templateSelector.matchTags` names (policy exact: the template carries only it). */
export function talosTemplateTag(clusterName: string): string {
  return `${clusterName}-talos-template`;
}

/**
 * The template's VMID: just below the cluster's node VMIDs (`vmidBase + i`), so it never moves
 * (and is never replaced) when pools grow.
 */
export function talosTemplateVmid(vmidBase: number): number {
  return vmidBase - 1;
}

export interface TalosTemplatePlan {
  /** VM name (DNS label): `<cluster>-talos-template`. */
  readonly name: string;
  readonly vmid: number;
  readonly proxmoxNode: string;
  /** The template's only tag: what CAPMOX's `templateSelector.matchTags` names. */
  readonly tag: string;
  readonly cores: number;
  readonly memoryMiB: number;
  /** Boot disk size, the smallest of any pool: CAPMOX only grows a clone's disk, never shrinks it. */
  readonly diskGiB: number;
  /** Proxmox nodes CAPMOX can clone the template to (all nodes only with a shared VM datastore). */
  readonly cloneNodes: readonly string[];
}

/** Plans the template VM for a spec with `capiTemplate`; throws naming the field and the fix. */
export function planTalosTemplate(spec: ProxmoxClusterSpec, plan: ClusterPlan, where: string): TalosTemplatePlan {
  const vmid = spec.capiTemplate?.vmid ?? talosTemplateVmid(spec.vmidBase);
  const field = spec.capiTemplate?.vmid !== undefined ? 'capiTemplate.vmid' : 'vmidBase';
  if (vmid < VMID_MIN)
    fail(
      where,
      field,
      field === 'vmidBase' ? spec.vmidBase : vmid,
      `leaves no VMID for the Cluster API template VM (it takes vmidBase - 1 = ${vmid})`,
      `use a vmidBase of at least ${VMID_MIN + 1}, e.g. 3100`,
    );
  checkVmid(where, 'capiTemplate.vmid', vmid);
  const clash = plan.nodes.find((n) => n.vmid === vmid);
  if (clash)
    fail(
      where,
      field,
      field === 'vmidBase' ? spec.vmidBase : vmid,
      `gives the Cluster API template VM VMID ${vmid}, already node ${clash.name}'s`,
      `move that pool's vmidBase so no node takes VMID ${vmid}`,
    );
  const cp = plan.nodes.find((n) => n.role === 'controlplane');
  if (!cp) fail(where, 'nodePools', spec.nodePools.length, 'has no control-plane node', 'add a controlplane pool');
  const proxmoxNode = plan.usedProxmoxNodes[0] ?? cp.proxmoxNode;
  const vmStore = spec.proxmox.datastores.find((d) => d.id === plan.vmDatastore);
  return {
    name: `${spec.clusterName}-talos-template`,
    vmid,
    proxmoxNode,
    tag: talosTemplateTag(spec.clusterName),
    cores: cp.cores,
    memoryMiB: cp.memoryMiB,
    diskGiB: Math.min(...spec.nodePools.map((p) => p.diskGiB)),
    cloneNodes: vmStore?.shared ? [...spec.proxmox.nodes] : [proxmoxNode],
  };
}
