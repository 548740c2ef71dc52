/**
 * What the QEMU guest agent reports for `network-get-interfaces` once a VM has booted: `lo`, then
 * one `ethN` per NIC with its MAC, the cloud-init static address (or a DHCP lease) and the IPv6
 * link-local address derived from the MAC.
 */
import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { CloudInitSnapshot } from '../state/model';
import { parseIpconfig } from './vm-config';

export interface AgentAddress {
  readonly 'ip-address': string;
  readonly 'ip-address-type': 'ipv4' | 'ipv6';
  readonly prefix: number;
}

export interface AgentInterface {
  readonly name: string;
  readonly 'hardware-address': string;
  readonly 'ip-addresses': readonly AgentAddress[];
  readonly statistics: Readonly<Record<string, number>>;
}

export type DhcpResolver = (bridge: string | undefined, mac: string) => { ip: string; prefix: number } | undefined;

const ZERO_STATS = { 'rx-bytes': 0, 'rx-dropped': 0, 'rx-errs': 0, 'rx-packets': 0, 'tx-bytes': 0, 'tx-dropped': 0, 'tx-errs': 0, 'tx-packets': 0 };

/** EUI-64 link-local address for a MAC (fe80::/64). */
export function linkLocalFor(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  b[0] ^= 0x02;
  const words = [(b[0] << 8) | b[1], (b[2] << 8) | 0xff, (0xfe << 8) | b[3], (b[4] << 8) | b[5]];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}`;
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** A stable host address inside `cidr` for `mac` (skips network, .1 gateway and broadcast). */
export function leaseInCidr(cidr: string, mac: string, range?: { start: string; end: string }): { ip: string; prefix: number } | undefined {
  const m = /^(.+)\/(\d+)$/.exec(cidr);
  if (!m || !isIPv4(m[1])) return undefined;
  const prefix = Number(m[2]);
  if (prefix > 30) return undefined;
  const size = 2 ** (32 - prefix);
  const network = ipv4ToInt(m[1]) - (ipv4ToInt(m[1]) % size);
  const lo = range ? ipv4ToInt(range.start) : network + 2;
  const hi = range ? ipv4ToInt(range.end) : network + size - 2;
  if (hi < lo) return undefined;
  const h = createHash('sha256').update(mac.toLowerCase()).digest().readUInt32BE(0);
  return { ip: intToIpv4(lo + (h % (hi - lo + 1))), prefix };
}

export function agentInterfaces(boot: CloudInitSnapshot, bridges: Readonly<Record<string, string>>, dhcp: DhcpResolver): AgentInterface[] {
  const out: AgentInterface[] = [
    {
      name: 'lo',
      'hardware-address': '00:00:00:00:00:00',
      'ip-addresses': [
        { 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 },
        { 'ip-address': '::1', 'ip-address-type': 'ipv6', prefix: 128 },
      ],
      statistics: ZERO_STATS,
    },
  ];
  const nics = Object.keys(boot.macs).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  nics.forEach((nic, i) => {
    const mac = boot.macs[nic].toLowerCase();
    const index = nic.slice(3);
    const addresses: AgentAddress[] = [];
    const ipconfig = boot.ipconfig[`ipconfig${index}`];
    const seeded = boot.nocloud?.addresses[mac];
    const cfg: Record<string, string | undefined> = ipconfig ? parseIpconfig(ipconfig) : { ...seeded };
    const ip = cfg.ip;
    if (ip && ip !== 'dhcp' && ip !== 'manual') {
      const [addr, prefix] = ip.split('/');
      addresses.push({ 'ip-address': addr, 'ip-address-type': 'ipv4', prefix: Number(prefix) });
    } else if (ip === 'dhcp' || (ipconfig === undefined && !seeded)) {
      const lease = dhcp(bridges[nic], mac);
      if (lease) addresses.push({ 'ip-address': lease.ip, 'ip-address-type': 'ipv4', prefix: lease.prefix });
    }
    const ip6 = cfg.ip6;
    if (ip6 && ip6 !== 'dhcp' && ip6 !== 'auto' && ip6 !== 'manual') {
      const [addr, prefix] = ip6.split('/');
      addresses.push({ 'ip-address': addr, 'ip-address-type': 'ipv6', prefix: Number(prefix) });
    }
    addresses.push({ 'ip-address': linkLocalFor(mac), 'ip-address-type': 'ipv6', prefix: 64 });
    out.push({ name: `eth${i}`, 'hardware-address': mac, 'ip-addresses': addresses, statistics: ZERO_STATS });
  });
  return out;
}
