/**
 * The key algorithms the project uses, and how each maps onto node:crypto (generation, export)
 * and WebCrypto (signing through @peculiar/x509).
 */
import type { KeyObject } from 'node:crypto';

export type KeyAlgorithm = 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'ed25519' | 'rsa-2048' | 'rsa-3072' | 'rsa-4096';

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519', 'rsa-2048', 'rsa-3072', 'rsa-4096'];

export type KeyFamily = 'ecdsa' | 'ed25519' | 'rsa';

interface AlgorithmTraits {
  readonly family: KeyFamily;
  /** OpenSSL curve name (ECDSA) or modulus length (RSA). */
  readonly curve?: string;
  readonly modulusLength?: number;
  /** WebCrypto import parameters of the private key, chosen so signing needs no extra options. */
  readonly webCryptoImport: { name: string; namedCurve?: string; hash?: string };
  /** Hash paired with the key when it signs certificates (the usual choice for its strength). */
  readonly signatureHash?: 'SHA-256' | 'SHA-384' | 'SHA-512';
}

const TRAITS: Record<KeyAlgorithm, AlgorithmTraits> = {
  'ecdsa-p256': {
    family: 'ecdsa',
    curve: 'prime256v1',
    webCryptoImport: { name: 'ECDSA', namedCurve: 'P-256' },
    signatureHash: 'SHA-256',
  },
  'ecdsa-p384': {
    family: 'ecdsa',
    curve: 'secp384r1',
    webCryptoImport: { name: 'ECDSA', namedCurve: 'P-384' },
    signatureHash: 'SHA-384',
  },
  'ecdsa-p521': {
    family: 'ecdsa',
    curve: 'secp521r1',
    webCryptoImport: { name: 'ECDSA', namedCurve: 'P-521' },
    signatureHash: 'SHA-512',
  },
  ed25519: { family: 'ed25519', webCryptoImport: { name: 'Ed25519' } },
  'rsa-2048': {
    family: 'rsa',
    modulusLength: 2048,
    webCryptoImport: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    signatureHash: 'SHA-256',
  },
  'rsa-3072': {
    family: 'rsa',
    modulusLength: 3072,
    webCryptoImport: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    signatureHash: 'SHA-256',
  },
  'rsa-4096': {
    family: 'rsa',
    modulusLength: 4096,
    webCryptoImport: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    signatureHash: 'SHA-256',
  },
};

export function algorithmTraits(alg: KeyAlgorithm): AlgorithmTraits {
  return TRAITS[alg];
}

export function isKeyAlgorithm(value: unknown): value is KeyAlgorithm {
  return typeof value === 'string' && (KEY_ALGORITHMS as readonly string[]).includes(value);
}

export function keyFamily(alg: KeyAlgorithm): KeyFamily {
  return TRAITS[alg].family;
}

/** The algorithm of a node:crypto key (private or public); throws for keys the project does not use. */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return 'ed25519';
    case 'ec': {
      const found = KEY_ALGORITHMS.find((alg) => TRAITS[alg].curve === details.namedCurve);
      if (!found) throw new Error(`unsupported EC curve ${details.namedCurve ?? '(unknown)'} (supported: P-256, P-384, P-521)`);
      return found;
    }
    case 'rsa': {
      const found = KEY_ALGORITHMS.find((alg) => TRAITS[alg].modulusLength === details.modulusLength);
      if (!found) throw new Error(`unsupported RSA key size ${details.modulusLength ?? '(unknown)'} (supported: 2048, 3072, 4096)`);
      return found;
    }
    default:
      throw new Error(`unsupported key type ${key.asymmetricKeyType ?? '(unknown)'} (supported: ECDSA, Ed25519, RSA)`);
  }
}
