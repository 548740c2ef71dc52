import { gzipSync } from 'node:zlib';
import { readTar } from '../../../../providers/talos/api/tar';
import { extractKubeconfig } from '../../../../providers/talos/api/kubeconfig-archive';
import { tarGzipSingleFile } from '../../../lab/talos/tar-gzip';

/** One 512-byte tar header (ustar), checksum filled in. */
function header(name: string, size: number, flag = '0', mode = 0o644): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, 'utf8');
  h.write(mode.toString(8).padStart(7, '0') + '\0', 100, 'ascii');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
  h.write('00000000000\0', 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(flag, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

function entry(name: string, data: Buffer, flag = '0', mode = 0o644): Buffer {
  return Buffer.concat([header(name, data.length, flag, mode), data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

const END = Buffer.alloc(1024);

/** "<len> key=value\n" where <len> counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return `${len}${body}`;
}

describe('readTar', () => {
  it('reads regular files, directories and modes', () => {
    const archive = Buffer.concat([entry('dir/', Buffer.alloc(0), '5', 0o755), entry('dir/a.txt', Buffer.from('hello')), END]);
    const entries = readTar(archive);
    expect(entries.map((e) => [e.name, e.type, e.mode, e.size])).toEqual([
      ['dir/', 'directory', 0o755, 0],
      ['dir/a.txt', 'file', 0o644, 5],
    ]);
    expect(entries[1].data.toString()).toBe('hello');
  });

  it('handles contents spanning several blocks', () => {
    const big = Buffer.alloc(1300, 'x');
    const [e] = readTar(Buffer.concat([entry('big', big), END]));
    expect(e.data.equals(big)).toBe(true);
  });

  it('applies PAX path records and GNU long names to the next entry', () => {
    const longName = `${'d'.repeat(120)}/kubeconfig`;
    const pax = Buffer.from(paxRecord('path', longName));
    const gnuName = Buffer.from(`${'g'.repeat(150)}\0`);
    const archive = Buffer.concat([entry('PaxHeader', pax, 'x'), entry('short1', Buffer.from('1')), entry('././@LongLink', gnuName, 'L'), entry('short2', Buffer.from('2')), END]);
    const names = readTar(archive).map((e) => e.name);
    expect(names).toEqual([longName, 'g'.repeat(150)]);
  });

  it('rejects a damaged header checksum', () => {
    const archive = Buffer.concat([entry('a', Buffer.from('x')), END]);
    archive[0] = 'b'.charCodeAt(0);
    expect(() => readTar(archive)).toThrow(/checksum mismatch/);
  });

  it('rejects a truncated archive', () => {
    const archive = entry('a', Buffer.alloc(2000, 'y')).subarray(0, 1024);
    expect(() => readTar(archive)).toThrow(/truncated/);
  });
});

describe('extractKubeconfig', () => {
  const yaml = 'apiVersion: v1\nkind: Config\n';

  it('joins the streamed chunks, gunzips and returns the kubeconfig file', () => {
    const archive = tarGzipSingleFile('kubeconfig', Buffer.from(yaml));
    const chunks = [archive.subarray(0, 7), archive.subarray(7, 40), archive.subarray(40)];
    expect(extractKubeconfig(chunks)).toBe(yaml);
  });

  it('accepts ./kubeconfig as the entry name', () => {
    const gz = gzipSync(Buffer.concat([entry('./kubeconfig', Buffer.from(yaml), '0', 0o600), END]));
    expect(extractKubeconfig([gz])).toBe(yaml);
  });

  it('names the entries when there is no kubeconfig file', () => {
    const gz = gzipSync(Buffer.concat([entry('other', Buffer.from('x')), END]));
    expect(() => extractKubeconfig([gz])).toThrow('kubeconfig archive has no file named "kubeconfig" (entries: other)');
  });

  it('rejects an empty stream and non-gzip data', () => {
    expect(() => extractKubeconfig([])).toThrow(/stream was empty/);
    expect(() => extractKubeconfig([Buffer.from('not gzip')])).toThrow(/not valid gzip data/);
  });
});
