/**
 * Terraform's "h1:" package checksum, the one `.terraform.lock.hcl` records for an unpacked
 * provider package (Go's dirhash Hash1): SHA-256 over the sorted lines
 * "<hex sha256 of file>  <slash-separated relative path>\n", base64-encoded.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

function files(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...files(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** Byte-wise order of the UTF-8 names, as Go's sort.Strings. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function packageHashV1(dir: string): string {
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a provider package directory`);
  const summary = createHash('sha256');
  for (const rel of files(dir).sort(byteOrder)) {
    if (rel.includes('\n')) throw new Error(`${dir}: file name ${JSON.stringify(rel)} contains a newline; Terraform cannot hash it`);
    const sum = createHash('sha256')
      .update(fs.readFileSync(path.join(dir, rel)))
      .digest('hex');
    summary.update(`${sum}  ${rel}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}
