import { networkLinuxBridge, networkLinuxVlan, sdnApplier, sdnSubnet, sdnVnet, sdnZoneSimple, sdnZoneVlan } from '../../../../providers/bindings/proxmox';
import { TerraformStack, Testing } from '../../../../stacks/cdk';
import type { NetworkAttachment } from '../../../../stacks/plan/cluster-spec';
import { ProxmoxNetwork } from '../../../../stacks/constructs/proxmox/proxmox-network';

function build(attachment: NetworkAttachment, nodes = ['pve1', 'pve2']) {
  const stack = new TerraformStack(Testing.app(), 'net');
  const network = new ProxmoxNetwork(stack, 'network', { clusterName: 'demo', proxmoxNodes: nodes, cidr: '10.20.0.0/24', gateway: '10.20.0.1', attachment });
  return { stack, network, synth: Testing.synth(stack), json: JSON.parse(Testing.synth(stack)) };
}

describe('ProxmoxNetwork', () => {
  test('GIVEN an existing bridge WHEN built THEN nothing is created and VMs attach to it by name', () => {
    const { network, json } = build({ kind: 'bridge', bridge: 'vmbr0', vlanId: 30 });
    expect(json.resource).toBeUndefined();
    expect(network.bridgeFor('pve2')).toBe('vmbr0');
    expect(network.nicVlanId).toBe(30);
    expect(network.dependables).toEqual([]);
  });

  test('GIVEN a bridge to create with a VLAN tag THEN one VLAN-aware bridge per node, referenced by the VMs', () => {
    const { network, synth, json } = build({ kind: 'bridge', bridge: 'vmbr1', vlanId: 30, create: { ports: ['eno2'], mtu: 9000 } });
    expect(synth).toHaveResourceWithProperties(networkLinuxBridge.NetworkLinuxBridge, { node_name: 'pve1', name: 'vmbr1', ports: ['eno2'], vlan_aware: true, mtu: 9000, autostart: true });
    expect(synth).toHaveResourceWithProperties(networkLinuxBridge.NetworkLinuxBridge, { node_name: 'pve2', name: 'vmbr1' });
    expect(Object.keys(json.resource.proxmox_network_linux_bridge)).toHaveLength(2);
    expect(network.bridgeFor('pve2')).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test('GIVEN a VLAN on a host NIC THEN a VLAN interface and a bridge over it on each node; NICs stay untagged', () => {
    const { network, synth, json } = build({ kind: 'vlan', bridge: 'vmbr30', device: 'bond0', vlanId: 30 });
    expect(synth).toHaveResourceWithProperties(networkLinuxVlan.NetworkLinuxVlan, { node_name: 'pve1', name: 'bond0.30' });
    const bridges = Object.values(json.resource.proxmox_network_linux_bridge) as { ports: string[] }[];
    expect(bridges[0].ports).toEqual([expect.stringMatching(/^\$\{proxmox_network_linux_vlan\.network_vlan-pve1_[0-9A-F]{8}\.name\}$/)]);
    expect(network.nicVlanId).toBeUndefined();
  });

  test('GIVEN a simple SDN zone THEN zone + VNet + SNAT subnet, an apply after them and a finalizer destroyed last', () => {
    const { network, synth, json } = build({ kind: 'sdn', zoneType: 'simple', zoneId: 'demo', vnetId: 'demonet' });
    expect(synth).toHaveResourceWithProperties(sdnZoneSimple.SdnZoneSimple, { id: 'demo', nodes: ['pve1', 'pve2'], ipam: 'pve' });
    expect(synth).toHaveResourceWithProperties(sdnVnet.SdnVnet, { id: 'demonet', alias: 'talos demo' });
    expect(synth).toHaveResourceWithProperties(sdnSubnet.SdnSubnet, { cidr: '10.20.0.0/24', gateway: '10.20.0.1', snat: true });
    const appliers = json.resource.proxmox_sdn_applier as Record<string, { on_create: boolean; on_destroy: boolean; depends_on?: string[]; lifecycle?: { replace_triggered_by: string[] } }>;
    const [applyId, apply] = Object.entries(appliers).find(([k]) => k.includes('sdn-apply'))!;
    const [finalizeId, finalize] = Object.entries(appliers).find(([k]) => k.includes('sdn-finalize'))!;
    expect(apply).toMatchObject({ on_create: true, on_destroy: false });
    expect(finalize).toMatchObject({ on_create: false, on_destroy: true });
    // Plain resource addresses (Terraform rejects anything else in replace_triggered_by).
    expect(apply.lifecycle?.replace_triggered_by).toEqual([
      expect.stringMatching(/^proxmox_sdn_zone_simple\.network_zone_[0-9A-F]{8}$/),
      expect.stringMatching(/^proxmox_sdn_vnet\.network_vnet_[0-9A-F]{8}$/),
      expect.stringMatching(/^proxmox_sdn_subnet\.network_subnet_[0-9A-F]{8}$/),
    ]);
    expect(apply.depends_on).toHaveLength(3);
    const zone = Object.values(json.resource.proxmox_sdn_zone_simple)[0] as { depends_on: string[] };
    expect(zone.depends_on).toEqual([`proxmox_sdn_applier.${finalizeId}`]);
    expect(network.dependables.map((d) => d.friendlyUniqueId)).toEqual([applyId]);
    expect(network.bridgeFor('pve1')).toBe('demonet');
  });

  test('GIVEN a VLAN SDN zone THEN the zone names its bridge and the VNet carries the tag; no SNAT', () => {
    const { synth } = build({ kind: 'sdn', zoneType: 'vlan', zoneId: 'demo', vnetId: 'demonet', zoneBridge: 'vmbr0', vlanTag: 40 });
    expect(synth).toHaveResourceWithProperties(sdnZoneVlan.SdnZoneVlan, { id: 'demo', bridge: 'vmbr0' });
    expect(synth).toHaveResourceWithProperties(sdnVnet.SdnVnet, { id: 'demonet', tag: 40 });
    expect(synth).toHaveResourceWithProperties(sdnSubnet.SdnSubnet, { snat: false });
    expect(synth).toHaveResource(sdnApplier.SdnApplier);
  });

  test.each([
    ['a bridge name with a dash', { kind: 'bridge', bridge: 'vm-br1' }, /net\/network: attachment\.bridge "vm-br1": is not a Linux bridge name/],
    [
      'a VLAN interface name over 15 characters',
      { kind: 'vlan', bridge: 'vmbr30', device: 'enp129s0f1np1', vlanId: 300 },
      /attachment\.device "enp129s0f1np1": makes the VLAN interface enp129s0f1np1\.300 longer than 15/,
    ],
    ['an SDN VNet ID with a dash', { kind: 'sdn', zoneType: 'simple', zoneId: 'demo', vnetId: 'demo-net' }, /attachment\.vnetId "demo-net": is not an SDN ID/],
    ['a VLAN tag on a simple zone', { kind: 'sdn', zoneType: 'simple', zoneId: 'demo', vnetId: 'dnet', vlanTag: 3 }, /attachment\.zoneType "simple": takes no zoneBridge or vlanTag/],
  ] as const)('rejects %s', (_what, attachment, message) => {
    expect(() => build(attachment as NetworkAttachment)).toThrow(message);
  });

  test('asking for a node the network does not reach names the nodes it does', () => {
    const { network } = build({ kind: 'bridge', bridge: 'vmbr1', create: {} });
    expect(() => network.bridgeFor('pve9')).toThrow(/proxmoxNode "pve9": gets no bridge from this network; add it to proxmoxNodes \(pve1, pve2\)/);
  });
});
