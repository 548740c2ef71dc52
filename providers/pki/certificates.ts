/**
 * X.509 certificate creation: self-signed and CA-issued, laid out the way Go's crypto/x509 lays
 * them out (extension order KU, EKU, BC, SKI, AKI, SAN; KU and BC critical; AKI omitted on
 * self-signed certificates; SAN critical when the subject is empty), so Talos, Kubernetes and Go
 * clients see what they would see from the Go tools.
 */
import { randomBytes, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { loadPrivateKey, toPublicKeyObject, type KeyPair, type PublicKeyInput } from './keys';
import { encodePem, firstPemBlock } from './pem';
import type * as X509 from '@peculiar/x509';
import { lazy } from '../kernel/lazy';
import { nodeWebCrypto, signatureAlgorithmOf, signingKeyOf, x509Lib } from './x509-engine';

export type KeyUsage = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'certSign' | 'crlSign' | 'encipherOnly' | 'decipherOnly';

export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

export interface CertificateSubject {
  readonly commonName?: string;
  readonly organization?: readonly string[];
}

export interface CertificateProps {
  /** Omit (or pass `{}`) for an empty subject. */
  readonly subject?: CertificateSubject;
  /** Encoded with one-second precision (fractions are dropped, as Go does). */
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Positive serial; default a random value below 2^128 (like siderolabs/crypto). */
  readonly serialNumber?: bigint;
  /** Adds a critical BasicConstraints CA:TRUE. Leaf certificates carry no BasicConstraints (as Go writes them). */
  readonly isCa?: boolean;
  /** Only for CAs; omitted means unlimited. */
  readonly pathLength?: number;
  /** Critical KeyUsage extension; omitted when empty. */
  readonly keyUsages?: readonly KeyUsage[];
  readonly extendedKeyUsages?: readonly ExtendedKeyUsage[];
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  /** Default: 20 random bytes for CAs (siderolabs/crypto), none for leaf certificates (Go). */
  readonly subjectKeyId?: Uint8Array | 'random' | 'none';
}

export interface IssueCertificateProps extends CertificateProps {
  /** Default `issuer`: the issuer certificate's SubjectKeyId, when it has one (Go's behaviour). */
  readonly authorityKeyId?: Uint8Array | 'issuer' | 'none';
}

/** The signing CA: certificate and private key PEM (any label loadPrivateKey accepts). */
export interface IssuerPem {
  readonly certPem: string;
  readonly keyPem: string;
}

// The library's constants, read when the first certificate is made.
const keyUsageFlags = lazy((): Record<KeyUsage, number> => ({
  digitalSignature: x509Lib().KeyUsageFlags.digitalSignature,
  nonRepudiation: x509Lib().KeyUsageFlags.nonRepudiation,
  keyEncipherment: x509Lib().KeyUsageFlags.keyEncipherment,
  dataEncipherment: x509Lib().KeyUsageFlags.dataEncipherment,
  keyAgreement: x509Lib().KeyUsageFlags.keyAgreement,
  certSign: x509Lib().KeyUsageFlags.keyCertSign,
  crlSign: x509Lib().KeyUsageFlags.cRLSign,
  encipherOnly: x509Lib().KeyUsageFlags.encipherOnly,
  decipherOnly: x509Lib().KeyUsageFlags.decipherOnly,
}));

const extendedKeyUsageOids = lazy((): Record<ExtendedKeyUsage, string> => ({
  serverAuth: x509Lib().ExtendedKeyUsage.serverAuth,
  clientAuth: x509Lib().ExtendedKeyUsage.clientAuth,
}));

const MAX_SERIAL = 1n << 159n; // serials are at most 20 octets (RFC 5280 4.1.2.2)

/** Creates a self-signed certificate for `keyPair`; returns its PEM. */
export async function createSelfSignedCertificate(props: CertificateProps, keyPair: KeyPair): Promise<string> {
  validateCertificateProps(props);
  const subject = buildName(props.subject);
  const extensions = buildExtensions(props, subjectIsEmpty(props.subject), undefined);
  const cert = await x509Lib().X509CertificateGenerator.create(
    {
      serialNumber: serialHex(props.serialNumber),
      subject,
      issuer: subject,
      notBefore: props.notBefore,
      notAfter: props.notAfter,
      publicKey: spkiDer(keyPair),
      signingKey: await signingKeyOf(keyPair),
      signingAlgorithm: signatureAlgorithmOf(keyPair),
      extensions,
    },
    nodeWebCrypto,
  );
  return encodePem('CERTIFICATE', new Uint8Array(cert.rawData));
}

/** Issues a certificate for `subjectPublicKey`, signed by `issuer` (which must be a CA whose key matches); returns its PEM. */
export async function issueCertificate(props: IssueCertificateProps, subjectPublicKey: PublicKeyInput, issuer: IssuerPem): Promise<string> {
  validateCertificateProps(props);
  const publicKey = spkiDer(subjectPublicKey);
  const { certificate: issuerCert, keyPair: issuerKey } = loadIssuer(issuer);
  const extensions = buildExtensions(props, subjectIsEmpty(props.subject), authorityKeyIdHex(props.authorityKeyId, issuerCert));
  const cert = await x509Lib().X509CertificateGenerator.create(
    {
      serialNumber: serialHex(props.serialNumber),
      subject: buildName(props.subject),
      issuer: issuerCert.subjectName,
      notBefore: props.notBefore,
      notAfter: props.notAfter,
      publicKey,
      signingKey: await signingKeyOf(issuerKey),
      signingAlgorithm: signatureAlgorithmOf(issuerKey),
      extensions,
    },
    nodeWebCrypto,
  );
  return encodePem('CERTIFICATE', new Uint8Array(cert.rawData));
}

function loadIssuer(issuer: IssuerPem): { certificate: X509.X509Certificate; keyPair: KeyPair } {
  if (!issuer || typeof issuer.certPem !== 'string' || typeof issuer.keyPem !== 'string') {
    throw new Error('issuer: expected { certPem, keyPem } PEM strings');
  }
  let block;
  let nodeCert: NodeX509Certificate;
  try {
    block = firstPemBlock(issuer.certPem);
    if (block.label !== 'CERTIFICATE') throw new Error(`PEM label is ${block.label}, expected CERTIFICATE`);
    nodeCert = new NodeX509Certificate(block.der);
  } catch (err) {
    throw new Error(`issuer.certPem: not a valid certificate (${(err as Error).message})`);
  }
  let keyPair: KeyPair;
  try {
    keyPair = loadPrivateKey(issuer.keyPem);
  } catch (err) {
    throw new Error(`issuer.keyPem: not a valid private key (${(err as Error).message})`);
  }
  if (!nodeCert.ca) throw new Error('issuer.certPem: not a CA certificate (BasicConstraints CA:TRUE missing)');
  if (!nodeCert.checkPrivateKey(keyPair.privateKey)) throw new Error('issuer.keyPem: does not match the public key of issuer.certPem');
  return { certificate: new (x509Lib().X509Certificate)(block.der), keyPair };
}

/** Checks props at the edge; messages name the field and what is expected. */
export function validateCertificateProps(props: CertificateProps): void {
  if (!props || typeof props !== 'object') throw new Error('props: expected certificate properties');
  for (const field of ['notBefore', 'notAfter'] as const) {
    const value = props[field];
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new Error(`props.${field}: expected a valid Date`);
  }
  if (Math.floor(props.notAfter.getTime() / 1000) <= Math.floor(props.notBefore.getTime() / 1000)) {
    throw new Error('props.notAfter: must be at least one second after props.notBefore');
  }
  if (props.serialNumber !== undefined && (typeof props.serialNumber !== 'bigint' || props.serialNumber < 1n || props.serialNumber >= MAX_SERIAL)) {
    throw new Error('props.serialNumber: expected a bigint between 1 and 2^159-1');
  }
  const subject = props.subject ?? {};
  if (subject.commonName !== undefined && (typeof subject.commonName !== 'string' || subject.commonName === '')) {
    throw new Error('props.subject.commonName: expected a non-empty string (omit it for no common name)');
  }
  if (subject.organization !== undefined) {
    if (!Array.isArray(subject.organization) || subject.organization.some((o) => typeof o !== 'string' || o === '')) {
      throw new Error('props.subject.organization: expected a list of non-empty strings');
    }
  }
  const usages = props.keyUsages ?? [];
  for (const usage of usages) {
    if (!(usage in keyUsageFlags())) throw new Error(`props.keyUsages: unknown usage ${String(usage)} (expected ${Object.keys(keyUsageFlags()).join(', ')})`);
  }
  if (usages.includes('certSign') && !props.isCa) throw new Error('props.keyUsages: certSign requires props.isCa = true');
  for (const usage of props.extendedKeyUsages ?? []) {
    if (!(usage in extendedKeyUsageOids())) throw new Error(`props.extendedKeyUsages: unknown usage ${String(usage)} (expected serverAuth or clientAuth)`);
  }
  if (props.pathLength !== undefined) {
    if (!props.isCa) throw new Error('props.pathLength: only valid with props.isCa = true');
    if (!Number.isInteger(props.pathLength) || props.pathLength < 0) throw new Error('props.pathLength: expected a non-negative integer');
  }
  for (const name of props.dnsNames ?? []) {
    if (typeof name !== 'string' || !/^[A-Za-z0-9*_.-]+$/.test(name) || name.length > 253) {
      throw new Error(`props.dnsNames: ${JSON.stringify(name)} is not a DNS name`);
    }
  }
  for (const ip of props.ipAddresses ?? []) {
    if (typeof ip !== 'string' || isIP(ip) === 0) throw new Error(`props.ipAddresses: ${JSON.stringify(ip)} is not an IPv4/IPv6 address`);
  }
  const ski = props.subjectKeyId;
  if (ski !== undefined && ski !== 'random' && ski !== 'none' && !(ski instanceof Uint8Array && ski.length > 0 && ski.length <= 64)) {
    throw new Error("props.subjectKeyId: expected 1-64 bytes, 'random' or 'none'");
  }
}

function subjectIsEmpty(subject: CertificateSubject | undefined): boolean {
  return !subject?.commonName && !subject?.organization?.length;
}

/** Subject name in Go's RDN order (O before CN); several organizations share one RDN, like pkix.Name. */
function buildName(subject: CertificateSubject | undefined): X509.Name {
  const rdns: Array<Record<string, string[]>> = [];
  const organizations = [...new Set(subject?.organization ?? [])];
  if (organizations.length > 0) rdns.push({ O: sortForDerSet(organizations) });
  if (subject?.commonName) rdns.push({ CN: [subject.commonName] });
  return new (x509Lib().Name)(rdns);
}

/** DER sorts the members of a SET OF by their encoding (Go's asn1 does too); order values that way. */
function sortForDerSet(values: string[]): string[] {
  const encoded = values.map((value) => ({ value, der: Buffer.from(new (x509Lib().Name)([{ O: [value] }]).toArrayBuffer()) }));
  return encoded.sort((a, b) => Buffer.compare(a.der, b.der)).map((e) => e.value);
}

function buildExtensions(props: CertificateProps, emptySubject: boolean, authorityKeyId: string | undefined): X509.Extension[] {
  const extensions: X509.Extension[] = [];
  const usages = props.keyUsages ?? [];
  if (usages.length > 0) {
    const flags = usages.reduce((acc, usage) => acc | keyUsageFlags()[usage], 0);
    extensions.push(new (x509Lib().KeyUsagesExtension)(flags, true));
  }
  const extended = [...new Set(props.extendedKeyUsages ?? [])];
  if (extended.length > 0) {
    extensions.push(
      new (x509Lib().ExtendedKeyUsageExtension)(
        extended.map((usage) => extendedKeyUsageOids()[usage]),
        false,
      ),
    );
  }
  if (props.isCa) extensions.push(new (x509Lib().BasicConstraintsExtension)(true, props.pathLength, true));
  const ski = subjectKeyIdHex(props);
  if (ski) extensions.push(new (x509Lib().SubjectKeyIdentifierExtension)(ski, false));
  if (authorityKeyId) extensions.push(new (x509Lib().AuthorityKeyIdentifierExtension)(authorityKeyId, false));
  const names = [...(props.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })), ...(props.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value }))];
  if (names.length > 0) extensions.push(new (x509Lib().SubjectAlternativeNameExtension)(names, emptySubject));
  return extensions;
}

function subjectKeyIdHex(props: CertificateProps): string | undefined {
  const ski = props.subjectKeyId ?? (props.isCa ? 'random' : 'none');
  if (ski === 'none') return undefined;
  return Buffer.from(ski === 'random' ? randomBytes(20) : ski).toString('hex');
}

function authorityKeyIdHex(choice: IssueCertificateProps['authorityKeyId'], issuerCert: X509.X509Certificate): string | undefined {
  if (choice === 'none') return undefined;
  if (choice instanceof Uint8Array) {
    if (choice.length === 0 || choice.length > 64) throw new Error('props.authorityKeyId: expected 1-64 bytes');
    return Buffer.from(choice).toString('hex');
  }
  if (choice !== undefined && choice !== 'issuer') throw new Error("props.authorityKeyId: expected bytes, 'issuer' or 'none'");
  return issuerCert.getExtension(x509Lib().SubjectKeyIdentifierExtension)?.keyId;
}

function serialHex(serial: bigint | undefined): string {
  let value = serial;
  while (value === undefined || value === 0n) value = BigInt(`0x${randomBytes(16).toString('hex')}`);
  const hex = value.toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

function spkiDer(input: PublicKeyInput): Uint8Array {
  let key;
  try {
    key = toPublicKeyObject(input);
  } catch (err) {
    throw new Error(`subjectPublicKey: not a usable public key (${(err as Error).message})`);
  }
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}
