/** The Talos secrets bundle: generation (talosctl gen secrets), secrets.yaml parsing/formatting, validation. */
export type { CertAndKeyPem, SecretsBundle } from './bundle';
export { contractIsNewerThan, DEFAULT_SECRETS_CONTRACT, usesRsaServiceAccountKey, usesSecretboxEncryption, validateContractVersion, type ContractVersion } from './contract-version';
export { generateSecretsBundle, type GenerateSecretsBundleInput } from './generate-secrets';
export { formatSecretsYaml, parseSecretsYaml } from './secrets-yaml';
export { createTalosCa, TALOS_CA_SPECS, TALOS_CA_VALIDITY_MS, talosPrivateKeyFormat, talosPrivateKeyPem, type TalosCaSpec } from './talos-ca';
export { generateClusterId, generateSecret32, generateToken, TOKEN_PATTERN } from './tokens';
export { SecretsBundleError, secretsBundleProblems, validateSecretsBundle } from './validate-secrets';
