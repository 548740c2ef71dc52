import { noCloudNetwork, readNoCloudSeed } from '../../../lab/proxmox/domain/nocloud';
import { IsoFormatError, readIso9660 } from '../../../lab/proxmox/domain/iso9660';
import { writeIsoImage } from '../../../support/iso-image';

const files = { 'meta-data': 'instance-id: a\n', 'user-data': 'version: v1alpha1\n', 'network-config': 'version: 2\n' };

describe('ISO 9660 root directory', () => {
  it.each([
    ['Joliet and Rock Ridge', { joliet: true, rockRidge: true }],
    ['Joliet only', { joliet: true, rockRidge: false }],
    ['Rock Ridge only', { joliet: false, rockRidge: true }],
  ])('reads the long names (%s)', (_, opts) => {
    const iso = readIso9660(writeIsoImage({ volumeId: 'cidata', files, ...opts }));
    expect(iso.volumeId).toBe('cidata');
    expect([...iso.files.keys()].sort()).toEqual(['meta-data', 'network-config', 'user-data']);
    expect(iso.files.get('user-data')?.toString()).toBe('version: v1alpha1\n');
  });

  it('falls back to the plain identifiers without their version', () => {
    const iso = readIso9660(writeIsoImage({ volumeId: 'CIDATA', files }));
    expect([...iso.files.keys()].sort()).toEqual(['META_DA0', 'NETWORK1', 'USER_DA2']);
  });

  it('refuses what is no ISO 9660 image', () => {
    expect(() => readIso9660(Buffer.alloc(40_000))).toThrow(IsoFormatError);
    expect(() => readIso9660(Buffer.from('short'))).toThrow(IsoFormatError);
  });
});

describe('NoCloud seed', () => {
  it('is read from a volume labelled cidata (either case) with meta-data', () => {
    expect(readNoCloudSeed(writeIsoImage({ volumeId: 'CIDATA', files, joliet: true }))).toEqual({ metaData: 'instance-id: a\n', userData: 'version: v1alpha1\n', networkConfig: 'version: 2\n' });
    expect(readNoCloudSeed(writeIsoImage({ volumeId: 'config-2', files, joliet: true }))).toBeUndefined();
    expect(readNoCloudSeed(writeIsoImage({ volumeId: 'cidata', files: { 'user-data': 'x' }, joliet: true }))).toBeUndefined();
    // Without long names a guest sees no `meta-data` file.
    expect(readNoCloudSeed(writeIsoImage({ volumeId: 'cidata', files }))).toBeUndefined();
    expect(readNoCloudSeed(Buffer.alloc(4096))).toBeUndefined();
  });

  it('gives each MAC its static IPv4 address and default gateway (v2, wrapped or not)', () => {
    const v2 = `version: 2\nethernets:\n  eth0:\n    match: { macaddress: 'BC:24:11:AA:BB:CC' }\n    addresses: ['fd00::5/64', '10.0.0.5/24']\n    routes: [{ to: 0.0.0.0/0, via: 10.0.0.1 }]\n    nameservers: { addresses: [10.0.0.1, 1.1.1.1] }\n  eth1:\n    match: { macaddress: 'bc:24:11:aa:bb:cd' }\n    dhcp4: true\n`;
    const net = noCloudNetwork(v2);
    expect([...net.byMac]).toEqual([['bc:24:11:aa:bb:cc', { ip: '10.0.0.5/24', gw: '10.0.0.1' }]]);
    expect(net.nameservers).toEqual(['10.0.0.1', '1.1.1.1']);
    expect([...noCloudNetwork(`network:\n  ${v2.replace(/\n/g, '\n  ')}`).byMac.keys()]).toEqual(['bc:24:11:aa:bb:cc']);
    expect(
      noCloudNetwork('version: 2\nethernets:\n  eth0:\n    match: { macaddress: aa:bb:cc:dd:ee:ff }\n    addresses: [10.1.0.5/16]\n    gateway4: 10.1.0.1\n').byMac.get('aa:bb:cc:dd:ee:ff'),
    ).toEqual({ ip: '10.1.0.5/16', gw: '10.1.0.1' });
  });

  it('reads network config v1 (netmask or prefix) and ignores what it cannot parse', () => {
    const v1 =
      'version: 1\nconfig:\n  - type: physical\n    name: eth0\n    mac_address: BC:24:11:00:00:09\n    subnets:\n      - type: static\n        address: 10.0.0.9\n        netmask: 255.255.255.0\n        gateway: 10.0.0.1\n  - type: nameserver\n    address: [10.0.0.1]\n';
    const net = noCloudNetwork(v1);
    expect([...net.byMac]).toEqual([['bc:24:11:00:00:09', { ip: '10.0.0.9/24', gw: '10.0.0.1' }]]);
    expect(net.nameservers).toEqual(['10.0.0.1']);
    expect(noCloudNetwork(': not yaml :').byMac.size).toBe(0);
    expect(noCloudNetwork(undefined).byMac.size).toBe(0);
  });
});
