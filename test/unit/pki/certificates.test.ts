import 'reflect-metadata';
import * as peculiar from '@peculiar/x509';
import { X509Certificate } from 'node:crypto';
import { certificateInfo, createSelfSignedCertificate, generateKeyPair, issueCertificate, type CertificateProps, type KeyAlgorithm, type KeyPair } from '../../../providers/pki';

jest.setTimeout(30_000);

const HOUR = 3_600_000;
const now = new Date('2026-03-01T10:20:30.456Z');
const caProps: CertificateProps = {
  subject: { organization: ['lab'] },
  notBefore: now,
  notAfter: new Date(now.getTime() + 10 * HOUR),
  isCa: true,
  keyUsages: ['digitalSignature', 'certSign'],
  extendedKeyUsages: ['serverAuth', 'clientAuth'],
};

/** Extensions as [OID, critical] in certificate order, read with an independent parser. */
function extensionLayout(pem: string): Array<[string, boolean]> {
  return new peculiar.X509Certificate(pem).extensions.map((e) => [e.type, e.critical]);
}
const OID = { ku: '2.5.29.15', eku: '2.5.29.37', bc: '2.5.29.19', ski: '2.5.29.14', aki: '2.5.29.35', san: '2.5.29.17' };

function signatureOf(pem: string): { name: string; hash?: string } {
  const alg = new peculiar.X509Certificate(pem).signatureAlgorithm as { name: string; hash?: { name: string } };
  return { name: alg.name, hash: alg.hash?.name };
}

const SIGNATURES: Record<string, { name: string; hash?: string }> = {
  'ecdsa-p256': { name: 'ECDSA', hash: 'SHA-256' },
  'ecdsa-p384': { name: 'ECDSA', hash: 'SHA-384' },
  'ecdsa-p521': { name: 'ECDSA', hash: 'SHA-512' },
  ed25519: { name: 'Ed25519', hash: undefined },
  'rsa-2048': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
};

describe.each(Object.keys(SIGNATURES) as KeyAlgorithm[])('self-signed CA with %s', (alg) => {
  let pair: KeyPair;
  let pem: string;
  beforeAll(async () => {
    pair = await generateKeyPair(alg);
    pem = await createSelfSignedCertificate(caProps, pair);
  });

  it('parses with node, is a CA, verifies with its own key and is self-issued', () => {
    const cert = new X509Certificate(pem);
    expect(cert.ca).toBe(true);
    expect(cert.verify(pair.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.checkPrivateKey(pair.privateKey)).toBe(true);
    expect(cert.subject).toBe('O=lab');
    expect(cert.issuer).toBe('O=lab');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  it('signs with the hash that fits the key', () => {
    expect(signatureOf(pem)).toEqual(SIGNATURES[alg]);
  });

  it("keeps Go's extension layout: KU critical, EKU, BC critical, SKI; no AKI on a self-signed cert", () => {
    expect(extensionLayout(pem)).toEqual([
      [OID.ku, true],
      [OID.eku, false],
      [OID.bc, true],
      [OID.ski, false],
    ]);
    const info = certificateInfo(pem);
    expect(info.keyUsages).toEqual(['digitalSignature', 'certSign']);
    expect(info.subjectKeyId).toMatch(/^[0-9a-f]{40}$/);
    expect(info.authorityKeyId).toBeUndefined();
  });

  it('truncates validity to whole seconds and draws a random serial below 2^128', () => {
    const cert = new X509Certificate(pem);
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-03-01T10:20:30.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2026-03-01T20:20:30.000Z');
    expect(BigInt(`0x${cert.serialNumber}`)).toBeLessThan(1n << 128n);
    expect(BigInt(`0x${cert.serialNumber}`)).toBeGreaterThan(0n);
  });
});

describe('issueCertificate', () => {
  let ca: KeyPair;
  let caPem: string;
  let issuer: { certPem: string; keyPem: string };
  beforeAll(async () => {
    ca = await generateKeyPair('ecdsa-p256');
    caPem = await createSelfSignedCertificate(caProps, ca);
    issuer = { certPem: caPem, keyPem: ca.privateKeyPem('sec1') };
  });

  it('issues a leaf that chains to the CA, with AKI = CA SKI, no BasicConstraints and no SKI (as Go does)', async () => {
    const leafKey = await generateKeyPair('ed25519');
    const pem = await issueCertificate(
      {
        subject: { commonName: 'node-1', organization: ['system:nodes'] },
        notBefore: now,
        notAfter: new Date(now.getTime() + HOUR),
        keyUsages: ['digitalSignature', 'keyEncipherment'],
        extendedKeyUsages: ['serverAuth'],
        dnsNames: ['node-1', 'node-1.lab.internal'],
        ipAddresses: ['10.0.0.11', 'fd00::11'],
      },
      leafKey.publicKey,
      issuer,
    );
    const cert = new X509Certificate(pem);
    const caCert = new X509Certificate(caPem);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.verify(leafKey.publicKey)).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('O=system:nodes\nCN=node-1');
    expect(cert.issuer).toBe('O=lab');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.subjectAltName).toBe('DNS:node-1, DNS:node-1.lab.internal, IP Address:10.0.0.11, IP Address:FD00:0:0:0:0:0:0:11');
    expect(cert.checkPrivateKey(leafKey.privateKey)).toBe(true);
    expect(extensionLayout(pem)).toEqual([
      [OID.ku, true],
      [OID.eku, false],
      [OID.aki, false],
      [OID.san, false],
    ]);
    expect(certificateInfo(pem).authorityKeyId).toBe(certificateInfo(caPem).subjectKeyId);
    expect(signatureOf(pem)).toEqual({ name: 'ECDSA', hash: 'SHA-256' });
  });

  it('accepts the subject key as PEM or key pair and honours an explicit serial', async () => {
    const leafKey = await generateKeyPair('rsa-2048');
    const props = { notBefore: now, notAfter: new Date(now.getTime() + HOUR), serialNumber: 0x1234abcdn };
    for (const input of [leafKey.publicKeyPem(), leafKey, leafKey.privateKey]) {
      const cert = new X509Certificate(await issueCertificate({ ...props, subject: { commonName: 'x' } }, input, issuer));
      expect(cert.serialNumber.replace(/^0+/, '')).toBe('1234ABCD');
      expect(cert.publicKey.export({ type: 'spki', format: 'der' })).toEqual(leafKey.publicKey.export({ type: 'spki', format: 'der' }));
    }
  });

  it('marks SAN critical when the subject is empty (RFC 5280, as Go does)', async () => {
    const leafKey = await generateKeyPair('ecdsa-p256');
    const pem = await issueCertificate({ notBefore: now, notAfter: new Date(now.getTime() + HOUR), dnsNames: ['only-san'], extendedKeyUsages: ['serverAuth'] }, leafKey, issuer);
    expect(new X509Certificate(pem).subject || '').toBe('');
    expect(extensionLayout(pem)).toEqual([
      [OID.eku, false],
      [OID.aki, false],
      [OID.san, true],
    ]);
  });

  it('puts several organizations in one RDN, de-duplicated and in DER SET order', async () => {
    const leafKey = await generateKeyPair('ed25519');
    const pem = await issueCertificate(
      {
        subject: { organization: ['os:reader', 'os:etcd:backup', 'os:admin', 'os:reader'] },
        notBefore: now,
        notAfter: new Date(now.getTime() + HOUR),
      },
      leafKey,
      issuer,
    );
    // DER orders SET members by encoding: shorter values first, then bytewise
    expect(new X509Certificate(pem).subject).toBe('O=os:admin + O=os:reader + O=os:etcd:backup');
    expect(certificateInfo(pem).subject.organization).toEqual(['os:admin', 'os:reader', 'os:etcd:backup']);
  });

  it('issues an intermediate CA with a path length and its own random SKI', async () => {
    const midKey = await generateKeyPair('ecdsa-p384');
    const midPem = await issueCertificate({ ...caProps, subject: { commonName: 'mid' }, pathLength: 0 }, midKey, issuer);
    const mid = new X509Certificate(midPem);
    expect(mid.ca).toBe(true);
    expect(mid.verify(ca.publicKey)).toBe(true);
    const info = certificateInfo(midPem);
    expect(info.subjectKeyId).toMatch(/^[0-9a-f]{40}$/);
    expect(info.subjectKeyId).not.toBe(info.authorityKeyId);
    const bc = new peculiar.X509Certificate(midPem).getExtension(peculiar.BasicConstraintsExtension);
    expect(bc?.pathLength).toBe(0);
    // and the intermediate can issue in turn (key given as PKCS#8)
    const leafKey = await generateKeyPair('ecdsa-p256');
    const leafPem = await issueCertificate({ subject: { commonName: 'leaf' }, notBefore: now, notAfter: new Date(now.getTime() + HOUR) }, leafKey, {
      certPem: midPem,
      keyPem: midKey.privateKeyPem('pkcs8'),
    });
    expect(new X509Certificate(leafPem).verify(midKey.publicKey)).toBe(true);
    expect(signatureOf(leafPem)).toEqual({ name: 'ECDSA', hash: 'SHA-384' });
  });

  it('refuses issuers that are not a CA or whose key does not match', async () => {
    const leafKey = await generateKeyPair('ecdsa-p256');
    const props = { notBefore: now, notAfter: new Date(now.getTime() + HOUR), subject: { commonName: 'x' } };
    const leafPem = await issueCertificate(props, leafKey, issuer);
    await expect(issueCertificate(props, leafKey, { certPem: leafPem, keyPem: leafKey.privateKeyPem() })).rejects.toThrow('issuer.certPem: not a CA certificate');
    await expect(issueCertificate(props, leafKey, { certPem: caPem, keyPem: leafKey.privateKeyPem() })).rejects.toThrow('issuer.keyPem: does not match');
    await expect(issueCertificate(props, leafKey, { certPem: 'nope', keyPem: issuer.keyPem })).rejects.toThrow('issuer.certPem: not a valid certificate');
    await expect(issueCertificate(props, 'not a key', issuer)).rejects.toThrow('subjectPublicKey: not a usable public key');
  });
});

describe('certificate props validation', () => {
  let pair: KeyPair;
  beforeAll(async () => {
    pair = await generateKeyPair('ecdsa-p256');
  });
  const base = { notBefore: now, notAfter: new Date(now.getTime() + HOUR) };

  it.each<[string, Partial<CertificateProps>, string]>([
    ['notAfter before notBefore', { notAfter: new Date(now.getTime() - 1) }, 'props.notAfter: must be at least one second after props.notBefore'],
    ['invalid date', { notBefore: new Date('x') }, 'props.notBefore: expected a valid Date'],
    ['zero serial', { serialNumber: 0n }, 'props.serialNumber'],
    ['oversized serial', { serialNumber: 1n << 160n }, 'props.serialNumber'],
    ['certSign on a leaf', { keyUsages: ['certSign'] }, 'props.keyUsages: certSign requires props.isCa = true'],
    ['unknown key usage', { keyUsages: ['signEverything' as never] }, 'props.keyUsages: unknown usage signEverything'],
    ['unknown EKU', { extendedKeyUsages: ['codeSigning' as never] }, 'props.extendedKeyUsages: unknown usage codeSigning'],
    ['pathLength on a leaf', { pathLength: 1 }, 'props.pathLength: only valid with props.isCa = true'],
    ['bad IP', { ipAddresses: ['10.0.0.300'] }, 'props.ipAddresses: "10.0.0.300" is not an IPv4/IPv6 address'],
    ['bad DNS name', { dnsNames: ['has space'] }, 'props.dnsNames: "has space" is not a DNS name'],
    ['empty organization', { subject: { organization: [''] } }, 'props.subject.organization'],
    ['empty SKI', { subjectKeyId: new Uint8Array(0) }, 'props.subjectKeyId'],
  ])('rejects %s', async (_name, patch, message) => {
    await expect(createSelfSignedCertificate({ ...base, ...patch } as CertificateProps, pair)).rejects.toThrow(message);
  });
});
