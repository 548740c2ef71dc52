/** Disk sizes as PVE prints and parses them (PVE::JSONSchema format_size / parse_size). */

const UNITS: Readonly<Record<string, number>> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Largest unit that divides the size exactly: 34359738368 -> `32G`, 540672 -> `528K`, 1000 -> `1000`. */
export function formatSize(bytes: number): string {
  const size = Math.trunc(bytes);
  const kb = Math.trunc(size / 1024);
  if (kb * 1024 !== size) return String(size);
  const mb = Math.trunc(kb / 1024);
  if (mb * 1024 !== kb) return `${kb}K`;
  const gb = Math.trunc(mb / 1024);
  if (gb * 1024 !== mb) return `${mb}M`;
  const tb = Math.trunc(gb / 1024);
  if (tb * 1024 !== gb) return `${gb}G`;
  return `${tb}T`;
}

/** `32G` / `528K` / `8589934592` (bytes) -> bytes; undefined when malformed. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(text);
  if (!m) return undefined;
  return Math.trunc(Number(m[1]) * (m[2] ? UNITS[m[2]] : 1));
}

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
