/**
 * SDN zones, vnets and subnets. Writes go to the pending configuration; `PUT /cluster/sdn`
 * (reloadnetworkall task) makes it the running one. Reads follow pve-network: no flag = pending
 * file contents, `running=1` = applied config, `pending=1` = PVE's pending_config merge view.
 */
import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { LabCluster } from '../cluster';
import { ParamError, fail } from '../http/errors';
import type { Router } from '../http/router';
import { CONFIGID_LIST, DIGEST_64, LOCK_TOKEN, OPT_BOOL } from '../schema/common-params';
import type { ParamSchemas, Params } from '../schema/types';
import type { SdnConfig, SdnKind, SdnObject } from '../state/model';
import { flag, list, reqStr, str } from './params';

const ZONE_TYPES = ['evpn', 'faucet', 'qinq', 'simple', 'vlan', 'vxlan'];
const ZONE_ID = { type: 'string', format: 'pve-sdn-zone-id' } as const;
const VNET_ID = { type: 'string', format: 'pve-sdn-vnet-id' } as const;
const SUBNET_ID = { type: 'string', format: 'pve-sdn-subnet-id' } as const;
const READ_FLAGS: ParamSchemas = { pending: OPT_BOOL, running: OPT_BOOL };

const ZONE_FIELDS: ParamSchemas = {
  'advertise-subnets': OPT_BOOL,
  bridge: { type: 'string', optional: true },
  'bridge-disable-mac-learning': OPT_BOOL,
  controller: { type: 'string', optional: true },
  dhcp: { type: 'string', optional: true, enum: ['dnsmasq'] },
  'disable-arp-nd-suppression': OPT_BOOL,
  dns: { type: 'string', optional: true },
  dnszone: { type: 'string', optional: true, format: 'dns-name' },
  'dp-id': { type: 'integer', optional: true },
  exitnodes: { type: 'string', optional: true, format: 'pve-node-list' },
  'exitnodes-local-routing': OPT_BOOL,
  'exitnodes-primary': { type: 'string', optional: true, format: 'pve-node' },
  fabric: { type: 'string', optional: true, format: 'pve-sdn-fabric-id' },
  ipam: { type: 'string', optional: true },
  'lock-token': LOCK_TOKEN,
  mac: { type: 'string', optional: true, format: 'mac-addr' },
  mtu: { type: 'integer', optional: true },
  nodes: { type: 'string', optional: true, format: 'pve-node-list' },
  peers: { type: 'string', optional: true, format: 'ip-list' },
  reversedns: { type: 'string', optional: true },
  'rt-import': { type: 'string', optional: true, format: 'pve-sdn-bgp-rt-list' },
  tag: { type: 'integer', optional: true, minimum: 0 },
  'vlan-protocol': { type: 'string', optional: true, enum: ['802.1q', '802.1ad'] },
  'vrf-vxlan': { type: 'integer', optional: true, minimum: 1, maximum: 16777215 },
  'vxlan-port': { type: 'integer', optional: true, minimum: 1, maximum: 65536 },
};

const VNET_FIELDS: ParamSchemas = {
  alias: { type: 'string', optional: true, maxLength: 256, pattern: '[\\(\\)-_.\\w\\d\\s]{0,256}' },
  'isolate-ports': OPT_BOOL,
  'lock-token': LOCK_TOKEN,
  tag: { type: 'integer', optional: true, minimum: 1, maximum: 16777215 },
  vlanaware: OPT_BOOL,
};

const SUBNET_FIELDS: ParamSchemas = {
  'dhcp-dns-server': { type: 'string', optional: true, format: 'ip' },
  'dhcp-range': { type: 'array', optional: true },
  dnszoneprefix: { type: 'string', optional: true, format: 'dns-name' },
  gateway: { type: 'string', optional: true, format: 'ip' },
  'lock-token': LOCK_TOKEN,
  snat: OPT_BOOL,
};

const META = new Set(['lock-token', 'delete', 'digest', 'pending', 'running']);

/** Section-config values: integers and booleans as numbers, lists sorted, ranges as property strings. */
function storedValues(params: Params, schemas: ParamSchemas, idKeys: readonly string[]): SdnObject {
  const out: SdnObject = {};
  for (const [k, v] of Object.entries(params)) {
    if (META.has(k) || idKeys.includes(k)) continue;
    const type = schemas[k]?.type;
    if (k === 'nodes' || k === 'exitnodes')
      out[k] = String(v)
        .split(/[,;\s]+/)
        .filter((s) => s.length > 0)
        .sort()
        .join(',');
    else if (k === 'dhcp-range') out[k] = (Array.isArray(v) ? v : [String(v)]).join('\n');
    else out[k] = type === 'integer' || type === 'boolean' || type === 'number' ? Number(v) : Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

function digestOf(cfg: Record<string, SdnObject>): string {
  return createHash('sha1').update(JSON.stringify(cfg)).digest('hex');
}

/** dhcp-range as the API returns it: objects parsed from the stored property strings. */
function rangesOf(value: string | number | undefined): Array<Record<string, string>> {
  if (typeof value !== 'string' || value === '') return [];
  return value.split('\n').map((r) => Object.fromEntries(r.split(',').map((kv) => kv.split('=') as [string, string])));
}

/** PVE's pending_config for one kind. */
export function pendingView(running: Record<string, SdnObject>, config: Record<string, SdnObject>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const id of Object.keys(running).sort()) {
    const r = running[id];
    const c = config[id];
    const e: Record<string, unknown> = {};
    for (const key of Object.keys(r).sort()) {
      e[key] = r[key];
      if (!c) e.state = 'deleted';
      else if (c[key] === undefined) {
        e.pending = { ...((e.pending as object) ?? {}), [key]: 'deleted' };
        e.state = 'changed';
      } else if (String(c[key]) !== String(r[key])) e.state = 'changed';
    }
    if (e.state && !e.pending) e.pending = {};
    out[id] = e;
  }
  for (const id of Object.keys(config).sort()) {
    const r = running[id];
    const c = config[id];
    const e: Record<string, unknown> = out[id] ?? {};
    for (const key of Object.keys(c).sort()) {
      const cv = c[key];
      const rv = r?.[key];
      if (key === 'type' || key === 'vnet') e[key] = cv;
      else if (rv === undefined || String(cv) !== String(rv)) e.pending = { ...((e.pending as object) ?? {}), [key]: cv };
      if (!r) e.state = 'new';
      else if (rv === undefined) e.state = 'changed';
    }
    if (e.state && !e.pending) e.pending = {};
    out[id] = e;
  }
  return out;
}

type View = 'config' | 'running' | 'pending';

function viewOf(params: Params): View {
  return flag(params, 'pending') ? 'pending' : flag(params, 'running') ? 'running' : 'config';
}

function objectsFor(sim: LabCluster, kind: SdnKind, view: View): { objects: Record<string, Record<string, unknown>>; digest: string | null } {
  const sdn = sim.state.sdn;
  if (view === 'running') return { objects: sdn.running[kind], digest: digestOf(sdn.running[kind]) };
  if (view === 'pending') return { objects: pendingView(sdn.running[kind], sdn.pending[kind]), digest: null };
  return { objects: sdn.pending[kind], digest: digestOf(sdn.pending[kind]) };
}

function present(kind: SdnKind, id: string, obj: Record<string, unknown>, digest: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  if (kind === 'zones') out.zone = id;
  if (kind === 'vnets') out.vnet = id;
  if (kind === 'subnets') {
    out.subnet = id;
    const m = /^([^-]+)-(.+)-(\d+)$/.exec(id);
    if (m) {
      out.zone = m[1];
      out.network = m[2];
      out.mask = m[3];
      out.cidr = `${m[2]}/${m[3]}`;
    }
    if (out['dhcp-range'] !== undefined) out['dhcp-range'] = rangesOf(out['dhcp-range'] as string);
    const pending = out.pending as Record<string, unknown> | undefined;
    if (pending?.['dhcp-range'] !== undefined && pending['dhcp-range'] !== 'deleted') {
      out.pending = { ...pending, 'dhcp-range': rangesOf(pending['dhcp-range'] as string) };
    }
  }
  out.digest = digest;
  return out;
}

function exists(kind: SdnKind, cfg: SdnConfig, id: string): SdnObject {
  const obj = cfg[kind][id];
  if (!obj) fail(`sdn '${id}' does not exist`);
  return obj;
}

function checkDigest(cfg: Record<string, SdnObject>, digest: string | undefined): void {
  if (digest && digest !== digestOf(cfg)) fail('detected modified configuration - file changed by other user? Try again.');
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  if (!isIPv4(ip) || !isIPv4(net)) return true;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipToInt(ip) / size) === Math.floor(ipToInt(net) / size);
}

function checkSubnet(cfg: SdnConfig, vnet: string, cidr: string, values: SdnObject): void {
  const v = cfg.vnets[vnet];
  if (!v) throw new ParamError({ vnet: `${vnet} don't exist` });
  if (v.vlanaware === 1) throw new ParamError({ vnet: "you can't add a subnet on a vlanaware vnet" });
  const gw = values.gateway;
  if (typeof gw === 'string' && !cidr.endsWith('/32') && !inCidr(gw, cidr)) throw new ParamError({ gateway: `${gw} is not in subnet ${cidr}` });
  const ranges = rangesOf(values['dhcp-range']);
  for (const r of ranges) {
    const start = r['start-address'];
    const end = r['end-address'];
    if (!start || !isIPv4(start)) throw new ParamError({ 'dhcp-range': `start-address is not a valid IP ${start}` });
    if (!end || !isIPv4(end)) throw new ParamError({ 'dhcp-range': `end-address is not a valid IP ${end}` });
    if (!inCidr(start, cidr)) throw new ParamError({ 'dhcp-range': `start-address ${start} is not in subnet ${cidr}` });
    if (!inCidr(end, cidr)) throw new ParamError({ 'dhcp-range': `end-address ${end} is not in subnet ${cidr}` });
  }
}

function checkVnetForZone(cfg: SdnConfig, id: string, vnet: SdnObject): void {
  const zone = cfg.zones[String(vnet.zone)];
  if (!zone) throw new ParamError({ zone: `zone ${String(vnet.zone)} don't exist` });
  if (zone.type === 'simple' && vnet.tag !== undefined) throw new ParamError({ tag: 'vlan tag is not allowed on simple zone' });
  if (zone.type === 'vlan' || zone.type === 'qinq') {
    if (vnet.tag === undefined) throw new ParamError({ tag: 'missing vlan tag' });
    const dup = Object.entries(cfg.vnets).find(([other, o]) => other !== id && o.zone === vnet.zone && o.tag === vnet.tag);
    if (dup) throw new ParamError({ tag: `tag ${String(vnet.tag)} already exist in vnet ${dup[0]}` });
  }
}

export function sdnResourceEntries(sim: LabCluster): Array<Record<string, string | number>> {
  const out: Array<Record<string, string | number>> = [];
  for (const [zone, def] of Object.entries(sim.state.sdn.running.zones)) {
    const nodes = typeof def.nodes === 'string' ? def.nodes.split(',') : sim.state.nodes;
    for (const node of nodes) out.push({ id: `sdn/${node}/${zone}`, type: 'sdn', sdn: zone, node, status: 'ok' });
  }
  return out;
}

export function registerSdnRoutes(router: Router<LabCluster>): void {
  router.add({ method: 'GET', path: '/cluster/sdn', params: {}, handler: () => ['vnets', 'zones', 'controllers', 'ipams', 'dns', 'fabrics'].map((id) => ({ id })) });

  router.add({
    method: 'PUT',
    path: '/cluster/sdn',
    params: { 'lock-token': LOCK_TOKEN, 'release-lock': OPT_BOOL },
    handler: ({ sim, userid }) => sim.tasks.start({ node: sim.state.nodes[0], type: 'reloadnetworkall', id: '', user: userid, action: { kind: 'sdn-apply' } }).upid,
  });

  // Zones
  router.add({
    method: 'GET',
    path: '/cluster/sdn/zones',
    params: { ...READ_FLAGS, type: { type: 'string', optional: true, enum: ZONE_TYPES } },
    handler: ({ sim, params }) => {
      const { objects, digest } = objectsFor(sim, 'zones', viewOf(params));
      const type = str(params, 'type');
      return Object.keys(objects)
        .sort()
        .map((id) => present('zones', id, objects[id], digest))
        .filter((z) => !type || z.type === type);
    },
  });
  router.add({
    method: 'GET',
    path: '/cluster/sdn/zones/{zone}',
    params: { zone: ZONE_ID, ...READ_FLAGS },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'zone');
      const { objects, digest } = objectsFor(sim, 'zones', viewOf(params));
      if (!objects[id]) fail(`sdn '${id}' does not exist`);
      return present('zones', id, objects[id], digest);
    },
  });
  router.add({
    method: 'POST',
    path: '/cluster/sdn/zones',
    params: { zone: ZONE_ID, type: { type: 'string', enum: ZONE_TYPES, format: 'pve-configid' }, ...ZONE_FIELDS },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'zone');
      const cfg = sim.state.sdn.pending;
      if (cfg.zones[id]) fail(`sdn zone object ID '${id}' already defined`);
      const values = storedValues(params, { ...ZONE_FIELDS, type: { type: 'string' } }, ['zone']);
      validateZone(values);
      cfg.zones[id] = values;
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'PUT',
    path: '/cluster/sdn/zones/{zone}',
    params: { zone: ZONE_ID, delete: { ...CONFIGID_LIST, maxLength: 4096 }, digest: DIGEST_64, ...ZONE_FIELDS },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'zone');
      const cfg = sim.state.sdn.pending;
      checkDigest(cfg.zones, str(params, 'digest'));
      const zone = { ...exists('zones', cfg, id) };
      for (const k of list(params, 'delete')) delete zone[k];
      Object.assign(zone, storedValues(params, ZONE_FIELDS, ['zone']));
      validateZone(zone);
      cfg.zones[id] = zone;
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'DELETE',
    path: '/cluster/sdn/zones/{zone}',
    params: { zone: ZONE_ID, 'lock-token': LOCK_TOKEN },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'zone');
      const cfg = sim.state.sdn.pending;
      exists('zones', cfg, id);
      const user = Object.entries(cfg.vnets).find(([, v]) => v.zone === id);
      if (user) fail(`zone ${id} is used by vnet ${user[0]}`);
      delete cfg.zones[id];
      sim.save();
      return null;
    },
  });

  // Vnets
  router.add({
    method: 'GET',
    path: '/cluster/sdn/vnets',
    params: READ_FLAGS,
    handler: ({ sim, params }) => {
      const { objects, digest } = objectsFor(sim, 'vnets', viewOf(params));
      return Object.keys(objects)
        .sort()
        .map((id) => present('vnets', id, objects[id], digest));
    },
  });
  router.add({
    method: 'GET',
    path: '/cluster/sdn/vnets/{vnet}',
    params: { vnet: VNET_ID, ...READ_FLAGS },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'vnet');
      const { objects, digest } = objectsFor(sim, 'vnets', viewOf(params));
      if (!objects[id]) fail(`sdn '${id}' does not exist`);
      return present('vnets', id, objects[id], digest);
    },
  });
  router.add({
    method: 'POST',
    path: '/cluster/sdn/vnets',
    params: { vnet: VNET_ID, zone: { type: 'string' }, type: { type: 'string', optional: true, enum: ['vnet'] }, ...VNET_FIELDS },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'vnet');
      const cfg = sim.state.sdn.pending;
      if (cfg.vnets[id]) fail(`sdn vnet object ID '${id}' already defined`);
      const values: SdnObject = { type: 'vnet', ...storedValues(params, { ...VNET_FIELDS, zone: { type: 'string' } }, ['vnet', 'type']) };
      delete values['lock-token'];
      checkVnetForZone(cfg, id, values);
      cfg.vnets[id] = values;
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'PUT',
    path: '/cluster/sdn/vnets/{vnet}',
    params: { vnet: VNET_ID, zone: { type: 'string', optional: true }, delete: { ...CONFIGID_LIST, maxLength: 4096 }, digest: DIGEST_64, ...VNET_FIELDS },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'vnet');
      const cfg = sim.state.sdn.pending;
      checkDigest(cfg.vnets, str(params, 'digest'));
      const vnet = { ...exists('vnets', cfg, id) };
      const hasSubnets = Object.values(cfg.subnets).some((s) => s.vnet === id);
      for (const k of list(params, 'delete')) {
        if (k === 'zone') throw new ParamError({ zone: 'cannot delete zone' });
        delete vnet[k];
      }
      const update = storedValues(params, { ...VNET_FIELDS, zone: { type: 'string' } }, ['vnet']);
      if (update.zone !== undefined && update.zone !== vnet.zone && hasSubnets) throw new ParamError({ zone: "can't change zone if subnets exist" });
      Object.assign(vnet, update);
      if (vnet.vlanaware === 1 && hasSubnets) throw new ParamError({ vlanaware: 'vlanaware vnet is not compatible with subnets' });
      checkVnetForZone(cfg, id, vnet);
      cfg.vnets[id] = vnet;
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'DELETE',
    path: '/cluster/sdn/vnets/{vnet}',
    params: { vnet: VNET_ID, 'lock-token': LOCK_TOKEN },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'vnet');
      const cfg = sim.state.sdn.pending;
      exists('vnets', cfg, id);
      if (Object.values(cfg.subnets).some((s) => s.vnet === id)) throw new ParamError({ vnet: "Can't delete vnet if subnets exists" });
      delete cfg.vnets[id];
      sim.save();
      return null;
    },
  });

  // Subnets
  router.add({
    method: 'GET',
    path: '/cluster/sdn/vnets/{vnet}/subnets',
    params: { vnet: VNET_ID, ...READ_FLAGS },
    handler: ({ sim, params }) => {
      const vnet = reqStr(params, 'vnet');
      const { objects, digest } = objectsFor(sim, 'subnets', viewOf(params));
      return Object.keys(objects)
        .sort()
        .filter((id) => objects[id].vnet === vnet || (objects[id].pending as SdnObject | undefined)?.vnet === vnet)
        .map((id) => present('subnets', id, objects[id], digest));
    },
  });
  router.add({
    method: 'GET',
    path: '/cluster/sdn/vnets/{vnet}/subnets/{subnet}',
    params: { vnet: VNET_ID, subnet: SUBNET_ID, ...READ_FLAGS },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'subnet');
      const vnet = reqStr(params, 'vnet');
      const { objects, digest } = objectsFor(sim, 'subnets', viewOf(params));
      const obj = objects[id];
      if (!obj || (obj.vnet !== undefined && obj.vnet !== vnet)) fail(`sdn subnet '${id}' does not exist`);
      return present('subnets', id, obj, digest);
    },
  });
  router.add({
    method: 'POST',
    path: '/cluster/sdn/vnets/{vnet}/subnets',
    params: { vnet: { type: 'string' }, subnet: SUBNET_ID, type: { type: 'string', enum: ['subnet'] }, ...SUBNET_FIELDS },
    handler: ({ sim, params }) => {
      const vnet = reqStr(params, 'vnet');
      const cidr = reqStr(params, 'subnet');
      const cfg = sim.state.sdn.pending;
      const zone = cfg.vnets[vnet]?.zone;
      if (zone === undefined) throw new ParamError({ vnet: `${vnet} don't exist` });
      const id = `${String(zone)}-${cidr.replace('/', '-')}`;
      if (cfg.subnets[id]) fail(`sdn subnet object ID '${id}' already defined`);
      const values: SdnObject = { type: 'subnet', vnet, ...storedValues(params, SUBNET_FIELDS, ['vnet', 'subnet', 'type']) };
      checkSubnet(cfg, vnet, cidr, values);
      cfg.subnets[id] = values;
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'PUT',
    path: '/cluster/sdn/vnets/{vnet}/subnets/{subnet}',
    params: { vnet: { type: 'string', optional: true }, subnet: SUBNET_ID, delete: { ...CONFIGID_LIST, maxLength: 4096 }, digest: DIGEST_64, ...SUBNET_FIELDS },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'subnet');
      const cfg = sim.state.sdn.pending;
      checkDigest(cfg.subnets, str(params, 'digest'));
      const subnet = { ...exists('subnets', cfg, id) };
      for (const k of list(params, 'delete')) delete subnet[k];
      Object.assign(subnet, storedValues(params, SUBNET_FIELDS, ['vnet', 'subnet']));
      const m = /^[^-]+-(.+)-(\d+)$/.exec(id);
      checkSubnet(cfg, String(subnet.vnet), m ? `${m[1]}/${m[2]}` : '', subnet);
      cfg.subnets[id] = subnet;
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'DELETE',
    path: '/cluster/sdn/vnets/{vnet}/subnets/{subnet}',
    params: { vnet: VNET_ID, subnet: SUBNET_ID, 'lock-token': LOCK_TOKEN },
    handler: ({ sim, params }) => {
      const id = reqStr(params, 'subnet');
      const cfg = sim.state.sdn.pending;
      exists('subnets', cfg, id);
      delete cfg.subnets[id];
      sim.save();
      return null;
    },
  });
}

function validateZone(zone: SdnObject): void {
  if (zone.ipam !== undefined && zone.ipam !== 'pve') throw new ParamError({ ipam: `${String(zone.ipam)} not existing` });
  if (zone.dns !== undefined) throw new ParamError({ dns: `${String(zone.dns)} don't exist` });
  if (zone.reversedns !== undefined) throw new ParamError({ reversedns: `${String(zone.reversedns)} don't exist` });
  if (zone.dnszone !== undefined && zone.dns === undefined) throw new ParamError({ dnszone: 'missing dns server' });
  if ((zone.type === 'vlan' || zone.type === 'qinq') && zone.bridge === undefined) throw new ParamError({ bridge: 'property is missing and it is not optional' });
  if (zone.type === 'vxlan' && zone.peers === undefined) throw new ParamError({ peers: 'property is missing and it is not optional' });
  if (zone.type === 'evpn' && (zone.controller === undefined || zone['vrf-vxlan'] === undefined)) {
    throw new ParamError(zone.controller === undefined ? { controller: 'property is missing and it is not optional' } : { 'vrf-vxlan': 'property is missing and it is not optional' });
  }
  delete zone['lock-token'];
}

export function registerSdnWorkers(sim: LabCluster): void {
  sim.tasks.register('sdn-apply', (_task, print) => {
    const sdn = sim.state.sdn;
    sdn.running = structuredClone(sdn.pending);
    sdn.runningVersion += 1;
    for (const node of sim.state.nodes) print(`${node}: reloading network config`);
    return undefined;
  });
}
