/**
 * The inbound firewall rules a Talos node needs, by role (Talos network connectivity table):
 * apid 50000 (clients and peer nodes), trustd 50001 (nodes to control planes), Kubernetes API
 * 6443, etcd 2379-2380 between control planes, kubelet 10250 and flannel VXLAN 8472 between
 * nodes, ICMP echo inside the cluster. Everything else inbound is dropped by the VM policy.
 * Pure: returns PVE rule fields (`dport` ranges use PVE's `a:b` syntax).
 */
import type { NodeRole } from '../../plan/rules';

export interface FirewallRule {
  readonly type: 'in' | 'out';
  readonly action: 'ACCEPT' | 'DROP' | 'REJECT';
  readonly proto?: 'tcp' | 'udp';
  readonly dport?: string;
  readonly macro?: string;
  /** PVE address spec: a CIDR, an IP, or a comma-separated list of them. Absent = any. */
  readonly source?: string;
  readonly comment: string;
}

export interface TalosFirewallInputs {
  /** The node subnet: peers reach each other from here. */
  readonly clusterCidr: string;
  readonly controlPlaneIps: readonly string[];
  /** Who may reach the Talos and Kubernetes APIs besides the nodes; empty = anyone. */
  readonly managementCidrs?: readonly string[];
}

/** PVE caps an address spec at 512 characters. */
export const MAX_ADDRESS_SPEC = 512;

function sources(list: readonly string[]): string {
  return [...new Set(list)].join(',');
}

export function talosFirewallRules(role: NodeRole, inputs: TalosFirewallInputs): FirewallRule[] {
  const mgmt = inputs.managementCidrs?.length ? sources([inputs.clusterCidr, ...inputs.managementCidrs]) : undefined;
  const nodes = inputs.clusterCidr;
  const controlPlanes = sources(inputs.controlPlaneIps);
  const rules: FirewallRule[] = [
    { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '50000', source: mgmt, comment: 'talos apid' },
    { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '10250', source: nodes, comment: 'kubelet' },
    { type: 'in', action: 'ACCEPT', proto: 'udp', dport: '8472', source: nodes, comment: 'flannel vxlan' },
    { type: 'in', action: 'ACCEPT', macro: 'Ping', source: nodes, comment: 'icmp echo between nodes' },
  ];
  if (role === 'controlplane') {
    rules.push(
      { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '6443', source: mgmt, comment: 'kubernetes api' },
      { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '50001', source: nodes, comment: 'talos trustd' },
      { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '2379:2380', source: controlPlanes, comment: 'etcd peers' },
    );
  }
  for (const r of rules) {
    if (r.source && r.source.length > MAX_ADDRESS_SPEC) {
      throw new Error(`firewall rule '${r.comment}': source list is ${r.source.length} characters, PVE allows ${MAX_ADDRESS_SPEC}`);
    }
  }
  return rules;
}
