/**
 * Where each node goes: its name, address, VMID and Proxmox node, computed from the pools in order
 * (control plane first, then worker pools). The one layout: the cluster plan (cluster-plan.ts)
 * places its nodes with it, and the definition's validator lays out half-valid input with it too,
 * so it tolerates missing values (they come back undefined).
 */
import { parseIpv4 } from '../../providers/kernel/ipv4';
import type { FieldPath } from '../../providers/kernel/validation';
import type { NodePoolSpec } from './cluster-spec';

import type { NodeRole } from '../../providers/kernel/node-role';
export type { NodeRole };
export type IssuePath = FieldPath;

/** What the layout reads of a pool, and where the pool sits in its input, e.g. `['workers', 1]`. */
export interface PoolLayout extends Pick<NodePoolSpec, 'name' | 'role' | 'count' | 'firstIp' | 'ips' | 'proxmoxNodes' | 'vmidBase'> {
  readonly path: IssuePath;
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
