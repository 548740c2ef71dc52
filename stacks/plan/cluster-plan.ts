/**
 * The one plan of a cluster: validates a ProxmoxClusterSpec and derives every per-node value at
 * synth (name, VMID, Proxmox node, IP, MAC, SMBIOS UUID, providerID, labels, tags). A definition
 * computes it once and every stack takes its slice. Positions come from `layoutNodes`, the same
 * layout the definition's validator uses on half-valid input. Pure: no constructs, no I/O.
 */
import type { DatastoreContent, NetworkAttachment, NodePoolSpec, ProxmoxClusterSpec } from './cluster-spec';
import { formatIpv4, isUsableHost, parseIpv4Cidr, type Ipv4Cidr } from '../../providers/kernel/ipv4';
import { nodeMacAddress, proxmoxProviderId, smbiosUuid } from './node-identity';
import { layoutNodes } from './layout';
import {
  checkBridgeName,
  checkDatastoreId,
  checkDnsLabel,
  checkInterfaceName,
  checkIntRange,
  checkIpv4,
  checkMachineSize,
  checkPveNodeName,
  checkSdnId,
  checkTag,
  checkUnique,
  checkUrl,
  checkVlanId,
  checkVmid,
  fail,
  type NodeRole,
} from './rules';

export interface PlannedNode {
  /** Hostname, VM name and Kubernetes node name. */
  readonly name: string;
  readonly role: NodeRole;
  readonly pool: string;
  readonly vmid: number;
  readonly proxmoxNode: string;
  readonly ip: string;
  /** Prefix length of the node subnet. */
  readonly prefixLength: number;
  readonly macAddress: string;
  readonly smbiosUuid: string;
  /** `proxmox://<smbiosUuid>` */
  readonly providerId: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  /** Sorted and unique, as PVE stores them. */
  readonly tags: readonly string[];
  /** Kubernetes node labels of the pool. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ClusterPlan {
  readonly nodes: readonly PlannedNode[];
  readonly cidr: Ipv4Cidr;
  /** Proxmox nodes that host at least one VM, in spec order. */
  readonly usedProxmoxNodes: readonly string[];
  readonly imageDatastore: string;
  readonly vmDatastore: string;
  /** True when the image datastore is shared (one download serves every node). */
  readonly imageDatastoreShared: boolean;
  /** `https://<vip or first control plane>:6443` */
  readonly clusterEndpoint: string;
}

export const DEFAULT_IMAGE_DATASTORE = 'local';
export const DEFAULT_VM_DATASTORE = 'local-lvm';
/** Longest cluster name that leaves room for `-<pool>-<n>` within a 63-character DNS label. */
export const MAX_CLUSTER_NAME = 40;

function checkProxmoxSide(where: string, spec: ProxmoxClusterSpec): { imageDatastore: string; vmDatastore: string; shared: boolean } {
  const px = spec.proxmox;
  checkUrl(where, 'proxmox.endpoint', px.endpoint, ['https']);
  if (!px.nodes.length) fail(where, 'proxmox.nodes', px.nodes, 'is empty', 'list the Proxmox node names VMs may run on');
  px.nodes.forEach((n, i) => checkPveNodeName(where, `proxmox.nodes[${i}]`, n));
  if (new Set(px.nodes).size !== px.nodes.length) fail(where, 'proxmox.nodes', px.nodes, 'lists a node twice', 'list each Proxmox node once (pools may repeat nodes to weight placement)');
  px.datastores.forEach((d, i) => checkDatastoreId(where, `proxmox.datastores[${i}].id`, d.id));
  checkUnique(
    where,
    px.datastores.map((d, i) => ({ owner: `proxmox.datastores[${i}]`, prop: 'id', value: d.id })),
    'id',
  );
  const byId = new Map(px.datastores.map((d) => [d.id, d]));
  const need = (prop: string, id: string, content: DatastoreContent) => {
    checkDatastoreId(where, prop, id);
    const ds = byId.get(id);
    if (!ds) fail(where, prop, id, 'is not a known datastore', `add it to proxmox.datastores or use one of: ${[...byId.keys()].join(', ') || '(none listed)'}`);
    if (!ds.content.includes(content)) {
      fail(where, prop, id, `is not configured for content type '${content}'`, `enable '${content}' on that storage in PVE and in proxmox.datastores, or pick another datastore`);
    }
    return ds;
  };
  const imageDatastore = px.imageDatastore ?? DEFAULT_IMAGE_DATASTORE;
  const vmDatastore = px.vmDatastore ?? DEFAULT_VM_DATASTORE;
  const image = need('proxmox.imageDatastore', imageDatastore, 'import');
  need('proxmox.vmDatastore', vmDatastore, 'images');
  return { imageDatastore, vmDatastore, shared: image.shared === true };
}

/**
 * The tags of a node VM: `talos`, the cluster and the role, plus the extra tags; sorted, as PVE
 * stores them. Cluster API's machine templates carry the same, so cloned VMs look like planned ones.
 */
export function nodeVmTags(clusterName: string, role: string, extra: readonly string[] = []): string[] {
  return [...new Set(['talos', clusterName, role, ...extra])].sort();
}

/** Validates a network attachment (names, VLAN IDs, MTUs); `prefix` is its prop path. */
export function checkAttachment(where: string, a: NetworkAttachment, prefix = 'network.attachment'): void {
  const p = prefix;
  switch (a.kind) {
    case 'bridge':
      checkBridgeName(where, `${p}.bridge`, a.bridge);
      if (a.vlanId !== undefined) checkVlanId(where, `${p}.vlanId`, a.vlanId);
      a.create?.ports?.forEach((port, i) => checkInterfaceName(where, `${p}.create.ports[${i}]`, port));
      if (a.create?.mtu !== undefined) checkIntRange(where, `${p}.create.mtu`, a.create.mtu, 576, 65520);
      return;
    case 'vlan':
      checkBridgeName(where, `${p}.bridge`, a.bridge);
      checkInterfaceName(where, `${p}.device`, a.device);
      checkVlanId(where, `${p}.vlanId`, a.vlanId);
      if (a.mtu !== undefined) checkIntRange(where, `${p}.mtu`, a.mtu, 576, 65520);
      return;
    case 'sdn':
      checkSdnId(where, `${p}.zoneId`, a.zoneId);
      checkSdnId(where, `${p}.vnetId`, a.vnetId);
      if (a.zoneType === 'vlan') {
        if (a.zoneBridge === undefined) fail(where, `${p}.zoneBridge`, a.zoneBridge, 'is required for a VLAN zone', 'name the existing bridge that carries the VLAN on every node, e.g. vmbr0');
        checkBridgeName(where, `${p}.zoneBridge`, a.zoneBridge);
        if (a.vlanTag === undefined) fail(where, `${p}.vlanTag`, a.vlanTag, 'is required for a VLAN zone', 'give the VNet its VLAN ID (1..4094)');
        checkVlanId(where, `${p}.vlanTag`, a.vlanTag);
      } else if (a.zoneType === 'simple') {
        if (a.vlanTag !== undefined || a.zoneBridge !== undefined) fail(where, `${p}.zoneType`, a.zoneType, 'takes no zoneBridge or vlanTag', "use zoneType 'vlan' for a VLAN, or drop those fields");
      } else {
        fail(where, `${p}.zoneType`, a.zoneType, 'is not supported', "use 'simple' or 'vlan'");
      }
      if (a.mtu !== undefined) checkIntRange(where, `${p}.mtu`, a.mtu, 576, 65520);
      return;
    default:
      fail(where, `${p}.kind`, (a as { kind: unknown }).kind, 'is not a network attachment kind', "use 'bridge', 'vlan' or 'sdn'");
  }
}

/** The node subnet and its gateway; `prefix` is their prop path. */
export function checkSubnet(where: string, cidrText: string, gateway: string, prefix = 'network.'): Ipv4Cidr {
  const cidr = parseIpv4Cidr(cidrText);
  if (!cidr) fail(where, `${prefix}cidr`, cidrText, 'is not an IPv4 network', 'write the network address and prefix length with no host bits, e.g. 10.20.0.0/24');
  if (cidr.prefix > 30) fail(where, `${prefix}cidr`, cidrText, 'leaves no room for nodes and a gateway', 'use a prefix of /30 or shorter');
  const gw = checkIpv4(where, `${prefix}gateway`, gateway);
  if (!isUsableHost(cidr, gw)) fail(where, `${prefix}gateway`, gateway, `is not a host address in ${cidrText}`, 'use the router address of the node subnet');
  return cidr;
}

function checkNetwork(where: string, spec: ProxmoxClusterSpec): Ipv4Cidr {
  const net = spec.network;
  const cidr = checkSubnet(where, net.cidr, net.gateway);
  if (!net.dnsServers.length) fail(where, 'network.dnsServers', net.dnsServers, 'is empty', 'give at least one DNS server (Talos needs one to pull images)');
  net.dnsServers.forEach((s, i) => checkIpv4(where, `network.dnsServers[${i}]`, s));
  if (net.searchDomain !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/i.test(net.searchDomain)) {
    fail(where, 'network.searchDomain', net.searchDomain, 'is not a domain name', 'use e.g. lab.example.com');
  }
  checkAttachment(where, net.attachment);
  return cidr;
}

function poolIps(where: string, pool: NodePoolSpec, i: number, cidr: Ipv4Cidr, cidrText: string): string[] {
  const p = `nodePools[${i}]`;
  if ((pool.firstIp === undefined) === (pool.ips === undefined))
    fail(where, `${p}.firstIp`, pool.firstIp, 'and ips: give exactly one', 'set firstIp for consecutive addresses or ips for one address per node');
  let ips: { prop: string; ip: number }[];
  if (pool.ips) {
    if (pool.ips.length !== pool.count) fail(where, `${p}.ips`, pool.ips, `has ${pool.ips.length} addresses for ${pool.count} nodes`, 'give exactly one address per node');
    ips = pool.ips.map((t, j) => ({ prop: `${p}.ips[${j}]`, ip: checkIpv4(where, `${p}.ips[${j}]`, t) }));
  } else {
    const first = checkIpv4(where, `${p}.firstIp`, pool.firstIp as string);
    ips = Array.from({ length: pool.count }, (_, j) => ({ prop: j === 0 ? `${p}.firstIp` : `${p}.firstIp (+${j})`, ip: first + j }));
  }
  for (const { prop, ip } of ips) {
    if (!isUsableHost(cidr, ip)) fail(where, prop, formatIpv4(ip), `is outside the node subnet ${cidrText} (or is its network/broadcast address)`, `pick addresses inside ${cidrText}`);
  }
  return ips.map(({ ip }) => formatIpv4(ip));
}

/** Validates the spec and plans every node. Throws on the first problem, naming the field and the fix. */
export function planProxmoxCluster(spec: ProxmoxClusterSpec, where = 'cluster'): ClusterPlan {
  checkDnsLabel(where, 'clusterName', spec.clusterName, MAX_CLUSTER_NAME);
  const { imageDatastore, vmDatastore, shared } = checkProxmoxSide(where, spec);
  const cidr = checkNetwork(where, spec);
  checkVmid(where, 'vmidBase', spec.vmidBase);
  (spec.tags ?? []).forEach((t, i) => checkTag(where, `tags[${i}]`, t));
  if (!spec.nodePools.length) fail(where, 'nodePools', spec.nodePools, 'is empty', 'add a controlplane pool (and worker pools)');
  checkUnique(
    where,
    spec.nodePools.map((p, i) => ({ owner: `nodePools[${i}]`, prop: 'name', value: p.name })),
    'pool name',
  );

  const ipsOf = spec.nodePools.map((pool, i) => {
    const p = `nodePools[${i}]`;
    checkDnsLabel(where, `${p}.name`, pool.name, 16);
    if (pool.role !== 'controlplane' && pool.role !== 'worker') fail(where, `${p}.role`, pool.role, 'is not a node role', "use 'controlplane' or 'worker'");
    checkIntRange(where, `${p}.count`, pool.count, 0, 1000);
    checkMachineSize(where, `${p}.`, pool.role, pool);
    (pool.tags ?? []).forEach((t, j) => checkTag(where, `${p}.tags[${j}]`, t));
    const targets = pool.proxmoxNodes ?? spec.proxmox.nodes;
    if (!targets.length) fail(where, `${p}.proxmoxNodes`, targets, 'is empty', 'list at least one Proxmox node or leave it out to use proxmox.nodes');
    targets.forEach((n, j) => {
      if (!spec.proxmox.nodes.includes(n)) fail(where, `${p}.proxmoxNodes[${j}]`, n, 'is not in proxmox.nodes', `use one of: ${spec.proxmox.nodes.join(', ')}`);
    });
    if (pool.vmidBase !== undefined) checkVmid(where, `${p}.vmidBase`, pool.vmidBase);
    return poolIps(where, pool, i, cidr, spec.network.cidr);
  });

  const slots = layoutNodes(
    spec.clusterName,
    spec.nodePools.map((pool, i) => ({ ...pool, path: ['nodePools', i], ips: ipsOf[i] })),
    spec.vmidBase,
    spec.proxmox.nodes,
  );
  const nodes: PlannedNode[] = [];
  const owners: string[] = [];
  for (const slot of slots) {
    const i = slot.poolPath[1] as number;
    const pool = spec.nodePools[i];
    const p = `nodePools[${i}]`;
    const j = slot.ordinal - 1;
    checkDnsLabel(where, `${p} node name`, slot.name);
    checkVmid(where, pool.vmidBase !== undefined ? `${p}.vmidBase (+${j})` : `vmidBase (+${nodes.length})`, slot.vmid as number);
    const uuid = smbiosUuid(spec.clusterName, slot.name);
    nodes.push({
      name: slot.name,
      role: pool.role,
      pool: pool.name,
      vmid: slot.vmid as number,
      proxmoxNode: slot.proxmoxNode as string,
      ip: ipsOf[i][j],
      prefixLength: cidr.prefix,
      macAddress: nodeMacAddress(spec.clusterName, slot.name, new Set(nodes.map((n) => n.macAddress))),
      smbiosUuid: uuid,
      providerId: proxmoxProviderId(uuid),
      cores: pool.cores,
      memoryMiB: pool.memoryMiB,
      diskGiB: pool.diskGiB,
      tags: nodeVmTags(spec.clusterName, pool.role, [...(spec.tags ?? []), ...(pool.tags ?? [])]),
      labels: { ...(pool.labels ?? {}) },
    });
    owners.push(`${p} node ${slot.name}`);
  }

  if (!nodes.some((n) => n.role === 'controlplane'))
    fail(
      where,
      'nodePools',
      spec.nodePools.map((p) => `${p.name}:${p.role}x${p.count}`),
      'has no control-plane node',
      'add a pool with role controlplane and count >= 1',
    );
  const unique = (prop: keyof PlannedNode, what: string) =>
    checkUnique(
      where,
      nodes.map((n, k) => ({ owner: owners[k], prop, value: n[prop] })),
      what,
    );
  unique('vmid', 'VMID');
  unique('name', 'name');
  unique('ip', 'IP address');
  unique('macAddress', 'MAC address');
  for (const n of nodes) {
    if (n.ip === spec.network.gateway) fail(where, `node ${n.name} ip`, n.ip, 'is the gateway address', 'move the pool addresses off the gateway');
  }

  const net = spec.network;
  if (net.vip !== undefined) {
    const vip = checkIpv4(where, 'network.vip', net.vip);
    if (!isUsableHost(cidr, vip)) fail(where, 'network.vip', net.vip, `is outside the node subnet ${net.cidr}`, 'a Layer 2 VIP must be a free address in the node subnet');
    if (net.vip === net.gateway) fail(where, 'network.vip', net.vip, 'is the gateway address', 'pick a free address in the node subnet');
    const clash = nodes.find((n) => n.ip === net.vip);
    if (clash) fail(where, 'network.vip', net.vip, `is inside the pool ranges (node ${clash.name} has it)`, 'pick an address no node pool uses');
  }

  const firewall = spec.firewall;
  (firewall?.managementCidrs ?? []).forEach((c, i) => {
    if (!parseIpv4Cidr(c)) fail(where, `firewall.managementCidrs[${i}]`, c, 'is not an IPv4 network', 'write e.g. 192.168.1.0/24 (no host bits) or 192.168.1.7/32');
  });

  const usedProxmoxNodes = spec.proxmox.nodes.filter((pn) => nodes.some((n) => n.proxmoxNode === pn));
  const firstCp = nodes.find((n) => n.role === 'controlplane') as PlannedNode;
  // Immutable: the stacks and the adoption share this one object.
  for (const n of nodes) Object.freeze(Object.assign(n, { tags: Object.freeze(n.tags), labels: Object.freeze(n.labels) }));
  return Object.freeze({
    nodes: Object.freeze(nodes),
    cidr: Object.freeze(cidr),
    usedProxmoxNodes,
    imageDatastore,
    vmDatastore,
    imageDatastoreShared: shared,
    clusterEndpoint: `https://${net.vip ?? firstCp.ip}:6443`,
  });
}
