/**
 * The virtual hardware a simulated node reports: its disks (the VM's drives when the lab knows
 * them, else one VirtIO SCSI disk, what Proxmox gives a Talos VM, seen as /dev/sda) and
 * /proc/meminfo figures. Deterministic per node address so repeated calls and restarts answer
 * the same; sizes follow the VM when the lab knows them.
 */
import { createHash } from 'node:crypto';
import { blockDisksOf, type SimulatedBlockDisk, type VmDrive } from './node-disks';

export interface NodeHardware {
  /** Size of the system disk in bytes (default 32 GiB), when `drives` is not given. */
  readonly diskBytes?: number;
  /** The VM's drives (from its Proxmox configuration); they replace the single default disk. */
  readonly drives?: readonly VmDrive[];
  /** RAM in bytes (default 4 GiB, the Talos Proxmox guide's control plane size). */
  readonly memoryBytes?: number;
}

const GIB = 1024 ** 3;
export const DEFAULT_DISK_BYTES = 32 * GIB;
export const DEFAULT_MEMORY_BYTES = 4 * GIB;

export function validateHardware(address: string, hw: NodeHardware): void {
  const check = (field: 'diskBytes' | 'memoryBytes', min: number): void => {
    const v = hw[field];
    if (v === undefined) return;
    if (!Number.isSafeInteger(v) || v < min) throw new Error(`hardware[${address}].${field}: expected an integer number of bytes >= ${min}, got ${String(v)}`);
  };
  check('diskBytes', GIB);
  check('memoryBytes', 256 * 1024 * 1024);
  for (const [i, d] of (hw.drives ?? []).entries()) {
    if (!/^(scsi|virtio|sata|ide)\d+$/.test(d.slot)) throw new Error(`hardware[${address}].drives[${i}].slot: expected scsiN, virtioN, sataN or ideN, got ${d.slot}`);
    if (!Number.isSafeInteger(d.bytes) || d.bytes < 0) throw new Error(`hardware[${address}].drives[${i}].bytes: expected an integer number of bytes, got ${String(d.bytes)}`);
  }
  const slots = (hw.drives ?? []).map((d) => d.slot);
  const dup = slots.find((s, i) => slots.indexOf(s) !== i);
  if (dup) throw new Error(`hardware[${address}].drives: ${dup} is listed twice`);
}

function digest(address: string): Buffer {
  return createHash('sha256').update(`talos-lab-hw:${address}`).digest();
}

/** The VM's drives, or one scsi0 disk of diskBytes (serial per address) when the lab does not know them. */
export function vmDrives(address: string, hw: NodeHardware): readonly VmDrive[] {
  if (hw.drives && hw.drives.length > 0) return hw.drives;
  const h = digest(address).toString('hex');
  return [{ slot: 'scsi0', bytes: hw.diskBytes ?? DEFAULT_DISK_BYTES, serial: `drive-scsi0-${h.slice(0, 8)}` }];
}

/** The Disks.block.talos.dev resources of the node. */
export function simulatedBlockDisks(address: string, hw: NodeHardware): SimulatedBlockDisk[] {
  return blockDisksOf(vmDrives(address, hw));
}

/** storage.Disk fields (the legacy Disks RPC): the first writable disk is the system disk once Talos is installed. */
export function simulatedDisks(address: string, hw: NodeHardware, installed: boolean): object[] {
  const disks = simulatedBlockDisks(address, hw);
  const system = disks.find((d) => !d.spec.cdrom && !d.spec.readonly);
  return disks.map(({ spec }, i) => ({
    size: String(spec.size),
    model: spec.model,
    device_name: spec.dev_path,
    name: spec.model,
    serial: spec.serial,
    modalias: spec.modalias,
    uuid: spec.uuid,
    wwid: spec.wwid,
    type: spec.cdrom ? 'CD' : spec.rotational ? 'HDD' : 'SSD',
    bus_path: spec.bus_path,
    system_disk: installed && disks[i] === system,
    subsystem: spec.sub_system,
    readonly: spec.readonly,
  }));
}

/**
 * MemInfo as machined sends it: /proc/meminfo's numbers unchanged, i.e. kB (talosctl memory
 * divides by 1024 to print MB). Plausible for an idle (maintenance) or busy (configured) node.
 */
export function simulatedMemInfo(address: string, hw: NodeHardware, busy: boolean): Record<string, string> {
  const total = Math.floor((hw.memoryBytes ?? DEFAULT_MEMORY_BYTES) / 1024);
  const page = 4;
  const round = (n: number): number => Math.floor(n / page) * page;
  // A configured node runs containerd, kubelet and (on control planes) etcd + static pods.
  const jitter = digest(address).readUInt16BE(0) / 65535;
  const used = round(total * ((busy ? 0.35 : 0.08) + jitter * 0.05));
  const cached = round(total * 0.2);
  const buffers = round(total * 0.01);
  const free = total - used - cached - buffers;
  const fields: Record<string, number> = {
    memtotal: total,
    memfree: free,
    memavailable: free + cached + buffers,
    buffers,
    cached,
    active: round(used * 0.6 + cached * 0.3),
    inactive: round(used * 0.2 + cached * 0.7),
    activeanon: round(used * 0.55),
    inactiveanon: round(used * 0.05),
    activefile: round(cached * 0.3),
    inactivefile: round(cached * 0.7),
    anonpages: round(used * 0.6),
    mapped: round(cached * 0.25),
    shmem: round(total * 0.002),
    slab: round(total * 0.03),
    sreclaimable: round(total * 0.02),
    sunreclaim: round(total * 0.01),
    kernelstack: 8 * 1024,
    pagetables: round(used * 0.01),
    commitlimit: round(total / 2),
    committedas: round(used * 1.5),
    vmalloctotal: 34359738367,
    vmallocused: 40 * 1024,
    hugepagesize: 2048,
    directmap4k: 200 * 1024,
    directmap2m: round(total * 0.9),
    directmap1g: 0,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = String(v);
  return out;
}
