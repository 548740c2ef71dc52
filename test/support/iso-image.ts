/**
 * Writes small ISO 9660 images for tests (ECMA-119): files in the root directory, with optional
 * Rock Ridge `NM` names and an optional Joliet tree — the shapes NoCloud seed builders produce
 * (go-diskfs writes both; genisoimage -J -r too). Plain ISO identifiers are 8.3 upper case.
 */

const SECTOR = 2048;

export interface IsoImageOptions {
  readonly volumeId: string;
  readonly files: Readonly<Record<string, string | Buffer>>;
  readonly rockRidge?: boolean;
  readonly joliet?: boolean;
}

export function writeIsoImage(options: IsoImageOptions): Buffer {
  const names = Object.keys(options.files).sort();
  const data = names.map((n) => (typeof options.files[n] === 'string' ? Buffer.from(options.files[n] as string) : (options.files[n] as Buffer)));
  // Layout: 16 system sectors, PVD, [Joliet SVD], terminator, root dir, [Joliet root dir], file extents.
  let sector = 17;
  const jolietSector = options.joliet ? sector++ : -1;
  sector++; // terminator
  const rootSector = sector++;
  const jolietRootSector = options.joliet ? sector++ : -1;
  const fileSectors = data.map((d) => {
    const at = sector;
    sector += Math.max(1, Math.ceil(d.length / SECTOR));
    return at;
  });
  const image = Buffer.alloc(sector * SECTOR);

  const dot = (self: number, id: number): Buffer => record(Buffer.from([id]), self, SECTOR, true, options.rockRidge && id === 0 ? spEntry() : Buffer.alloc(0));
  const plain = names.map((n, i) => record(Buffer.from(shortName(n, i), 'latin1'), fileSectors[i], data[i].length, false, options.rockRidge ? nmEntry(n) : Buffer.alloc(0)));
  writeDirectory(image, rootSector, [dot(rootSector, 0), dot(rootSector, 1), ...plain]);
  if (options.joliet) {
    const joliet = names.map((n, i) => record(ucs2be(`${n};1`), fileSectors[i], data[i].length, false, Buffer.alloc(0)));
    writeDirectory(image, jolietRootSector, [dot(jolietRootSector, 0), dot(jolietRootSector, 1), ...joliet]);
  }
  data.forEach((d, i) => d.copy(image, fileSectors[i] * SECTOR));

  descriptor(image, 16, 1, options.volumeId, record(Buffer.from([0]), rootSector, SECTOR, true, Buffer.alloc(0)), sector);
  if (options.joliet) {
    descriptor(image, jolietSector, 2, options.volumeId, record(Buffer.from([0]), jolietRootSector, SECTOR, true, Buffer.alloc(0)), sector);
    image.write('%/E', jolietSector * SECTOR + 88, 'latin1');
  }
  const term = (options.joliet ? jolietSector : 16) + 1;
  image[term * SECTOR] = 255;
  image.write('CD001', term * SECTOR + 1, 'latin1');
  image[term * SECTOR + 6] = 1;
  return image;
}

function descriptor(image: Buffer, sector: number, type: number, volumeId: string, root: Buffer, totalSectors: number): void {
  const at = sector * SECTOR;
  image[at] = type;
  image.write('CD001', at + 1, 'latin1');
  image[at + 6] = 1;
  image.write(volumeId.padEnd(32, ' '), at + 40, 'latin1');
  image.writeUInt32LE(totalSectors, at + 80);
  image.writeUInt32BE(totalSectors, at + 84);
  image.writeUInt16LE(SECTOR, at + 128);
  image.writeUInt16BE(SECTOR, at + 130);
  root.copy(image, at + 156);
}

function record(id: Buffer, extent: number, size: number, dir: boolean, systemUse: Buffer): Buffer {
  const pad = id.length % 2 === 0 ? 1 : 0;
  const len = 33 + id.length + pad + systemUse.length;
  const r = Buffer.alloc(len + (len % 2));
  r[0] = r.length;
  r.writeUInt32LE(extent, 2);
  r.writeUInt32BE(extent, 6);
  r.writeUInt32LE(size, 10);
  r.writeUInt32BE(size, 14);
  r[25] = dir ? 0x02 : 0;
  r.writeUInt16LE(1, 28);
  r.writeUInt16BE(1, 30);
  r[32] = id.length;
  id.copy(r, 33);
  systemUse.copy(r, 33 + id.length + pad);
  return r;
}

function writeDirectory(image: Buffer, sector: number, records: Buffer[]): void {
  let at = sector * SECTOR;
  for (const r of records) {
    if (at + r.length > (sector + 1) * SECTOR) throw new Error('test ISO writer: one directory sector only');
    r.copy(image, at);
    at += r.length;
  }
}

function shortName(name: string, i: number): string {
  const base = name
    .replace(/[^A-Za-z0-9]/g, '_')
    .toUpperCase()
    .slice(0, 7);
  return `${base}${i}.;1`;
}

function nmEntry(name: string): Buffer {
  const n = Buffer.from(name, 'utf8');
  return Buffer.concat([Buffer.from('NM', 'latin1'), Buffer.from([5 + n.length, 1, 0]), n]);
}

function spEntry(): Buffer {
  return Buffer.from([0x53, 0x50, 7, 1, 0xbe, 0xef, 0]);
}

function ucs2be(s: string): Buffer {
  const b = Buffer.alloc(s.length * 2);
  for (let i = 0; i < s.length; i++) b.writeUInt16BE(s.charCodeAt(i), i * 2);
  return b;
}
