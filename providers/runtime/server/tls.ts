/**
 * The server certificate for go-plugin's AutoMTLS: a fresh self-signed ECDSA certificate per
 * process, shaped like go-plugin's own (CA flag, CN/SAN localhost, server+client auth), because
 * Terraform trusts exactly the certificate announced in the handshake line.
 *
 * It is encoded here with a few lines of DER instead of an X.509 library: Terraform starts a
 * provider three to five times per command, and loading a full X.509 stack costs more start-up
 * time than the whole handshake should take. The shape is fixed, and the tests check it is
 * accepted by OpenSSL (grpc-js) and by Terraform's Go TLS stack.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

export interface ServerCertificate {
  readonly certPem: string;
  /** PKCS#8 `PRIVATE KEY` PEM. */
  readonly keyPem: string;
  /** DER bytes, announced base64 (unpadded) in the handshake line. */
  readonly der: Buffer;
}

// ---- minimal DER writer -------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.of(0x80 | bytes.length, ...bytes);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.of(tag), length(body.length), body]);
};
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const explicit = (n: number, ...c: Buffer[]) => tlv(0xa0 | n, ...c);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1] & 0x80) === 0) b = b.subarray(1);
  return tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
}

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [tlv(0x01, Buffer.of(0xff))] : []), tlv(0x04, value));

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

function pem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** A self-signed ECDSA P-256 certificate for `localhost`, like the one go-plugin makes. */
export function createLocalhostCertificate(now = new Date()): ServerCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = seq(set(seq(oid(OID.organization), utf8('HashiCorp'))), set(seq(oid(OID.commonName), utf8('localhost'))));
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // positive, below 2^127
  const tbs = seq(
    explicit(0, integer(Buffer.of(2))), // v3
    integer(serial),
    algorithm,
    name,
    seq(time(new Date(now.getTime() - 30_000)), time(new Date(now.getTime() + 262_980 * 3600_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      seq(
        extension(OID.basicConstraints, true, seq(tlv(0x01, Buffer.of(0xff)))),
        // digitalSignature | keyEncipherment | keyAgreement | keyCertSign: bits 0,2,4,5 → 0xAC, 2 unused bits
        extension(OID.keyUsage, true, tlv(0x03, Buffer.of(0x02, 0xac))),
        extension(OID.extKeyUsage, false, seq(oid(OID.clientAuth), oid(OID.serverAuth))),
        extension(OID.subjectAltName, false, seq(tlv(0x82, Buffer.from('localhost')))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.of(0), signature));
  return { certPem: pem('CERTIFICATE', der), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), der };
}
