/**
 * `proxmox.caFile`: the PVE CA certificate CAPMOX trusts. Only its CERTIFICATE blocks go on (they
 * are public and reach cdk.tf.json); a file that also holds a private key or any other secret is
 * refused, so the key is never read into a stack.
 */
import { secretShape } from '../secret-scanner';

const CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;

export const CA_FILE_EXAMPLE = 'caFile: certs/pve-root-ca.pem (a copy of /etc/pve/pve-root-ca.pem: the certificate only, not /etc/pve/priv/pve-root-ca.key)';

export type CaBundle = { readonly certificates: string } | { readonly problem: string };

/** The certificates of a CA file's text, or what is wrong with it. `file` names it in messages. */
export function readCaBundle(file: string, text: string): CaBundle {
  const secret = secretShape(text);
  if (secret) return { problem: `${file} holds ${secret}; the CA file must hold only the certificate; remove the key (and keep the file out of the repository if the key was committed)` };
  const blocks = text.match(CERTIFICATE) ?? [];
  if (blocks.length === 0) return { problem: `${file} holds no PEM certificate` };
  return { certificates: `${blocks.map((b) => b.replace(/\r\n/g, '\n')).join('\n')}\n` };
}
