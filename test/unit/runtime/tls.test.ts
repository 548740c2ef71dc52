import { X509Certificate, createPrivateKey } from 'node:crypto';
import { certificateInfo } from '../../../providers/pki';
import { createLocalhostCertificate } from '../../../providers/runtime/server/tls';

describe('AutoMTLS server certificate', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const cert = createLocalhostCertificate(now);
  const x = new X509Certificate(cert.der);

  test('is self-signed by its own key and matches the private key', () => {
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(cert.keyPem))).toBe(true);
    expect(new X509Certificate(cert.certPem).raw.equals(cert.der)).toBe(true);
  });

  test("has go-plugin's shape: CA, localhost, server and client auth, 30 years", () => {
    const info = certificateInfo(cert.certPem);
    expect(info.subject).toEqual({ commonName: 'localhost', organization: ['HashiCorp'] });
    expect(info.isCa).toBe(true);
    expect(info.dnsNames).toEqual(['localhost']);
    expect([...info.keyUsages].sort()).toEqual(['certSign', 'digitalSignature', 'keyAgreement', 'keyEncipherment']);
    expect([...info.extendedKeyUsages].sort()).toEqual(['clientAuth', 'serverAuth']);
    expect(info.keyAlgorithm).toBe('ecdsa-p256');
    expect(info.notBefore.getTime()).toBe(now.getTime() - 30_000);
    expect(info.notAfter.getTime()).toBe(now.getTime() + 262_980 * 3600_000); // after 2050: GeneralizedTime
  });

  test('serials are random and positive', () => {
    const a = certificateInfo(createLocalhostCertificate().certPem).serialNumber;
    const b = certificateInfo(createLocalhostCertificate().certPem).serialNumber;
    expect(a).not.toEqual(b);
  });
});
