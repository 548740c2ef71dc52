/**
 * The certificate authorities of a Talos cluster, made the way talosctl v1.13 makes them
 * (siderolabs/crypto NewSelfSignedCertificateAuthority): self-signed, NotBefore = now,
 * NotAfter = now + 87600h, random serial below 2^128, random 20-byte SubjectKeyId,
 * CA:TRUE, KeyUsage digitalSignature+certSign, ExtKeyUsage serverAuth+clientAuth, and a subject
 * holding only the Organization (a common name is never written).
 */
import { createSelfSignedCertificate, generateKeyPair, keyFamily, type KeyAlgorithm, type KeyPair, type PrivateKeyFormat } from '../../pki';
import type { CertAndKeyPem } from './bundle';

/** 87600h: validity of every CA in the bundle. */
export const TALOS_CA_VALIDITY_MS = 87_600 * 3_600_000;

/** The PEM flavour Talos writes for a key: SEC1 for ECDSA, PKCS#1 for RSA, `ED25519 PRIVATE KEY` for Ed25519. */
export function talosPrivateKeyFormat(alg: KeyAlgorithm): PrivateKeyFormat {
  switch (keyFamily(alg)) {
    case 'ecdsa':
      return 'sec1';
    case 'rsa':
      return 'pkcs1';
    case 'ed25519':
      return 'ed25519-talos';
  }
}

/** Private key PEM exactly as Talos would write it. */
export function talosPrivateKeyPem(pair: KeyPair): string {
  return pair.privateKeyPem(talosPrivateKeyFormat(pair.algorithm));
}

export interface TalosCaSpec {
  /** Subject Organization; undefined for an empty subject (the aggregator CA). */
  readonly organization?: string;
  readonly keyAlgorithm: KeyAlgorithm;
}

/** The four CAs of secrets.Bundle (etcd, k8s, k8saggregator, os). */
export const TALOS_CA_SPECS = {
  etcd: { organization: 'etcd', keyAlgorithm: 'ecdsa-p256' },
  k8s: { organization: 'kubernetes', keyAlgorithm: 'ecdsa-p256' },
  // talosctl passes CommonName "front-proxy" here, but self-signed CAs never carry it: the subject is empty.
  k8sAggregator: { keyAlgorithm: 'ecdsa-p256' },
  os: { organization: 'talos', keyAlgorithm: 'ed25519' },
} as const satisfies Record<string, TalosCaSpec>;

export async function createTalosCa(spec: TalosCaSpec, now: Date): Promise<CertAndKeyPem> {
  const pair = await generateKeyPair(spec.keyAlgorithm);
  const crt = await createSelfSignedCertificate(
    {
      subject: spec.organization === undefined ? {} : { organization: [spec.organization] },
      notBefore: now,
      notAfter: new Date(now.getTime() + TALOS_CA_VALIDITY_MS),
      isCa: true,
      keyUsages: ['digitalSignature', 'certSign'],
      extendedKeyUsages: ['serverAuth', 'clientAuth'],
      subjectKeyId: 'random',
    },
    pair,
  );
  return { crt, key: talosPrivateKeyPem(pair) };
}
