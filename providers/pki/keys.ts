/**
 * Key pairs: generation (async, RSA takes seconds), loading from any PEM label Talos and Go
 * write, and export in the PEM flavour a consumer expects.
 */
import { createPrivateKey, createPublicKey, generateKeyPair as nodeGenerateKeyPair, KeyObject } from 'node:crypto';
import { algorithmTraits, isKeyAlgorithm, KEY_ALGORITHMS, keyAlgorithmOf, keyFamily, type KeyAlgorithm } from './key-algorithm';
import { encodePem, firstPemBlock } from './pem';

/**
 * PEM flavours of a private key:
 * - `pkcs8`: `PRIVATE KEY` (any algorithm; what OpenSSL/grpc-js read best)
 * - `sec1`: `EC PRIVATE KEY` (ECDSA only; Go's MarshalECPrivateKey)
 * - `pkcs1`: `RSA PRIVATE KEY` (RSA only; Go's MarshalPKCS1PrivateKey)
 * - `ed25519-talos`: `ED25519 PRIVATE KEY` label over a PKCS#8 body (Ed25519 only; how Talos writes it)
 */
export type PrivateKeyFormat = 'pkcs8' | 'sec1' | 'pkcs1' | 'ed25519-talos';

export interface KeyPair {
  readonly algorithm: KeyAlgorithm;
  /** node:crypto private key: usable with crypto.sign, tls, and this module's certificate functions. */
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Private key PEM in the given flavour (default `pkcs8`); throws when it does not fit the algorithm. */
  privateKeyPem(format?: PrivateKeyFormat): string;
  /** SubjectPublicKeyInfo PEM (`PUBLIC KEY`). */
  publicKeyPem(): string;
}

/** Anything that names a public key: a key object (public or private), a key pair, or PEM text. */
export type PublicKeyInput = KeyObject | KeyPair | string;

class NodeKeyPair implements KeyPair {
  readonly algorithm: KeyAlgorithm;
  readonly publicKey: KeyObject;

  constructor(readonly privateKey: KeyObject) {
    this.algorithm = keyAlgorithmOf(privateKey);
    this.publicKey = createPublicKey(privateKey);
  }

  privateKeyPem(format: PrivateKeyFormat = 'pkcs8'): string {
    const family = keyFamily(this.algorithm);
    switch (format) {
      case 'pkcs8':
        return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      case 'sec1':
        if (family !== 'ecdsa') throw new Error(`format sec1 (EC PRIVATE KEY) needs an ECDSA key, not ${this.algorithm}`);
        return this.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
      case 'pkcs1':
        if (family !== 'rsa') throw new Error(`format pkcs1 (RSA PRIVATE KEY) needs an RSA key, not ${this.algorithm}`);
        return this.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      case 'ed25519-talos':
        if (family !== 'ed25519') throw new Error(`format ed25519-talos (ED25519 PRIVATE KEY) needs an Ed25519 key, not ${this.algorithm}`);
        return encodePem('ED25519 PRIVATE KEY', this.privateKey.export({ type: 'pkcs8', format: 'der' }));
      default:
        throw new Error(`unknown private key format ${String(format)} (expected pkcs8, sec1, pkcs1 or ed25519-talos)`);
    }
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}

/** Wraps a node:crypto private key; throws for algorithms outside KeyAlgorithm. */
export function keyPairFromPrivateKey(privateKey: KeyObject): KeyPair {
  if (privateKey.type !== 'private') throw new Error(`expected a private key, got a ${privateKey.type} key`);
  return new NodeKeyPair(privateKey);
}

/** Generates a key pair off the main thread (RSA-4096 takes around a second or more). */
export function generateKeyPair(alg: KeyAlgorithm): Promise<KeyPair> {
  if (!isKeyAlgorithm(alg)) {
    return Promise.reject(new Error(`unknown key algorithm ${String(alg)} (expected one of ${KEY_ALGORITHMS.join(', ')})`));
  }
  const traits = algorithmTraits(alg);
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, _publicKey: KeyObject, privateKey: KeyObject): void => {
      if (err) reject(err);
      else resolve(new NodeKeyPair(privateKey));
    };
    switch (traits.family) {
      case 'ecdsa':
        nodeGenerateKeyPair('ec', { namedCurve: traits.curve as string }, done);
        break;
      case 'rsa':
        nodeGenerateKeyPair('rsa', { modulusLength: traits.modulusLength as number, publicExponent: 0x10001 }, done);
        break;
      case 'ed25519':
        nodeGenerateKeyPair('ed25519', undefined, done);
        break;
    }
  });
}

const PRIVATE_KEY_LABELS: Record<string, 'pkcs8' | 'sec1' | 'pkcs1'> = {
  'PRIVATE KEY': 'pkcs8',
  'EC PRIVATE KEY': 'sec1',
  'RSA PRIVATE KEY': 'pkcs1',
  'ED25519 PRIVATE KEY': 'pkcs8',
};

/** Key type each specific label promises (`PRIVATE KEY` may hold any). */
const LABEL_KEY_TYPES: Record<string, string> = {
  'EC PRIVATE KEY': 'ec',
  'RSA PRIVATE KEY': 'rsa',
  'ED25519 PRIVATE KEY': 'ed25519',
};

/**
 * Loads the first PEM block of `pem` as a private key. Accepts the labels Talos' parsers accept:
 * `PRIVATE KEY` (PKCS#8), `EC PRIVATE KEY` (SEC1), `RSA PRIVATE KEY` (PKCS#1) and
 * `ED25519 PRIVATE KEY` (PKCS#8 body, which OpenSSL cannot read under that label).
 * Error messages never contain key material.
 */
export function loadPrivateKey(pem: string): KeyPair {
  if (typeof pem !== 'string') throw new Error('expected PEM text');
  const block = firstPemBlock(pem);
  const type = PRIVATE_KEY_LABELS[block.label];
  if (!type) {
    throw new Error(`unsupported PEM label "${block.label}" (expected PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY or ED25519 PRIVATE KEY)`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: block.der, format: 'der', type });
  } catch {
    throw new Error(`the ${block.label} block does not hold a ${type.toUpperCase()} private key`);
  }
  // Newer OpenSSL (Node 24) decodes by content, so a SEC1 body under an RSA label would load:
  // the label must name the key inside, as Go's parsers require.
  const expected = LABEL_KEY_TYPES[block.label];
  if (expected && key.asymmetricKeyType !== expected) {
    throw new Error(`the ${block.label} block does not hold a ${type.toUpperCase()} private key: it holds a ${key.asymmetricKeyType ?? 'different'} key`);
  }
  return new NodeKeyPair(key);
}

/**
 * Private key PEM that OpenSSL-based loaders (node:tls, grpc-js) accept: PKCS#8 `PRIVATE KEY`.
 * Needed for Talos' `ED25519 PRIVATE KEY` label; harmless for the others.
 */
export function toNodeTlsKeyPem(pem: string): string {
  return loadPrivateKey(pem).privateKeyPem('pkcs8');
}

const PUBLIC_KEY_LABELS: Record<string, 'spki' | 'pkcs1'> = {
  'PUBLIC KEY': 'spki',
  'EC PUBLIC KEY': 'spki',
  'ED25519 PUBLIC KEY': 'spki',
  'RSA PUBLIC KEY': 'pkcs1',
};

/** Loads a public key from PEM (`PUBLIC KEY`, Go's `EC PUBLIC KEY`/`ED25519 PUBLIC KEY` over SPKI, or PKCS#1 `RSA PUBLIC KEY`). */
export function loadPublicKey(pem: string): KeyObject {
  const block = firstPemBlock(pem);
  const type = PUBLIC_KEY_LABELS[block.label];
  if (!type) throw new Error(`unsupported PEM label "${block.label}" for a public key`);
  const key = createPublicKey({ key: block.der, format: 'der', type });
  keyAlgorithmOf(key);
  return key;
}

/** The public key named by `input` as a node:crypto public key. */
export function toPublicKeyObject(input: PublicKeyInput): KeyObject {
  if (typeof input === 'string') return loadPublicKey(input);
  if (input instanceof KeyObject) {
    const key = input.type === 'private' ? createPublicKey(input) : input;
    if (key.type !== 'public') throw new Error(`expected an asymmetric key, got a ${key.type} key`);
    keyAlgorithmOf(key);
    return key;
  }
  return input.publicKey;
}
