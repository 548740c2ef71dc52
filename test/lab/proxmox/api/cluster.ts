/** Version, nodes, node status, `/cluster/resources`, `/cluster/nextid`, `/cluster/status`. */
import { createHash } from 'node:crypto';
import type { LabCluster } from '../cluster';
import { ParamError } from '../http/errors';
import type { Router } from '../http/router';
import { NODE, OPTIONAL_VMID } from '../schema/common-params';
import { effectiveConfig } from '../domain/vm-config';
import { usedBytes } from '../domain/storage';
import { parseSize } from '../domain/sizes';
import type { VmRecord } from '../state/model';
import { num, reqStr, str } from './params';
import { sdnResourceEntries } from './sdn';

export const PVE_VERSION = { version: '9.1.4', release: '9.1', repoid: '5a3d2a4e1c0b9f7d' } as const;

const NODE_MAXMEM = 64 * 1024 ** 3;
const NODE_MAXCPU = 16;

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

export function vmResourceEntry(sim: LabCluster, vm: VmRecord): Record<string, string | number> {
  const conf = effectiveConfig(vm);
  const running = vm.status === 'running';
  const e: Record<string, string | number> = {
    id: `qemu/${vm.vmid}`,
    type: 'qemu',
    vmid: vm.vmid,
    node: vm.node,
    name: conf.name ?? `VM ${vm.vmid}`,
    status: vm.status,
    template: conf.template === '1' ? 1 : 0,
    maxmem: vmMaxmem(conf),
    maxcpu: vmMaxcpu(conf),
    maxdisk: vmMaxdisk(conf),
    mem: running ? Math.floor(vmMaxmem(conf) / 4) : 0,
    cpu: running ? 0.01 : 0,
    disk: 0,
    uptime: running && vm.startedAt ? Math.floor((sim.now() - vm.startedAt) / 1000) : 0,
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
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

function nodeEntry(sim: LabCluster, node: string): Record<string, string | number> {
  return {
    id: `node/${node}`,
    type: 'node',
    node,
    status: 'online',
    level: '',
    maxcpu: NODE_MAXCPU,
    cpu: 0.02,
    maxmem: NODE_MAXMEM,
    mem: 4 * 1024 ** 3,
    maxdisk: 100 * 1024 ** 3,
    disk: 8 * 1024 ** 3,
    uptime: Math.floor((sim.now() - 86_400_000) / 1000) % 1_000_000,
    ssl_fingerprint: fingerprint(node),
  };
}

function storageResourceEntries(sim: LabCluster): Array<Record<string, string | number>> {
  const out: Array<Record<string, string | number>> = [];
  for (const node of sim.state.nodes) {
    for (const [storage, def] of Object.entries(sim.state.storages)) {
      out.push({
        id: `storage/${node}/${storage}`,
        type: 'storage',
        storage,
        node,
        status: 'available',
        plugintype: def.type,
        content: [...def.content].sort().join(','),
        shared: def.shared ? 1 : 0,
        maxdisk: def.totalBytes,
        disk: usedBytes(sim.state, storage, node),
      });
    }
  }
  return out;
}

export function registerClusterRoutes(router: Router<LabCluster>): void {
  router.add({ method: 'GET', path: '/version', params: {}, handler: () => ({ ...PVE_VERSION }) });

  router.add({
    method: 'GET',
    path: '/nodes',
    params: {},
    handler: ({ sim }) => sim.state.nodes.map((n) => nodeEntry(sim, n)),
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}',
    params: { node: NODE },
    proxyToNode: true,
    handler: () =>
      ['aplinfo', 'apt', 'capabilities', 'ceph', 'certificates', 'config', 'disks', 'dns', 'firewall', 'hardware', 'hosts', 'lxc', 'network', 'qemu', 'query-url-metadata', 'replication', 'rrd', 'rrddata', 'scan', 'sdn', 'services', 'status', 'storage', 'subscription', 'syslog', 'tasks', 'time', 'version'].map((name) => ({ name })),
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/status',
    params: { node: NODE },
    proxyToNode: true,
    handler: ({ params }) => {
      const node = reqStr(params, 'node');
      return {
        cpu: 0.02,
        wait: 0,
        uptime: 86400,
        idle: 0,
        loadavg: ['0.10', '0.08', '0.05'],
        kversion: 'Linux 6.14.8-2-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2',
        pveversion: `pve-manager/${PVE_VERSION.version}/${PVE_VERSION.repoid}`,
        cpuinfo: { cores: NODE_MAXCPU / 2, cpus: NODE_MAXCPU, sockets: 1, model: 'Lab Virtual CPU', mhz: '2400.000', hvm: '1', flags: 'fpu vme de pse tsc msr pae', user_hz: 100 },
        memory: { total: NODE_MAXMEM, used: 4 * 1024 ** 3, free: NODE_MAXMEM - 4 * 1024 ** 3, available: NODE_MAXMEM - 4 * 1024 ** 3 },
        swap: { total: 0, used: 0, free: 0 },
        rootfs: { total: 100 * 1024 ** 3, used: 8 * 1024 ** 3, free: 92 * 1024 ** 3, avail: 92 * 1024 ** 3 },
        ksm: { shared: 0 },
        'boot-info': { mode: 'efi', secureboot: 0 },
        'current-kernel': { sysname: 'Linux', release: '6.14.8-2-pve', version: '#1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2', machine: 'x86_64' },
        node,
      };
    },
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
      const out: Array<Record<string, string | number>> = [];
      if (!type || type === 'vm') out.push(...Object.values(sim.state.vms).sort((a, b) => a.vmid - b.vmid).map((vm) => vmResourceEntry(sim, vm)));
      if (!type || type === 'node') out.push(...sim.state.nodes.map((n) => nodeEntry(sim, n)));
      if (!type || type === 'storage') out.push(...storageResourceEntries(sim));
      if (!type || type === 'sdn') out.push(...sdnResourceEntries(sim));
      if (!type) for (const pool of Object.keys(sim.state.pools).sort()) out.push({ id: `/pool/${pool}`, type: 'pool', pool });
      return out;
    },
  });

  router.add({
    method: 'GET',
    path: '/cluster/nextid',
    params: { vmid: OPTIONAL_VMID },
    handler: ({ sim, params }) => {
      const wanted = num(params, 'vmid');
      if (wanted !== undefined) {
        if (sim.findVm(wanted)) throw new ParamError({ vmid: `VM ${wanted} already exists` });
        return wanted;
      }
      for (let id = 100; id < 1_000_000; id++) if (!sim.findVm(id)) return id;
      throw new Error('unable to get any free VMID in range [100, 1000000)');
    },
  });

  router.add({
    method: 'GET',
    path: '/cluster/status',
    params: {},
    handler: ({ sim }) => [
      { type: 'cluster', id: 'cluster', name: sim.state.clusterName, nodes: sim.state.nodes.length, quorate: 1, version: sim.state.nodes.length },
      ...sim.state.nodes.map((n, i) => ({ type: 'node', id: `node/${n}`, name: n, nodeid: i + 1, ip: `10.10.0.${11 + i}`, online: 1, local: i === 0 ? 1 : 0, level: '' })),
    ],
  });
}
