/**
 * Secrets never belong in a definition file: it is committed, and its values reach the synthesized
 * JSON and plans. This finds values that look like one (anywhere in the file, known key or not)
 * and key names that ask for one, so the problem says to use an environment variable instead.
 */
import type { IssuePath } from './layout';

export interface SecretFinding {
  readonly path: IssuePath;
  /** What the value looks like, e.g. "a Proxmox API token". */
  readonly kind: string;
}

const VALUE_PATTERNS: readonly { readonly kind: string; readonly re: RegExp }[] = [
  { kind: 'a Proxmox API token', re: /^(PVEAPIToken=)?[^\s@]+@[^\s!]+![^\s=]+=\S+$/ },
  { kind: 'a Proxmox ticket', re: /^PVE:[^\s:]+@[^\s:]+:[0-9A-F]{8}::/ },
  { kind: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { kind: 'a Terraform Cloud token', re: /^[A-Za-z0-9]{10,20}\.atlasv1\.[A-Za-z0-9_-]{20,}$/ },
  { kind: 'a bearer token (JWT)', re: /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+$/ },
];

/** Key names that hold a secret (the `...Env` keys that name a variable are fine). */
const SECRET_KEY = /token|secret|passw|api[-_]?key|private[-_]?key|credential/i;

export function isSecretKeyName(key: string): boolean {
  return SECRET_KEY.test(key) && !/Env$/.test(key) && key !== 'credentials';
}

export const SECRET_EXAMPLE = 'apiTokenEnv: PROXMOX_VE_API_TOKEN (and export PROXMOX_VE_API_TOKEN=... in the shell or CI secret store)';

/** Every string value in `raw` that looks like a secret. */
export function findInlineSecrets(raw: unknown): SecretFinding[] {
  const found: SecretFinding[] = [];
  const visit = (value: unknown, path: IssuePath, depth: number): void => {
    if (depth > 32) return;
    if (typeof value === 'string') {
      const hit = VALUE_PATTERNS.find((p) => p.re.test(value.trim()));
      if (hit) found.push({ path, kind: hit.kind });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i], depth + 1));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k], depth + 1);
    }
  };
  visit(raw, [], 0);
  return found;
}
