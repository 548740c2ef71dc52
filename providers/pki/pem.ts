/**
 * PEM armour and the base64-of-PEM encoding Talos uses for every certificate and key field
 * (machine config, talosconfig, secrets.yaml): standard base64 with padding of the whole PEM
 * text, BEGIN/END lines and trailing newline included.
 */

export interface PemBlock {
  /** The label between `BEGIN ` and the dashes, e.g. `EC PRIVATE KEY`. */
  readonly label: string;
  /** The decoded body. */
  readonly der: Buffer;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Every PEM block in `text`, in order. Text around blocks is ignored (as Go's pem.Decode does);
 * blocks with headers (e.g. encrypted keys) or a damaged body are rejected.
 */
export function parsePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const label = match[1];
    const body = match[2];
    if (body.includes(':')) throw new Error(`PEM block ${label} has headers (encrypted or unsupported)`);
    const compact = body.replace(/\s+/g, '');
    if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) {
      throw new Error(`PEM block ${label} has a damaged base64 body`);
    }
    blocks.push({ label, der: Buffer.from(compact, 'base64') });
  }
  return blocks;
}

/** The first PEM block of `text`; throws when there is none. */
export function firstPemBlock(text: string): PemBlock {
  const [block] = parsePemBlocks(text);
  if (!block) throw new Error('no PEM block found');
  return block;
}

/** PEM text with 64-column lines and a trailing newline, like Go's pem.EncodeToMemory and OpenSSL. */
export function encodePem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Standard base64 (with padding) of the full PEM text, as Talos stores it. */
export function pemToBase64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}

/**
 * Decodes the Talos base64-of-PEM encoding. Strict about the alphabet and padding (line breaks are
 * tolerated, as in Go); the result must contain a PEM block.
 */
export function base64ToPem(value: string): string {
  const compact = value.replace(/[\r\n]/g, '');
  if (compact.length === 0) throw new Error('is empty');
  if (compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) throw new Error('is not valid standard base64');
  const text = Buffer.from(compact, 'base64').toString('utf8');
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text)) throw new Error('does not decode to PEM text');
  return text;
}
