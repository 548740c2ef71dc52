/**
 * Secrets never belong in a definition file: it is committed, and its values reach the synthesized
 * JSON and plans. This finds values that look like one (anywhere in the file, known key or not)
 * and key names that ask for one, so the problem says to use an environment variable instead.
 */
import { formatSecretPath, scanDocumentText, scanForSecrets, secretKeyClass, type KnownSecret, type SecretPath } from '../secret-scanner';
import type { IssuePath } from '../plan/layout';

export interface SecretFinding {
  readonly path: IssuePath;
  /** What the value looks like, e.g. "a Proxmox API token". */
  readonly kind: string;
}

/** Key names that hold a secret (the `...Env` keys that name a variable are fine). */
export function isSecretKeyName(key: string): boolean {
  return key !== 'credentials' && secretKeyClass(key) === 'holds';
}

export const SECRET_EXAMPLE = 'apiTokenEnv: PROXMOX_VE_API_TOKEN (and export PROXMOX_VE_API_TOKEN=... in the shell or CI secret store)';

/** Every string value in `raw` that looks like a secret (the shared scanner's value rules). */
export function findInlineSecrets(raw: unknown): SecretFinding[] {
  return scanForSecrets(raw, { keyNames: false, documents: false }).map((m) => ({ path: m.path as IssuePath, kind: m.kind }));
}

/** Where in a patch text a secret is, e.g. `machine.registries.config.r.auth.password` (`document 2: …` past the first). */
function patchFieldLabel(path: SecretPath): string {
  const first = path[0];
  if (typeof first === 'object' && first.document === 0) return formatSecretPath(path.slice(1));
  return formatSecretPath(path);
}

export const PATCH_SECRET_FIX =
  'remove the value from the patch: patches are written in clear text into cdk.tf.json, plans and the Cluster API templates, and the app has no secret placeholders for them; keep the secret in your secret store and give it to the nodes outside the definition (e.g. talosctl patch machineconfig from CI)';

/** Secrets in a Talos patch's text: value shapes, and literal values under keys such as password, token or secret. */
export function findPatchSecrets(text: string): { field: string; kind: string }[] {
  return scanDocumentText(text).map((m) => ({ field: patchFieldLabel(m.path), kind: m.kind }));
}

/** The environment variables of `credentials` whose values are secrets (the username is an identity, not a secret). */
const SECRET_CREDENTIAL_FIELDS = ['apiTokenEnv', 'passwordEnv'] as const;

/**
 * The credential values a definition names, as set in `env`: they may reach Terraform only through
 * its sensitive variables, never the synthesized JSON. A token `user@realm!id=secret` also yields
 * its secret part on its own.
 */
export function definitionCredentialSecrets(source: string, credentials: Readonly<Partial<Record<string, string>>>, env: NodeJS.ProcessEnv): KnownSecret[] {
  const out: KnownSecret[] = [];
  for (const field of SECRET_CREDENTIAL_FIELDS) {
    const name = credentials[field];
    const value = name ? env[name] : undefined;
    if (!name || !value) continue;
    const label = `the value of $${name} (${source}: proxmox.credentials.${field})`;
    out.push({ label, value });
    const secretPart = /^[^=]+![^=]+=(.+)$/.exec(value)?.[1];
    if (secretPart) out.push({ label: `the secret part of $${name} (${source}: proxmox.credentials.${field})`, value: secretPart });
  }
  return out;
}
