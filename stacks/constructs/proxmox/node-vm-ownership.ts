/**
 * The Proxmox stage's side of Cluster API adoption: what happens to each node's VM and per-VM
 * firewall resources under a machine owner.
 *
 * - owner `terraform` (adoption declared, not yet handed over): the VMs stay in state with
 *   `ignore_changes = all`. A definition change then never updates, reboots or replaces a VM
 *   Cluster API may already run; changes reach the cluster through Cluster API.
 * - owner `terraform` with `importMachines` (the hand-back): the same, plus `import` blocks for the
 *   VMs (`<node>/<vmid>`) and their firewall options and rules (`vm/<node>/<vmid>`).
 * - owner `clusterApi`: the VMs and their firewall leave the configuration as `removed` blocks with
 *   `destroy = false`. Terraform forgets them and never re-creates a VM Cluster API deleted. The
 *   firewall goes too: Proxmox deletes it with its VM.
 */
import { TerraformResource } from '../../cdk';
import { forgetResources, freezeResource } from '../hand-over';
import type { MachineOwnership } from '../../plan/machine-ownership';
import type { TalosClusterFirewall } from './talos-cluster-firewall';
import type { TalosNodeVm } from './talos-node-vm';

export interface OwnedNodeVm {
  readonly name: string;
  readonly vmid: number;
  readonly proxmoxNode: string;
  readonly vm: TalosNodeVm;
}

/** The node's per-VM firewall resources (TalosClusterFirewall names them `<node>-options` and `<node>-rules`). */
function firewallOf(firewall: TalosClusterFirewall | undefined, node: string): TerraformResource[] {
  if (!firewall) return [];
  return [`${node}-options`, `${node}-rules`].map((id) => {
    const r = firewall.node.tryFindChild(id);
    if (!TerraformResource.isTerraformResource(r)) throw new Error(`${firewall.node.path}: no firewall resource ${id} for node ${node}`);
    return r;
  });
}

export function applyNodeVmOwnership(ownership: MachineOwnership, nodes: readonly OwnedNodeVm[], firewall?: TalosClusterFirewall): void {
  if (ownership.owner === 'clusterApi') {
    if (ownership.importMachines) throw new Error('importMachines hands the machines back to Terraform; it needs owner terraform');
    forgetResources(nodes.flatMap((n) => [n.vm.vm, ...firewallOf(firewall, n.name)]));
    return;
  }
  for (const n of nodes) {
    freezeResource(n.vm.vm);
    if (!ownership.importMachines) continue;
    n.vm.vm.importFrom(`${n.proxmoxNode}/${n.vmid}`);
    for (const r of firewallOf(firewall, n.name)) r.importFrom(`vm/${n.proxmoxNode}/${n.vmid}`);
  }
}
