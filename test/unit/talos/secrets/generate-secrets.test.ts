import 'reflect-metadata';
import * as peculiar from '@peculiar/x509';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { loadPrivateKey } from '../../../../providers/pki';
import { formatSecretsYaml, generateSecretsBundle, parseSecretsYaml, secretsBundleProblems, TOKEN_PATTERN, type SecretsBundle } from '../../../../providers/machinery/secrets';

jest.setTimeout(60_000);

const now = new Date('2026-05-04T03:02:01.999Z');
const TEN_YEARS_MS = 87_600 * 3_600_000;

let bundle: SecretsBundle;
beforeAll(async () => {
  bundle = await generateSecretsBundle({ now }); // default contract 1.13
});

const CAS = [
  { field: 'etcd', subject: 'O=etcd', keyType: 'ec', curve: 'prime256v1', label: 'EC PRIVATE KEY', sig: 'ECDSA' },
  { field: 'k8s', subject: 'O=kubernetes', keyType: 'ec', curve: 'prime256v1', label: 'EC PRIVATE KEY', sig: 'ECDSA' },
  { field: 'k8sAggregator', subject: '', keyType: 'ec', curve: 'prime256v1', label: 'EC PRIVATE KEY', sig: 'ECDSA' },
  { field: 'os', subject: 'O=talos', keyType: 'ed25519', curve: undefined, label: 'ED25519 PRIVATE KEY', sig: 'Ed25519' },
] as const;

describe.each(CAS)('certs.$field', ({ field, subject, keyType, curve, label, sig }) => {
  const pair = () => bundle.certs[field];

  it('is a self-signed CA that verifies with its own key', () => {
    const cert = new X509Certificate(pair().crt);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.subject || '').toBe(subject);
    expect(cert.issuer || '').toBe(subject);
  });

  it(`has a ${keyType} key with the PEM label ${label}, matching the certificate`, () => {
    const cert = new X509Certificate(pair().crt);
    expect(cert.publicKey.asymmetricKeyType).toBe(keyType);
    if (curve) expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe(curve);
    expect(pair().key.startsWith(`-----BEGIN ${label}-----\n`)).toBe(true);
    expect(pair().key.endsWith(`-----END ${label}-----\n`)).toBe(true);
    expect(pair().crt.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(cert.checkPrivateKey(loadPrivateKey(pair().key).privateKey)).toBe(true);
    if (keyType === 'ed25519') {
      // PKCS#8 body under the Talos label: relabelled it is a plain OpenSSL-readable key
      expect(createPrivateKey(pair().key.replace(/ED25519 PRIVATE KEY/g, 'PRIVATE KEY')).asymmetricKeyType).toBe('ed25519');
    } else {
      expect(createPrivateKey(pair().key).asymmetricKeyType).toBe('ec'); // SEC1
    }
  });

  it('has the talosctl extensions: KU digitalSignature+certSign, EKU serverAuth+clientAuth, 20-byte SKI, no AKI', () => {
    const parsed = new peculiar.X509Certificate(pair().crt);
    const ku = parsed.getExtension(peculiar.KeyUsagesExtension);
    expect(ku?.critical).toBe(true);
    expect(ku?.usages).toBe(peculiar.KeyUsageFlags.digitalSignature | peculiar.KeyUsageFlags.keyCertSign);
    expect(new X509Certificate(pair().crt).keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(parsed.getExtension(peculiar.BasicConstraintsExtension)?.critical).toBe(true);
    expect(parsed.getExtension(peculiar.SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(parsed.getExtension(peculiar.AuthorityKeyIdentifierExtension)).toBeNull();
    expect((parsed.signatureAlgorithm as unknown as { name: string }).name).toBe(sig);
  });

  it('is valid from now (whole seconds) for 87600h, with a serial below 2^128', () => {
    const cert = new X509Certificate(pair().crt);
    const from = Math.floor(now.getTime() / 1000) * 1000;
    expect(new Date(cert.validFrom).getTime()).toBe(from);
    expect(new Date(cert.validTo).getTime()).toBe(Math.floor((now.getTime() + TEN_YEARS_MS) / 1000) * 1000);
    expect(BigInt(`0x${cert.serialNumber}`)).toBeLessThan(1n << 128n);
  });
});

describe('generated values', () => {
  it('uses an RSA-4096 PKCS#1 service-account key for contract 1.13', () => {
    const key = bundle.certs.k8sServiceAccount.key;
    expect(key.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    const obj = createPrivateKey(key);
    expect(obj.asymmetricKeyType).toBe('rsa');
    expect(obj.asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it('has kubeadm-format tokens, a URL-safe 44-char cluster id and 32-byte secrets; secretbox only', () => {
    expect(bundle.secrets.bootstrapToken).toMatch(/^[0-9a-z]{6}\.[0-9a-z]{16}$/);
    expect(bundle.trustdInfo.token).toMatch(/^[0-9a-z]{6}\.[0-9a-z]{16}$/);
    expect(bundle.trustdInfo.token).not.toBe(bundle.secrets.bootstrapToken);
    expect(bundle.cluster.id).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(bundle.cluster.id, 'base64url')).toHaveLength(32);
    expect(bundle.cluster.secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(bundle.cluster.secret, 'base64')).toHaveLength(32);
    expect(Buffer.from(bundle.secrets.secretboxEncryptionSecret ?? '', 'base64')).toHaveLength(32);
    expect(bundle.secrets).not.toHaveProperty('aescbcEncryptionSecret');
  });

  it('validates cleanly and survives the secrets.yaml round trip unchanged', () => {
    expect(secretsBundleProblems(bundle)).toEqual([]);
    const text = formatSecretsYaml(bundle);
    expect(parseSecretsYaml(text)).toEqual(bundle);
    expect(formatSecretsYaml(parseSecretsYaml(text))).toBe(text);
  });
});

describe('contract-dependent generation', () => {
  it('uses an ECDSA P-256 SEC1 service-account key for contract 1.6', async () => {
    const old = await generateSecretsBundle({ contract: { major: 1, minor: 6 } });
    const key = createPrivateKey(old.certs.k8sServiceAccount.key);
    expect(old.certs.k8sServiceAccount.key.startsWith('-----BEGIN EC PRIVATE KEY-----\n')).toBe(true);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(old.secrets.secretboxEncryptionSecret).toBeDefined();
    expect(secretsBundleProblems(old)).toEqual([]);
  });

  it('uses an AES-CBC secret instead of secretbox for contract 1.2', async () => {
    const old = await generateSecretsBundle({ contract: { major: 1, minor: 2 } });
    expect(old.secrets).not.toHaveProperty('secretboxEncryptionSecret');
    expect(Buffer.from(old.secrets.aescbcEncryptionSecret ?? '', 'base64')).toHaveLength(32);
    expect(secretsBundleProblems(old)).toEqual([]);
  });

  it('never repeats random material between bundles', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => generateSecretsBundle({ contract: { major: 1, minor: 6 } })));
    expect(a.cluster.id).not.toBe(b.cluster.id);
    expect(a.secrets.bootstrapToken).not.toBe(b.secrets.bootstrapToken);
    expect(a.certs.os.key).not.toBe(b.certs.os.key);
    expect(new X509Certificate(a.certs.etcd.crt).serialNumber).not.toBe(new X509Certificate(b.certs.etcd.crt).serialNumber);
  });

  it('rejects a malformed contract or clock, naming the field', async () => {
    await expect(generateSecretsBundle({ contract: { major: 1, minor: -1 } })).rejects.toThrow('contract.minor: expected a non-negative integer');
    await expect(generateSecretsBundle({ contract: { major: 1.5, minor: 0 } })).rejects.toThrow('contract.major');
    await expect(generateSecretsBundle({ now: new Date('nope') })).rejects.toThrow('now: expected a valid Date');
  });

  it('keeps the token pattern export in line with the spec', () => {
    expect(TOKEN_PATTERN.test('abc123.0123456789abcdef')).toBe(true);
    expect(TOKEN_PATTERN.test('ABC123.0123456789abcdef')).toBe(false);
    expect(TOKEN_PATTERN.test('abc123.0123456789abcde')).toBe(false);
  });
});
