/**
 * The Talos API client certificate (secrets.NewAdminCertificateAndKey): signed by the os CA,
 * a fresh key of the CA's kind (Ed25519 for every generated bundle), Subject O=<roles> (sorted,
 * no CN), NotBefore = now, NotAfter = now + ttl (default 8760h), KeyUsage digitalSignature,
 * ExtKeyUsage clientAuth only (apid rejects anything else), not a CA.
 */
import { generateKeyPair, issueCertificate, keyFamily, loadPrivateKey, type KeyAlgorithm } from '../../pki';
import type { CertAndKeyPem } from '../secrets/bundle';
import { talosPrivateKeyPem } from '../secrets/talos-ca';

/** 8760h (constants.TalosAPIDefaultCertificateValidityDuration). */
export const TALOS_API_CLIENT_CERT_VALIDITY_MS = 8_760 * 3_600_000;

export const TALOS_ROLES = ['os:admin', 'os:operator', 'os:reader', 'os:etcd:backup', 'os:image:verifier', 'os:meta:writer', 'os:impersonator'] as const;

export interface AdminCertificateOptions {
  /** Validity in milliseconds; default 8760h. */
  readonly ttl?: number;
  /** Start of validity; default now. */
  readonly now?: Date;
  /** Organization values; default ['os:admin']. Talos ignores roles it does not know. */
  readonly roles?: readonly string[];
}

/** Anything holding the Talos API (os) CA, e.g. a SecretsBundle. */
export interface HasOsCa {
  readonly certs: { readonly os: CertAndKeyPem };
}

export async function issueAdminClientCertificate(bundle: HasOsCa, options: AdminCertificateOptions = {}): Promise<CertAndKeyPem> {
  const osCa = bundle?.certs?.os;
  if (!osCa?.crt || !osCa?.key) throw new Error('bundle.certs.os: the os CA certificate and key are required');
  const ttl = options.ttl ?? TALOS_API_CLIENT_CERT_VALIDITY_MS;
  if (!Number.isFinite(ttl) || ttl < 1000) throw new Error('ttl: expected a validity in milliseconds of at least 1000');
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new Error('now: expected a valid Date');
  const roles = normaliseRoles(options.roles ?? ['os:admin']);

  let caKeyAlgorithm: KeyAlgorithm;
  try {
    caKeyAlgorithm = loadPrivateKey(osCa.key).algorithm;
  } catch (err) {
    throw new Error(`bundle.certs.os.key: not a valid private key (${(err as Error).message})`);
  }
  const clientKey = await generateKeyPair(clientKeyAlgorithmFor(caKeyAlgorithm));
  const crt = await issueCertificate(
    {
      subject: { organization: roles },
      notBefore: now,
      notAfter: new Date(now.getTime() + ttl),
      keyUsages: ['digitalSignature'],
      extendedKeyUsages: ['clientAuth'],
    },
    clientKey,
    { certPem: osCa.crt, keyPem: osCa.key },
  );
  return { crt, key: talosPrivateKeyPem(clientKey) };
}

/** siderolabs/crypto picks the client key by the CA's kind: Ed25519, ECDSA P-256 for any ECDSA CA, RSA-4096. */
function clientKeyAlgorithmFor(caAlgorithm: KeyAlgorithm): KeyAlgorithm {
  switch (keyFamily(caAlgorithm)) {
    case 'ed25519':
      return 'ed25519';
    case 'ecdsa':
      return 'ecdsa-p256';
    case 'rsa':
      return 'rsa-4096';
  }
}

/** role.Set semantics: trimmed, blanks dropped, de-duplicated, sorted. */
function normaliseRoles(roles: readonly string[]): string[] {
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) throw new Error('roles: expected a list of strings');
  const set = [...new Set(roles.map((r) => r.trim()).filter((r) => r !== ''))].sort();
  if (set.length === 0) throw new Error(`roles: at least one role is required (e.g. ${TALOS_ROLES.join(', ')})`);
  return set;
}
