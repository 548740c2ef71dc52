/** Version, nodes, node status, `/cluster/resources`, `/cluster/nextid`, `/cluster/status`. */
import { createHash } from 'node:crypto';
import type { LabCluster } from '../cluster';
import { fail, ParamError } from '../http/errors';
import type { Router } from '../http/router';
import { NODE, OPTIONAL_VMID } from '../schema/common-params';
import { effectiveConfig } from '../domain/vm-config';
import { usedBytes } from '../domain/storage';
import { parseSize } from '../domain/sizes';
import type { VmRecord } from '../state/model';
import { num, reqStr, str } from './params';
import { sdnResourceEntries } from './sdn';

export const PVE_VERSION = { version: '9.1.4', release: '9.1', repoid: '5a3d2a4e1c0b9f7d' } as const;

const GIB = 1024 ** 3;
const NODE_MAXMEM = 64 * GIB;
const NODE_MAXCPU = 16;
/** datacenter.cfg `next-id` is not modelled: PVE's defaults (upper bound exclusive). */
const NEXT_ID_RANGE = { lower: 100, upper: 1_000_000 } as const;
/** Memory the host itself uses (PVE services, page cache it cannot give back). */
const NODE_HOST_MEM = 4 * GIB;
const NODE_ROOTFS = { total: 100 * GIB, used: 8 * GIB } as const;
/** `cgroup-mode` PVE 9 nodes report in `/cluster/resources` (cgroup v2 only). */
const NODE_CGROUP_MODE = 2;

function fingerprint(node: string): string {
  const h = createHash('sha256').update(`lab-node-${node}`).digest('hex').toUpperCase();
  return h.match(/../g)?.join(':') ?? '';
}

export function vmMaxmem(conf: Readonly<Record<string, string>>): number {
  const mem = Number((conf.memory ?? '512').split(',')[0].replace(/^current=/, ''));
  return mem * 1024 * 1024;
}

export function vmMaxcpu(conf: Readonly<Record<string, string>>): number {
  if (conf.vcpus) return Number(conf.vcpus);
  return Number(conf.sockets ?? 1) * Number(conf.cores ?? 1);
}

/** Size of the boot disk (first disk in `boot: order=`), as PVE's `maxdisk`. */
export function vmMaxdisk(conf: Readonly<Record<string, string>>): number {
  const order = /order=([^,]+)/.exec(conf.boot ?? '')?.[1]?.split(';') ?? [];
  const candidates = [...order, ...Object.keys(conf).filter((k) => /^(scsi|virtio|sata|ide)\d+$/.test(k))];
  for (const key of candidates) {
    const v = conf[key];
    if (!v || /media=cdrom/.test(v)) continue;
    const size = /(?:^|,)size=([^,]+)/.exec(v)?.[1];
    if (size) return parseSize(size) ?? 0;
  }
  return 0;
}

export function poolOfVm(sim: LabCluster, vmid: number): string | undefined {
  return Object.entries(sim.state.pools).find(([, p]) => p.vms.includes(vmid))?.[0];
}

/** Memory a running guest uses (a quarter of its maximum), 0 when stopped. */
export function vmMemUsed(vm: VmRecord): number {
  return vm.status === 'running' ? Math.floor(vmMaxmem(effectiveConfig(vm)) / 4) : 0;
}

/** Used memory of a node: the host's own share plus what its running guests use. */
export function nodeMemUsed(sim: LabCluster, node: string): number {
  return Object.values(sim.state.vms).reduce((sum, vm) => sum + (vm.node === node ? vmMemUsed(vm) : 0), NODE_HOST_MEM);
}

/**
 * A guest as pve-manager's extract_vm_stats reports it. The stats come from the node's RRD
 * feed: while the node is down there are none, and only id/vmid/node/type and `unknown` remain.
 */
export function vmResourceEntry(sim: LabCluster, vm: VmRecord): Record<string, string | number> {
  const conf = effectiveConfig(vm);
  const running = vm.status === 'running';
  const stats: Record<string, string | number> = {
    name: conf.name ?? `VM ${vm.vmid}`,
    status: vm.status,
    template: conf.template === '1' ? 1 : 0,
    maxmem: vmMaxmem(conf),
    maxcpu: vmMaxcpu(conf),
    maxdisk: vmMaxdisk(conf),
    mem: vmMemUsed(vm),
    memhost: vmMemUsed(vm),
    cpu: running ? 0.01 : 0,
    disk: 0,
    uptime: running && vm.startedAt ? Math.floor((sim.now() - vm.startedAt) / 1000) : 0,
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
  };
  const e: Record<string, string | number> = {
    id: `qemu/${vm.vmid}`,
    type: 'qemu',
    vmid: vm.vmid,
    node: vm.node,
    ...(sim.isOnline(vm.node) ? stats : { status: 'unknown' }),
  };
  const pool = poolOfVm(sim, vm.vmid);
  if (pool) e.pool = pool;
  if (conf.tags) e.tags = conf.tags;
  const lock = sim.lockOf(vm);
  if (lock) e.lock = lock;
  const ha = sim.state.ha[`vm:${vm.vmid}`];
  if (ha) e.hastate = String(ha.state ?? 'started');
  return e;
}

/** A node as pve-manager's extract_node_stats reports it (no usage figures while it is down). */
function nodeResourceEntry(sim: LabCluster, node: string): Record<string, string | number> {
  if (!sim.isOnline(node))
    return { id: `node/${node}`, type: 'node', node, status: 'offline', level: '', maxcpu: NODE_MAXCPU, maxmem: NODE_MAXMEM, maxdisk: NODE_ROOTFS.total, 'cgroup-mode': NODE_CGROUP_MODE };
  return {
    id: `node/${node}`,
    type: 'node',
    node,
    status: 'online',
    level: '',
    maxcpu: NODE_MAXCPU,
    cpu: 0.02,
    maxmem: NODE_MAXMEM,
    mem: nodeMemUsed(sim, node),
    maxdisk: NODE_ROOTFS.total,
    disk: NODE_ROOTFS.used,
    uptime: sim.nodeUptime(),
    'cgroup-mode': NODE_CGROUP_MODE,
  };
}

/** `GET /nodes` entries: the resource view plus the node's certificate fingerprint, no cgroup mode. */
function nodeListEntry(sim: LabCluster, node: string): Record<string, string | number> {
  const entry: Record<string, string | number> = { ...nodeResourceEntry(sim, node), ssl_fingerprint: fingerprint(node) };
  delete entry['cgroup-mode'];
  return entry;
}

/** One entry per storage and node (storages sorted, as PVE::Storage::storage_ids returns them). */
function storageResourceEntries(sim: LabCluster): Array<Record<string, string | number>> {
  const out: Array<Record<string, string | number>> = [];
  for (const storage of Object.keys(sim.state.storages).sort()) {
    const def = sim.state.storages[storage];
    for (const node of sim.state.nodes) {
      const entry: Record<string, string | number> = {
        id: `storage/${node}/${storage}`,
        type: 'storage',
        storage,
        node,
        status: 'unknown',
        plugintype: def.type,
        content: [...def.content].sort().join(','),
        shared: def.shared ? 1 : 0,
      };
      if (sim.isOnline(node)) Object.assign(entry, { status: 'available', maxdisk: def.totalBytes, disk: usedBytes(sim.state, storage, node) });
      out.push(entry);
    }
  }
  return out;
}

/** Pools, with the sums of their running guests (pve-manager adds these up while listing VMs). */
function poolResourceEntries(sim: LabCluster, vms: ReadonlyArray<Record<string, string | number>>): Array<Record<string, string | number>> {
  return Object.keys(sim.state.pools)
    .sort()
    .map((pool) => {
      const entry: Record<string, string | number> = { id: `/pool/${pool}`, type: 'pool', pool };
      for (const vm of vms) {
        if (vm.pool !== pool || !Number(vm.uptime)) continue;
        const maxcpu = Number(entry.maxcpu ?? 0);
        entry.uptime = Math.max(Number(entry.uptime ?? 0), Number(vm.uptime));
        entry.mem = Number(entry.mem ?? 0) + Number(vm.mem);
        entry.maxmem = Number(entry.maxmem ?? 0) + Number(vm.maxmem);
        entry.cpu = (Number(entry.cpu ?? 0) * maxcpu + Number(vm.cpu) * Number(vm.maxcpu)) / (maxcpu + Number(vm.maxcpu));
        entry.maxcpu = maxcpu + Number(vm.maxcpu);
      }
      return entry;
    });
}

/** Node status as `GET /nodes/{node}/status` reports it (pve-manager's Nodes.pm `status`). */
function nodeStatus(sim: LabCluster, node: string): Record<string, unknown> {
  const used = nodeMemUsed(sim, node);
  const kernel = { sysname: 'Linux', release: '6.14.8-2-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2 (2025-07-22T10:04Z)', machine: 'x86_64' };
  return {
    uptime: sim.nodeUptime(),
    idle: 0,
    loadavg: ['0.10', '0.08', '0.05'],
    kversion: `${kernel.sysname} ${kernel.release} ${kernel.version}`,
    'current-kernel': kernel,
    'boot-info': { mode: 'efi', secureboot: 0 },
    // read_cpuinfo: mhz and hvm are regex captures, hence strings
    cpuinfo: { user_hz: 100, model: 'Lab Virtual CPU', mhz: '2400.000', cpus: NODE_MAXCPU, sockets: 1, cores: NODE_MAXCPU / 2, flags: 'fpu vme de pse tsc msr pae vmx', hvm: '1' },
    cpu: 0.02,
    wait: 0,
    memory: { free: NODE_MAXMEM - used, total: NODE_MAXMEM, available: NODE_MAXMEM - used, used },
    ksm: { shared: 0 },
    swap: { free: 0, total: 0, used: 0 },
    pveversion: `pve-manager/${PVE_VERSION.version}/${PVE_VERSION.repoid}`,
    rootfs: { total: NODE_ROOTFS.total, avail: NODE_ROOTFS.total - NODE_ROOTFS.used, used: NODE_ROOTFS.used, free: NODE_ROOTFS.total - NODE_ROOTFS.used },
  };
}

/** PVE's `sort keys %$idlist`: VMIDs in string order. */
function byVmidString(a: VmRecord, b: VmRecord): number {
  const x = String(a.vmid);
  const y = String(b.vmid);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function registerClusterRoutes(router: Router<LabCluster>): void {
  router.add({ method: 'GET', path: '/version', params: {}, handler: () => ({ ...PVE_VERSION }) });

  router.add({
    method: 'GET',
    path: '/nodes',
    params: {},
    handler: ({ sim }) => sim.state.nodes.map((n) => nodeListEntry(sim, n)),
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}',
    params: { node: NODE },
    proxyToNode: true,
    handler: () =>
      [
        'aplinfo',
        'apt',
        'capabilities',
        'ceph',
        'certificates',
        'config',
        'disks',
        'dns',
        'firewall',
        'hardware',
        'hosts',
        'lxc',
        'network',
        'qemu',
        'query-url-metadata',
        'replication',
        'rrd',
        'rrddata',
        'scan',
        'sdn',
        'services',
        'status',
        'storage',
        'subscription',
        'syslog',
        'tasks',
        'time',
        'version',
      ].map((name) => ({ name })),
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/status',
    params: { node: NODE },
    proxyToNode: true,
    handler: ({ sim, params }) => nodeStatus(sim, reqStr(params, 'node')),
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/version',
    params: { node: NODE },
    proxyToNode: true,
    handler: () => ({ ...PVE_VERSION }),
  });

  router.add({
    method: 'GET',
    path: '/cluster/resources',
    params: { type: { type: 'string', optional: true, enum: ['vm', 'storage', 'node', 'sdn'] } },
    handler: ({ sim, params }) => {
      const type = str(params, 'type');
      const vms = Object.values(sim.state.vms)
        .sort(byVmidString)
        .map((vm) => vmResourceEntry(sim, vm));
      const out: Array<Record<string, string | number>> = [];
      // pve-manager lists pools first (only without a type filter), then guests, nodes, storages, SDN.
      if (!type) out.push(...poolResourceEntries(sim, vms));
      if (!type || type === 'vm') out.push(...vms);
      if (!type || type === 'node') out.push(...sim.state.nodes.map((n) => nodeResourceEntry(sim, n)));
      if (!type || type === 'storage') out.push(...storageResourceEntries(sim));
      if (!type || type === 'sdn') out.push(...sdnResourceEntries(sim));
      return out;
    },
  });

  router.add({
    method: 'GET',
    path: '/cluster/nextid',
    params: { vmid: OPTIONAL_VMID },
    // PVE answers with a JSON string: the VMID was used as a hash key (or came from the query)
    // and JSON::XS writes such scalars as strings. go-proxmox decodes exactly that.
    handler: ({ sim, params }) => {
      const wanted = num(params, 'vmid');
      if (wanted !== undefined) {
        if (sim.findVm(wanted)) throw new ParamError({ vmid: `VM ${wanted} already exists` });
        return String(wanted);
      }
      const { lower, upper } = NEXT_ID_RANGE;
      for (let id = lower; id < upper; id++) if (!sim.findVm(id)) return String(id);
      fail(`unable to get any free VMID in range [${lower}, ${upper}]`);
    },
  });

  router.add({
    method: 'GET',
    path: '/cluster/status',
    params: {},
    handler: ({ sim }) => {
      const online = sim.state.nodes.filter((n) => sim.isOnline(n)).length;
      return [
        { type: 'cluster', id: 'cluster', name: sim.state.clusterName, nodes: sim.state.nodes.length, quorate: online * 2 > sim.state.nodes.length ? 1 : 0, version: sim.state.nodes.length },
        ...sim.state.nodes.map((n, i) => ({ type: 'node', id: `node/${n}`, name: n, nodeid: i + 1, ip: `10.10.0.${11 + i}`, online: sim.isOnline(n) ? 1 : 0, local: i === 0 ? 1 : 0, level: '' })),
      ];
    },
  });
}
