/**
 * The one place that wires @peculiar/x509 to node's WebCrypto and turns our key pairs into the
 * CryptoKeys it signs with. @peculiar/x509 needs reflect-metadata loaded before it.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { algorithmTraits } from './key-algorithm';
import type { KeyPair } from './keys';

export { x509 };

/** node's WebCrypto, typed as the provider @peculiar/x509 expects. */
export const nodeWebCrypto = webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0];
x509.cryptoProvider.set(nodeWebCrypto);

type SigningAlgorithm = NonNullable<x509.X509CertificateCreateParamsBase['signingAlgorithm']>;
type SigningKey = x509.X509CertificateCreateWithKeyParams['signingKey'];

// Imported keys are cached per key pair: a CA signs many certificates.
const signingKeys = new WeakMap<KeyPair, Promise<SigningKey>>();

/** A non-extractable WebCrypto signing key for `pair`. */
export function signingKeyOf(pair: KeyPair): Promise<SigningKey> {
  let key = signingKeys.get(pair);
  if (!key) {
    const der = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
    key = webcrypto.subtle.importKey('pkcs8', der, algorithmTraits(pair.algorithm).webCryptoImport, false, [
      'sign',
    ]) as Promise<SigningKey>;
    signingKeys.set(pair, key);
  }
  return key;
}

/** The certificate signature algorithm for a signer: ECDSA hash by curve, RSA PKCS#1 v1.5 SHA-256, pure Ed25519. */
export function signatureAlgorithmOf(pair: KeyPair): SigningAlgorithm {
  const traits = algorithmTraits(pair.algorithm);
  return (traits.signatureHash ? { ...traits.webCryptoImport, hash: traits.signatureHash } : traits.webCryptoImport) as SigningAlgorithm;
}
