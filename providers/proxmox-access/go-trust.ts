/**
 * Which CA certificates a Go program (bpg/proxmox) trusts, from the same environment: on Linux
 * and the BSDs crypto/x509 reads the first readable bundle file (SSL_CERT_FILE when set, else the
 * distribution paths below) plus every file of the certificate directories (SSL_CERT_DIR, a
 * `:`-separated list, when set, else the distribution directories). On macOS and Windows Go asks
 * the platform verifier and ignores both variables, so nothing can be checked from here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const LINUX_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
const LINUX_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

const PEM_CERT = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** The DER (base64, whitespace removed) of every CERTIFICATE block in a PEM text. */
export function pemCertificates(text: string): string[] {
  return [...text.matchAll(PEM_CERT)].map((m) => (m[1] as string).replace(/\s+/g, ''));
}

export interface GoTrustSources {
  /** False where Go uses the platform verifier (macOS, Windows): the sets below are then empty. */
  readonly checkable: boolean;
  /** The bundle file Go loads (the first readable one), if any. */
  readonly file?: string;
  readonly dirs: readonly string[];
  /** DER (base64) of every certificate Go would trust from these sources. */
  readonly certificates: ReadonlySet<string>;
}

function readable(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function goTrustSources(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): GoTrustSources {
  if (platform === 'darwin' || platform === 'win32') return { checkable: false, dirs: [], certificates: new Set() };
  const certificates = new Set<string>();
  const files = env.SSL_CERT_FILE ? [env.SSL_CERT_FILE] : LINUX_FILES;
  let file: string | undefined;
  for (const f of files) {
    const text = readable(f);
    if (text === undefined) continue;
    file = f;
    for (const c of pemCertificates(text)) certificates.add(c);
    break;
  }
  const dirs = env.SSL_CERT_DIR ? env.SSL_CERT_DIR.split(':').filter((d) => d !== '') : LINUX_DIRS;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const text = readable(path.join(dir, name));
      if (text !== undefined) for (const c of pemCertificates(text)) certificates.add(c);
    }
  }
  return { checkable: true, file, dirs, certificates };
}

/** The certificates of `caPem` that Go would not trust (empty when all are trusted). */
export function untrustedByGo(caPem: string, sources: GoTrustSources): string[] {
  return pemCertificates(caPem).filter((c) => !sources.certificates.has(c));
}
