/**
 * Node network interfaces: create/update/delete write `interfaces.new` (pending), which `GET`
 * lists together with a `changes` diff; `PUT /nodes/{node}/network` (srvreload task) applies it,
 * `DELETE /nodes/{node}/network` reverts it. Values are strings as read back from the file.
 */
import type { LabCluster } from '../cluster';
import { ParamError } from '../http/errors';
import { result, type Router } from '../http/router';
import { CONFIGID_LIST, NODE } from '../schema/common-params';
import type { ParamSchemas } from '../schema/types';
import type { IfaceRecord, NodeNetwork } from '../state/model';
import { list, reqStr, str } from './params';

const IFACE = { type: 'string', format: 'pve-iface', minLength: 2, maxLength: 20 } as const;
const TYPES = ['bridge', 'bond', 'eth', 'alias', 'vlan', 'fabric', 'OVSBridge', 'OVSBond', 'OVSPort', 'OVSIntPort', 'vnet', 'unknown'];

const IFACE_PARAMS: ParamSchemas = {
  node: NODE,
  iface: IFACE,
  type: { type: 'string', enum: TYPES },
  address: { type: 'string', optional: true, format: 'ipv4' },
  address6: { type: 'string', optional: true, format: 'ipv6' },
  autostart: { type: 'boolean', optional: true },
  'bond-primary': { type: 'string', optional: true, format: 'pve-iface' },
  bond_mode: {
    type: 'string',
    optional: true,
    enum: ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb', 'balance-slb', 'lacp-balance-slb', 'lacp-balance-tcp'],
  },
  bond_xmit_hash_policy: { type: 'string', optional: true, enum: ['layer2', 'layer2+3', 'layer3+4'] },
  bridge_ports: { type: 'string', optional: true, format: 'pve-iface-list' },
  bridge_vids: { type: 'string', optional: true, format: 'pve-vlan-id-or-range-list' },
  bridge_vlan_aware: { type: 'boolean', optional: true },
  cidr: { type: 'string', optional: true, format: 'CIDRv4' },
  cidr6: { type: 'string', optional: true, format: 'CIDRv6' },
  comments: { type: 'string', optional: true },
  comments6: { type: 'string', optional: true },
  gateway: { type: 'string', optional: true, format: 'ipv4' },
  gateway6: { type: 'string', optional: true, format: 'ipv6' },
  mtu: { type: 'integer', optional: true, minimum: 1280, maximum: 65520 },
  netmask: { type: 'string', optional: true, format: 'ipv4mask' },
  netmask6: { type: 'integer', optional: true, minimum: 0, maximum: 128 },
  ovs_bonds: { type: 'string', optional: true, format: 'pve-iface-list' },
  ovs_bridge: { type: 'string', optional: true, format: 'pve-iface' },
  ovs_options: { type: 'string', optional: true, maxLength: 1024 },
  ovs_ports: { type: 'string', optional: true, format: 'pve-iface-list' },
  ovs_tag: { type: 'integer', optional: true, minimum: 1, maximum: 4094 },
  slaves: { type: 'string', optional: true, format: 'pve-iface-list' },
  'vlan-id': { type: 'integer', optional: true, minimum: 1, maximum: 4094 },
  'vlan-raw-device': { type: 'string', optional: true, format: 'pve-iface' },
};

const FLAGS = new Set(['autostart', 'bridge_vlan_aware']);

function pendingOf(net: NodeNetwork): Record<string, IfaceRecord> {
  if (!net.pending) net.pending = structuredClone(net.running);
  return net.pending;
}

function networkOf(sim: LabCluster, node: string): NodeNetwork {
  const net = sim.state.network[node];
  if (!net) throw new Error(`internal: no network state for node ${node}`);
  return net;
}

/** Turns API parameters into the record PVE writes and reads back (cidr split, flags only when set). */
function applyParams(target: IfaceRecord, params: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(params)) {
    if (k === 'node' || k === 'iface' || k === 'delete') continue;
    if (FLAGS.has(k)) {
      if (Number(v) === 1) target[k] = 1;
      else delete target[k];
      continue;
    }
    if (k === 'cidr' || k === 'cidr6') {
      const [addr, mask] = String(v).split('/');
      target[k === 'cidr' ? 'address' : 'address6'] = addr;
      target[k === 'cidr' ? 'netmask' : 'netmask6'] = mask;
      target[k] = String(v);
      continue;
    }
    if (k === 'bridge_vids') {
      target[k] = String(v)
        .split(/[,;\s]+/)
        .filter((s) => s.length > 0)
        .join(' ');
      continue;
    }
    target[k] = String(v);
  }
  if (target.address && target.netmask) target.cidr = `${target.address}/${target.netmask}`;
  if (target.address6 && target.netmask6) target.cidr6 = `${target.address6}/${target.netmask6}`;
  const families: string[] = [];
  if (target.address) families.push('inet');
  if (target.address6) families.push('inet6');
  target.families = families.length > 0 ? families : ['inet'];
  target.method = target.address ? 'static' : 'manual';
  target.method6 = target.address6 ? 'static' : 'manual';
  const iface = String(target.iface);
  const dotted = /^(\S+)\.(\d+)$/.exec(iface);
  if (target.type === 'vlan' && dotted) {
    target['vlan-raw-device'] ??= dotted[1];
    target['vlan-id'] ??= dotted[2];
  }
}

function renderInterfaces(ifaces: Readonly<Record<string, IfaceRecord>>): string[] {
  const lines: string[] = [];
  for (const name of Object.keys(ifaces).sort()) {
    const i = ifaces[name];
    if (i.autostart === 1) lines.push(`auto ${name}`);
    lines.push(`iface ${name} inet ${String(i.method ?? 'manual')}`);
    if (i.cidr) lines.push(`\taddress ${String(i.cidr)}`);
    if (i.gateway) lines.push(`\tgateway ${String(i.gateway)}`);
    if (i.type === 'bridge') {
      lines.push(`\tbridge-ports ${String(i.bridge_ports ?? 'none')}`, '\tbridge-stp off', '\tbridge-fd 0');
      if (i.bridge_vlan_aware === 1) lines.push('\tbridge-vlan-aware yes', `\tbridge-vids ${String(i.bridge_vids ?? '2-4094')}`);
    }
    if (i.type === 'vlan' && i['vlan-raw-device'] && !/\./.test(name)) lines.push(`\tvlan-raw-device ${String(i['vlan-raw-device'])}`, `\tvlan-id ${String(i['vlan-id'])}`);
    if (i.mtu) lines.push(`\tmtu ${String(i.mtu)}`);
    if (i.comments) lines.push(`#${String(i.comments)}`);
    lines.push('');
  }
  return lines;
}

/** A diff of interfaces -> interfaces.new, like the `changes` attribute PVE returns. */
export function interfacesDiff(running: Readonly<Record<string, IfaceRecord>>, pending: Readonly<Record<string, IfaceRecord>>): string | undefined {
  const a = renderInterfaces(running);
  const b = renderInterfaces(pending);
  if (a.join('\n') === b.join('\n')) return undefined;
  const out = ['--- /etc/network/interfaces', '+++ /etc/network/interfaces.new'];
  const setA = new Set(a);
  const setB = new Set(b);
  for (const l of a) if (!setB.has(l)) out.push(`-${l}`);
  for (const l of b) if (!setA.has(l)) out.push(`+${l}`);
  return `${out.join('\n')}\n`;
}

function view(ifaces: Readonly<Record<string, IfaceRecord>>, running: Readonly<Record<string, IfaceRecord>>): IfaceRecord[] {
  return Object.keys(ifaces)
    .sort()
    .map((name, i) => {
      const e: IfaceRecord = { ...ifaces[name], priority: i + 1 };
      if (running[name]) e.active = 1;
      else delete e.active;
      return e;
    });
}

export function registerNetworkRoutes(router: Router<LabCluster>): void {
  router.add({
    method: 'GET',
    path: '/nodes/{node}/network',
    proxyToNode: true,
    params: {
      node: NODE,
      type: {
        type: 'string',
        optional: true,
        enum: ['bridge', 'bond', 'eth', 'alias', 'vlan', 'fabric', 'OVSBridge', 'OVSBond', 'OVSPort', 'OVSIntPort', 'vnet', 'any_bridge', 'any_local_bridge', 'include_sdn'],
      },
    },
    handler: ({ sim, params }) => {
      const net = networkOf(sim, reqStr(params, 'node'));
      const ifaces = net.pending ?? net.running;
      const type = str(params, 'type');
      let entries = view(ifaces, net.running);
      if (type === 'any_bridge' || type === 'any_local_bridge') entries = entries.filter((e) => e.type === 'bridge' || e.type === 'OVSBridge');
      else if (type && type !== 'include_sdn') entries = entries.filter((e) => e.type === type);
      const changes = net.pending ? interfacesDiff(net.running, net.pending) : undefined;
      return result(entries, changes ? { changes } : {});
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/network/{iface}',
    proxyToNode: true,
    params: { node: NODE, iface: IFACE },
    handler: ({ sim, params }) => {
      const net = networkOf(sim, reqStr(params, 'node'));
      const iface = reqStr(params, 'iface');
      const ifaces = net.pending ?? net.running;
      if (!ifaces[iface]) throw new ParamError({ iface: 'interface does not exist' });
      return view({ [iface]: ifaces[iface] }, net.running)[0];
    },
  });

  router.add({
    method: 'POST',
    path: '/nodes/{node}/network',
    proxyToNode: true,
    params: IFACE_PARAMS,
    handler: ({ sim, params }) => {
      const net = networkOf(sim, reqStr(params, 'node'));
      const iface = reqStr(params, 'iface');
      const ifaces = net.pending ?? net.running;
      if (ifaces[iface]) throw new ParamError({ iface: 'interface already exists' });
      if (params.cidr && params.address) throw new ParamError({ address: 'address conflicts with cidr' });
      if (params.gateway) {
        const other = Object.entries(ifaces).find(([, i]) => i.gateway);
        if (other) throw new ParamError({ gateway: `Default gateway already exists on interface '${other[0]}'.` });
      }
      for (const port of list(params, 'bridge_ports')) {
        const user = Object.entries(ifaces).find(([, i]) =>
          String(i.bridge_ports ?? '')
            .split(/\s+/)
            .includes(port),
        );
        if (user) throw new ParamError({ bridge_ports: `${port} is already used on interface '${user[0]}'.` });
      }
      const record: IfaceRecord = { iface, type: reqStr(params, 'type') };
      applyParams(record, params);
      pendingOf(net)[iface] = record;
      sim.save();
      return null;
    },
  });

  router.add({
    method: 'PUT',
    path: '/nodes/{node}/network/{iface}',
    proxyToNode: true,
    params: { ...IFACE_PARAMS, delete: CONFIGID_LIST },
    handler: ({ sim, params }) => {
      const net = networkOf(sim, reqStr(params, 'node'));
      const iface = reqStr(params, 'iface');
      if (!(net.pending ?? net.running)[iface]) throw new ParamError({ iface: 'interface does not exist' });
      const pending = pendingOf(net);
      const record = { ...pending[iface] };
      for (const k of list(params, 'delete')) {
        delete record[k];
        if (k === 'cidr') {
          delete record.address;
          delete record.netmask;
        }
        if (k === 'cidr6') {
          delete record.address6;
          delete record.netmask6;
        }
      }
      if (record.type !== params.type) throw new ParamError({ type: 'iface type change not allowed' });
      applyParams(record, params);
      pending[iface] = record;
      sim.save();
      return null;
    },
  });

  router.add({
    method: 'DELETE',
    path: '/nodes/{node}/network/{iface}',
    proxyToNode: true,
    params: { node: NODE, iface: IFACE },
    handler: ({ sim, params }) => {
      const net = networkOf(sim, reqStr(params, 'node'));
      const iface = reqStr(params, 'iface');
      if (!(net.pending ?? net.running)[iface]) throw new ParamError({ iface: 'interface does not exist' });
      delete pendingOf(net)[iface];
      sim.save();
      return null;
    },
  });

  router.add({
    method: 'PUT',
    path: '/nodes/{node}/network',
    proxyToNode: true,
    params: { node: NODE, 'regenerate-frr': { type: 'boolean', optional: true } },
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      return sim.tasks.start({ node, type: 'srvreload', id: 'networking', user: userid, action: { kind: 'srvreload', node } }).upid;
    },
  });

  router.add({
    method: 'DELETE',
    path: '/nodes/{node}/network',
    proxyToNode: true,
    params: { node: NODE },
    handler: ({ sim, params }) => {
      const net = networkOf(sim, reqStr(params, 'node'));
      delete net.pending;
      sim.save();
      return null;
    },
  });
}

export function registerNetworkWorkers(sim: LabCluster): void {
  sim.tasks.register('srvreload', (task) => {
    const { node } = task.action as unknown as { node: string };
    const net = networkOf(sim, node);
    if (net.pending) {
      net.running = net.pending;
      delete net.pending;
    }
    return undefined;
  });
}
