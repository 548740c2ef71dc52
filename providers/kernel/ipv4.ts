/**
 * IPv4 arithmetic shared by the definition, the constructs and the capi provider: addresses as
 * unsigned 32-bit numbers, networks and the address expressions InClusterIPPool and ProxmoxCluster
 * accept (`10.0.0.5`, `10.0.0.10-10.0.0.20`, `10.0.0.64/26`). Pure; text is taken as given (no
 * trimming), so what passes here is what ends up in a config.
 */

export interface Ipv4Interval {
  /** Inclusive bounds as unsigned 32-bit numbers. */
  readonly first: number;
  readonly last: number;
}

/** A network: `first` is its network address, `last` its broadcast address. */
export interface Ipv4Cidr extends Ipv4Interval {
  readonly prefix: number;
  /** Canonical text, e.g. `10.0.0.0/24`. */
  readonly text: string;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `10.0.0.5` → number, or undefined when it is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const m = typeof text === 'string' ? OCTETS.exec(text) : null;
  if (!m) return undefined;
  let n = 0;
  for (const part of m.slice(1)) {
    // Leading zeros are ambiguous (octal in some parsers); Go's netip rejects them too.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

/** A network such as `10.0.0.0/24`; host bits must be zero unless `allowHostBits`. */
export function parseIpv4Cidr(text: string, options: { allowHostBits?: boolean } = {}): Ipv4Cidr | undefined {
  const [address, bits, extra] = typeof text === 'string' ? text.split('/') : [];
  if (extra !== undefined || bits === undefined || !/^\d{1,2}$/.test(bits)) return undefined;
  const prefix = Number(bits);
  const base = parseIpv4(address);
  if (base === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = Math.floor(base / size) * size;
  if (first !== base && !options.allowHostBits) return undefined;
  return { first, last: first + size - 1, prefix, text: `${formatIpv4(first)}/${prefix}` };
}

/**
 * One entry of an InClusterIPPool/ProxmoxCluster `addresses` list: an address, an inclusive
 * `a-b` range or a CIDR. Undefined when the text is none of those (or the range is reversed).
 */
export function parseIpv4Expression(text: string): Ipv4Interval | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes('/')) return parseIpv4Cidr(text, { allowHostBits: true });
  if (text.includes('-')) {
    const [a, b, extra] = text.split('-');
    const first = parseIpv4(a);
    const last = parseIpv4(b);
    if (extra !== undefined || first === undefined || last === undefined || last < first) return undefined;
    return { first, last };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { first: value, last: value };
}

export function contains(interval: Ipv4Interval, address: number): boolean {
  return address >= interval.first && address <= interval.last;
}

export function overlaps(a: Ipv4Interval, b: Ipv4Interval): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function within(inner: Ipv4Interval, outer: Ipv4Interval): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

/** Number of addresses in an interval. */
export function sizeOf(interval: Ipv4Interval): number {
  return interval.last - interval.first + 1;
}

/** True when `ip` can be given to a host: inside the network and (below /31) not its network or broadcast address. */
export function isUsableHost(cidr: Ipv4Cidr, ip: number): boolean {
  if (!contains(cidr, ip)) return false;
  if (cidr.prefix >= 31) return true;
  return ip !== cidr.first && ip !== cidr.last;
}
