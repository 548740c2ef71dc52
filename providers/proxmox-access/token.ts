/**
 * The PVE API token format both Proxmox clients accept: `user@realm!tokenid=secret`.
 * bpg/proxmox matches `^\S+@\S+!\S+=([a-zA-Z0-9-]+)$` and sends the value after its own
 * `PVEAPIToken=`; CAPMOX takes the id and the secret separately. Neither takes the
 * `PVEAPIToken=` prefix (bpg would send it twice), so it is refused here with the fix.
 * Messages never contain the value.
 */

export interface ApiToken {
  /** `user@realm!tokenid` */
  readonly tokenId: string;
  readonly secret: string;
}

const TOKEN = /^([^\s@]+)@([^\s!@]+)!([^\s=!]+)=([A-Za-z0-9-]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const TOKEN_EXAMPLE = 'terraform@pve!ptc=00000000-0000-0000-0000-000000000000';

/** What is wrong with a token value (never quoting it), or undefined when it is well-formed. */
export function apiTokenProblem(value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  if (value !== value.trim()) return 'has leading or trailing whitespace (a newline from a file?); strip it, e.g. export VAR="$(tr -d \'\\n\' < token-file)"';
  if (/^PVEAPIToken[= ]/i.test(value)) return 'starts with "PVEAPIToken="; that is the HTTP header prefix the clients add themselves: give only user@realm!tokenid=secret';
  const m = TOKEN.exec(value);
  if (!m) {
    if (!value.includes('@')) return 'has no "@": expected user@realm!tokenid=secret';
    if (!value.includes('!')) return 'has no "!": expected user@realm!tokenid=secret (a token id, not a user name)';
    if (!value.includes('=')) return 'has no "=secret": expected user@realm!tokenid=secret (the token id alone is not enough)';
    return 'is not user@realm!tokenid=secret with a secret of letters, digits and "-" (PVE prints the secret as a UUID)';
  }
  return undefined;
}

/** True when the secret has PVE's usual UUID form (other secrets are accepted, this only informs warnings). */
export function isUuidSecret(token: ApiToken): boolean {
  return UUID.test(token.secret);
}

/** Splits a well-formed token. @throws Error naming `label` (never the value) when it is malformed */
export function parseApiToken(value: string, label: string): ApiToken {
  const problem = apiTokenProblem(value);
  if (problem) throw new Error(`${label} ${problem}`);
  const eq = value.lastIndexOf('=');
  return { tokenId: value.slice(0, eq), secret: value.slice(eq + 1) };
}
