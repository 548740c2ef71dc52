import { virtualEnvironmentVm } from '../../../../providers/bindings/proxmox';
import { TerraformStack, Testing } from '../../../../stacks/cdk';
import { TalosTemplateVm, type TalosTemplateVmProps } from '../../../../stacks/constructs/proxmox/talos-template-vm';
import { planProxmoxCluster } from '../../../../stacks/plan/cluster-plan';
import { planTalosTemplate, talosTemplateTag } from '../../../../stacks/plan/template-plan';
import { parseClusterDefinition, toProxmoxClusterSpec } from '../../../../stacks/definition';
import { ProxmoxInfraStack } from '../../../../stacks/proxmox-infra-stack';
import { goodInput, problemsOf, withChange } from '../../definition/fixtures';
import { specWith } from './fixtures';

type Json = Record<string, any>;

const BASE: TalosTemplateVmProps = {
  name: 'demo-talos-template',
  vmid: 1099,
  proxmoxNode: 'pve1',
  tag: 'demo-talos-template',
  cores: 2,
  memoryMiB: 4096,
  diskGiB: 20,
  datastoreId: 'local-lvm',
  imageFileId: 'local:import/talos.qcow2',
  bridge: 'vmbr0',
  macAddress: 'BC:24:11:0A:0B:0D',
  poolId: 'demo',
};

function build(props: Partial<TalosTemplateVmProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'tpl');
  new TalosTemplateVm(stack, 'template', { ...BASE, ...props });
  const synth = Testing.synth(stack);
  const vm = Object.values(JSON.parse(synth).resource.proxmox_virtual_environment_vm)[0] as Json;
  return { synth, vm };
}

function stackJson(spec: ReturnType<typeof specWith>): Json {
  const stack = new ProxmoxInfraStack(Testing.app(), 'demo-proxmox', spec);
  return JSON.parse(Testing.synth(stack)) as Json;
}

const templatesOf = (json: Json) => Object.values(json.resource.proxmox_virtual_environment_vm as Json).filter((vm: Json) => vm.template === true);

describe('TalosTemplateVm', () => {
  test('GIVEN template props WHEN synthesized THEN a stopped template with the image disk and only the selector tag', () => {
    const { synth, vm } = build();
    expect(synth).toHaveResourceWithProperties(virtualEnvironmentVm.VirtualEnvironmentVm, {
      node_name: 'pve1',
      vm_id: 1099,
      name: 'demo-talos-template',
      template: true,
      started: false,
      on_boot: false,
      tags: ['demo-talos-template'],
      pool_id: 'demo',
      bios: 'ovmf',
      machine: 'q35',
      cpu: { type: 'host', cores: 2, sockets: 1 },
      memory: { dedicated: 4096, floating: 0 },
      boot_order: ['scsi0'],
    });
    expect(vm.disk).toEqual([expect.objectContaining({ interface: 'scsi0', datastore_id: 'local-lvm', import_from: 'local:import/talos.qcow2', size: 20 })]);
    expect(vm.efi_disk).toMatchObject({ datastore_id: 'local-lvm', type: '4m', pre_enrolled_keys: false });
    expect(vm.network_device).toEqual([expect.objectContaining({ bridge: 'vmbr0', model: 'virtio', vlan_id: null, firewall: false, mac_address: 'BC:24:11:0A:0B:0D' })]);
    // CAPMOX brings the machine config on its own ISO, and PVE gives every clone a new SMBIOS UUID.
    expect(vm.initialization).toBeUndefined();
    expect(vm.smbios).toBeUndefined();
  });

  test('GIVEN a VLAN WHEN synthesized THEN the NIC is tagged', () => {
    expect(build({ vlanId: 20 }).vm.network_device[0].vlan_id).toBe(20);
  });

  test.each([
    [{ tag: 'Bad Tag' }, /tpl\/template: tag "Bad Tag": is not a Proxmox tag; use lowercase letters/],
    [{ vmid: 99 }, /vmid 99: must be a whole number from 100/],
    [{ memoryMiB: 512 }, /memoryMiB 512: .*at least 1024 MiB/],
    [{ macAddress: 'BD:24:11:0A:0B:0D' }, /macAddress "BD:24:11:0A:0B:0D": is not a unicast MAC address/],
    [{ name: 'Template' }, /name "Template": is not a DNS label/],
  ])('GIVEN %j WHEN synthesized THEN it fails naming the field and the fix', (props, message) => {
    expect(() => build(props as Partial<TalosTemplateVmProps>)).toThrow(message);
  });
});

describe('the template in ProxmoxInfraStack', () => {
  test('GIVEN no capiTemplate WHEN synthesized THEN there is no template VM', () => {
    const json = stackJson(specWith(() => undefined));
    expect(templatesOf(json)).toEqual([]);
    expect(json.output.capi_template).toBeUndefined();
  });

  test('GIVEN capiTemplate WHEN synthesized THEN one template on the first used node, VMID vmidBase - 1, image and network of that node', () => {
    const json = stackJson(specWith((s) => void (s.capiTemplate = {})));
    const [tpl] = templatesOf(json);
    expect(templatesOf(json)).toHaveLength(1);
    expect(tpl).toMatchObject({
      node_name: 'pve1',
      vm_id: 1099,
      name: 'demo-talos-template',
      tags: [talosTemplateTag('demo')],
      started: false,
      pool_id: '${proxmox_virtual_environment_pool.pool.pool_id}',
    });
    // The disk is the smallest pool's (20 < 40): CAPMOX grows clones, it cannot shrink them.
    expect(tpl.disk[0]).toMatchObject({ size: 20, import_from: expect.stringMatching(/^\$\{proxmox_download_file\.talos-image_download-pve1_[0-9A-F]+\.id\}$/) });
    expect(tpl.cpu).toMatchObject({ cores: 2 });
    // Local VM datastore: PVE only clones to the template's own node.
    expect(json.output.capi_template.value).toEqual({ vmid: 1099, proxmox_node: 'pve1', tag: 'demo-talos-template', clone_nodes: ['pve1'] });
  });

  test('GIVEN a shared VM datastore WHEN planned THEN clones may go to every Proxmox node', () => {
    const spec = specWith((s) => {
      s.capiTemplate = { vmid: 5000 };
      s.proxmox.datastores = [
        { id: 'local', content: ['import'] },
        { id: 'ceph', content: ['images'], shared: true },
      ];
      s.proxmox.vmDatastore = 'ceph';
    });
    expect(planTalosTemplate(spec, planProxmoxCluster(spec), 'x')).toMatchObject({ vmid: 5000, proxmoxNode: 'pve1', cloneNodes: ['pve1', 'pve2', 'pve3'] });
  });

  test.each([
    [
      'vmidBase 100',
      (s: Json) => void (s.vmidBase = 100),
      /^demo-proxmox: vmidBase 100: leaves no VMID for the Cluster API template VM \(it takes vmidBase - 1 = 99\); use a vmidBase of at least 101/,
    ],
    [
      'a pool VMID on it',
      (s: Json) => void (s.nodePools[1].vmidBase = 1098),
      /^demo-proxmox: vmidBase 1100: gives the Cluster API template VM VMID 1099, already node demo-worker-2's; move that pool's vmidBase/,
    ],
    ['an explicit VMID on a node', (s: Json) => void (s.capiTemplate.vmid = 1101), /capiTemplate.vmid 1101: gives the Cluster API template VM VMID 1101, already node demo-cp-2's/],
  ])('GIVEN %s WHEN synthesized THEN it fails naming the field and the fix', (_name, edit, message) => {
    const spec = specWith((s) => {
      s.capiTemplate = {};
      edit(s as Json);
    });
    expect(() => stackJson(spec)).toThrow(message);
  });
});

describe('the template in cluster definitions', () => {
  test('GIVEN clusterApi WHEN mapped THEN the Proxmox stage builds the template; without it, not', () => {
    const withCapi = parseClusterDefinition(goodInput(), { source: 'prod.yaml', baseDir: '/nonexistent' });
    expect(toProxmoxClusterSpec(withCapi).capiTemplate).toEqual({});
    const without = parseClusterDefinition(
      withChange((d) => delete d.clusterApi),
      { source: 'prod.yaml', baseDir: '/nonexistent' },
    );
    expect(toProxmoxClusterSpec(without).capiTemplate).toBeUndefined();
  });

  test('GIVEN vmidBase 100 with clusterApi THEN one problem at vmidBase; without clusterApi it is fine', () => {
    expect(problemsOf(withChange((d) => (d.vmidBase = 100)))).toEqual([
      expect.objectContaining({ path: ['vmidBase'], message: expect.stringMatching(/^100 leaves no VMID for the Talos template VM Cluster API clones new machines from/), example: 'vmidBase: 3100' }),
    ]);
    expect(problemsOf(withChange((d) => ((d.vmidBase = 100), delete d.clusterApi)))).toEqual([]);
  });

  test('GIVEN a pool whose VMIDs reach vmidBase - 1 THEN the problem names that pool field', () => {
    expect(problemsOf(withChange((d) => (d.workers[0].vmidBase = 3098)))).toEqual([
      expect.objectContaining({
        path: ['workers', 0, 'vmidBase'],
        message: 'gives node prod-worker-2 VMID 3099, the VMID of the Talos template VM Cluster API clones from (vmidBase - 1)',
        example: 'vmidBase: 3103',
      }),
    ]);
  });
});
