/**
 * Reading certificates back: what callers check (expiry for renewal, CA flag, roles in the
 * Organization, key type). node:crypto parses and verifies; @peculiar/x509 supplies the fields
 * node does not expose (KeyUsage bits, key identifiers, structured names).
 */
import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import type { ExtendedKeyUsage, KeyUsage } from './certificates';
import { keyAlgorithmOf, type KeyAlgorithm } from './key-algorithm';
import { firstPemBlock } from './pem';
import { x509 } from './x509-engine';

export interface CertificateName {
  readonly commonName?: string;
  readonly organization: readonly string[];
}

export interface CertificateInfo {
  readonly subject: CertificateName;
  readonly issuer: CertificateName;
  /** Upper-case hex, as node prints it. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly keyUsages: readonly KeyUsage[];
  /** Known names, other purposes as dotted OIDs. */
  readonly extendedKeyUsages: ReadonlyArray<ExtendedKeyUsage | string>;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  /** Lower-case hex, when present. */
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (node's format). */
  readonly fingerprint256: string;
  readonly publicKeyPem: string;
}

const USAGE_BITS: ReadonlyArray<[KeyUsage, number]> = [
  ['digitalSignature', x509.KeyUsageFlags.digitalSignature],
  ['nonRepudiation', x509.KeyUsageFlags.nonRepudiation],
  ['keyEncipherment', x509.KeyUsageFlags.keyEncipherment],
  ['dataEncipherment', x509.KeyUsageFlags.dataEncipherment],
  ['keyAgreement', x509.KeyUsageFlags.keyAgreement],
  ['certSign', x509.KeyUsageFlags.keyCertSign],
  ['crlSign', x509.KeyUsageFlags.cRLSign],
  ['encipherOnly', x509.KeyUsageFlags.encipherOnly],
  ['decipherOnly', x509.KeyUsageFlags.decipherOnly],
];

const EKU_NAMES: Record<string, ExtendedKeyUsage> = {
  [x509.ExtendedKeyUsage.serverAuth]: 'serverAuth',
  [x509.ExtendedKeyUsage.clientAuth]: 'clientAuth',
};

/** Parses the first CERTIFICATE PEM block of `pem`; throws a message without certificate content when it cannot. */
export function parseCertificatePem(pem: string): NodeX509Certificate {
  const block = firstPemBlock(pem);
  if (block.label !== 'CERTIFICATE') throw new Error(`PEM label is ${block.label}, expected CERTIFICATE`);
  try {
    return new NodeX509Certificate(block.der);
  } catch {
    throw new Error('the CERTIFICATE block is not a valid X.509 certificate');
  }
}

export function certificateInfo(pem: string): CertificateInfo {
  const cert = parseCertificatePem(pem);
  const parsed = new x509.X509Certificate(cert.raw);
  const keyUsage = parsed.getExtension(x509.KeyUsagesExtension);
  const eku = parsed.getExtension(x509.ExtendedKeyUsageExtension);
  const san = parsed.getExtension(x509.SubjectAlternativeNameExtension);
  const aki = parsed.getExtension(x509.AuthorityKeyIdentifierExtension);
  const sanItems = san?.names.items ?? [];
  return {
    subject: nameOf(parsed.subjectName),
    issuer: nameOf(parsed.issuerName),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    isCa: cert.ca,
    keyAlgorithm: keyAlgorithmOf(cert.publicKey),
    keyUsages: keyUsage ? USAGE_BITS.filter(([, bit]) => (keyUsage.usages & bit) !== 0).map(([name]) => name) : [],
    extendedKeyUsages: (eku?.usages ?? []).map((oid) => EKU_NAMES[String(oid)] ?? String(oid)),
    dnsNames: sanItems.filter((n) => n.type === 'dns').map((n) => n.value),
    ipAddresses: sanItems.filter((n) => n.type === 'ip').map((n) => n.value),
    subjectKeyId: parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    authorityKeyId: aki?.keyId,
    fingerprint256: cert.fingerprint256,
    publicKeyPem: cert.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function nameOf(name: x509.Name): CertificateName {
  const [commonName] = name.getField('CN');
  return commonName === undefined ? { organization: name.getField('O') } : { commonName, organization: name.getField('O') };
}
