import { downloadFile, provider, sdnApplier, virtualEnvironmentPool, virtualEnvironmentVm } from '../../../../providers/bindings/proxmox';
import { Testing } from '../../../../stacks/cdk';
import type { ProxmoxClusterSpec } from '../../../../stacks/plan/cluster-spec';
import { validateTalosNodes } from '../../../../stacks/constructs/talos-machine-configs';
import { proxmoxLabCluster } from '../../../../stacks/proxmox-lab-cluster';
import { ProxmoxInfraStack } from '../../../../stacks/proxmox-infra-stack';
import { specWith } from './fixtures';

function build(spec: ProxmoxClusterSpec, id = 'demo-proxmox') {
  const stack = new ProxmoxInfraStack(Testing.app(), id, spec);
  const synth = Testing.synth(stack);
  return { stack, synth, json: JSON.parse(synth) };
}

/** The synthesized stack minus the parts that change with the toolchain rather than with our code. */
function stable(json: Record<string, unknown>): Record<string, unknown> {
  const { terraform: _terraform, ...rest } = json;
  return rest;
}

describe('ProxmoxInfraStack', () => {
  test('GIVEN a small cluster WHEN synthesized THEN it matches the reviewed snapshot', () => {
    const spec = specWith((s) => {
      s.nodePools = [
        { name: 'cp', role: 'controlplane', count: 1, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: '10.20.0.11' },
        { name: 'worker', role: 'worker', count: 1, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: '10.20.0.21' },
      ];
      s.network.attachment = { kind: 'sdn', zoneType: 'simple', zoneId: 'demo', vnetId: 'demonet' };
    });
    expect(stable(build(spec).json)).toMatchSnapshot();
  });

  test('the API token comes from the ephemeral credentials reading the variable the spec names: no variable, no literal', () => {
    const { synth, json } = build(specWith(() => undefined));
    expect(json.variable).toBeUndefined();
    const eph = json.ephemeral.talos_proxmox_credentials as Record<string, Record<string, unknown>>;
    expect(Object.values(eph)).toEqual([{ endpoint: 'https://pve.example.com:8006/', api_token_env: 'PROXMOX_VE_API_TOKEN', insecure: false }]);
    const [name] = Object.keys(eph);
    expect(synth).toHaveProviderWithProperties(provider.ProxmoxProvider, {
      endpoint: 'https://pve.example.com:8006/',
      insecure: false,
      api_token: `\${ephemeral.talos_proxmox_credentials.${name}.api_token}`,
    });
    expect(json.provider.proxmox[0].username).toBeUndefined();
    expect(json.terraform.required_providers.talos).toEqual({ source: 'ptc.internal/ptc/talos', version: '0.1.0' });
    expect(json.terraform.backend.local.path).toBe('../demo-proxmox/terraform.demo-proxmox.tfstate');
    expect(json.terraform.required_providers.proxmox).toEqual({ source: 'bpg/proxmox', version: '0.111.1' });
  });

  test('one pool, one image per Proxmox node in use, VMs in the pool importing their node’s image', () => {
    const { synth, json } = build(
      specWith((s) => {
        s.nodePools = [{ ...s.nodePools[0], proxmoxNodes: ['pve1', 'pve3'] }];
      }),
    );
    expect(synth).toHaveResourceWithProperties(virtualEnvironmentPool.VirtualEnvironmentPool, { pool_id: 'demo' });
    const downloads = json.resource.proxmox_download_file as Record<string, { node_name: string }>;
    expect(Object.values(downloads).map((d) => d.node_name)).toEqual(['pve1', 'pve3']);
    const vms = Object.values(json.resource.proxmox_virtual_environment_vm) as { node_name: string; pool_id: string; disk: { import_from: string }[] }[];
    for (const vm of vms) {
      const [downloadId] = Object.entries(downloads).find(([, d]) => d.node_name === vm.node_name)!;
      expect(vm.disk[0].import_from).toBe(`\${proxmox_download_file.${downloadId}.id}`);
      expect(vm.pool_id).toMatch(/^\$\{proxmox_virtual_environment_pool\.pool\.pool_id\}$/);
    }
    expect(vms.map((v) => v.node_name)).toEqual(['pve1', 'pve3', 'pve1']);
  });

  test('with SDN the VMs wait for the apply; with the firewall off no firewall resources exist', () => {
    const { synth, json } = build(
      specWith((s) => {
        s.network.attachment = { kind: 'sdn', zoneType: 'simple', zoneId: 'demo', vnetId: 'demonet' };
        s.firewall = { enabled: false };
      }),
    );
    expect(synth).toHaveResource(sdnApplier.SdnApplier);
    const applyId = Object.keys(json.resource.proxmox_sdn_applier).find((k) => k.includes('sdn-apply'));
    for (const vm of Object.values(json.resource.proxmox_virtual_environment_vm) as { depends_on: string[]; network_device: { bridge: string; firewall: boolean }[] }[]) {
      expect(vm.depends_on).toEqual([`proxmox_sdn_applier.${applyId}`]);
      expect(vm.network_device[0]).toMatchObject({ bridge: 'demonet', firewall: false });
    }
    expect(json.resource.proxmox_virtual_environment_firewall_rules).toBeUndefined();
  });

  test('exposes per-node identities for the Talos stage, also as outputs', () => {
    const { stack, json } = build(specWith(() => undefined));
    expect(stack.nodes.map((n) => [n.name, n.role, n.vmid, n.proxmoxNode, n.ip])).toEqual([
      ['demo-cp-1', 'controlplane', 1100, 'pve1', '10.20.0.11'],
      ['demo-cp-2', 'controlplane', 1101, 'pve2', '10.20.0.12'],
      ['demo-cp-3', 'controlplane', 1102, 'pve3', '10.20.0.13'],
      ['demo-worker-1', 'worker', 1103, 'pve1', '10.20.0.21'],
      ['demo-worker-2', 'worker', 1104, 'pve2', '10.20.0.22'],
    ]);
    for (const n of stack.nodes) expect(n.providerId).toBe(`proxmox://${n.smbiosUuid}`);
    const smbios = (Object.values(json.resource.proxmox_virtual_environment_vm) as { smbios: { uuid: string } }[]).map((v) => v.smbios.uuid);
    expect(smbios).toEqual(stack.nodes.map((n) => n.smbiosUuid));
    expect(json.output.nodes.value).toEqual(stack.nodes);
    expect(json.output.cluster_endpoint.value).toBe('https://10.20.0.10:6443');
    expect(stack.clusterEndpoint).toBe('https://10.20.0.10:6443');
    const talosNodes = stack.talosNodes();
    expect(talosNodes[0]).toEqual({ name: 'demo-cp-1', role: 'controlplane', address: '10.20.0.11', providerId: stack.nodes[0].providerId });
    expect(() => validateTalosNodes('talos', talosNodes)).not.toThrow();
  });

  test('the embedded lab cluster keeps the lab-talos node names and addresses', () => {
    const { stack, synth } = build(proxmoxLabCluster(), 'lab-proxmox');
    expect(stack.talosNodes().map((n) => [n.name, n.address])).toEqual([
      ['lab-cp-1', '127.0.10.11'],
      ['lab-cp-2', '127.0.10.12'],
      ['lab-cp-3', '127.0.10.13'],
      ['lab-worker-1', '127.0.10.21'],
      ['lab-worker-2', '127.0.10.22'],
    ]);
    expect(stack.clusterEndpoint).toBe('https://127.0.10.10:6443');
    expect(synth).toHaveResource(downloadFile.DownloadFile);
    expect(synth).toHaveResourceWithProperties(virtualEnvironmentVm.VirtualEnvironmentVm, { name: 'lab-cp-1', vm_id: 1101 });
  });

  test('spec errors name the stack, the field and the fix', () => {
    expect(() => build(specWith((s) => void (s.nodePools[1].firstIp = '10.20.0.12')))).toThrow(
      /^demo-proxmox: nodePools\[1\] node demo-worker-1: ip "10\.20\.0\.12": is already the IP address of nodePools\[0\] node demo-cp-2; give each its own IP address$/,
    );
  });
});
