/**
 * IPv4 arithmetic for synth-time checks (addresses as unsigned 32-bit numbers). Pure functions.
 */

export interface Ipv4Cidr {
  /** The text as given, e.g. `10.20.0.0/24`. */
  readonly text: string;
  readonly prefix: number;
  readonly network: number;
  readonly broadcast: number;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `10.0.0.5` → number, or undefined when it is not a dotted-quad IPv4 address (no leading zeros). */
export function parseIpv4(text: string): number | undefined {
  const m = OCTETS.exec(text);
  if (!m) return undefined;
  let n = 0;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const o = Number(part);
    if (o > 255) return undefined;
    n = n * 256 + o;
  }
  return n;
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `10.20.0.0/24` → the network; undefined when malformed or when host bits are set. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const [addr, len, extra] = text.split('/');
  if (extra !== undefined || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const prefix = Number(len);
  const ip = parseIpv4(addr);
  if (ip === undefined || prefix > 32) return undefined;
  const mask = maskOf(prefix);
  if ((ip & ~mask) >>> 0 !== 0) return undefined;
  return { text, prefix, network: ip, broadcast: (ip | ~mask) >>> 0 };
}

export function cidrContains(cidr: Ipv4Cidr, ip: number): boolean {
  return ip >= cidr.network && ip <= cidr.broadcast;
}

/** True when `ip` can be given to a host: inside the network and (below /31) not its network or broadcast address. */
export function isUsableHost(cidr: Ipv4Cidr, ip: number): boolean {
  if (!cidrContains(cidr, ip)) return false;
  if (cidr.prefix >= 31) return true;
  return ip !== cidr.network && ip !== cidr.broadcast;
}
