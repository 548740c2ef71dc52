/**
 * The block devices a Talos node sees in a Proxmox VM, as Talos' block.DisksController reports
 * them (Disks.block.talos.dev, one per device, ID = kernel name), derived from the VM's drives:
 * - scsiN behind virtio-scsi: /dev/sdX, model "QEMU HARDDISK", serial drive-scsiN unless set,
 *   transport virtio (the SCSI host's proc_name is virtio_scsi);
 * - virtioN (virtio-blk): /dev/vdX, no model, serial only when set, transport virtio;
 * - sataN (AHCI): /dev/sdX, serial QM000NN unless set, transport sata; ideN: transport ata;
 * - cdrom media: /dev/srN, read-only, model "QEMU DVD-ROM" (SCSI type 5).
 * Rotational unless the drive has ssd=1 (virtio-blk is always rotational, as QEMU reports it).
 * sdX letters go to SCSI disks first, then SATA, then IDE, each in slot order.
 */
import type { DiskSpec } from '../../../providers/talos/api/types';

/** One drive of the VM configuration (what the Proxmox simulator knows of it). */
export interface VmDrive {
  /** The drive key: scsi0, virtio1, sata2, ide2, … */
  readonly slot: string;
  readonly bytes: number;
  readonly cdrom?: boolean;
  readonly serial?: string;
  readonly ssd?: boolean;
  readonly readonly?: boolean;
  /** `0x` + 16 hex digits (PVE's wwn option). */
  readonly wwn?: string;
}

export interface SimulatedBlockDisk {
  /** Kernel name and resource ID: sda, vdb, sr0. */
  readonly id: string;
  readonly slot: string;
  readonly spec: DiskSpec;
}

/** go-humanize Bytes (SI units, one decimal below 10), which Talos uses for pretty_size. */
export function humanizeBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.min(Math.floor(Math.log(bytes) / Math.log(1000)), units.length - 1);
  const value = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ${units[e]}`;
}

function letters(n: number): string {
  let s = '';
  for (let i = n; i >= 0; i = Math.floor(i / 26) - 1) s = String.fromCharCode(97 + (i % 26)) + s;
  return s;
}

const SLOT = /^(scsi|virtio|sata|ide)(\d+)$/;

function bus(slot: string): { bus: 'scsi' | 'virtio' | 'sata' | 'ide'; index: number } {
  const m = SLOT.exec(slot);
  if (!m) throw new Error(`drive ${slot}: not a Proxmox drive key (scsiN, virtioN, sataN or ideN)`);
  return { bus: m[1] as 'scsi' | 'virtio' | 'sata' | 'ide', index: Number(m[2]) };
}

const BUS_ORDER = { scsi: 0, sata: 1, ide: 2, virtio: 3 } as const;

/** The Disk resources of a VM with these drives, sorted by ID as the COSI List returns them. */
export function blockDisksOf(drives: readonly VmDrive[]): SimulatedBlockDisk[] {
  const sorted = [...drives].sort((a, b) => {
    const x = bus(a.slot);
    const y = bus(b.slot);
    return BUS_ORDER[x.bus] - BUS_ORDER[y.bus] || x.index - y.index;
  });
  let sd = 0;
  let vd = 0;
  let sr = 0;
  let seq = 0;
  const out = sorted.map((d): SimulatedBlockDisk => {
    const { bus: kind, index } = bus(d.slot);
    const cdrom = d.cdrom === true;
    const id = cdrom ? `sr${sr++}` : kind === 'virtio' ? `vd${letters(vd++)}` : `sd${letters(sd++)}`;
    seq++;
    const wwid = d.wwn ? `naa.${d.wwn.slice(2).toLowerCase()}` : '';
    let spec: Omit<DiskSpec, 'dev_path' | 'size' | 'pretty_size' | 'io_size' | 'sector_size' | 'secondary_disks' | 'uuid' | 'sub_system' | 'symlinks'>;
    const byId: string[] = [];
    let byPath: string;
    if (kind === 'virtio') {
      // virtio-blk devices sit on the PCI bus from slot 0x0a (PVE's pci addresses for virtioN).
      const pci = `0000:00:${(0x0a + index).toString(16).padStart(2, '0')}.0`;
      spec = {
        readonly: d.readonly === true,
        cdrom,
        model: '',
        serial: d.serial ?? '',
        modalias: 'virtio:d00000002v00001AF4',
        wwid,
        bus_path: `/pci0000:00/${pci}/virtio${index + 2}`,
        transport: 'virtio',
        rotational: true,
      };
      if (d.serial) byId.push(`/dev/disk/by-id/virtio-${d.serial}`);
      byPath = `/dev/disk/by-path/pci-${pci}`;
    } else if (kind === 'scsi') {
      // One virtio-scsi controller (0000:00:05.0 → bridge 0000:01:01.0), LUN = slot index.
      const serial = d.serial ?? `drive-${d.slot}`;
      const hctl = `2:0:0:${index}`;
      spec = {
        readonly: d.readonly === true || cdrom,
        cdrom,
        model: cdrom ? 'QEMU CD-ROM' : 'QEMU HARDDISK',
        serial,
        modalias: cdrom ? 'scsi:t-0x05' : 'scsi:t-0x00',
        wwid: wwid || `t10.QEMU     QEMU HARDDISK   ${serial}`,
        bus_path: `/pci0000:00/0000:00:05.0/0000:01:01.0/virtio1/host2/target2:0:0/${hctl}`,
        transport: 'virtio',
        rotational: d.ssd !== true && !cdrom,
      };
      byId.push(`/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_${serial}`);
      if (d.wwn) byId.push(`/dev/disk/by-id/wwn-${d.wwn.toLowerCase()}`);
      byPath = `/dev/disk/by-path/pci-0000:01:01.0-scsi-0:0:0:${index}`;
    } else {
      // AHCI (sata) on 0000:00:07.0, ports = slot index; IDE (ata_piix) on 0000:00:01.1.
      const serial = d.serial ?? `QM${String(index + 1).padStart(5, '0')}`;
      const host = kind === 'sata' ? index + 3 : Math.floor(index / 2);
      const model = cdrom ? 'QEMU DVD-ROM' : 'QEMU HARDDISK';
      spec = {
        readonly: d.readonly === true || cdrom,
        cdrom,
        model,
        serial,
        modalias: cdrom ? 'scsi:t-0x05' : 'scsi:t-0x00',
        wwid: wwid || `t10.ATA     ${model}                           ${serial}`,
        bus_path: `/pci0000:00/${kind === 'sata' ? '0000:00:07.0' : '0000:00:01.1'}/ata${host + 1}/host${host}/target${host}:0:${index % 2}/${host}:0:${index % 2}:0`,
        transport: kind === 'sata' ? 'sata' : 'ata',
        rotational: d.ssd !== true && !cdrom,
      };
      byId.push(`/dev/disk/by-id/ata-QEMU_${cdrom ? 'DVD-ROM' : 'HARDDISK'}_${serial}`);
      byPath = `/dev/disk/by-path/pci-${kind === 'sata' ? '0000:00:07.0' : '0000:00:01.1'}-ata-${index + 1}`;
    }
    return {
      id,
      slot: d.slot,
      spec: {
        dev_path: `/dev/${id}`,
        size: d.bytes,
        pretty_size: humanizeBytes(d.bytes),
        io_size: cdrom ? 2048 : 512,
        sector_size: cdrom ? 2048 : 512,
        uuid: '',
        sub_system: '/sys/class/block',
        secondary_disks: [],
        ...spec,
        symlinks: [`/dev/disk/by-diskseq/${seq}`, ...byId, byPath],
      },
    };
  });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The disk YAML as `talosctl get disks -o yaml` prints a spec (Go's yaml field order and omitempty). */
export function diskYaml(spec: DiskSpec): string {
  const lines = [
    `dev_path: ${spec.dev_path}`,
    `size: ${spec.size}`,
    `pretty_size: ${spec.pretty_size}`,
    `io_size: ${spec.io_size}`,
    `sector_size: ${spec.sector_size}`,
    `readonly: ${spec.readonly}`,
    `cdrom: ${spec.cdrom}`,
  ];
  // Plain scalars unless YAML would read them otherwise (as go-yaml decides).
  const quote = (s: string): string => (s === '' || /^\s|\s$|: | #|^[-?:,[\]{}#&*!|>'"%@`]|^(true|false|null|~|[-+]?[0-9.]+)$/i.test(s) ? JSON.stringify(s) : s);
  for (const k of ['model', 'serial', 'modalias', 'wwid', 'uuid', 'bus_path', 'sub_system', 'transport'] as const) if (spec[k]) lines.push(`${k}: ${quote(spec[k])}`);
  if (spec.rotational) lines.push('rotational: true');
  for (const k of ['secondary_disks', 'symlinks'] as const) if (spec[k].length > 0) lines.push(`${k}:`, ...spec[k].map((s) => `    - ${quote(s)}`));
  return `${lines.join('\n')}\n`;
}
