/**
 * Named simple formats of PVE's JSONSchema that the simulator checks. Each checker returns an
 * error text (PVE's wording) or undefined. Unknown names are accepted unchecked.
 */
import { isIPv4, isIPv6, isIP } from 'node:net';

type Checker = (value: string) => string | undefined;

const HOST_RE = /^(?=.{1,255}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;
const CONFIGID_RE = /^[a-z][a-z0-9_-]+$/i;
const STORAGE_ID_RE = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;
const DISK_SIZE_RE = /^(\d+(\.\d+)?)([KMGT])?$/;

function cidr(value: string, v: 4 | 6): boolean {
  const m = /^(.+)\/(\d+)$/.exec(value);
  if (!m) return false;
  const bits = Number(m[2]);
  return v === 4 ? isIPv4(m[1]) && bits <= 32 : isIPv6(m[1]) && bits <= 128;
}

function list(value: string, each: Checker): string | undefined {
  for (const item of value.split(/[,;\s]+/).filter((s) => s.length > 0)) {
    const err = each(item);
    if (err) return err;
  }
  return undefined;
}

const node: Checker = (v) => (HOST_RE.test(v) && !v.includes('.') ? undefined : 'value does not look like a valid node name');
const configid: Checker = (v) => (CONFIGID_RE.test(v) ? undefined : `invalid configuration ID '${v}'`);
const storageId: Checker = (v) => (STORAGE_ID_RE.test(v) ? undefined : `storage ID '${v}' contains illegal characters`);
const ipv4: Checker = (v) => (isIPv4(v) ? undefined : 'value does not look like a valid IPv4 address');
const ipv6: Checker = (v) => (isIPv6(v) ? undefined : 'value does not look like a valid IPv6 address');
const ip: Checker = (v) => (isIP(v) ? undefined : 'value does not look like a valid IP address');
const sdnId =
  (kind: string, max: number): Checker =>
  (v) => {
    if (v.length < 2) return `${kind} ID '${v}' cannot be shorter than 2 characters`;
    if (v.length > max) return `${kind} ID '${v}' cannot be longer than ${max} characters`;
    return /^[a-z][a-z0-9]*[a-z0-9]$/i.test(v) ? undefined : `${kind} ID '${v}' contains illegal characters`;
  };

const CHECKERS: Readonly<Record<string, Checker>> = {
  'pve-node': node,
  'pve-node-list': (v) => list(v, node),
  'pve-configid': configid,
  'pve-configid-list': (v) => list(v, configid),
  'pve-storage-id': storageId,
  'pve-storage-id-list': (v) => list(v, storageId),
  'pve-poolid': (v) => (/^[A-Za-z0-9_\-/]+$/.test(v) ? undefined : `invalid pool ID '${v}'`),
  'pve-vmid-list': (v) => list(v, (id) => (/^[1-9]\d{2,8}$/.test(id) ? undefined : 'value does not look like a valid VM ID')),
  'pve-iface': (v) => (/^[a-zA-Z][a-zA-Z0-9_.]{1,20}$/.test(v) ? undefined : `invalid network interface name '${v}'`),
  'pve-iface-list': (v) => list(v, (i) => (/^[a-zA-Z][a-zA-Z0-9_.]{1,20}$/.test(i) ? undefined : `invalid network interface name '${i}'`)),
  'pve-bridge-id': (v) => (/^[-_.\w\d]+$/.test(v) && v.length <= 15 ? undefined : `invalid bridge ID '${v}'`),
  ipv4,
  ipv6,
  ip,
  'ip-list': (v) => list(v, ip),
  'address-list': (v) => list(v, (a) => (isIP(a) || HOST_RE.test(a) ? undefined : `value does not look like a valid address: ${a}`)),
  CIDRv4: (v) => (cidr(v, 4) ? undefined : 'value does not look like a valid IPv4 CIDR network'),
  CIDRv6: (v) => (cidr(v, 6) ? undefined : 'value does not look like a valid IPv6 CIDR network'),
  CIDR: (v) => (cidr(v, 4) || cidr(v, 6) ? undefined : 'value does not look like a valid CIDR network'),
  'pve-ipv4-config': (v) => (v === 'dhcp' || v === 'manual' || cidr(v, 4) ? undefined : 'value does not look like a valid ipv4 network configuration'),
  'pve-ipv6-config': (v) => (v === 'dhcp' || v === 'auto' || v === 'manual' || cidr(v, 6) ? undefined : 'value does not look like a valid ipv6 network configuration'),
  'mac-addr': (v) => (/^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i.test(v) ? undefined : 'value does not look like a valid unicast MAC address'),
  'disk-size': (v) => (DISK_SIZE_RE.test(v) ? undefined : `value does not look like a valid disk size: ${v}`),
  'dns-name': (v) => (HOST_RE.test(v) ? undefined : 'value does not look like a valid DNS name'),
  'pve-volume-id': (v) => (/^[a-z][a-z0-9\-_.]*[a-z0-9]:.+$/i.test(v) ? undefined : `unable to parse volume ID '${v}'`),
  'pve-tag-list': (v) => list(v, (t) => (/^[a-z0-9_][a-z0-9_\-+.]*$/i.test(t) ? undefined : 'invalid characters in tag')),
  urlencoded: (v) => (/^[-%a-zA-Z0-9_.!~*'()]*$/.test(v) ? undefined : `invalid urlencoded string: ${v}`),
  'pve-sdn-zone-id': sdnId('zone', 8),
  'pve-sdn-vnet-id': sdnId('vnet', 8),
  'pve-sdn-subnet-id': (v) => (/^[a-z][a-z0-9]*-[0-9a-f.:]+-\d+$/i.test(v) || cidr(v, 4) || cidr(v, 6) ? undefined : `invalid subnet '${v}'`),
  'pve-storage-content': (v) => (/^[a-z]+$/.test(v) ? undefined : `invalid content type '${v}'`),
  'pve-storage-content-list': (v) => list(v, (c) => (/^[a-z]+$/.test(c) ? undefined : `invalid content type '${c}'`)),
};

/** PVE's check_format for a named format: error text or undefined. */
export function checkNamedFormat(format: string, value: string): string | undefined {
  const checker = CHECKERS[format];
  return checker ? checker(value) : undefined;
}

export function isCheckedFormat(format: string): boolean {
  return format in CHECKERS;
}
