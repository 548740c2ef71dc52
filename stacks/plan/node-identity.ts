/**
 * Stable per-node identities derived from (cluster name, node name), so they are known at synth:
 * the SMBIOS UUID (Kubernetes `providerID` = `proxmox://<uuid>`, what Cluster API matches) and the
 * NIC MAC address (DHCP reservations, no drift from PVE-generated MACs). Pure functions.
 */
import { createHash } from 'node:crypto';

/** Our UUIDv5 namespace for SMBIOS UUIDs (a fixed random UUID; changing it renames every node). */
export const SMBIOS_NAMESPACE = '6f3c8a0e-3d2b-4f57-9a43-5d3e1c7b9a21';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** RFC 9562 name-based UUID, version 5 (SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest().subarray(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  return formatUuid(hash);
}

export function smbiosUuid(clusterName: string, nodeName: string): string {
  return uuidV5(SMBIOS_NAMESPACE, `${clusterName}/${nodeName}`);
}

/** Kubelet providerID as the Proxmox cloud provider and Cluster API Proxmox provider spell it. */
export function proxmoxProviderId(uuid: string): string {
  return `proxmox://${uuid}`;
}

/** Proxmox's own OUI (datacenter `mac_prefix` default); the low 24 bits are derived. */
export const PROXMOX_MAC_PREFIX = 'BC:24:11';

function macFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  return [PROXMOX_MAC_PREFIX, ...[h[0], h[1], h[2]].map((b) => b.toString(16).toUpperCase().padStart(2, '0'))].join(':');
}

/**
 * The NIC MAC of a node: a hash of (cluster, node name), so a node keeps its MAC across deploys.
 * 24 bits collide by the birthday bound (about 3% of 1,000-node clusters): a MAC already `taken`
 * by a node planned before this one is re-derived with a counter, so every node of a cluster gets
 * its own MAC without the user having to rename anything. Nodes without a collision keep the MAC
 * they always had.
 */
export function nodeMacAddress(clusterName: string, nodeName: string, taken: ReadonlySet<string> = new Set()): string {
  let mac = macFrom(`mac/${clusterName}/${nodeName}`);
  for (let n = 1; taken.has(mac); n++) mac = macFrom(`mac/${clusterName}/${nodeName}#${n}`);
  return mac;
}
