/**
 * Which engine an e2e deploy runs: Terraform (default) or, with PTC_E2E_ENGINE=tofu, OpenTofu built
 * at its pinned release with client-side state and plan encryption switched on the way a user
 * would: TF_ENCRYPTION in the environment, a passphrase generated for the run, nothing in
 * cdk.tf.json. Also reads a stack's local state whichever engine wrote it.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isEncryptedStateFile, pullLocalState } from '../../../tools/build/state-pull';
import { ensureTofu } from '../../lab/tofu/binary';

export interface E2eEngine {
  readonly name: 'terraform' | 'tofu';
  /** Whether the state and saved plans are encrypted at rest. */
  readonly encrypted: boolean;
  /** Variables for cdktf and the engine (TERRAFORM_BINARY_NAME, TF_ENCRYPTION). */
  readonly env: Readonly<Record<string, string>>;
  /** The passphrase the encryption keys derive from (a secret of the run, audited like the others). */
  readonly passphrase?: string;
}

/**
 * OpenTofu's encryption configuration for the stacks: a key derived from the passphrase (PBKDF2),
 * AES-GCM for state and saved plans, enforced so an unencrypted write is refused, and the same key
 * for the `terraform_remote_state` data sources through which cdktf passes one stage's outputs to
 * the next (they read the other stage's encrypted state).
 */
export function tofuEncryptionConfig(passphrase: string): string {
  return [
    `key_provider "pbkdf2" "ptc" {`,
    `  passphrase = ${JSON.stringify(passphrase)}`,
    `}`,
    `method "aes_gcm" "ptc" {`,
    `  keys = key_provider.pbkdf2.ptc`,
    `}`,
    `state {`,
    `  method   = method.aes_gcm.ptc`,
    `  enforced = true`,
    `}`,
    `plan {`,
    `  method   = method.aes_gcm.ptc`,
    `  enforced = true`,
    `}`,
    `remote_state_data_sources {`,
    `  default {`,
    `    method = method.aes_gcm.ptc`,
    `  }`,
    `}`,
    '',
  ].join('\n');
}

export async function e2eEngine(choice = process.env.PTC_E2E_ENGINE ?? 'terraform'): Promise<E2eEngine> {
  if (choice === 'terraform') return { name: 'terraform', encrypted: false, env: {} };
  if (choice !== 'tofu') throw new Error(`PTC_E2E_ENGINE=${choice}: expected terraform or tofu`);
  const { tofu } = await ensureTofu();
  const passphrase = crypto.randomBytes(24).toString('base64url');
  return { name: 'tofu', encrypted: true, passphrase, env: { TERRAFORM_BINARY_NAME: tofu, TF_ENCRYPTION: tofuEncryptionConfig(passphrase) } };
}

export const localStateFile = (stackDir: string, stack: string): string => path.join(stackDir, `terraform.${stack}.tfstate`);

/** Whether the stack's local state file on disk is an OpenTofu encrypted envelope. */
export function stateFileEncrypted(stackDir: string, stack: string): boolean {
  return isEncryptedStateFile(localStateFile(stackDir, stack));
}

/**
 * The stack's state as JSON text laid out like the state file (2-space indent): the file itself, or
 * what the engine decrypts (`state pull`, which prints it compact) when it is encrypted.
 */
export function readStackState(stackDir: string, stack: string, env: NodeJS.ProcessEnv): string {
  const file = localStateFile(stackDir, stack);
  if (!isEncryptedStateFile(file)) return fs.readFileSync(file, 'utf8');
  const pulled = pullLocalState(file, env);
  if (!pulled.ok) throw new Error(pulled.problem);
  return JSON.stringify(JSON.parse(pulled.text), null, 2);
}
