/**
 * IPv4 arithmetic for the IP-clash guard: addresses, CIDRs and the address expressions
 * InClusterIPPool and ProxmoxCluster accept (`10.0.0.5`, `10.0.0.10-10.0.0.20`, `10.0.0.64/26`).
 */

export interface Ipv4Interval {
  /** Inclusive bounds as unsigned 32-bit numbers. */
  readonly first: number;
  readonly last: number;
}

export interface Ipv4Cidr extends Ipv4Interval {
  readonly prefix: number;
  /** Canonical text, e.g. `10.0.0.0/24`. */
  readonly text: string;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as a number, or undefined when it is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const m = OCTETS.exec(typeof text === 'string' ? text.trim() : '');
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  // Leading zeros are ambiguous (octal in some parsers); Go's netip rejects them too.
  if (parts.some((p, i) => p > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith('0')))) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

/** A CIDR such as `10.0.0.0/24`; host bits must be zero unless `allowHostBits`. */
export function parseIpv4Cidr(text: string, options: { allowHostBits?: boolean } = {}): Ipv4Cidr | undefined {
  const [address, bits, extra] = typeof text === 'string' ? text.trim().split('/') : [];
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
  const trimmed = text.trim();
  if (trimmed.includes('/')) return parseIpv4Cidr(trimmed, { allowHostBits: true });
  if (trimmed.includes('-')) {
    const [a, b, extra] = trimmed.split('-');
    const first = parseIpv4(a);
    const last = parseIpv4(b);
    if (extra !== undefined || first === undefined || last === undefined || last < first) return undefined;
    return { first, last };
  }
  const value = parseIpv4(trimmed);
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
