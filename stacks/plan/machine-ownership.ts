/**
 * Who owns a cluster's node machines once Cluster API adoption is declared (definition
 * `clusterApi.machineOwner`). Terraform builds them; after adoption is confirmed Cluster API takes
 * them over, and they can be handed back.
 */

export const MACHINE_OWNERS = ['terraform', 'clusterApi'] as const;

/** `terraform`: the stacks keep the per-node resources; `clusterApi`: Terraform forgets them. */
export type MachineOwner = (typeof MACHINE_OWNERS)[number];

export interface MachineOwnership {
  readonly owner: MachineOwner;
  /**
   * With owner `terraform`: import the node VMs (and their firewall) into state in this deploy,
   * the hand-back from Cluster API. Each VM must still exist with its planned VMID.
   */
  readonly importMachines?: boolean;
}
