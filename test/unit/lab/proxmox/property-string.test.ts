import { PropertyStringError, parsePropertyString, printPropertyString } from '../../../lab/proxmox/schema/property-string';
import { DRIVE_FORMATS, NET_FORMAT } from '../../../lab/proxmox/schema/qemu-params';

describe('PVE property strings', () => {
  it('parses a drive with an explicit file= key and prints it as PVE stores it (volume first, keys sorted)', () => {
    const d = parsePropertyString(DRIVE_FORMATS.scsi, 'file=local-lvm:vm-100-disk-0,ssd=1,discard=on,iothread=true,size=32G', 'scsi0');
    expect(d).toEqual({ file: 'local-lvm:vm-100-disk-0', ssd: '1', discard: 'on', iothread: '1', size: '32G' });
    expect(printPropertyString(DRIVE_FORMATS.scsi, d)).toBe('local-lvm:vm-100-disk-0,discard=on,iothread=1,size=32G,ssd=1');
  });

  it('accepts a bare default-key value and skips empty parts (the provider sends `file=x,`)', () => {
    expect(parsePropertyString(DRIVE_FORMATS.ide, 'file=local-lvm:cloudinit,', 'ide2')).toEqual({ file: 'local-lvm:cloudinit' });
    expect(parsePropertyString(DRIVE_FORMATS.ide, 'local:iso/talos.iso,media=cdrom', 'ide3')).toEqual({ file: 'local:iso/talos.iso', media: 'cdrom' });
  });

  it('maps `<model>=<mac>` onto model and macaddr and prints it back in that form', () => {
    const n = parsePropertyString(NET_FORMAT, 'virtio=BC:24:11:2F:4A:10,bridge=vmbr0,firewall=1,tag=10', 'net0');
    expect(n).toEqual({ model: 'virtio', macaddr: 'BC:24:11:2F:4A:10', bridge: 'vmbr0', firewall: '1', tag: '10' });
    expect(printPropertyString(NET_FORMAT, n)).toBe('virtio=BC:24:11:2F:4A:10,bridge=vmbr0,firewall=1,tag=10');
    expect(printPropertyString(NET_FORMAT, parsePropertyString(NET_FORMAT, 'model=virtio,bridge=vmbr0,firewall=0,macaddr=BC:24:11:00:00:01', 'net0'))).toBe(
      'virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=0',
    );
  });

  it('rejects keys a bus does not have, bad values and duplicates with PVE messages', () => {
    const err = (f: () => unknown): PropertyStringError => {
      try {
        f();
      } catch (e) {
        if (e instanceof PropertyStringError) return e;
        throw e;
      }
      throw new Error('expected a PropertyStringError');
    };
    expect(err(() => parsePropertyString(DRIVE_FORMATS.virtio, 'local-lvm:8,ssd=1', 'virtio0')).message).toBe('invalid key in comma-separated list property: ssd');
    expect(err(() => parsePropertyString(DRIVE_FORMATS.sata, 'local-lvm:8,iothread=1', 'sata0')).message).toBe('invalid key in comma-separated list property: iothread');
    expect(err(() => parsePropertyString(DRIVE_FORMATS.scsi, 'a:1,b:2', 'scsi0')).message).toBe('duplicate key in comma-separated list property: file');
    const bad = err(() => parsePropertyString(DRIVE_FORMATS.scsi, 'local-lvm:8,discard=maybe,size=lots', 'scsi0'));
    expect(bad.message).toBe('format error');
    expect(bad.errors).toEqual({
      'scsi0.discard': "value 'maybe' does not have a value in the enumeration 'ignore, on'",
      'scsi0.size': 'invalid format - value does not look like a valid disk size: lots',
    });
    expect(err(() => parsePropertyString(NET_FORMAT, 'bridge=vmbr0', 'net0')).errors).toEqual({ 'net0.model': 'property is missing and it is not optional' });
  });
});
