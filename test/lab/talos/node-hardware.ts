/**
 * The virtual hardware a simulated node reports: one VirtIO SCSI disk (what Proxmox gives a Talos
 * VM, seen as /dev/sda) and /proc/meminfo figures. Deterministic per node address so repeated
 * calls and restarts answer the same; sizes follow the VM when the lab knows them.
 */
import { createHash } from 'node:crypto';

export interface NodeHardware {
  /** Size of the system disk in bytes (default 32 GiB). */
  readonly diskBytes?: number;
  /** RAM in bytes (default 4 GiB, the Talos Proxmox guide's control plane size). */
  readonly memoryBytes?: number;
}

const GIB = 1024 ** 3;
export const DEFAULT_DISK_BYTES = 32 * GIB;
export const DEFAULT_MEMORY_BYTES = 4 * GIB;

export function validateHardware(address: string, hw: NodeHardware): void {
  const check = (field: keyof NodeHardware, min: number): void => {
    const v = hw[field];
    if (v === undefined) return;
    if (!Number.isSafeInteger(v) || v < min) throw new Error(`hardware[${address}].${field}: expected an integer number of bytes >= ${min}, got ${String(v)}`);
  };
  check('diskBytes', GIB);
  check('memoryBytes', 256 * 1024 * 1024);
}

function digest(address: string): Buffer {
  return createHash('sha256').update(`talos-lab-hw:${address}`).digest();
}

/** storage.Disk fields for the node's single disk (system disk once Talos is installed). */
export function simulatedDisks(address: string, hw: NodeHardware, installed: boolean): object[] {
  const h = digest(address).toString('hex');
  return [
    {
      size: String(hw.diskBytes ?? DEFAULT_DISK_BYTES),
      model: 'QEMU HARDDISK',
      device_name: '/dev/sda',
      name: 'QEMU HARDDISK',
      serial: `drive-scsi0-${h.slice(0, 8)}`,
      modalias: 'scsi:t-0x00',
      uuid: '',
      wwid: `t10.ATA     QEMU HARDDISK                           QM${h.slice(8, 13).toUpperCase()}`,
      type: 'HDD',
      bus_path: '/pci0000:00/0000:00:05.0/0000:01:01.0/virtio2/host2/target2:0:0/2:0:0:0',
      system_disk: installed,
      subsystem: '/sys/class/block',
      readonly: false,
    },
  ];
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
