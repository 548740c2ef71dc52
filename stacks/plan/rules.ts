/**
 * Synth-time checks shared by the Proxmox constructs and the cluster plan. Every failure throws
 * `<where>: <prop path> <value>: <problem>; <fix>` so the message names both the field and the fix.
 * Formats follow PVE's own parameter formats (pve-vmid, pve-iface, pve-storage-id, pve-sdn-*-id,
 * pve-tag, dns-name) and Talos' minimum machine sizes.
 */
import { parseIpv4 } from '../../providers/kernel/ipv4';

import type { NodeRole } from '../../providers/kernel/node-role';
import { ValidationError } from '../../providers/kernel/validation';
export type { NodeRole };

/** Throws the one ValidationError of a bad prop, worded `where: prop value: problem; fix`. */
export function fail(where: string, prop: string, value: unknown, problem: string, fix: string): never {
  const issue = { scope: where, path: [prop], problem: `${JSON.stringify(value)}: ${problem}`, fix };
  throw new ValidationError([issue], `${where}: ${prop} ${JSON.stringify(value)}: ${problem}; ${fix}`);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export function checkIntRange(where: string, prop: string, value: number, min: number, max: number, fix = `use a whole number from ${min} to ${max}`): void {
  if (!isInt(value) || value < min || value > max) fail(where, prop, value, `must be a whole number from ${min} to ${max}`, fix);
}

/** RFC 1123 label: VM names (PVE `dns-name`), hostnames, pool IDs and tags built from them. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function checkDnsLabel(where: string, prop: string, value: string, maxLength = 63): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value) || value.length > maxLength) {
    fail(where, prop, value, 'is not a DNS label', `use lowercase letters, digits and inner dashes, at most ${maxLength} characters`);
  }
}

export const VMID_MIN = 100;
export const VMID_MAX = 999_999_999;

export function checkVmid(where: string, prop: string, value: number): void {
  checkIntRange(where, prop, value, VMID_MIN, VMID_MAX, `PVE VM IDs are ${VMID_MIN}..${VMID_MAX}; pick another vmidBase`);
}

/** Talos system requirements (minimums) and what one QEMU VM can take (maximums). */
export const MACHINE_LIMITS: Readonly<Record<NodeRole, { cores: number; memoryMiB: number; diskGiB: number }>> = {
  controlplane: { cores: 2, memoryMiB: 2048, diskGiB: 10 },
  worker: { cores: 1, memoryMiB: 1024, diskGiB: 10 },
};
export const MAX_CORES = 512;
export const MAX_MEMORY_MIB = 4 * 1024 * 1024;
export const MAX_DISK_GIB = 64 * 1024;

export function checkMachineSize(where: string, prefix: string, role: NodeRole, size: { cores: number; memoryMiB: number; diskGiB: number }): void {
  const min = MACHINE_LIMITS[role];
  checkIntRange(where, `${prefix}cores`, size.cores, min.cores, MAX_CORES, `a Talos ${role} needs at least ${min.cores} cores; a VM takes at most ${MAX_CORES}`);
  checkIntRange(
    where,
    `${prefix}memoryMiB`,
    size.memoryMiB,
    min.memoryMiB,
    MAX_MEMORY_MIB,
    `a Talos ${role} needs at least ${min.memoryMiB} MiB (memory is in MiB: 4096 = 4 GiB); at most ${MAX_MEMORY_MIB}`,
  );
  checkIntRange(where, `${prefix}diskGiB`, size.diskGiB, min.diskGiB, MAX_DISK_GIB, `a Talos ${role} needs at least ${min.diskGiB} GiB of disk`);
}

/** `proxmox_network_linux_bridge.name` (bpg): a letter, then up to 9 letters, digits or `_` (e.g. vmbr1). */
export const BRIDGE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,9}$/;

export function checkBridgeName(where: string, prop: string, value: string): void {
  if (typeof value !== 'string' || !BRIDGE_NAME.test(value)) {
    fail(where, prop, value, 'is not a Linux bridge name', 'use a letter then up to 9 letters, digits or underscores, e.g. vmbr1');
  }
}

/** A host interface a VLAN or bridge sits on (PVE `pve-iface`, 2..20 chars). */
export function checkInterfaceName(where: string, prop: string, value: string): void {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]{1,14}$/.test(value)) {
    fail(where, prop, value, 'is not a network interface name', 'use the host NIC or bond name, e.g. eno1 or bond0');
  }
}

export function checkVlanId(where: string, prop: string, value: number): void {
  checkIntRange(where, prop, value, 1, 4094, 'VLAN IDs are 1..4094');
}

/** SDN zone and VNet IDs: 2..8 characters, a letter first, no dashes. */
export const SDN_ID = /^[A-Za-z][A-Za-z0-9]{1,7}$/;

export function checkSdnId(where: string, prop: string, value: string): void {
  if (typeof value !== 'string' || !SDN_ID.test(value)) {
    fail(where, prop, value, 'is not an SDN ID', 'use 2 to 8 letters or digits starting with a letter, e.g. talos');
  }
}

/** PVE `pve-storage-id`. */
export const DATASTORE_ID = /^[A-Za-z][A-Za-z0-9\-_.]*[A-Za-z0-9]$/;

export function checkDatastoreId(where: string, prop: string, value: string): void {
  if (typeof value !== 'string' || !DATASTORE_ID.test(value)) {
    fail(where, prop, value, 'is not a PVE storage ID', 'use the datastore name shown under Datacenter > Storage, e.g. local-lvm');
  }
}

/** PVE node names (hostnames). */
export const PVE_NODE_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

export function checkPveNodeName(where: string, prop: string, value: string): void {
  if (typeof value !== 'string' || !PVE_NODE_NAME.test(value) || value.length > 63) {
    fail(where, prop, value, 'is not a Proxmox node name', 'use the node name shown under Datacenter, e.g. pve1');
  }
}

/** PVE `pve-tag`, kept lower case (PVE compares tags case-insensitively). */
export const PVE_TAG = /^[a-z0-9_][a-z0-9_+.-]*$/;

export function checkTag(where: string, prop: string, value: string): void {
  if (typeof value !== 'string' || !PVE_TAG.test(value)) {
    fail(where, prop, value, 'is not a Proxmox tag', 'use lowercase letters, digits and _ + . -');
  }
}

/** A full Talos release for image URLs (`v1.13.9`); the config contract `v1.13` is not enough here. */
export const TALOS_RELEASE = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export function checkTalosRelease(where: string, prop: string, value: string): void {
  if (typeof value !== 'string' || !TALOS_RELEASE.test(value)) {
    fail(where, prop, value, 'is not a Talos release', 'give the full release the image is built from, e.g. v1.13.9');
  }
}

export function checkUrl(where: string, prop: string, value: string, schemes: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(where, prop, value, 'is not a URL', `give an absolute ${schemes.join(' or ')} URL`);
  }
  if (!schemes.includes(url.protocol.replace(/:$/, ''))) fail(where, prop, value, `has scheme ${url.protocol}`, `use ${schemes.join(' or ')}`);
  return url;
}

export function checkIpv4(where: string, prop: string, value: string): number {
  const ip = parseIpv4(value);
  if (ip === undefined) fail(where, prop, value, 'is not an IPv4 address', 'write it as four decimal octets, e.g. 10.20.0.11');
  return ip;
}

/** Throws on the first value that occurs twice, naming both owners. */
export function checkUnique<T>(where: string, items: readonly { owner: string; prop: string; value: T }[], what: string): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const key = String(item.value);
    const first = seen.get(key);
    if (first !== undefined) fail(where, `${item.owner}: ${item.prop}`, item.value, `is already the ${what} of ${first}`, `give each its own ${what}`);
    seen.set(key, item.owner);
  }
}
