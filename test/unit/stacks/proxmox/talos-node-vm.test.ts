import { virtualEnvironmentVm } from '../../../../providers/bindings/proxmox';
import { TerraformStack, Testing } from '../../../../stacks/cdk';
import { TalosNodeVm, type TalosNodeVmProps } from '../../../../stacks/constructs/proxmox/talos-node-vm';

const BASE: TalosNodeVmProps = {
  name: 'demo-cp-1',
  role: 'controlplane',
  vmid: 1100,
  proxmoxNode: 'pve1',
  cores: 2,
  memoryMiB: 4096,
  diskGiB: 20,
  datastoreId: 'local-lvm',
  imageFileId: 'local:import/talos.qcow2',
  bridge: 'vmbr0',
  macAddress: 'BC:24:11:0A:0B:0C',
  ip: '10.20.0.11',
  prefixLength: 24,
  gateway: '10.20.0.1',
  dnsServers: ['10.20.0.1', '1.1.1.1'],
  searchDomain: 'demo.lab',
  smbiosUuid: '5d8e6c1a-3f2b-4c7d-9e0a-1b2c3d4e5f60',
  tags: ['talos', 'demo', 'controlplane'],
  poolId: 'demo',
};

function build(props: Partial<TalosNodeVmProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'vm');
  new TalosNodeVm(stack, 'node', { ...BASE, ...props });
  const synth = Testing.synth(stack);
  const vm = Object.values(JSON.parse(synth).resource.proxmox_virtual_environment_vm)[0] as Record<string, unknown>;
  return { synth, vm };
}

describe('TalosNodeVm', () => {
  test('GIVEN a control plane WHEN synthesized THEN the VM follows the Talos-on-Proxmox settings', () => {
    const { synth } = build();
    expect(synth).toHaveResourceWithProperties(virtualEnvironmentVm.VirtualEnvironmentVm, {
      node_name: 'pve1',
      vm_id: 1100,
      name: 'demo-cp-1',
      bios: 'ovmf',
      machine: 'q35',
      scsi_hardware: 'virtio-scsi-pci',
      on_boot: true,
      started: true,
      stop_on_destroy: true,
      pool_id: 'demo',
      tags: ['controlplane', 'demo', 'talos'],
      boot_order: ['scsi0'],
      cpu: { type: 'host', cores: 2, sockets: 1 },
      memory: { dedicated: 4096, floating: 0 },
      agent: { enabled: true, trim: true, type: 'virtio', wait_for_ip: { disabled: true } },
      operating_system: { type: 'l26' },
      efi_disk: { datastore_id: 'local-lvm', file_format: 'raw', type: '4m', pre_enrolled_keys: false },
      disk: [{ interface: 'scsi0', datastore_id: 'local-lvm', import_from: 'local:import/talos.qcow2', size: 20, discard: 'on', ssd: true, iothread: false }],
      initialization: {
        datastore_id: 'local-lvm',
        ip_config: [{ ipv4: { address: '10.20.0.11/24', gateway: '10.20.0.1' } }],
        dns: { servers: ['10.20.0.1', '1.1.1.1'], domain: 'demo.lab' },
      },
      smbios: { uuid: '5d8e6c1a-3f2b-4c7d-9e0a-1b2c3d4e5f60' },
      serial_device: [{ device: 'socket' }],
    });
  });

  test('the NIC lists all eleven attributes (attribute-mode list), null where unset', () => {
    const { vm } = build({ firewall: true, vlanId: 30 });
    expect(vm.network_device).toEqual([
      { bridge: 'vmbr0', model: 'virtio', mac_address: 'BC:24:11:0A:0B:0C', firewall: true, vlan_id: 30, enabled: null, disconnected: false, mtu: null, queues: null, rate_limit: null, trunks: null },
    ]);
  });

  test('an I/O thread only with the single-queue controller; the guest-IP wait is opt-in', () => {
    const { vm } = build({ scsiController: 'virtio-scsi-single', waitForGuestIp: true });
    expect(vm.scsi_hardware).toBe('virtio-scsi-single');
    expect((vm.disk as { iothread: boolean }[])[0].iothread).toBe(true);
    expect((vm.agent as { wait_for_ip: unknown }).wait_for_ip).toEqual({ disabled: false });
  });

  test.each([
    ['too little memory for a control plane', { memoryMiB: 2047 }, /vm\/node: memoryMiB 2047: must be a whole number from 2048/],
    ['one core for a control plane', { cores: 1 }, /cores 1: must be a whole number from 2 to 512; a Talos controlplane needs at least 2 cores/],
    ['a worker disk below 10 GiB', { role: 'worker', diskGiB: 8 }, /diskGiB 8: .*a Talos worker needs at least 10 GiB/],
    ['a VMID below 100', { vmid: 42 }, /vmid 42: must be a whole number from 100/],
    ['an upper-case VM name', { name: 'CP1' }, /name "CP1": is not a DNS label/],
    ['a MAC with lower-case hex', { macAddress: 'bc:24:11:0a:0b:0c' }, /macAddress "bc:24:11:0a:0b:0c": is not a MAC address/],
    ['a multicast MAC', { macAddress: '01:24:11:0A:0B:0C' }, /is a multicast address/],
    ['a UUID that is not one', { smbiosUuid: 'node-1' }, /smbiosUuid "node-1": is not a lower-case UUID/],
    ['a bridge name that is too long', { bridge: 'vmbrtalos001' }, /bridge "vmbrtalos001": is not a Linux bridge name/],
    ['no DNS server', { dnsServers: [] }, /dnsServers \[\]: is empty/],
    ['an IP with a prefix', { ip: '10.20.0.11/24' }, /ip "10\.20\.0\.11\/24": is not an IPv4 address/],
    ['a bad tag', { tags: ['Talos Node'] }, /tags\[0\] "Talos Node": is not a Proxmox tag/],
    ['a non-VirtIO controller', { scsiController: 'lsi' as 'virtio-scsi-pci' }, /scsiController "lsi": is not a VirtIO SCSI controller/],
  ] as const)('rejects %s', (_what, props, message) => {
    expect(() => build(props as Partial<TalosNodeVmProps>)).toThrow(message);
  });
});
