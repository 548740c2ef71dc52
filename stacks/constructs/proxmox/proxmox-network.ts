/**
 * The layer-2 segment a cluster's VMs attach to: an existing Linux bridge, a bridge created on
 * every Proxmox node (optionally over a VLAN interface), or a Proxmox SDN zone + VNet + subnet.
 * SDN changes stay pending in PVE until applied, so the SDN variant carries two appliers, as the
 * bpg provider documents: `apply` runs after the zone/VNet/subnet are created or replaced, and
 * `finalize` (which the zone depends on, so it is destroyed last) applies the deletions on destroy.
 */
import { Construct } from 'constructs';
import type { TerraformResource } from '../../cdk';
import { networkLinuxBridge, networkLinuxVlan, sdnApplier, sdnSubnet, sdnVnet, sdnZoneSimple, sdnZoneVlan } from '../../../providers/bindings/proxmox';
import { checkAttachment, checkSubnet } from '../../plan/cluster-plan';
import type { NetworkAttachment } from '../../plan/cluster-spec';
import { checkPveNodeName, fail } from '../../plan/rules';

export interface ProxmoxNetworkProps {
  readonly clusterName: string;
  /** Proxmox nodes that get the bridge / VLAN, or that the SDN zone spans. */
  readonly proxmoxNodes: readonly string[];
  /** Node subnet (SDN subnet, and the documented purpose of created bridges). */
  readonly cidr: string;
  readonly gateway: string;
  readonly attachment: NetworkAttachment;
}

/** Linux limits interface names to 15 bytes (IFNAMSIZ - 1). */
const IFNAME_MAX = 15;

export class ProxmoxNetwork extends Construct {
  /** VLAN tag for the VM NICs, when the VMs tag their own traffic. */
  readonly nicVlanId?: number;
  /** What VMs must wait for besides their bridge reference: the SDN apply (VNets exist only once applied). */
  readonly dependables: readonly TerraformResource[];
  private readonly bridges = new Map<string, string>();
  private readonly sharedBridge?: string;

  constructor(scope: Construct, id: string, props: ProxmoxNetworkProps) {
    super(scope, id);
    const where = this.node.path;
    checkSubnet(where, props.cidr, props.gateway, '');
    checkAttachment(where, props.attachment, 'attachment');
    if (!props.proxmoxNodes.length) fail(where, 'proxmoxNodes', props.proxmoxNodes, 'is empty', 'list the Proxmox nodes the VMs run on');
    props.proxmoxNodes.forEach((n, i) => checkPveNodeName(where, `proxmoxNodes[${i}]`, n));
    const comment = `Talos cluster ${props.clusterName} (${props.cidr})`;
    const a = props.attachment;
    const dependables: TerraformResource[] = [];

    if (a.kind === 'bridge') {
      this.nicVlanId = a.vlanId;
      if (!a.create) {
        this.sharedBridge = a.bridge;
      } else {
        for (const node of props.proxmoxNodes) {
          const bridge = new networkLinuxBridge.NetworkLinuxBridge(this, `bridge-${node}`, {
            nodeName: node,
            name: a.bridge,
            ports: a.create.ports ? [...a.create.ports] : undefined,
            vlanAware: a.vlanId !== undefined ? true : undefined,
            mtu: a.create.mtu,
            autostart: true,
            comment,
          });
          this.bridges.set(node, bridge.name);
        }
      }
    } else if (a.kind === 'vlan') {
      const iface = `${a.device}.${a.vlanId}`;
      if (iface.length > IFNAME_MAX) fail(where, 'attachment.device', a.device, `makes the VLAN interface ${iface} longer than ${IFNAME_MAX} characters`, 'use a shorter device name');
      for (const node of props.proxmoxNodes) {
        const vlan = new networkLinuxVlan.NetworkLinuxVlan(this, `vlan-${node}`, { nodeName: node, name: iface, mtu: a.mtu, autostart: true, comment });
        const bridge = new networkLinuxBridge.NetworkLinuxBridge(this, `bridge-${node}`, {
          nodeName: node,
          name: a.bridge,
          // The VLAN resource's name, so the bridge waits for its port.
          ports: [vlan.name],
          mtu: a.mtu,
          autostart: true,
          comment,
        });
        this.bridges.set(node, bridge.name);
      }
    } else {
      const nodes = [...props.proxmoxNodes];
      const finalize = new sdnApplier.SdnApplier(this, 'sdn-finalize', { onCreate: false, onDestroy: true });
      const zone =
        a.zoneType === 'vlan'
          ? new sdnZoneVlan.SdnZoneVlan(this, 'zone', { id: a.zoneId, bridge: a.zoneBridge as string, nodes, ipam: 'pve', mtu: a.mtu, dependsOn: [finalize] })
          : new sdnZoneSimple.SdnZoneSimple(this, 'zone', { id: a.zoneId, nodes, ipam: 'pve', mtu: a.mtu, dependsOn: [finalize] });
      const vnet = new sdnVnet.SdnVnet(this, 'vnet', { id: a.vnetId, zone: zone.id, tag: a.zoneType === 'vlan' ? a.vlanTag : undefined, alias: `talos ${props.clusterName}` });
      const subnet = new sdnSubnet.SdnSubnet(this, 'subnet', {
        vnet: vnet.id,
        cidr: props.cidr,
        gateway: props.gateway,
        snat: a.snat ?? a.zoneType === 'simple',
      });
      const apply = new sdnApplier.SdnApplier(this, 'sdn-apply', {
        onCreate: true,
        onDestroy: false,
        dependsOn: [zone, vnet, subnet],
        // Addresses as strings: cdktf renders resource objects here with a trailing construct path Terraform rejects.
        lifecycle: { replaceTriggeredBy: [zone, vnet, subnet].map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`) },
      });
      this.sharedBridge = a.vnetId;
      dependables.push(apply);
    }
    this.dependables = dependables;
  }

  /** The bridge a VM on `proxmoxNode` attaches its NIC to (a reference when this construct creates it). */
  bridgeFor(proxmoxNode: string): string {
    const bridge = this.bridges.get(proxmoxNode) ?? this.sharedBridge;
    if (bridge === undefined) {
      fail(this.node.path, 'proxmoxNode', proxmoxNode, 'gets no bridge from this network', `add it to proxmoxNodes (${[...this.bridges.keys()].join(', ')})`);
    }
    return bridge;
  }
}
