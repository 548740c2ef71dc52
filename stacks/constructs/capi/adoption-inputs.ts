/**
 * Pure mappings from what the earlier stages planned to the `capi_cluster_adoption` inputs: the
 * adopted node list and the network block. Validated here so a bad input names its field at synth.
 */
import type { clusterAdoption } from '../../../providers/bindings/capi';
import { fieldError } from '../../../providers/kernel/validation';
import type { PlannedNode } from '../../plan/cluster-plan';

/** What the adoption needs of a node VM as the Proxmox stage planned it: the plan's node, narrowed. */
export type AdoptedNodeFacts = Pick<PlannedNode, 'name' | 'role' | 'vmid' | 'proxmoxNode' | 'ip' | 'smbiosUuid'>;

export interface AdoptionNetworkInput {
  readonly cidr: string;
  readonly gateway: string;
  readonly dnsServers: readonly string[];
  /** Addresses Cluster API may give new nodes (IPs, a-b ranges, CIDRs); disjoint from the adopted ones. */
  readonly newNodeAddresses: readonly string[];
}

/** The adoption's `node` blocks: VM name = node name, every VM running (Terraform just built it). */
export function adoptionNodes(where: string, nodes: readonly AdoptedNodeFacts[]): clusterAdoption.ClusterAdoptionNode[] {
  if (!nodes.some((n) => n.role === 'controlplane')) throw fieldError(where, 'nodes', `at least one controlplane node is required to adopt a cluster`);
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.name)) throw fieldError(where, 'nodes', `"${n.name}" appears twice; node names must be unique`);
    seen.add(n.name);
  }
  return nodes.map((n) => ({ name: n.name, vmName: n.name, role: n.role, vmId: n.vmid, proxmoxNode: n.proxmoxNode, ip: n.ip, smbiosUuid: n.smbiosUuid, started: true }));
}

export function adoptionNetwork(where: string, net: AdoptionNetworkInput): clusterAdoption.ClusterAdoptionNetwork {
  if (!net.newNodeAddresses.length) throw fieldError(where, 'network.newNodeAddresses', `give at least one address range for new nodes, e.g. 10.20.0.100-10.20.0.150`);
  if (!net.dnsServers.length) throw fieldError(where, 'network.dnsServers', `give at least one DNS server, e.g. 10.20.0.1`);
  return { cidr: net.cidr, gateway: net.gateway, dnsServers: [...net.dnsServers], newNodeAddresses: [...net.newNodeAddresses] };
}

/** `v1.36.3` from `1.36.3` or `v1.36.3` (the adoption takes the exact running version with `v`). */
export function kubernetesVersionTag(version: string): string {
  const v = version.startsWith('v') ? version : `v${version}`;
  if (!/^v\d+\.\d+\.\d+$/.test(v)) throw new Error(`kubernetesVersion "${version}" is not an exact version; use the form 1.36.3`);
  return v;
}
