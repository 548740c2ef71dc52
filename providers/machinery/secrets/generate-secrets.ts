/** `talosctl gen secrets` (secrets.NewBundle) for a given config contract. */
import { generateKeyPair } from '../../pki';
import type { SecretsBundle } from './bundle';
import { DEFAULT_SECRETS_CONTRACT, usesRsaServiceAccountKey, usesSecretboxEncryption, validateContractVersion, type ContractVersion } from './contract-version';
import { createTalosCa, TALOS_CA_SPECS, talosPrivateKeyPem } from './talos-ca';
import { generateClusterId, generateSecret32, generateToken } from './tokens';

export interface GenerateSecretsBundleInput {
  /** Config contract (Talos major.minor); default 1.13. Decides the encryption secret and the service-account key type. */
  readonly contract?: ContractVersion;
  /** Clock for the CA validity window; default now. */
  readonly now?: Date;
}

/** Generates a fresh bundle. Async because the RSA-4096 service-account key takes a second or more. */
export async function generateSecretsBundle(input: GenerateSecretsBundleInput = {}): Promise<SecretsBundle> {
  const contract = input.contract ?? DEFAULT_SECRETS_CONTRACT;
  validateContractVersion(contract, 'contract');
  const now = input.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new Error('now: expected a valid Date');

  // Key generation runs in node's thread pool; start everything at once.
  const [etcd, k8s, k8sAggregator, os, serviceAccount] = await Promise.all([
    createTalosCa(TALOS_CA_SPECS.etcd, now),
    createTalosCa(TALOS_CA_SPECS.k8s, now),
    createTalosCa(TALOS_CA_SPECS.k8sAggregator, now),
    createTalosCa(TALOS_CA_SPECS.os, now),
    generateKeyPair(usesRsaServiceAccountKey(contract) ? 'rsa-4096' : 'ecdsa-p256'),
  ]);

  const encryptionSecret = generateSecret32();
  return {
    cluster: { id: generateClusterId(), secret: generateSecret32() },
    secrets: {
      bootstrapToken: generateToken(),
      ...(usesSecretboxEncryption(contract) ? { secretboxEncryptionSecret: encryptionSecret } : { aescbcEncryptionSecret: encryptionSecret }),
    },
    trustdInfo: { token: generateToken() },
    certs: {
      etcd,
      k8s,
      k8sAggregator,
      k8sServiceAccount: { key: talosPrivateKeyPem(serviceAccount) },
      os,
    },
  };
}
