/** The simulator's Disk resources from a Proxmox VM's drives: names, transports, sizes, YAML. */
import { blockDisksOf, diskYaml, humanizeBytes } from '../../../lab/talos/node-disks';
import { simulatedBlockDisks, simulatedDisks, validateHardware } from '../../../lab/talos/node-hardware';

const GiB = 1024 ** 3;

describe('Disk resources of a VM', () => {
  const disks = blockDisksOf([
    { slot: 'virtio1', bytes: 100 * GiB, serial: 'data-1' },
    { slot: 'ide2', bytes: 104_857_600, cdrom: true },
    { slot: 'scsi1', bytes: 200 * GiB, ssd: true, wwn: '0x5000C500A1B2C3D4' },
    { slot: 'scsi0', bytes: 32 * GiB },
    { slot: 'sata0', bytes: 10 * GiB },
    { slot: 'virtio0', bytes: 20 * GiB },
  ]);
  const byId = Object.fromEntries(disks.map((d) => [d.id, d]));

  it('names devices as Linux does (sdX for SCSI, then SATA; vdX for virtio-blk; srN for cdroms) and sorts by ID', () => {
    expect(disks.map((d) => `${d.id}=${d.slot}`)).toEqual(['sda=scsi0', 'sdb=scsi1', 'sdc=sata0', 'sr0=ide2', 'vda=virtio0', 'vdb=virtio1']);
  });

  it('reports the transport, rotation, serial and identity each bus gives', () => {
    expect(byId.sda.spec).toMatchObject({ transport: 'virtio', rotational: true, serial: 'drive-scsi0', model: 'QEMU HARDDISK', modalias: 'scsi:t-0x00' });
    expect(byId.sdb.spec).toMatchObject({ rotational: false, wwid: 'naa.5000c500a1b2c3d4', size: 200 * GiB });
    expect(byId.sdb.spec.symlinks).toContain('/dev/disk/by-id/wwn-0x5000c500a1b2c3d4');
    expect(byId.sdc.spec).toMatchObject({ transport: 'sata', serial: 'QM00001', rotational: true });
    expect(byId.sr0.spec).toMatchObject({ cdrom: true, readonly: true, transport: 'ata', model: 'QEMU DVD-ROM', sector_size: 2048, modalias: 'scsi:t-0x05' });
    expect(byId.vdb.spec).toMatchObject({ transport: 'virtio', model: '', serial: 'data-1', wwid: '', bus_path: '/pci0000:00/0000:00:0b.0/virtio3' });
    expect(byId.vdb.spec.symlinks).toEqual(['/dev/disk/by-diskseq/6', '/dev/disk/by-id/virtio-data-1', '/dev/disk/by-path/pci-0000:00:0b.0']);
    expect(byId.vda.spec.serial).toBe('');
  });

  it('prints sizes like go-humanize (SI units, one decimal below 10)', () => {
    expect(humanizeBytes(32 * GiB)).toBe('34 GB');
    expect(humanizeBytes(6 * GiB)).toBe('6.4 GB');
    expect(humanizeBytes(104_857_600)).toBe('105 MB');
    expect(humanizeBytes(1000)).toBe('1.0 kB');
    expect(humanizeBytes(9)).toBe('9 B');
    expect(humanizeBytes(2 * 1000 ** 4)).toBe('2.0 TB');
  });

  it('renders the YAML spec with go-yaml quoting and omitempty', () => {
    const yaml = diskYaml(byId.vdb.spec);
    expect(yaml).toContain('pretty_size: 107 GB\n');
    expect(yaml).not.toContain('model:');
    expect(yaml).toContain('rotational: true\n');
    expect(diskYaml(byId.sda.spec)).toContain('model: QEMU HARDDISK\n');
    expect(diskYaml({ ...byId.sda.spec, serial: 'true' })).toContain('serial: "true"\n');
  });
});

describe('node hardware', () => {
  it('without drives: one scsi0 disk of diskBytes; the legacy Disks RPC agrees with the Disk resources', () => {
    const [only] = simulatedBlockDisks('127.0.0.5', { diskBytes: 64 * GiB });
    expect(only).toMatchObject({ id: 'sda', slot: 'scsi0', spec: { size: 64 * GiB } });
    const hw = {
      drives: [
        { slot: 'ide2', bytes: 1_000_000, cdrom: true },
        { slot: 'virtio0', bytes: 8 * GiB },
      ],
    };
    expect(simulatedDisks('127.0.0.5', hw, true)).toEqual([
      expect.objectContaining({ device_name: '/dev/sr0', type: 'CD', system_disk: false, readonly: true }),
      expect.objectContaining({ device_name: '/dev/vda', type: 'HDD', system_disk: true, size: String(8 * GiB) }),
    ]);
  });

  it('refuses drives it cannot place, naming the field', () => {
    expect(() => validateHardware('127.0.0.5', { drives: [{ slot: 'nvme0', bytes: 1 }] })).toThrow('hardware[127.0.0.5].drives[0].slot: expected scsiN, virtioN, sataN or ideN, got nvme0');
    expect(() =>
      validateHardware('127.0.0.5', {
        drives: [
          { slot: 'scsi0', bytes: 1 },
          { slot: 'scsi0', bytes: 2 },
        ],
      }),
    ).toThrow('hardware[127.0.0.5].drives: scsi0 is listed twice');
  });
});
