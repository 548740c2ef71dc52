/**
 * TLS material for the simulator: a lab CA and a server certificate for 127.0.0.1, ::1 and
 * localhost, kept next to the state file so a restarted simulator presents the same CA and
 * clients configured with SSL_CERT_FILE keep working.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createSelfSignedCertificate, generateKeyPair, issueCertificate } from '../../../providers/pki';

export interface TlsMaterial {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const DAY_MS = 86_400_000;

export async function generateTlsMaterial(now: Date = new Date()): Promise<TlsMaterial> {
  const caKey = await generateKeyPair('ecdsa-p256');
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + 365 * DAY_MS);
  const caPem = await createSelfSignedCertificate(
    { subject: { commonName: 'Proxmox VE lab CA', organization: ['proxmox-talos-capi lab'] }, notBefore, notAfter, isCa: true, keyUsages: ['certSign', 'crlSign', 'digitalSignature'] },
    caKey,
  );
  const serverKey = await generateKeyPair('ecdsa-p256');
  const certPem = await issueCertificate(
    {
      subject: { commonName: 'pve-lab', organization: ['proxmox-talos-capi lab'] },
      notBefore,
      notAfter,
      keyUsages: ['digitalSignature'],
      extendedKeyUsages: ['serverAuth'],
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
    },
    serverKey,
    { certPem: caPem, keyPem: caKey.privateKeyPem('pkcs8') },
  );
  return { caPem, certPem, keyPem: serverKey.privateKeyPem('pkcs8') };
}

function isMaterial(v: unknown): v is TlsMaterial {
  const m = v as Partial<TlsMaterial> | null;
  return !!m && typeof m.caPem === 'string' && typeof m.certPem === 'string' && typeof m.keyPem === 'string';
}

/** Loads `file` when present, else generates material and writes it there (mode 0600). */
export async function loadOrCreateTls(file: string | undefined): Promise<TlsMaterial> {
  if (file && existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isMaterial(parsed)) throw new Error(`${file}: not simulator TLS material; delete it to generate a new CA`);
    return parsed;
  }
  const material = await generateTlsMaterial();
  if (file) writeFileSync(file, JSON.stringify(material), { mode: 0o600 });
  return material;
}
