import { formatSize, parseSize } from '../../../lab/proxmox/domain/sizes';
import { configDigest, defaultBootOrder, effectiveConfig, hotpluggable, normaliseTags, ownedVolumes } from '../../../lab/proxmox/domain/vm-config';
import { agentInterfaces, leaseInCidr, linkLocalFor } from '../../../lab/proxmox/domain/guest-agent';
import { pendingView } from '../../../lab/proxmox/api/sdn';
import type { VmRecord } from '../../../lab/proxmox/state/model';

describe('disk sizes', () => {
  it('print with the largest exact unit, as PVE stores them', () => {
    expect(formatSize(32 * 1024 ** 3)).toBe('32G');
    expect(formatSize(540672)).toBe('528K');
    expect(formatSize(4 * 1024 ** 2)).toBe('4M');
    expect(formatSize(1000)).toBe('1000');
    expect(formatSize(2 * 1024 ** 4)).toBe('2T');
  });
  it('parse with optional unit (none = bytes)', () => {
    expect(parseSize('32G')).toBe(32 * 1024 ** 3);
    expect(parseSize('1.5K')).toBe(1536);
    expect(parseSize('21474836480')).toBe(20 * 1024 ** 3);
    expect(parseSize('12X')).toBeUndefined();
  });
});

describe('VM config semantics', () => {
  const vm = (): VmRecord => ({ vmid: 100, node: 'pve1', config: { name: 'a', cores: '1', scsi0: 'local-lvm:vm-100-disk-0,size=8G' }, pending: {}, pendingDelete: [], status: 'stopped' });

  it('changes the digest whenever the config file changes', () => {
    const a = vm();
    const d1 = configDigest(a, undefined);
    expect(configDigest(vm(), undefined)).toBe(d1);
    a.pending.cores = '2';
    expect(configDigest(a, undefined)).not.toBe(d1);
    expect(configDigest(vm(), 'backup')).not.toBe(d1);
    expect(d1).toMatch(/^[0-9a-f]{40}$/);
  });

  it('shows pending values in the effective config', () => {
    const a = vm();
    a.pending.cores = '4';
    a.pendingDelete.push('name');
    expect(effectiveConfig(a)).toEqual({ cores: '4', scsi0: 'local-lvm:vm-100-disk-0,size=8G' });
  });

  it('classifies hotplug like PVE defaults (network,disk,usb)', () => {
    expect(hotpluggable('net0', {})).toBe(true);
    expect(hotpluggable('scsi1', {})).toBe(true);
    expect(hotpluggable('sata0', {})).toBe(false);
    expect(hotpluggable('efidisk0', {})).toBe(false);
    expect(hotpluggable('ipconfig0', {})).toBe(true);
    expect(hotpluggable('tags', {})).toBe(true);
    expect(hotpluggable('cores', {})).toBe(false);
    expect(hotpluggable('memory', {})).toBe(false);
    expect(hotpluggable('memory', { hotplug: 'network,disk,memory' })).toBe(true);
    expect(hotpluggable('balloon', { balloon: '0' })).toBe(false);
  });

  it('normalises tags (lower case, unique, sorted, `;`) and derives the default boot order', () => {
    expect(normaliseTags('Talos;k8s,talos control-plane')).toBe('control-plane;k8s;talos');
    expect(defaultBootOrder({ net0: 'virtio=BC:24:11:00:00:01', ide2: 'local-lvm:vm-1-cloudinit,media=cdrom', ide3: 'local:iso/a.iso,media=cdrom', scsi0: 'x:vm-1-disk-0' })).toBe(
      'order=scsi0;ide3;net0',
    );
  });

  it('finds the volumes a VM owns (not ISOs, not other VMs)', () => {
    expect(
      ownedVolumes(
        {
          scsi0: 'local-lvm:vm-100-disk-0,size=8G',
          scsi1: 'local-lvm:vm-101-disk-0',
          ide3: 'local:iso/a.iso,media=cdrom',
          unused0: 'local:100/vm-100-disk-2.qcow2',
          efidisk0: 'local-lvm:vm-100-disk-1,size=4M',
        },
        100,
      ).map((v) => v.volid),
    ).toEqual(['local-lvm:vm-100-disk-0', 'local:100/vm-100-disk-2.qcow2', 'local-lvm:vm-100-disk-1']);
  });
});

describe('guest agent data', () => {
  it('reports lo, then ethN with the cloud-init address and an EUI-64 link-local address', () => {
    expect(linkLocalFor('BC:24:11:2F:4A:10')).toBe('fe80::be24:11ff:fe2f:4a10');
    const ifaces = agentInterfaces({ ipconfig: { ipconfig0: 'gw=10.0.0.1,ip=10.0.0.5/24' }, macs: { net0: 'BC:24:11:2F:4A:10' } }, { net0: 'vmbr0' }, () => undefined);
    expect(ifaces.map((i) => i.name)).toEqual(['lo', 'eth0']);
    expect(ifaces[1]['hardware-address']).toBe('bc:24:11:2f:4a:10');
    expect(ifaces[1]['ip-addresses']).toEqual([
      { 'ip-address': '10.0.0.5', 'ip-address-type': 'ipv4', prefix: 24 },
      { 'ip-address': 'fe80::be24:11ff:fe2f:4a10', 'ip-address-type': 'ipv6', prefix: 64 },
    ]);
  });
  it('leases DHCP addresses deterministically inside the subnet or range', () => {
    const a = leaseInCidr('10.1.0.0/24', 'bc:24:11:00:00:01');
    expect(a).toEqual(leaseInCidr('10.1.0.0/24', 'bc:24:11:00:00:01'));
    expect(a?.prefix).toBe(24);
    expect(a?.ip).toMatch(/^10\.1\.0\.(\d+)$/);
    const host = Number(a?.ip.split('.')[3]);
    expect(host).toBeGreaterThanOrEqual(2);
    expect(host).toBeLessThanOrEqual(254);
    const r = leaseInCidr('10.1.0.0/24', 'bc:24:11:00:00:02', { start: '10.1.0.100', end: '10.1.0.101' });
    expect(['10.1.0.100', '10.1.0.101']).toContain(r?.ip);
  });
});

describe('SDN pending view (pve-network pending_config)', () => {
  it('marks new, changed and deleted objects like PVE', () => {
    const running = { z1: { type: 'simple', mtu: 1500, ipam: 'pve' }, z2: { type: 'simple' } };
    const config = { z1: { type: 'simple', mtu: 1450 }, z3: { type: 'vlan', bridge: 'vmbr0' } };
    expect(pendingView(running, config)).toEqual({
      z1: { type: 'simple', mtu: 1500, ipam: 'pve', state: 'changed', pending: { ipam: 'deleted', mtu: 1450 } },
      z2: { type: 'simple', state: 'deleted', pending: {} },
      z3: { type: 'vlan', state: 'new', pending: { bridge: 'vmbr0' } },
    });
    expect(pendingView(running, running)).toEqual({ z1: { type: 'simple', mtu: 1500, ipam: 'pve' }, z2: { type: 'simple' } });
  });
});
