/**
 * Reading certificates back: what callers check (expiry for renewal, CA flag, roles in the
 * Organization, key type). node:crypto parses and verifies; @peculiar/x509 supplies the fields
 * node does not expose (KeyUsage bits, key identifiers, structured names).
 */
import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import type { ExtendedKeyUsage, KeyUsage } from './certificates';
import { keyAlgorithmOf, type KeyAlgorithm } from './key-algorithm';
import { firstPemBlock } from './pem';
import type * as X509 from '@peculiar/x509';
import { lazy } from '../kernel/lazy';
import { x509Lib } from './x509-engine';

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

// The library's constants, read when the first certificate is inspected.
const usageBits = lazy((): ReadonlyArray<[KeyUsage, number]> => [
  ['digitalSignature', x509Lib().KeyUsageFlags.digitalSignature],
  ['nonRepudiation', x509Lib().KeyUsageFlags.nonRepudiation],
  ['keyEncipherment', x509Lib().KeyUsageFlags.keyEncipherment],
  ['dataEncipherment', x509Lib().KeyUsageFlags.dataEncipherment],
  ['keyAgreement', x509Lib().KeyUsageFlags.keyAgreement],
  ['certSign', x509Lib().KeyUsageFlags.keyCertSign],
  ['crlSign', x509Lib().KeyUsageFlags.cRLSign],
  ['encipherOnly', x509Lib().KeyUsageFlags.encipherOnly],
  ['decipherOnly', x509Lib().KeyUsageFlags.decipherOnly],
]);

const ekuNames = lazy((): Record<string, ExtendedKeyUsage> => ({
  [x509Lib().ExtendedKeyUsage.serverAuth]: 'serverAuth',
  [x509Lib().ExtendedKeyUsage.clientAuth]: 'clientAuth',
}));

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
  const parsed = new (x509Lib().X509Certificate)(cert.raw);
  const keyUsage = parsed.getExtension(x509Lib().KeyUsagesExtension);
  const eku = parsed.getExtension(x509Lib().ExtendedKeyUsageExtension);
  const san = parsed.getExtension(x509Lib().SubjectAlternativeNameExtension);
  const aki = parsed.getExtension(x509Lib().AuthorityKeyIdentifierExtension);
  const sanItems = san?.names.items ?? [];
  return {
    subject: nameOf(parsed.subjectName),
    issuer: nameOf(parsed.issuerName),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    isCa: cert.ca,
    keyAlgorithm: keyAlgorithmOf(cert.publicKey),
    keyUsages: keyUsage
      ? usageBits()
          .filter(([, bit]) => (keyUsage.usages & bit) !== 0)
          .map(([name]) => name)
      : [],
    extendedKeyUsages: (eku?.usages ?? []).map((oid) => ekuNames()[String(oid)] ?? String(oid)),
    dnsNames: sanItems.filter((n) => n.type === 'dns').map((n) => n.value),
    ipAddresses: sanItems.filter((n) => n.type === 'ip').map((n) => n.value),
    subjectKeyId: parsed.getExtension(x509Lib().SubjectKeyIdentifierExtension)?.keyId,
    authorityKeyId: aki?.keyId,
    fingerprint256: cert.fingerprint256,
    publicKeyPem: cert.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function nameOf(name: X509.Name): CertificateName {
  const [commonName] = name.getField('CN');
  return commonName === undefined ? { organization: name.getField('O') } : { commonName, organization: name.getField('O') };
}
