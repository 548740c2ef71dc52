/**
 * Where each node of a definition goes: its name, address, VMID and Proxmox node, computed from the
 * pools in order (control plane first, then worker pools). The same rules as the Proxmox cluster
 * plan (cluster-plan.ts), so the definition's derived values and the VMs agree. Pure; tolerates
 * missing values (they come back undefined) because the validator lays out half-valid input too.
 */
import { parseIpv4 } from '../../providers/kernel/ipv4';

import type { NodeRole } from '../../providers/kernel/node-role';
export type { NodeRole };
export type IssuePath = readonly (string | number)[];

export interface PoolLayout {
  /** Where the pool sits in the definition, e.g. `['workers', 1]`. */
  readonly path: IssuePath;
  readonly name: string;
  readonly role: NodeRole;
  readonly count: number;
  readonly firstIp?: string;
  readonly ips?: readonly string[];
  readonly proxmoxNodes?: readonly string[];
  readonly vmidBase?: number;
}

export interface NodeSlot {
  /** `<cluster>-<pool>-<n>`: VM name, hostname and Kubernetes node name. */
  readonly name: string;
  readonly role: NodeRole;
  readonly pool: string;
  readonly poolPath: IssuePath;
  /** 1-based position in the pool. */
  readonly ordinal: number;
  /** The address as a number; undefined when the pool's addresses are missing or malformed. */
  readonly ip?: number;
  /** The definition field the address comes from. */
  readonly ipPath: IssuePath;
  readonly vmid?: number;
  /** The definition field the VMID comes from (a pool's vmidBase, or the cluster's). */
  readonly vmidPath: IssuePath;
  readonly proxmoxNode?: string;
}

export function nodeName(cluster: string, pool: string, ordinal: number): string {
  return `${cluster}-${pool}-${ordinal}`;
}

/**
 * Lays out every node: VMIDs are the pool's `vmidBase + j`, else the cluster's `vmidBase + i` (i =
 * position in the cluster); Proxmox nodes round-robin over the pool's list, else the cluster's.
 */
export function layoutNodes(cluster: string, pools: readonly PoolLayout[], vmidBase: number | undefined, defaultProxmoxNodes: readonly string[]): NodeSlot[] {
  const slots: NodeSlot[] = [];
  for (const pool of pools) {
    const first = pool.firstIp !== undefined ? parseIpv4(pool.firstIp) : undefined;
    const targets = pool.proxmoxNodes ?? defaultProxmoxNodes;
    for (let j = 0; j < pool.count; j++) {
      const fromList = pool.ips !== undefined;
      const ip = fromList ? (pool.ips?.[j] !== undefined ? parseIpv4(pool.ips[j]) : undefined) : first !== undefined ? first + j : undefined;
      const base = pool.vmidBase ?? vmidBase;
      const offset = pool.vmidBase !== undefined ? j : slots.length;
      slots.push({
        name: nodeName(cluster, pool.name, j + 1),
        role: pool.role,
        pool: pool.name,
        poolPath: pool.path,
        ordinal: j + 1,
        ip: ip !== undefined && ip <= 0xffffffff ? ip : undefined,
        ipPath: fromList ? [...pool.path, 'ips', j] : [...pool.path, 'firstIp'],
        vmid: base !== undefined ? base + offset : undefined,
        vmidPath: pool.vmidBase !== undefined ? [...pool.path, 'vmidBase'] : ['vmidBase'],
        proxmoxNode: targets.length ? targets[j % targets.length] : undefined,
      });
    }
  }
  return slots;
}
