/**
 * The deprecated v1alpha1 `machine.network` section. Talos v1.13 leaves it out of the published
 * JSON schema but its decoder still reads it (CABPT and older generators render it), so the
 * simulator checks it here: strict keys like the decoder, then the rules Talos' validation still
 * applies (interface vs deviceSelector, addressing, routes, VIPs only on control planes, KubeSpan
 * prerequisites), with Talos' wording.
 */
import { isIP } from 'node:net';

type Obj = Record<string, unknown>;

const NETWORK_KEYS = ['hostname', 'interfaces', 'nameservers', 'searchDomains', 'extraHostEntries', 'kubespan', 'disableSearchDomain'];
const DEVICE_KEYS = ['interface', 'deviceSelector', 'addresses', 'cidr', 'routes', 'bond', 'bridge', 'bridgePort', 'vlans', 'mtu', 'dhcp', 'ignore', 'dummy', 'dhcpOptions', 'wireguard', 'vip'];
const SELECTOR_KEYS = ['busPath', 'hardwareAddr', 'permanentAddr', 'pciID', 'driver', 'physical'];
const ROUTE_KEYS = ['network', 'gateway', 'source', 'metric', 'mtu'];
const VLAN_KEYS = ['addresses', 'cidr', 'routes', 'dhcp', 'vlanId', 'mtu', 'vip', 'dhcpOptions'];
const VIP_KEYS = ['ip', 'equinixMetal', 'hcloud'];
const HOST_KEYS = ['ip', 'aliases'];
const KUBESPAN_KEYS = ['enabled', 'advertiseKubernetesNetworks', 'allowDownPeerBypass', 'harvestExtraEndpoints', 'mtu', 'filters'];
const KUBESPAN_MIN_MTU = 1280;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Go net.ParseCIDR. */
function isCidr(text: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(text);
  if (!m) return false;
  const family = isIP(m[1]);
  const bits = Number(m[2]);
  return family !== 0 && bits <= (family === 4 ? 32 : 128);
}

/** Talos' validateIPOrCIDR: undefined when valid, else Go's error text. */
function ipOrCidrError(text: string): string | undefined {
  if (text.includes('/')) return isCidr(text) ? undefined : `invalid CIDR address: ${text}`;
  return isIP(text) !== 0 ? undefined : `failed to parse IP address ${JSON.stringify(text)}`;
}

export interface LegacyNetworkContext {
  readonly controlPlane: boolean;
  readonly discoveryEnabled: boolean;
  readonly clusterId: string;
  readonly clusterSecret: string;
}

/** Problems in `machine.network` (empty when it is absent or valid). */
export function legacyNetworkProblems(network: unknown, ctx: LegacyNetworkContext): string[] {
  if (network === undefined || network === null) return [];
  const problems: string[] = [];
  const unknownKeys = (value: unknown, where: string, keys: readonly string[]): Obj => {
    if (!isObj(value)) {
      problems.push(`v1alpha1: ${where}: must be object`);
      return {};
    }
    for (const k of Object.keys(value)) if (!keys.includes(k)) problems.push(`v1alpha1: ${where}: unknown field "${k}"`);
    return value;
  };
  const list = (value: unknown, where: string): unknown[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problems.push(`v1alpha1: ${where}: must be array`);
      return [];
    }
    return value;
  };
  const strings = (value: unknown, where: string): string[] =>
    list(value, where).filter((v, i) => {
      if (typeof v === 'string') return true;
      problems.push(`v1alpha1: ${where}.${i}: must be string`);
      return false;
    }) as string[];

  const net = unknownKeys(network, 'machine.network', NETWORK_KEYS);
  if (net.hostname !== undefined && typeof net.hostname !== 'string') problems.push('v1alpha1: machine.network.hostname: must be string');
  for (const ns of strings(net.nameservers, 'machine.network.nameservers')) {
    if (isIP(ns) === 0) problems.push(`v1alpha1: machine.network.nameservers: ${JSON.stringify(ns)} is not an IP address`);
  }
  strings(net.searchDomains, 'machine.network.searchDomains');
  list(net.extraHostEntries, 'machine.network.extraHostEntries').forEach((h, i) => {
    const host = unknownKeys(h, `machine.network.extraHostEntries.${i}`, HOST_KEYS);
    if (typeof host.ip !== 'string' || isIP(host.ip) === 0) problems.push(`v1alpha1: machine.network.extraHostEntries.${i}.ip: ${JSON.stringify(host.ip ?? '')} is not an IP address`);
    strings(host.aliases, `machine.network.extraHostEntries.${i}.aliases`);
  });

  const devices = list(net.interfaces, 'machine.network.interfaces').map((d, i) => unknownKeys(d, `machine.network.interfaces.${i}`, DEVICE_KEYS));
  const ifaceName = (d: Obj): string => (typeof d.interface === 'string' ? d.interface : '');
  // Links enslaved to a bond/bridge, and which link claimed them first.
  const secondary = new Map<string, string>();
  for (const d of devices) {
    if (d.bond !== undefined && d.bridge !== undefined) problems.push(`interface has both bridge and bond sections set ${JSON.stringify(ifaceName(d))}: config sections are mutually exclusive`);
    const bond = isObj(d.bond) ? d.bond : undefined;
    const bridge = isObj(d.bridge) ? d.bridge : undefined;
    if (bond && list(bond.interfaces, 'bond.interfaces').length > 0 && list(bond.deviceSelectors, 'bond.deviceSelectors').length > 0) {
      problems.push(`interface ${JSON.stringify(ifaceName(d))} has both interfaces and selectors set: config sections are mutually exclusive`);
    }
    const members = bond ? strings(bond.interfaces, 'bond.interfaces') : bridge ? strings(bridge.interfaces, 'bridge.interfaces') : [];
    for (const m of members) {
      const other = secondary.get(m);
      if (other !== undefined && other !== ifaceName(d))
        problems.push(`interface ${JSON.stringify(m)} is declared as part of two separate links: ${JSON.stringify(other)} and ${JSON.stringify(ifaceName(d))}`);
      secondary.set(m, ifaceName(d));
    }
  }

  devices.forEach((d, i) => {
    const name = ifaceName(d);
    const q = JSON.stringify(name);
    const hasSelector = d.deviceSelector !== undefined && d.deviceSelector !== null;
    if (!name && !hasSelector) problems.push('[networking.os.device.interface], [networking.os.device.deviceSelector]: required either config section to be set');
    else if (name && hasSelector) problems.push('[networking.os.device.interface], [networking.os.device.deviceSelector]: config sections are mutually exclusive');
    if (hasSelector) {
      const sel = unknownKeys(d.deviceSelector, `machine.network.interfaces.${i}.deviceSelector`, SELECTOR_KEYS);
      if (Object.keys(sel).length === 0) problems.push('[networking.os.device.deviceSelector]: config section should contain at least one field');
    }
    const addresses = strings(d.addresses, `machine.network.interfaces.${i}.addresses`);
    const cidr = typeof d.cidr === 'string' ? d.cidr : '';
    const vip = d.vip === undefined || d.vip === null ? undefined : unknownKeys(d.vip, `machine.network.interfaces.${i}.vip`, VIP_KEYS);
    if (secondary.has(name) && (d.dhcp === true || cidr || addresses.length > 0 || vip)) {
      problems.push(`[networking.os.device] ${q}: bonded/bridged interface shouldn't have any addressing methods configured`);
    }
    if (addresses.length > 0 && cidr) problems.push(`[networking.os.device] ${q}: interface can't have both .cidr and .addresses set`);
    const cidrErr = cidr ? ipOrCidrError(cidr) : undefined;
    if (cidrErr) problems.push(`[networking.os.device.CIDR] ${q}: ${cidrErr}`);
    for (const a of addresses) {
      const err = ipOrCidrError(a);
      if (err) problems.push(`[networking.os.device.addresses] ${q}: ${err}`);
    }
    if (vip) {
      if (typeof vip.ip !== 'string' || isIP(vip.ip) === 0) problems.push(`[networking.os.device.vip] failed to parse ${JSON.stringify(vip.ip ?? '')} as IP address`);
      if (!ctx.controlPlane) problems.push('virtual (shared) IP is not allowed on non-controlplane nodes');
    }
    routeProblems(list(d.routes, `machine.network.interfaces.${i}.routes`), `machine.network.interfaces.${i}.routes`, problems, unknownKeys);
    list(d.vlans, `machine.network.interfaces.${i}.vlans`).forEach((v, j) => {
      const where = `machine.network.interfaces.${i}.vlans.${j}`;
      const vlan = unknownKeys(v, where, VLAN_KEYS);
      const id = vlan.vlanId;
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 4095) problems.push(`v1alpha1: ${where}.vlanId: must be an integer 0-4095`);
      const vAddresses = strings(vlan.addresses, `${where}.addresses`);
      const vCidr = typeof vlan.cidr === 'string' ? vlan.cidr : '';
      if (vCidr && vAddresses.length > 0) problems.push(`[networking.os.device.vlan] ${name}.${String(id)}: vlan can't have both .cidr and .addresses set`);
      const vCidrErr = vCidr ? ipOrCidrError(vCidr) : undefined;
      if (vCidrErr) problems.push(`[networking.os.device.vlan.CIDR] ${name}.${String(id)}: ${vCidrErr}`);
      for (const a of vAddresses) {
        const err = ipOrCidrError(a);
        if (err) problems.push(`[networking.os.device.vlan.addresses] ${name}.${String(id)}: ${err}`);
      }
      if (vlan.vip !== undefined && vlan.vip !== null) {
        const vv = unknownKeys(vlan.vip, `${where}.vip`, VIP_KEYS);
        if (typeof vv.ip !== 'string' || isIP(vv.ip) === 0) problems.push(`[networking.os.device.vip] failed to parse ${JSON.stringify(vv.ip ?? '')} as IP address`);
        if (!ctx.controlPlane) problems.push('virtual (shared) IP is not allowed on non-controlplane nodes');
      }
      routeProblems(list(vlan.routes, `${where}.routes`), `${where}.routes`, problems, unknownKeys);
    });
  });

  if (net.kubespan !== undefined && net.kubespan !== null) {
    const ks = unknownKeys(net.kubespan, 'machine.network.kubespan', KUBESPAN_KEYS);
    if (ks.enabled === true) {
      if (typeof ks.mtu === 'number' && ks.mtu < KUBESPAN_MIN_MTU) problems.push(`kubespan link MTU must be at least ${KUBESPAN_MIN_MTU}`);
      if (!ctx.discoveryEnabled) problems.push('.cluster.discovery should be enabled when .machine.network.kubespan is enabled');
      if (!ctx.clusterId) problems.push('.cluster.id should be set when .machine.network.kubespan is enabled');
      if (!ctx.clusterSecret) problems.push('.cluster.secret should be set when .machine.network.kubespan is enabled');
    }
  }
  return problems;
}

function routeProblems(routes: unknown[], where: string, problems: string[], unknownKeys: (v: unknown, w: string, k: readonly string[]) => Obj): void {
  routes.forEach((r, idx) => {
    const route = unknownKeys(r, `${where}.${idx}`, ROUTE_KEYS);
    const label = `networking.os.device.route[${idx}]`;
    const network = typeof route.network === 'string' ? route.network : '';
    const gateway = typeof route.gateway === 'string' ? route.gateway : '';
    const source = typeof route.source === 'string' ? route.source : '';
    if (network && !isCidr(network)) problems.push(`[${label}.network] ${JSON.stringify(network)}: invalid network address`);
    if (gateway && isIP(gateway) === 0) problems.push(`[${label}.gateway] ${JSON.stringify(gateway)}: invalid network address`);
    if (!network && !gateway) problems.push(`[${label}]: either network or gateway should be set`);
    if (source && isIP(source) === 0) problems.push(`[${label}.source] ${JSON.stringify(source)}: invalid network address`);
  });
}
