/**
 * Per-VM Proxmox firewall for a Talos cluster: options (enabled, inbound DROP, outbound ACCEPT,
 * MAC filter) and the role's rules on every node VM. VM rules only take effect while the
 * datacenter firewall is on; switching that on is opt-in because it is datacenter-wide.
 */
import { Construct } from 'constructs';
import { virtualEnvironmentClusterFirewall, virtualEnvironmentFirewallOptions, virtualEnvironmentFirewallRules } from '../../../providers/bindings/proxmox';
import { parseIpv4Cidr } from '../../../providers/kernel/ipv4';
import { checkIpv4, fail, type NodeRole } from '../../plan/rules';
import { talosFirewallRules, type TalosFirewallInputs } from './talos-firewall-rules';

export interface FirewalledNode {
  readonly name: string;
  readonly role: NodeRole;
  readonly proxmoxNode: string;
  /** The VM's ID; pass the VM resource's `vmId` so the firewall waits for the VM. */
  readonly vmId: number;
  readonly ip: string;
}

export interface TalosClusterFirewallProps {
  readonly clusterCidr: string;
  readonly nodes: readonly FirewalledNode[];
  /** Sources allowed to reach the Talos (50000) and Kubernetes (6443) APIs; empty = any. @default [] (any) */
  readonly managementCidrs?: readonly string[];
  /** @default false */
  readonly enableDatacenterFirewall?: boolean;
}

function rulesFor(where: string, role: NodeRole, inputs: TalosFirewallInputs) {
  try {
    return talosFirewallRules(role, inputs);
  } catch (err) {
    return fail(where, 'managementCidrs', inputs.managementCidrs, (err as Error).message, 'summarize them into fewer networks');
  }
}

export class TalosClusterFirewall extends Construct {
  constructor(scope: Construct, id: string, props: TalosClusterFirewallProps) {
    super(scope, id);
    const where = this.node.path;
    if (!parseIpv4Cidr(props.clusterCidr)) fail(where, 'clusterCidr', props.clusterCidr, 'is not an IPv4 network', 'e.g. 10.20.0.0/24');
    (props.managementCidrs ?? []).forEach((c, i) => {
      if (!parseIpv4Cidr(c)) fail(where, `managementCidrs[${i}]`, c, 'is not an IPv4 network', 'e.g. 192.168.1.0/24');
    });
    props.nodes.forEach((n, i) => checkIpv4(where, `nodes[${i}].ip`, n.ip));
    const inputs = {
      clusterCidr: props.clusterCidr,
      controlPlaneIps: props.nodes.filter((n) => n.role === 'controlplane').map((n) => n.ip),
      managementCidrs: props.managementCidrs,
    };
    if (props.enableDatacenterFirewall) {
      // Hosts keep ACCEPT policies: only the VM rules below filter anything.
      new virtualEnvironmentClusterFirewall.VirtualEnvironmentClusterFirewall(this, 'datacenter', { enabled: true, inputPolicy: 'ACCEPT', outputPolicy: 'ACCEPT' });
    }
    for (const n of props.nodes) {
      const options = new virtualEnvironmentFirewallOptions.VirtualEnvironmentFirewallOptions(this, `${n.name}-options`, {
        nodeName: n.proxmoxNode,
        vmId: n.vmId,
        enabled: true,
        inputPolicy: 'DROP',
        outputPolicy: 'ACCEPT',
        macfilter: true,
        ipfilter: false,
        dhcp: false,
        ndp: true,
        radv: false,
      });
      new virtualEnvironmentFirewallRules.VirtualEnvironmentFirewallRules(this, `${n.name}-rules`, {
        nodeName: n.proxmoxNode,
        vmId: n.vmId,
        rule: rulesFor(where, n.role, inputs).map((r) => ({ ...r, enabled: true })),
        dependsOn: [options],
      });
    }
  }
}
