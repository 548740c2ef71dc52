/**
 * Reads the root directory of an ISO 9660 image (ECMA-119), the way a guest's mount would see it:
 * Joliet names when the image has a Joliet tree, else Rock Ridge `NM` names, else the plain
 * identifiers without their `;1` version. Enough to read a NoCloud `cidata` seed image, which
 * keeps its files at the root.
 */

const SECTOR = 2048;
const FIRST_DESCRIPTOR = 16;

export interface IsoImage {
  /** The primary volume identifier, trailing spaces and NULs removed (`cidata` for a NoCloud seed). */
  readonly volumeId: string;
  /** Regular files in the root directory, by name. */
  readonly files: ReadonlyMap<string, Buffer>;
}

export class IsoFormatError extends Error {}

interface DirRecord {
  readonly extent: number;
  readonly size: number;
  readonly isDir: boolean;
  readonly rawName: Buffer;
  readonly systemUse: Buffer;
}

/** Parses `image`; throws IsoFormatError when it is not an ISO 9660 file system. */
export function readIso9660(image: Buffer): IsoImage {
  let primary: Buffer | undefined;
  let joliet: Buffer | undefined;
  for (let sector = FIRST_DESCRIPTOR; ; sector++) {
    const at = sector * SECTOR;
    if (at + SECTOR > image.length) throw new IsoFormatError('no volume descriptor set terminator');
    const d = image.subarray(at, at + SECTOR);
    if (d.toString('latin1', 1, 6) !== 'CD001') throw new IsoFormatError(`sector ${sector} is not a volume descriptor`);
    const type = d[0];
    if (type === 255) break;
    if (type === 1) primary ??= d;
    // A supplementary descriptor with a UCS-2 escape sequence (%/@, %/C, %/E) is Joliet.
    if (type === 2 && d[88] === 0x25 && d[89] === 0x2f && [0x40, 0x43, 0x45].includes(d[90])) joliet ??= d;
  }
  if (!primary) throw new IsoFormatError('no primary volume descriptor');
  const volumeId = primary.toString('latin1', 40, 72).replace(/[\s\0]+$/, '');
  const files = new Map<string, Buffer>();
  if (joliet) {
    for (const r of directory(image, rootOf(joliet))) if (!r.isDir) files.set(stripVersion(ucs2be(r.rawName)), content(image, r));
  } else {
    for (const r of directory(image, rootOf(primary))) if (!r.isDir) files.set(rockRidgeName(r.systemUse) ?? stripVersion(r.rawName.toString('latin1')), content(image, r));
  }
  return { volumeId, files };
}

function rootOf(descriptor: Buffer): DirRecord {
  const r = parseRecord(descriptor, 156);
  if (!r) throw new IsoFormatError('no root directory record');
  return r;
}

function parseRecord(buf: Buffer, at: number): DirRecord | undefined {
  const len = buf[at];
  if (!len || at + len > buf.length) return undefined;
  const nameLen = buf[at + 32];
  const nameEnd = at + 33 + nameLen;
  // The system use area starts after the name and its padding byte (present when the name length is even).
  const suStart = nameEnd + (nameLen % 2 === 0 ? 1 : 0);
  return {
    extent: buf.readUInt32LE(at + 2),
    size: buf.readUInt32LE(at + 10),
    isDir: (buf[at + 25] & 0x02) !== 0,
    rawName: buf.subarray(at + 33, nameEnd),
    systemUse: buf.subarray(Math.min(suStart, at + len), at + len),
  };
}

/** The records of a directory, without `.` and `..`; records never span sectors (a 0 length skips to the next). */
function directory(image: Buffer, dir: DirRecord): DirRecord[] {
  const start = dir.extent * SECTOR;
  const end = start + dir.size;
  if (end > image.length) throw new IsoFormatError('directory extent beyond the end of the image');
  const out: DirRecord[] = [];
  let at = start;
  while (at < end) {
    const r = parseRecord(image, at);
    if (!r) {
      at = (Math.floor((at - start) / SECTOR) + 1) * SECTOR + start;
      continue;
    }
    at += image[at];
    if (r.rawName.length === 1 && (r.rawName[0] === 0 || r.rawName[0] === 1)) continue;
    out.push(r);
  }
  return out;
}

function content(image: Buffer, r: DirRecord): Buffer {
  const at = r.extent * SECTOR;
  if (at + r.size > image.length) throw new IsoFormatError('file extent beyond the end of the image');
  return Buffer.from(image.subarray(at, at + r.size));
}

function ucs2be(raw: Buffer): string {
  let s = '';
  for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode(raw.readUInt16BE(i));
  return s;
}

function stripVersion(name: string): string {
  return name.replace(/;\d+$/, '').replace(/\.$/, '');
}

/** The Rock Ridge alternate name (`NM` entries, possibly continued) in a record's system use area. */
function rockRidgeName(su: Buffer): string | undefined {
  let name: string | undefined;
  for (let at = 0; at + 4 <= su.length;) {
    const len = su[at + 2];
    if (len < 4 || at + len > su.length) break;
    if (su.toString('latin1', at, at + 2) === 'NM') {
      const flags = su[at + 4];
      // Bits 1 and 2 name `.` and `..`, which are never files.
      if ((flags & 0x06) === 0) name = (name ?? '') + su.toString('utf8', at + 5, at + len);
    }
    at += len;
  }
  return name;
}
