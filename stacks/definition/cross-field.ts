/**
 * Rules that span fields of one definition: addresses against the subnet, gateway, VIP and the
 * Cluster API range; unique pool names, node IPs and VMIDs; placement on listed Proxmox nodes;
 * datastores with the right content; Kubernetes inside the Talos contract's range. They read the
 * value defensively (it may be half-valid: zod runs them even after field errors) and skip whatever
 * a field rule already reports.
 */
import type { z } from 'zod';
import { formatIpv4, isUsableHost, overlaps, parseIpv4, parseIpv4Cidr, parseIpv4Expression, type Ipv4Cidr, type Ipv4Interval } from '../../providers/kernel/ipv4';
import { EXTENSION_NAME } from '../plan/image-factory';
import { DATASTORE_ID, VMID_MAX } from '../plan/rules';
import { talosTemplateVmid } from '../plan/template-plan';
import { DATASTORE_CONTENT } from './fields';
import { layoutNodes, type IssuePath, type NodeRole, type NodeSlot, type PoolLayout } from '../plan/layout';
import { checkKubernetesVersion, checkTalosVersion, describeKubernetesRange, kubernetesExample } from './versions';

const GUEST_AGENT = 'siderolabs/qemu-guest-agent';

type Ctx = z.RefinementCtx;

function report(ctx: Ctx, path: IssuePath, message: string, example: string): void {
  ctx.addIssue({ code: 'custom', path: [...path], message, params: { example } });
}

// ---- Defensive readers -------------------------------------------------------------------------

function get(value: unknown, ...keys: (string | number)[]): unknown {
  let v = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strs = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined);
const ip = (v: unknown): number | undefined => (typeof v === 'string' ? parseIpv4(v) : undefined);

function pathText(path: IssuePath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function poolLayouts(value: unknown): PoolLayout[] {
  const read = (raw: unknown, path: IssuePath, role: NodeRole, defaultName?: string): PoolLayout | undefined => {
    const name = str(get(raw, 'name')) ?? defaultName;
    const count = int(get(raw, 'count'));
    if (name === undefined || count === undefined || count < 0 || count > 10_000) return undefined;
    const ips = strs(get(raw, 'ips'));
    return {
      path,
      name,
      role,
      count,
      firstIp: str(get(raw, 'firstIp')),
      // A list of the wrong length is reported by the pool rule; lay out what is there.
      ips,
      proxmoxNodes: strs(get(raw, 'proxmoxNodes')),
      vmidBase: int(get(raw, 'vmidBase')),
    };
  };
  const pools: PoolLayout[] = [];
  const cp = read(get(value, 'controlPlane'), ['controlPlane'], 'controlplane', 'cp');
  if (cp) pools.push(cp);
  list(get(value, 'workers')).forEach((w, i) => {
    const p = read(w, ['workers', i], 'worker');
    if (p) pools.push(p);
  });
  return pools;
}

/** The first usable addresses of the subnet not in `used`, for examples. */
function freeHosts(cidr: Ipv4Cidr, used: ReadonlySet<number>, n: number): string[] {
  const out: string[] = [];
  const start = cidr.prefix >= 31 ? cidr.first : cidr.first + 1;
  for (let a = start; a <= cidr.last && out.length < n; a++) if (isUsableHost(cidr, a) && !used.has(a)) out.push(formatIpv4(a));
  return out;
}

// ---- Rules ---------------------------------------------------------------------------------------

interface NetworkFacts {
  readonly cidr?: Ipv4Cidr;
  readonly gateway?: number;
  readonly vip?: number;
}

function checkSubnet(value: unknown, ctx: Ctx): NetworkFacts {
  const cidrText = str(get(value, 'network', 'cidr'));
  const cidr = cidrText !== undefined ? parseIpv4Cidr(cidrText) : undefined;
  const gateway = ip(get(value, 'network', 'gateway'));
  const vip = ip(get(value, 'network', 'vip'));
  if (cidr && cidr.prefix > 29) {
    report(ctx, ['network', 'cidr'], `${cidr.text} has ${cidr.last - cidr.first + 1} addresses: too small for nodes, a gateway and a VIP`, 'cidr: 10.20.0.0/24');
    // Every address would be "outside" it; one problem says it all.
    return { gateway, vip };
  }
  if (cidr && gateway !== undefined && !isUsableHost(cidr, gateway)) {
    report(ctx, ['network', 'gateway'], `${formatIpv4(gateway)} is not a host address in network.cidr ${cidr.text}`, `gateway: ${freeHosts(cidr, new Set(), 1)[0]}`);
  }
  return { cidr, gateway, vip };
}

function describeIp(slot: NodeSlot): string {
  return slot.ipPath[slot.ipPath.length - 1] === 'firstIp' && slot.ordinal > 1
    ? `${formatIpv4(slot.ip as number)} (node ${slot.name}, firstIp + ${slot.ordinal - 1})`
    : `${formatIpv4(slot.ip as number)}`;
}

/** More nodes than the subnet has host addresses: one problem at the biggest pool's count, with a subnet that fits. */
function checkCapacity(slots: readonly NodeSlot[], net: NetworkFacts, ctx: Ctx): boolean {
  const { cidr } = net;
  if (!cidr || !slots.length) return true;
  const hosts = cidr.last - cidr.first - 1;
  const needed = slots.length + 1 + (net.vip !== undefined ? 1 : 0);
  if (needed <= hosts) return true;
  const sizes = new Map<string, { path: IssuePath; count: number }>();
  for (const s of slots) {
    const key = pathText(s.poolPath);
    sizes.set(key, { path: s.poolPath, count: (sizes.get(key)?.count ?? 0) + 1 });
  }
  const biggest = [...sizes.values()].reduce((a, b) => (b.count > a.count ? b : a));
  let prefix = cidr.prefix;
  while (prefix > 8 && 2 ** (32 - prefix) - 2 < needed) prefix--;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  report(
    ctx,
    [...biggest.path, 'count'],
    `${slots.length} nodes in all pools, the gateway${net.vip !== undefined ? ' and the VIP' : ''} need ${needed} addresses, but network.cidr ${cidr.text} has ${hosts} host addresses`,
    `cidr: ${formatIpv4((cidr.first & mask) >>> 0)}/${prefix} (${2 ** (32 - prefix) - 2} host addresses), or fewer nodes`,
  );
  return false;
}

function checkNodeAddresses(slots: readonly NodeSlot[], net: NetworkFacts, ctx: Ctx): void {
  const { cidr, gateway } = net;
  if (!checkCapacity(slots, net, ctx)) return;
  const used = new Set(slots.flatMap((s) => (s.ip !== undefined ? [s.ip] : [])));
  if (gateway !== undefined) used.add(gateway);
  const reported = new Set<string>();
  const once = (path: IssuePath, message: string, example: string) => {
    const key = pathText(path);
    if (reported.has(key)) return;
    reported.add(key);
    report(ctx, path, message, example);
  };
  const owner = new Map<number, NodeSlot>();
  for (const s of slots) {
    if (s.ip === undefined) continue;
    const free = cidr ? freeHosts(cidr, used, 1)[0] : '10.20.0.21';
    // A list entry's example is the value; firstIp's is the key and value.
    const example = s.ipPath[s.ipPath.length - 1] === 'firstIp' ? `firstIp: ${free}` : free;
    if (cidr && !isUsableHost(cidr, s.ip)) {
      const where = s.ip < cidr.first || s.ip > cidr.last ? `is outside network.cidr ${cidr.text}` : `is the ${s.ip === cidr.first ? 'network' : 'broadcast'} address of ${cidr.text}`;
      once(s.ipPath, `${describeIp(s)} ${where}`, example);
      continue;
    }
    if (gateway !== undefined && s.ip === gateway) {
      once(s.ipPath, `${describeIp(s)} is the gateway address (network.gateway)`, example);
      continue;
    }
    const first = owner.get(s.ip);
    if (first) {
      once(s.ipPath, `${describeIp(s)} of node ${s.name} is also the address of node ${first.name} (${pathText(first.ipPath)})`, example);
      continue;
    }
    owner.set(s.ip, s);
  }
}

function checkVip(slots: readonly NodeSlot[], net: NetworkFacts, ctx: Ctx): void {
  const { cidr, gateway, vip } = net;
  if (vip === undefined) return;
  const used = new Set(slots.flatMap((s) => (s.ip !== undefined ? [s.ip] : [])));
  if (gateway !== undefined) used.add(gateway);
  const example = cidr ? `vip: ${freeHosts(cidr, used, 1)[0]}` : 'vip: 10.20.0.10';
  if (cidr && !isUsableHost(cidr, vip)) {
    report(ctx, ['network', 'vip'], `${formatIpv4(vip)} is not a host address in network.cidr ${cidr.text}; a Layer 2 VIP lives in the node subnet`, example);
  } else if (vip === gateway) {
    report(ctx, ['network', 'vip'], `${formatIpv4(vip)} is the gateway address`, example);
  } else {
    const node = slots.find((s) => s.ip === vip);
    if (node) report(ctx, ['network', 'vip'], `${formatIpv4(vip)} is the address of node ${node.name} (${pathText(node.ipPath)}); the VIP must be a free address`, example);
  }
}

function checkPoolNames(value: unknown, ctx: Ctx): void {
  const seen = new Map<string, string>([[str(get(value, 'controlPlane', 'name')) ?? 'cp', 'controlPlane.name']]);
  list(get(value, 'workers')).forEach((w, i) => {
    const name = str(get(w, 'name'));
    if (name === undefined) return;
    const first = seen.get(name);
    if (first) report(ctx, ['workers', i, 'name'], `"${name}" is already the name of ${first}; node names would collide`, `name: ${name}-${i + 2}`);
    else seen.set(name, `workers[${i}].name`);
  });
}

function checkVmids(slots: readonly NodeSlot[], ctx: Ctx): void {
  const owner = new Map<number, NodeSlot>();
  const reported = new Set<string>();
  for (const s of slots) {
    if (s.vmid === undefined) continue;
    const key = pathText(s.vmidPath);
    if (s.vmid > VMID_MAX) {
      if (!reported.has(key)) report(ctx, s.vmidPath, `gives node ${s.name} VMID ${s.vmid}, above PVE's maximum ${VMID_MAX}`, 'vmidBase: 3100');
      reported.add(key);
      continue;
    }
    const first = owner.get(s.vmid);
    if (first) {
      if (!reported.has(key)) {
        const free = Math.max(...slots.map((x) => x.vmid ?? 0)) + 1;
        report(ctx, s.vmidPath, `gives node ${s.name} VMID ${s.vmid}, already the VMID of node ${first.name} (from ${pathText(first.vmidPath)})`, `vmidBase: ${Math.ceil(free / 100) * 100}`);
      }
      reported.add(key);
      continue;
    }
    owner.set(s.vmid, s);
  }
}

function checkPlacement(value: unknown, ctx: Ctx): void {
  const nodes = strs(get(value, 'proxmox', 'nodes'));
  if (!nodes) return;
  const dup = nodes.findIndex((n, i) => nodes.indexOf(n) !== i);
  if (dup >= 0) report(ctx, ['proxmox', 'nodes', dup], `"${nodes[dup]}" is listed twice`, `nodes: [${[...new Set(nodes)].join(', ')}]`);
  const known = new Set(nodes);
  const check = (raw: unknown, path: IssuePath) => {
    list(get(raw, 'proxmoxNodes')).forEach((n, j) => {
      if (typeof n === 'string' && !known.has(n)) report(ctx, [...path, 'proxmoxNodes', j], `"${n}" is not in proxmox.nodes (${nodes.join(', ')})`, `proxmoxNodes: [${nodes.slice(0, 2).join(', ')}]`);
    });
  };
  check(get(value, 'controlPlane'), ['controlPlane']);
  list(get(value, 'workers')).forEach((w, i) => check(w, ['workers', i]));
}

function checkDatastores(value: unknown, ctx: Ctx): void {
  const stores = list(get(value, 'proxmox', 'datastores'));
  const byId = new Map<string, string[]>();
  let malformed = false;
  stores.forEach((d, i) => {
    const id = str(get(d, 'id'));
    const content = strs(get(d, 'content'));
    if (id === undefined || !DATASTORE_ID.test(id) || !content || content.some((c) => !(DATASTORE_CONTENT as readonly string[]).includes(c))) malformed = true;
    if (id === undefined) return;
    if (byId.has(id)) report(ctx, ['proxmox', 'datastores', i, 'id'], `"${id}" is listed twice`, 'id: local-lvm');
    byId.set(id, strs(get(d, 'content')) ?? []);
  });
  const need = (key: 'imageDatastore' | 'vmDatastore', fallback: string, content: string, why: string) => {
    const id = str(get(value, 'proxmox', key)) ?? fallback;
    const have = byId.get(id);
    if (!have) {
      report(ctx, ['proxmox', key], `"${id}" is not in proxmox.datastores (${[...byId.keys()].join(', ') || 'none listed'})`, `datastores: [{id: ${id}, content: [${content}]}]`);
    } else if (!have.includes(content)) {
      report(ctx, ['proxmox', key], `"${id}" does not have content type '${content}' (${why})`, `datastores: [{id: ${id}, content: [${[...have, content].join(', ')}]}]`);
    }
  };
  // A malformed list is reported field by field; checking names against it only adds noise.
  if (!stores.length || malformed) return;
  need('imageDatastore', 'local', 'import', 'the Talos disk image is downloaded as import content');
  need('vmDatastore', 'local-lvm', 'images', 'VM disks are images content');
}

function checkTls(value: unknown, ctx: Ctx): void {
  if (get(value, 'proxmox', 'insecure') === true && str(get(value, 'proxmox', 'caFile')) !== undefined) {
    report(ctx, ['proxmox', 'insecure'], 'is true while caFile is set: insecure skips verification, so the CA would be ignored', 'insecure: false');
  }
}

/** CAPMOX authenticates only with API tokens (its credentials Secret holds a token id and secret). */
function checkCapiCredentials(value: unknown, ctx: Ctx): void {
  if (get(value, 'clusterApi') === undefined || get(value, 'clusterApi') === null) return;
  // Only a complete username/password pair: a half or mixed one is already reported on its own.
  if (get(value, 'proxmox', 'credentials', 'apiTokenEnv') !== undefined) return;
  if (str(get(value, 'proxmox', 'credentials', 'usernameEnv')) === undefined || str(get(value, 'proxmox', 'credentials', 'passwordEnv')) === undefined) return;
  report(
    ctx,
    ['proxmox', 'credentials'],
    'names a username/password, but clusterApi needs an API token: the Cluster API Proxmox provider (CAPMOX) accepts only tokens. Create a token (privilege separation on) and name its variable',
    'credentials: {apiTokenEnv: PROXMOX_VE_API_TOKEN}',
  );
}

function checkVersions(value: unknown, ctx: Ctx): void {
  const talos = str(get(value, 'talos', 'version'));
  if (talos === undefined || checkTalosVersion(talos) !== undefined) return;
  const k8s = get(value, 'kubernetes', 'version');
  // Not text: the field rule reports it.
  if (typeof k8s !== 'string') return;
  const problem = checkKubernetesVersion(k8s, talos);
  if (problem) report(ctx, ['kubernetes', 'version'], `${problem} (Talos ${talos} runs Kubernetes ${describeKubernetesRange(talos)})`, `version: ${kubernetesExample(talos)}`);
}

function checkExtensions(value: unknown, ctx: Ctx): void {
  const exts = strs(get(value, 'talos', 'extensions'));
  if (!exts || exts.some((e) => !EXTENSION_NAME.test(e))) return;
  const dup = exts.findIndex((e, i) => exts.indexOf(e) !== i);
  if (dup >= 0) report(ctx, ['talos', 'extensions', dup], `"${exts[dup]}" is listed twice`, `extensions: [${[...new Set(exts)].join(', ')}]`);
  // A registered schematic's extensions are not ours to check.
  if (str(get(value, 'talos', 'schematicId')) !== undefined) return;
  if (!exts.includes(GUEST_AGENT)) {
    report(
      ctx,
      ['talos', 'extensions'],
      `lacks ${GUEST_AGENT}: the VMs run with the QEMU guest agent on and Proxmox waits for it to report their addresses`,
      `extensions: [${[GUEST_AGENT, ...exts].join(', ')}]`,
    );
  }
}

function checkClusterApi(value: unknown, slots: readonly NodeSlot[], net: NetworkFacts, ctx: Ctx): void {
  const capi = get(value, 'clusterApi');
  if (capi === undefined || capi === null || typeof capi !== 'object') return;
  const { cidr, gateway, vip } = net;
  const network = get(value, 'network');
  if (network !== null && typeof network === 'object' && get(network, 'vip') === undefined) {
    report(
      ctx,
      ['network', 'vip'],
      'is required with clusterApi: Cluster API may replace any control plane, so the Kubernetes endpoint must be a VIP, not a node address',
      cidr ? `vip: ${freeHosts(cidr, new Set(slots.flatMap((s) => (s.ip !== undefined ? [s.ip] : []))), 1)[0]}` : 'vip: 10.20.0.10',
    );
  }
  const entries = list(get(capi, 'nodeAddresses'));
  const intervals: { i: number; iv: Ipv4Interval; text: string }[] = [];
  entries.forEach((e, i) => {
    const iv = typeof e === 'string' ? parseIpv4Expression(e) : undefined;
    if (iv) intervals.push({ i, iv, text: e as string });
  });
  const taken = new Set(slots.flatMap((s) => (s.ip !== undefined ? [s.ip] : [])));
  if (gateway !== undefined) taken.add(gateway);
  if (vip !== undefined) taken.add(vip);
  const suggestion = (): string => {
    if (!cidr) return '10.20.0.100-10.20.0.150';
    const top = Math.max(cidr.first, ...taken);
    const first = top + 1;
    const last = Math.min(cidr.last - 1, first + 49);
    return first <= last ? `${formatIpv4(first)}-${formatIpv4(last)}` : `${freeHosts(cidr, taken, 1)[0] ?? formatIpv4(cidr.first + 1)}`;
  };
  for (const { i, iv, text } of intervals) {
    const path: IssuePath = ['clusterApi', 'nodeAddresses', i];
    const example = suggestion();
    if (cidr && (iv.first < cidr.first || iv.last > cidr.last)) {
      report(ctx, path, `${text} is not inside network.cidr ${cidr.text}; new nodes join the same subnet`, example);
      continue;
    }
    if (cidr && cidr.prefix < 31 && (iv.first === cidr.first || iv.last === cidr.last)) {
      report(ctx, path, `${text} includes the ${iv.first === cidr.first ? 'network' : 'broadcast'} address of ${cidr.text}`, example);
      continue;
    }
    const node = slots.find((s) => s.ip !== undefined && s.ip >= iv.first && s.ip <= iv.last);
    if (node) {
      report(ctx, path, `${text} overlaps node ${node.name} (${formatIpv4(node.ip as number)}); the range for Cluster API nodes must be disjoint from the existing nodes`, example);
      continue;
    }
    if (vip !== undefined && vip >= iv.first && vip <= iv.last) {
      report(ctx, path, `${text} contains the VIP ${formatIpv4(vip)}`, example);
      continue;
    }
    if (gateway !== undefined && gateway >= iv.first && gateway <= iv.last) {
      report(ctx, path, `${text} contains the gateway ${formatIpv4(gateway)}`, example);
      continue;
    }
    const other = intervals.find((o) => o.i < i && overlaps(o.iv, iv));
    if (other) report(ctx, path, `${text} overlaps clusterApi.nodeAddresses[${other.i}] (${other.text})`, example);
  }
}

/** Management choices that are wrong within one definition; those naming other clusters are checked across files (management.ts). */
function checkManagementChoice(value: unknown, ctx: Ctx): void {
  const kind = str(get(value, 'clusterApi', 'management', 'kind'));
  if (kind === 'cluster' && str(get(value, 'clusterApi', 'management', 'name')) === str(get(value, 'name'))) {
    report(ctx, ['clusterApi', 'management', 'name'], `"${str(get(value, 'name'))}" is this cluster itself; a cluster that runs its own Cluster API is kind self`, 'management: {kind: self}');
  }
  if (kind === 'self' && get(value, 'clusterApi', 'onDestroy') === 'delete') {
    report(
      ctx,
      ['clusterApi', 'onDestroy'],
      'delete on a self-managed cluster (management kind self) would have its own Cluster API controllers delete the nodes they and the API server run on, so the deletion stops half-way with VMs left and finalizers stuck; use detach, or manage the cluster from another cluster to delete it through Cluster API',
      'onDestroy: detach',
    );
  }
}

/** Machine ownership: `cdktf destroy` must never leave a VM that neither Terraform nor Cluster API owns. */
function checkMachineOwner(value: unknown, ctx: Ctx): void {
  const capi = get(value, 'clusterApi');
  if (capi === null || typeof capi !== 'object') return;
  const owner = get(capi, 'machineOwner') ?? 'terraform';
  const onDestroy = get(capi, 'onDestroy') ?? 'detach';
  if (owner === 'clusterApi' && onDestroy === 'detach') {
    const self = get(capi, 'management', 'kind') === 'self';
    report(
      ctx,
      ['clusterApi', 'machineOwner'],
      'clusterApi with onDestroy detach would leave the node VMs running with nothing owning them after cdktf destroy (Terraform no longer manages them and detach releases them from Cluster API); ' +
        (self
          ? 'hand the machines back first: machineOwner: terraform with importMachines: true'
          : 'set onDestroy: delete to delete them through Cluster API, or hand them back first: machineOwner: terraform with importMachines: true'),
      self ? 'machineOwner: terraform' : 'onDestroy: delete',
    );
  }
  checkReplicas(value, owner === 'clusterApi', ctx);
  if (owner === 'clusterApi' && get(capi, 'importMachines') === true) {
    report(
      ctx,
      ['clusterApi', 'importMachines'],
      'hands the machines back to Terraform, but machineOwner is clusterApi; set machineOwner: terraform with it, or remove importMachines',
      'machineOwner: terraform',
    );
  }
}

/**
 * Replicas after adoption. Adoption itself needs them equal to the adopted counts (the adoption
 * refuses otherwise); below them Cluster API deletes adopted VMs, which Terraform would re-create
 * while it still owns them.
 */
function checkReplicas(value: unknown, ownedByCapi: boolean, ctx: Ctx): void {
  const cp = int(get(value, 'clusterApi', 'replicas', 'controlPlane'));
  const workers = int(get(value, 'clusterApi', 'replicas', 'workers'));
  if (cp !== undefined && cp % 2 === 0) {
    report(ctx, ['clusterApi', 'replicas', 'controlPlane'], `${cp} is even: etcd needs a majority, so scale the control plane in odd steps`, `controlPlane: ${cp + 1}`);
  }
  if (ownedByCapi) return;
  const adoptedCp = int(get(value, 'controlPlane', 'count'));
  const pools = get(value, 'workers');
  const adoptedWorkers = Array.isArray(pools) ? pools.reduce<number>((n, p) => n + (int(get(p, 'count')) ?? 0), 0) : 0;
  const fix = 'machineOwner: clusterApi';
  const why = 'Cluster API would delete adopted VMs that Terraform still owns and would re-create; hand the machines to Cluster API first (machineOwner: clusterApi, once adoption_confirmed is true)';
  if (cp !== undefined && adoptedCp !== undefined && cp < adoptedCp) report(ctx, ['clusterApi', 'replicas', 'controlPlane'], `${cp} is below the ${adoptedCp} adopted control planes: ${why}`, fix);
  if (workers !== undefined && workers < adoptedWorkers) report(ctx, ['clusterApi', 'replicas', 'workers'], `${workers} is below the ${adoptedWorkers} adopted workers: ${why}`, fix);
}

/** With Cluster API, VMID vmidBase - 1 holds the Talos template VM new machines are cloned from. */
function checkTemplateVmid(value: unknown, slots: readonly NodeSlot[], ctx: Ctx): void {
  const capi = get(value, 'clusterApi');
  const base = int(get(value, 'vmidBase'));
  // Below 100 the field rule reports vmidBase itself.
  if (capi === undefined || capi === null || typeof capi !== 'object' || base === undefined || base < 100) return;
  const vmid = talosTemplateVmid(base);
  if (vmid < 100) {
    report(ctx, ['vmidBase'], `${base} leaves no VMID for the Talos template VM Cluster API clones new machines from (it takes vmidBase - 1)`, 'vmidBase: 3100');
    return;
  }
  const node = slots.find((s) => s.vmid === vmid);
  if (node) {
    report(
      ctx,
      node.vmidPath,
      `gives node ${node.name} VMID ${vmid}, the VMID of the Talos template VM Cluster API clones from (vmidBase - 1)`,
      `vmidBase: ${Math.max(...slots.map((x) => x.vmid ?? 0)) + 1}`,
    );
  }
}

function checkOutputs(value: unknown, ctx: Ctx): void {
  const kube = str(get(value, 'outputs', 'kubeconfig'));
  const talos = str(get(value, 'outputs', 'talosconfig'));
  if (kube !== undefined && kube === talos) report(ctx, ['outputs', 'talosconfig'], `is the same file as outputs.kubeconfig (${kube})`, `talosconfig: ${kube.replace(/[^/]*$/, 'talosconfig')}`);
}

/** Every cross-field rule; `value` is the (possibly half-valid) parsed definition. */
export function checkDefinition(value: unknown, ctx: Ctx): void {
  const net = checkSubnet(value, ctx);
  const name = str(get(value, 'name')) ?? 'cluster';
  const slots = layoutNodes(name, poolLayouts(value), int(get(value, 'vmidBase')), strs(get(value, 'proxmox', 'nodes')) ?? []);
  checkPoolNames(value, ctx);
  checkNodeAddresses(slots, net, ctx);
  checkVip(slots, net, ctx);
  checkVmids(slots, ctx);
  checkPlacement(value, ctx);
  checkDatastores(value, ctx);
  checkTls(value, ctx);
  checkCapiCredentials(value, ctx);
  checkVersions(value, ctx);
  checkExtensions(value, ctx);
  checkClusterApi(value, slots, net, ctx);
  checkManagementChoice(value, ctx);
  checkMachineOwner(value, ctx);
  checkTemplateVmid(value, slots, ctx);
  checkOutputs(value, ctx);
}
