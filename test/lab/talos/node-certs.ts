/**
 * Certificates a simulated node serves or hands out, made the way Talos makes them:
 * - maintenance: an ephemeral in-memory Ed25519 CA signs a 24h server cert with
 *   CN maintenance-service.talos.dev, SANs = node IPs + 127.0.0.1 + ::1 + hostname;
 * - configured: the OS CA (control planes directly; workers through trustd) signs a 24h server
 *   cert, key type following the CA, CN = hostname, SANs = certSANs + node IP + 127.0.0.1 + hostname;
 * - admin kubeconfig: client cert from the Kubernetes CA, CN=admin, O=system:masters,
 *   NotBefore now-10s, KU digitalSignature|keyEncipherment, EKU clientAuth.
 */
import { isIP } from 'node:net';
import { stringify } from 'yaml';
import { createSelfSignedCertificate, generateKeyPair, issueCertificate, keyFamily, loadPrivateKey, type KeyAlgorithm } from '../../../providers/pki';
import { pemToBase64 } from '../../../providers/pki/pem';

export interface ServingCertificate {
  readonly certPem: string;
  /** PKCS#8 PEM, readable by node:tls. */
  readonly keyPem: string;
}

const DAY_MS = 24 * 3_600_000;

function sans(names: readonly string[]): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames = new Set<string>();
  const ipAddresses = new Set<string>();
  for (const n of names) {
    if (!n) continue;
    if (isIP(n)) ipAddresses.add(n);
    else dnsNames.add(n);
  }
  return { dnsNames: [...dnsNames], ipAddresses: [...ipAddresses] };
}

function leafAlgorithmFor(caKeyPem: string): KeyAlgorithm {
  const family = keyFamily(loadPrivateKey(caKeyPem).algorithm);
  return family === 'ed25519' ? 'ed25519' : family === 'ecdsa' ? 'ecdsa-p256' : 'rsa-2048';
}

export const MAINTENANCE_COMMON_NAME = 'maintenance-service.talos.dev';

export async function maintenanceServingCertificate(address: string, hostname: string): Promise<ServingCertificate> {
  const now = new Date();
  const caKey = await generateKeyPair('ed25519');
  const caCert = await createSelfSignedCertificate(
    {
      subject: { organization: ['talos'] },
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY_MS),
      isCa: true,
      keyUsages: ['digitalSignature', 'certSign'],
      extendedKeyUsages: ['serverAuth', 'clientAuth'],
    },
    caKey,
  );
  const leafKey = await generateKeyPair('ed25519');
  const certPem = await issueCertificate(
    {
      subject: { commonName: MAINTENANCE_COMMON_NAME },
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY_MS),
      keyUsages: ['digitalSignature'],
      extendedKeyUsages: ['serverAuth'],
      ...sans([address, '127.0.0.1', '::1', hostname]),
    },
    leafKey,
    { certPem: caCert, keyPem: caKey.privateKeyPem('pkcs8') },
  );
  return { certPem, keyPem: leafKey.privateKeyPem('pkcs8') };
}

export async function apiServingCertificate(osCa: { crt: string; key: string }, address: string, hostname: string, certSANs: readonly string[]): Promise<ServingCertificate> {
  const now = new Date();
  const leafKey = await generateKeyPair(leafAlgorithmFor(osCa.key));
  const certPem = await issueCertificate(
    {
      subject: { commonName: hostname },
      notBefore: now,
      notAfter: new Date(now.getTime() + DAY_MS),
      keyUsages: ['digitalSignature'],
      extendedKeyUsages: ['serverAuth'],
      ...sans([...certSANs, address, '127.0.0.1', hostname]),
    },
    leafKey,
    { certPem: osCa.crt, keyPem: osCa.key },
  );
  return { certPem, keyPem: leafKey.privateKeyPem('pkcs8') };
}

export interface AdminKubeconfigInput {
  readonly clusterName: string;
  readonly endpoint: string;
  readonly k8sCa: { crt: string; key: string };
  readonly acceptedCAs?: readonly string[];
  readonly certLifetimeMs: number;
}

/** The admin kubeconfig YAML (client-go clientcmd layout). */
export async function generateAdminKubeconfig(input: AdminKubeconfigInput): Promise<string> {
  const now = Date.now();
  const clientKey = await generateKeyPair(leafAlgorithmFor(input.k8sCa.key));
  const crt = await issueCertificate(
    {
      subject: { commonName: 'admin', organization: ['system:masters'] },
      notBefore: new Date(now - 10_000),
      notAfter: new Date(now + input.certLifetimeMs),
      keyUsages: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsages: ['clientAuth'],
    },
    clientKey,
    { certPem: input.k8sCa.crt, keyPem: input.k8sCa.key },
  );
  const keyPem = clientKey.algorithm.startsWith('ecdsa') ? clientKey.privateKeyPem('sec1') : clientKey.privateKeyPem('pkcs8');
  const serverCAs = [...(input.acceptedCAs ?? []), input.k8sCa.crt].join('');
  const user = `admin@${input.clusterName}`;
  return stringify(
    {
      apiVersion: 'v1',
      clusters: [{ cluster: { 'certificate-authority-data': pemToBase64(serverCAs), server: input.endpoint }, name: input.clusterName }],
      contexts: [{ context: { cluster: input.clusterName, namespace: 'default', user }, name: user }],
      'current-context': user,
      kind: 'Config',
      preferences: {},
      users: [{ name: user, user: { 'client-certificate-data': pemToBase64(crt), 'client-key-data': pemToBase64(keyPem) } }],
    },
    { indentSeq: false },
  );
}
