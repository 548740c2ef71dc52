/**
 * A NoCloud seed (an ISO 9660 volume labelled `cidata` with `meta-data`, `user-data` and
 * optionally `network-config` at its root) as a booting guest reads it, and the static addresses
 * its network configuration gives each NIC (by MAC). Network config versions 1 and 2 are read,
 * version 2 with or without the top-level `network:` key, as Talos' nocloud platform does.
 */
import { parse } from 'yaml';
import { IsoFormatError, readIso9660 } from './iso9660';

export interface NoCloudSeed {
  readonly metaData: string;
  readonly userData?: string;
  readonly networkConfig?: string;
}

export interface NoCloudAddress {
  /** `10.0.0.5/24` */
  readonly ip: string;
  readonly gw?: string;
}

export interface NoCloudNetwork {
  /** Lower-case MAC → the first static IPv4 address and its default gateway. */
  readonly byMac: ReadonlyMap<string, NoCloudAddress>;
  readonly nameservers: readonly string[];
}

/** The seed in `image`, or undefined when it is no ISO 9660 volume labelled cidata with meta-data. */
export function readNoCloudSeed(image: Buffer): NoCloudSeed | undefined {
  let iso;
  try {
    iso = readIso9660(image);
  } catch (err) {
    if (err instanceof IsoFormatError) return undefined;
    throw err;
  }
  if (iso.volumeId.toLowerCase() !== 'cidata') return undefined;
  const text = (name: string): string | undefined => iso.files.get(name)?.toString('utf8');
  const metaData = text('meta-data');
  if (metaData === undefined) return undefined;
  return { metaData, userData: text('user-data'), networkConfig: text('network-config') };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const isIpv4 = (cidr: string): boolean => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(cidr);

/** Static IPv4 addressing per MAC from a network-config document (unparseable text: none). */
export function noCloudNetwork(networkConfig: string | undefined): NoCloudNetwork {
  const byMac = new Map<string, NoCloudAddress>();
  const nameservers: string[] = [];
  let doc: unknown;
  try {
    doc = networkConfig === undefined ? undefined : parse(networkConfig);
  } catch {
    doc = undefined;
  }
  if (isObj(doc) && isObj(doc.network)) doc = doc.network;
  if (!isObj(doc)) return { byMac, nameservers };
  if (doc.version === 2 && isObj(doc.ethernets)) {
    for (const eth of Object.values(doc.ethernets).filter(isObj)) {
      const mac = isObj(eth.match) && typeof eth.match.macaddress === 'string' ? eth.match.macaddress.toLowerCase() : undefined;
      const ip = strings(eth.addresses).find(isIpv4);
      const routes = Array.isArray(eth.routes) ? eth.routes.filter(isObj) : [];
      const gw = routes.find((r) => r.to === '0.0.0.0/0' || r.to === 'default')?.via ?? eth.gateway4;
      if (mac && ip) byMac.set(mac, { ip, gw: typeof gw === 'string' ? gw : undefined });
      if (isObj(eth.nameservers)) nameservers.push(...strings(eth.nameservers.addresses));
    }
  } else if (doc.version === 1 && Array.isArray(doc.config)) {
    for (const entry of doc.config.filter(isObj)) {
      if (entry.type === 'nameserver') nameservers.push(...strings(entry.address));
      if (entry.type !== 'physical' || typeof entry.mac_address !== 'string') continue;
      const subnet = (Array.isArray(entry.subnets) ? entry.subnets.filter(isObj) : []).find((s) => s.type === 'static' && typeof s.address === 'string' && isIpv4(s.address));
      if (!subnet) continue;
      const address = subnet.address as string;
      const ip = address.includes('/') ? address : `${address}/${prefixOf(typeof subnet.netmask === 'string' ? subnet.netmask : '255.255.255.255')}`;
      byMac.set(entry.mac_address.toLowerCase(), { ip, gw: typeof subnet.gateway === 'string' ? subnet.gateway : undefined });
    }
  }
  return { byMac, nameservers: [...new Set(nameservers)] };
}

function prefixOf(netmask: string): number {
  return netmask.split('.').reduce((bits, octet) => bits + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

/** What a guest takes from meta-data, as Talos' nocloud platform does: host name (`local-hostname`, else `hostname`), instance ID, provider ID. */
export interface MetaData {
  readonly hostname?: string;
  readonly instanceId?: string;
  readonly providerId?: string;
}

export function readMetaData(metaData: string): MetaData {
  let doc: unknown;
  try {
    doc = parse(metaData);
  } catch {
    return {};
  }
  if (!isObj(doc)) return {};
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return { hostname: text(doc['local-hostname']) ?? text(doc.hostname), instanceId: text(doc['instance-id']), providerId: text(doc['provider-id']) };
}
