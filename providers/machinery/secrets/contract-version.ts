/**
 * The Talos config contract as far as secrets care. Kept minimal on purpose: the full contract
 * type and parser live with the machine-config generator; anything with `major`/`minor` fits here.
 */
export interface ContractVersion {
  readonly major: number;
  readonly minor: number;
}

/** The contract talosctl v1.13 generates for when none is given. */
export const DEFAULT_SECRETS_CONTRACT: ContractVersion = { major: 1, minor: 13 };

export function validateContractVersion(contract: ContractVersion, field = 'contract'): void {
  if (!contract || typeof contract !== 'object') throw new Error(`${field}: expected { major, minor }`);
  for (const part of ['major', 'minor'] as const) {
    const value = contract[part];
    if (!Number.isInteger(value) || value < 0) throw new Error(`${field}.${part}: expected a non-negative integer, got ${String(value)}`);
  }
}

/** Talos' VersionContract.Greater: strictly newer than major.minor. */
export function contractIsNewerThan(contract: ContractVersion, major: number, minor: number): boolean {
  return contract.major > major || (contract.major === major && contract.minor > minor);
}

/** Contracts newer than 1.2 encrypt Kubernetes secrets with secretbox, older ones with AES-CBC. */
export function usesSecretboxEncryption(contract: ContractVersion): boolean {
  return contractIsNewerThan(contract, 1, 2);
}

/** Contracts newer than 1.6 get an RSA-4096 service-account key, older ones ECDSA P-256. */
export function usesRsaServiceAccountKey(contract: ContractVersion): boolean {
  return contractIsNewerThan(contract, 1, 6);
}
