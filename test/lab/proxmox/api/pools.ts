/** Resource pools: `/pools?poolid=` (PVE 8.1+ style) and the deprecated `/pools/{poolid}`. */
import type { LabCluster } from '../cluster';
import { fail } from '../http/errors';
import type { Router } from '../http/router';
import type { PoolRecord } from '../state/model';
import { flag, list, reqStr, str } from './params';
import { vmResourceEntry } from './cluster';

const POOLID = { type: 'string', format: 'pve-poolid' } as const;
const TYPE = { type: 'string', optional: true, enum: ['qemu', 'lxc', 'storage'] } as const;

function members(sim: LabCluster, pool: PoolRecord, type: string | undefined): Array<Record<string, string | number>> {
  const out: Array<Record<string, string | number>> = [];
  if (!type || type === 'qemu') {
    for (const vmid of [...pool.vms].sort((a, b) => a - b)) {
      const vm = sim.findVm(vmid);
      if (!vm) continue;
      const e = vmResourceEntry(sim, vm);
      delete e.pool;
      out.push(e);
    }
  }
  if (!type || type === 'storage') {
    for (const storage of [...pool.storage].sort()) {
      const def = sim.state.storages[storage];
      if (!def) continue;
      const node = sim.state.nodes[0];
      out.push({
        id: `storage/${node}/${storage}`,
        type: 'storage',
        storage,
        node,
        status: 'available',
        plugintype: def.type,
        shared: def.shared ? 1 : 0,
        content: [...def.content].sort().join(','),
        maxdisk: def.totalBytes,
        disk: 0,
      });
    }
  }
  return out;
}

function requirePool(sim: LabCluster, id: string, errmsg?: string): PoolRecord {
  const pool = sim.state.pools[id];
  if (!pool) fail(errmsg ? `${errmsg}: pool '${id}' does not exist` : `pool '${id}' does not exist`);
  return pool;
}

function readPool(sim: LabCluster, id: string, type: string | undefined): Record<string, unknown> {
  const pool = requirePool(sim, id);
  const out: Record<string, unknown> = { members: members(sim, pool, type) };
  if (pool.comment !== undefined) out.comment = pool.comment;
  out.poolid = id;
  return out;
}

function updatePool(sim: LabCluster, id: string, p: Record<string, unknown>): null {
  const errmsg = 'update pools failed';
  const pool = requirePool(sim, id, errmsg);
  const params = p as Parameters<typeof flag>[0];
  const del = flag(params, 'delete');
  if (str(params, 'comment') !== undefined) pool.comment = str(params, 'comment');
  for (const raw of list(params, 'vms')) {
    const vmid = Number(raw);
    if (del) {
      if (!pool.vms.includes(vmid)) fail(`${errmsg}: VM ${vmid} is not a pool member`);
      pool.vms = pool.vms.filter((v) => v !== vmid);
    } else {
      if (pool.vms.includes(vmid)) fail(`${errmsg}: VM ${vmid} is already a pool member`);
      const other = Object.entries(sim.state.pools).find(([, q]) => q.vms.includes(vmid));
      if (other) {
        if (!flag(params, 'allow-move')) fail(`${errmsg}: VM ${vmid} belongs already to pool '${other[0]}' and 'allow-move' is not set`);
        other[1].vms = other[1].vms.filter((v) => v !== vmid);
      }
      pool.vms.push(vmid);
    }
  }
  for (const storage of list(params, 'storage')) {
    if (del) {
      if (!pool.storage.includes(storage)) fail(`${errmsg}: Storage '${storage}' is not a pool member`);
      pool.storage = pool.storage.filter((s) => s !== storage);
    } else {
      if (pool.storage.includes(storage)) fail(`${errmsg}: Storage '${storage}' is already a pool member`);
      pool.storage.push(storage);
    }
  }
  sim.save();
  return null;
}

function deletePool(sim: LabCluster, id: string): null {
  const errmsg = 'delete pool failed';
  const pool = requirePool(sim, id, errmsg);
  const sub = Object.keys(sim.state.pools).find((p) => p.startsWith(`${id}/`));
  if (sub) fail(`${errmsg}: pool '${id}' is not empty (contains pool '${sub}')`);
  if (pool.vms.length > 0) fail(`${errmsg}: pool '${id}' is not empty (contains VM ${pool.vms[0]})`);
  if (pool.storage.length > 0) fail(`${errmsg}: pool '${id}' is not empty (contains storage '${pool.storage[0]}')`);
  delete sim.state.pools[id];
  sim.save();
  return null;
}

const UPDATE_PARAMS = {
  comment: { type: 'string', optional: true },
  delete: { type: 'boolean', optional: true },
  vms: { type: 'string', optional: true, format: 'pve-vmid-list' },
  storage: { type: 'string', optional: true, format: 'pve-storage-id-list' },
} as const;

export function registerPoolRoutes(router: Router<LabCluster>): void {
  router.add({
    method: 'GET',
    path: '/pools',
    params: { poolid: { ...POOLID, optional: true }, type: TYPE },
    handler: ({ sim, params }) => {
      const id = str(params, 'poolid');
      if (id) return [readPool(sim, id, str(params, 'type'))];
      return Object.keys(sim.state.pools)
        .sort()
        .map((p) => {
          const e: Record<string, string> = { poolid: p };
          const c = sim.state.pools[p].comment;
          if (c !== undefined) e.comment = c;
          return e;
        });
    },
  });
  router.add({
    method: 'POST',
    path: '/pools',
    params: { poolid: POOLID, comment: { type: 'string', optional: true } },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'poolid');
      if (sim.state.pools[id]) fail(`create pool failed: pool '${id}' already exists`);
      const parent = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : undefined;
      if (parent && !sim.state.pools[parent]) fail(`create pool failed: parent '${parent}' of pool '${id}' does not exist`);
      if (!/^[A-Za-z]/.test(id.split('/').pop() ?? '')) fail('create pool failed: pool name must start with a letter');
      sim.state.pools[id] = { comment: str(params, 'comment'), vms: [], storage: [] };
      if (sim.state.pools[id].comment === undefined) delete sim.state.pools[id].comment;
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'PUT',
    path: '/pools',
    params: { poolid: POOLID, 'allow-move': { type: 'boolean', optional: true }, ...UPDATE_PARAMS },
    handler: ({ sim, params }) => updatePool(sim, reqStr(params, 'poolid'), params),
  });
  router.add({
    method: 'DELETE',
    path: '/pools',
    params: { poolid: POOLID },
    handler: ({ sim, params }) => deletePool(sim, reqStr(params, 'poolid')),
  });
  router.add({
    method: 'GET',
    path: '/pools/{poolid}',
    params: { poolid: POOLID, type: TYPE },
    handler: ({ sim, params }) => {
      // The deprecated per-pool read answers without the poolid key.
      const pool = readPool(sim, reqStr(params, 'poolid'), str(params, 'type'));
      delete pool.poolid;
      return pool;
    },
  });
  router.add({
    method: 'PUT',
    path: '/pools/{poolid}',
    params: { poolid: POOLID, ...UPDATE_PARAMS },
    handler: ({ sim, params }) => updatePool(sim, reqStr(params, 'poolid'), params),
  });
  router.add({
    method: 'DELETE',
    path: '/pools/{poolid}',
    params: { poolid: POOLID },
    handler: ({ sim, params }) => deletePool(sim, reqStr(params, 'poolid')),
  });
}
