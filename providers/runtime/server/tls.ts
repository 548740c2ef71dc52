/**
 * The server certificate for go-plugin's AutoMTLS: a fresh self-signed ECDSA P-256 cert per
 * process, shaped like go-plugin's own (CA flag, CN/SAN localhost, server+client auth), because
 * Terraform trusts exactly the certificate announced in the handshake line.
 */
import { createSelfSignedCertificate, firstPemBlock, generateKeyPair } from '../../pki';

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** DER bytes, announced base64 (unpadded) in the handshake line. */
  readonly der: Buffer;
}

/** A localhost certificate like go-plugin's (used for the provider's server and by test clients). */
export async function createLocalhostCertificate(
  algorithm: 'ecdsa-p256' | 'ecdsa-p521' = 'ecdsa-p256',
  now = new Date(),
): Promise<ServerCertificate> {
  const keys = await generateKeyPair(algorithm);
  const certPem = await createSelfSignedCertificate(
    {
      subject: { organization: ['HashiCorp'], commonName: 'localhost' },
      notBefore: new Date(now.getTime() - 30_000),
      notAfter: new Date(now.getTime() + 262_980 * 3600_000),
      isCa: true,
      keyUsages: ['digitalSignature', 'keyEncipherment', 'keyAgreement', 'certSign'],
      extendedKeyUsages: ['clientAuth', 'serverAuth'],
      dnsNames: ['localhost'],
    },
    keys,
  );
  return { certPem, keyPem: keys.privateKeyPem('pkcs8'), der: Buffer.from(firstPemBlock(certPem).der) };
}

export function createServerCertificate(): Promise<ServerCertificate> {
  return createLocalhostCertificate('ecdsa-p256');
}
