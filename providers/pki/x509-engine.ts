/**
 * The one place that wires @peculiar/x509 to node's WebCrypto and turns our key pairs into the
 * CryptoKeys it signs with. The library (and reflect-metadata, which it needs loaded before it)
 * is loaded on the first certificate operation: importing pki costs a provider start nothing.
 */
import type * as X509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { lazy } from '../kernel/lazy';
import { algorithmTraits } from './key-algorithm';
import type { KeyPair } from './keys';

/** node's WebCrypto, typed as the provider @peculiar/x509 expects. */
export const nodeWebCrypto = webcrypto as unknown as Parameters<typeof X509.cryptoProvider.set>[0];

/** @peculiar/x509, set up to sign and verify with node's WebCrypto. */
export const x509Lib = lazy(() => {
  require('reflect-metadata');
  const lib = require('@peculiar/x509') as typeof X509;
  lib.cryptoProvider.set(nodeWebCrypto);
  return lib;
});

type SigningAlgorithm = NonNullable<X509.X509CertificateCreateParamsBase['signingAlgorithm']>;
type SigningKey = X509.X509CertificateCreateWithKeyParams['signingKey'];

// Imported keys are cached per key pair: a CA signs many certificates.
const signingKeys = new WeakMap<KeyPair, Promise<SigningKey>>();

/** A non-extractable WebCrypto signing key for `pair`. */
export function signingKeyOf(pair: KeyPair): Promise<SigningKey> {
  let key = signingKeys.get(pair);
  if (!key) {
    const der = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
    key = webcrypto.subtle.importKey('pkcs8', der, algorithmTraits(pair.algorithm).webCryptoImport, false, ['sign']) as Promise<SigningKey>;
    signingKeys.set(pair, key);
  }
  return key;
}

/** The certificate signature algorithm for a signer: ECDSA hash by curve, RSA PKCS#1 v1.5 SHA-256, pure Ed25519. */
export function signatureAlgorithmOf(pair: KeyPair): SigningAlgorithm {
  const traits = algorithmTraits(pair.algorithm);
  return (traits.signatureHash ? { ...traits.webCryptoImport, hash: traits.signatureHash } : traits.webCryptoImport) as SigningAlgorithm;
}
