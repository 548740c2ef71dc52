import { virtualEnvironmentClusterFirewall, virtualEnvironmentFirewallOptions } from '../../../../providers/bindings/proxmox';
import { TerraformStack, Testing } from '../../../../stacks/cdk';
import { TalosClusterFirewall, type TalosClusterFirewallProps } from '../../../../stacks/constructs/proxmox/talos-cluster-firewall';
import { talosFirewallRules } from '../../../../stacks/constructs/proxmox/talos-firewall-rules';

const INPUTS = { clusterCidr: '10.20.0.0/24', controlPlaneIps: ['10.20.0.11', '10.20.0.12', '10.20.0.13'] };
const portsOf = (rules: ReturnType<typeof talosFirewallRules>) => rules.map((r) => `${r.proto ?? r.macro}/${r.dport ?? '-'} from ${r.source ?? 'any'}`);

describe('talosFirewallRules', () => {
  test('control planes accept apid, kubelet, flannel, ping, the Kubernetes API, trustd and etcd from their peers', () => {
    expect(portsOf(talosFirewallRules('controlplane', INPUTS))).toEqual([
      'tcp/50000 from any',
      'tcp/10250 from 10.20.0.0/24',
      'udp/8472 from 10.20.0.0/24',
      'Ping/- from 10.20.0.0/24',
      'tcp/6443 from any',
      'tcp/50001 from 10.20.0.0/24',
      'tcp/2379:2380 from 10.20.0.11,10.20.0.12,10.20.0.13',
    ]);
  });

  test('workers expose no Kubernetes API, trustd or etcd', () => {
    const ports = talosFirewallRules('worker', INPUTS).map((r) => r.dport);
    expect(ports).toEqual(['50000', '10250', '8472', undefined]);
  });

  test('management CIDRs narrow the API rules to them plus the nodes', () => {
    const rules = talosFirewallRules('controlplane', { ...INPUTS, managementCidrs: ['192.168.1.0/24'] });
    expect(rules.filter((r) => r.dport === '50000' || r.dport === '6443').map((r) => r.source)).toEqual(['10.20.0.0/24,192.168.1.0/24', '10.20.0.0/24,192.168.1.0/24']);
  });

  test('a source list longer than PVE accepts is refused', () => {
    const many = Array.from({ length: 40 }, (_, i) => `172.16.${i}.0/24`);
    expect(() => talosFirewallRules('worker', { ...INPUTS, managementCidrs: many })).toThrow(/source list is \d+ characters, PVE allows 512/);
  });
});

describe('TalosClusterFirewall', () => {
  const props: TalosClusterFirewallProps = {
    clusterCidr: '10.20.0.0/24',
    nodes: [
      { name: 'demo-cp-1', role: 'controlplane', proxmoxNode: 'pve1', vmId: 1100, ip: '10.20.0.11' },
      { name: 'demo-worker-1', role: 'worker', proxmoxNode: 'pve2', vmId: 1101, ip: '10.20.0.21' },
    ],
  };
  const build = (p: TalosClusterFirewallProps) => {
    const stack = new TerraformStack(Testing.app(), 'fw');
    new TalosClusterFirewall(stack, 'firewall', p);
    return Testing.synth(stack);
  };

  test('GIVEN two nodes THEN options and rules per VM, inbound dropped by default; the datacenter firewall is untouched', () => {
    const synth = build(props);
    expect(synth).toHaveResourceWithProperties(virtualEnvironmentFirewallOptions.VirtualEnvironmentFirewallOptions, {
      node_name: 'pve2',
      vm_id: 1101,
      enabled: true,
      input_policy: 'DROP',
      output_policy: 'ACCEPT',
      macfilter: true,
    });
    const rules = JSON.parse(synth).resource.proxmox_virtual_environment_firewall_rules as Record<string, { vm_id: number; rule: unknown[]; depends_on: string[] }>;
    expect(Object.values(rules).map((r) => [r.vm_id, r.rule.length, r.depends_on.length])).toEqual([
      [1100, 7, 1],
      [1101, 4, 1],
    ]);
    expect(synth).not.toHaveResource(virtualEnvironmentClusterFirewall.VirtualEnvironmentClusterFirewall);
  });

  test('the datacenter firewall is opt-in and keeps host policies at ACCEPT', () => {
    expect(build({ ...props, enableDatacenterFirewall: true })).toHaveResourceWithProperties(virtualEnvironmentClusterFirewall.VirtualEnvironmentClusterFirewall, {
      enabled: true,
      input_policy: 'ACCEPT',
      output_policy: 'ACCEPT',
    });
  });

  test('too many management CIDRs for one PVE rule are refused with the fix', () => {
    const many = Array.from({ length: 40 }, (_, i) => `172.16.${i}.0/24`);
    expect(() => build({ ...props, managementCidrs: many })).toThrow(/fw\/firewall: managementCidrs .*source list is \d+ characters, PVE allows 512; summarize them into fewer networks/);
  });

  test('rejects a management CIDR with host bits', () => {
    expect(() => build({ ...props, managementCidrs: ['192.168.1.1/24'] })).toThrow(/fw\/firewall: managementCidrs\[0\] "192\.168\.1\.1\/24": is not an IPv4 network/);
  });
});
