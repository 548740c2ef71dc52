/**
 * A small tar reader: enough for the archives Talos streams (Go archive/tar output: ustar,
 * possibly with PAX or GNU long-name records). Reads from a complete in-memory buffer.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface TarEntry {
  readonly name: string;
  readonly type: TarEntryType;
  /** Permission bits (e.g. 0o600). */
  readonly mode: number;
  readonly size: number;
  /** Contents of regular files; empty for other entry types. */
  readonly data: Buffer;
}

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

/** Numeric header fields: octal text, or GNU base-256 when the high bit of the first byte is set. */
function numeric(header: Buffer, offset: number, length: number, what: string): number {
  const raw = header.subarray(offset, offset + length);
  if (raw[0] & 0x80) {
    let value = raw[0] & 0x7f;
    for (let i = 1; i < raw.length; i++) value = value * 256 + raw[i];
    if (!Number.isSafeInteger(value)) throw new Error(`tar: ${what} is too large`);
    return value;
  }
  const text = field(header, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new Error(`tar: ${what} is not an octal number`);
  return parseInt(text, 8);
}

function checksumMatches(header: Buffer): boolean {
  const stored = numeric(header, 148, 8, 'header checksum');
  let unsigned = 0;
  for (let i = 0; i < BLOCK; i++) unsigned += i >= 148 && i < 156 ? 0x20 : header[i];
  return stored === unsigned;
}

/** PAX records: "<len> <key>=<value>\n" repeated. */
function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) throw new Error('tar: damaged PAX record');
    const length = parseInt(data.subarray(pos, space).toString('ascii'), 10);
    if (!Number.isInteger(length) || length <= 0 || pos + length > data.length) throw new Error('tar: damaged PAX record length');
    const record = data.subarray(space + 1, pos + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return records;
}

function entryType(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    default:
      return 'other';
  }
}

/** Every entry of a tar archive, in order. Throws on truncated or corrupt archives. */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let pos = 0;
  let pendingName: string | undefined;
  let pendingSize: number | undefined;
  while (pos + BLOCK <= archive.length) {
    const header = archive.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    if (!checksumMatches(header)) throw new Error(`tar: header checksum mismatch at offset ${pos}`);
    const flag = field(header, 156, 1);
    let size = numeric(header, 124, 12, 'entry size');
    if (pendingSize !== undefined && (flag === '0' || flag === '\0' || flag === '' || flag === '7')) size = pendingSize;
    const dataStart = pos + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > archive.length) throw new Error(`tar: archive is truncated (entry at offset ${pos} needs ${size} bytes)`);
    const data = archive.subarray(dataStart, dataEnd);
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (flag === 'x') {
      const pax = parsePax(data);
      pendingName = pax.get('path') ?? pendingName;
      const paxSize = pax.get('size');
      if (paxSize !== undefined) pendingSize = Number(paxSize);
      continue;
    }
    if (flag === 'g') continue; // global PAX header: nothing we use
    if (flag === 'L') {
      pendingName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }

    const prefix = field(header, 345, 155);
    const baseName = field(header, 0, 100);
    const name = pendingName ?? (prefix ? `${prefix}/${baseName}` : baseName);
    pendingName = undefined;
    pendingSize = undefined;
    const type = entryType(flag);
    entries.push({
      name,
      type,
      mode: numeric(header, 100, 8, 'mode') & 0o7777,
      size,
      data: type === 'file' ? Buffer.from(data) : Buffer.alloc(0),
    });
  }
  return entries;
}
