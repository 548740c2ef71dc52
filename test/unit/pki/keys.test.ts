import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { generateKeyPair, KEY_ALGORITHMS, loadPrivateKey, loadPublicKey, toNodeTlsKeyPem, type KeyAlgorithm, type PrivateKeyFormat } from '../../../providers/pki';

jest.setTimeout(30_000);

const EXPECTED: Record<KeyAlgorithm, { type: string; curve?: string; bits?: number; formats: PrivateKeyFormat[] }> = {
  'ecdsa-p256': { type: 'ec', curve: 'prime256v1', formats: ['pkcs8', 'sec1'] },
  'ecdsa-p384': { type: 'ec', curve: 'secp384r1', formats: ['pkcs8', 'sec1'] },
  'ecdsa-p521': { type: 'ec', curve: 'secp521r1', formats: ['pkcs8', 'sec1'] },
  ed25519: { type: 'ed25519', formats: ['pkcs8', 'ed25519-talos'] },
  'rsa-2048': { type: 'rsa', bits: 2048, formats: ['pkcs8', 'pkcs1'] },
  'rsa-3072': { type: 'rsa', bits: 3072, formats: ['pkcs8', 'pkcs1'] },
  'rsa-4096': { type: 'rsa', bits: 4096, formats: ['pkcs8', 'pkcs1'] },
};

const LABELS: Record<PrivateKeyFormat, string> = {
  pkcs8: 'PRIVATE KEY',
  sec1: 'EC PRIVATE KEY',
  pkcs1: 'RSA PRIVATE KEY',
  'ed25519-talos': 'ED25519 PRIVATE KEY',
};

// rsa-3072/4096 take seconds to generate; the bundle tests cover rsa-4096.
const FAST = KEY_ALGORITHMS.filter((alg) => alg !== 'rsa-3072' && alg !== 'rsa-4096');

describe.each(FAST)('generateKeyPair(%s)', (alg) => {
  let pair: Awaited<ReturnType<typeof generateKeyPair>>;
  beforeAll(async () => {
    pair = await generateKeyPair(alg);
  });

  it('makes a key of the requested type and size', () => {
    const want = EXPECTED[alg];
    expect(pair.algorithm).toBe(alg);
    expect(pair.privateKey.type).toBe('private');
    expect(pair.privateKey.asymmetricKeyType).toBe(want.type);
    if (want.curve) expect(pair.privateKey.asymmetricKeyDetails?.namedCurve).toBe(want.curve);
    if (want.bits) expect(pair.privateKey.asymmetricKeyDetails?.modulusLength).toBe(want.bits);
  });

  it('exports each allowed PEM flavour with its label, and each loads back to the same key', () => {
    const spki = pair.publicKey.export({ type: 'spki', format: 'der' });
    for (const format of EXPECTED[alg].formats) {
      const pem = pair.privateKeyPem(format);
      expect(pem.split('\n')[0]).toBe(`-----BEGIN ${LABELS[format]}-----`);
      expect(pem.endsWith(`-----END ${LABELS[format]}-----\n`)).toBe(true);
      const loaded = loadPrivateKey(pem);
      expect(loaded.algorithm).toBe(alg);
      expect(loaded.publicKey.export({ type: 'spki', format: 'der' })).toEqual(spki);
    }
  });

  it('refuses flavours that do not fit the algorithm', () => {
    for (const format of ['sec1', 'pkcs1', 'ed25519-talos'] as const) {
      if (!EXPECTED[alg].formats.includes(format)) expect(() => pair.privateKeyPem(format)).toThrow(/needs an/);
    }
  });

  it('exports the public key as SPKI PEM that verifies signatures of the private key', () => {
    const pem = pair.publicKeyPem();
    expect(pem.split('\n')[0]).toBe('-----BEGIN PUBLIC KEY-----');
    const hash = alg === 'ed25519' ? null : 'sha256';
    const signature = sign(hash, Buffer.from('data'), pair.privateKey);
    expect(verify(hash, Buffer.from('data'), createPublicKey(pem), signature)).toBe(true);
    expect(loadPublicKey(pem).export({ type: 'spki', format: 'der' })).toEqual(pair.publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('gives OpenSSL-readable PKCS#8 from toNodeTlsKeyPem', () => {
    const tlsPem = toNodeTlsKeyPem(pair.privateKeyPem(EXPECTED[alg].formats[1]));
    expect(tlsPem.split('\n')[0]).toBe('-----BEGIN PRIVATE KEY-----');
    expect(createPrivateKey(tlsPem).asymmetricKeyType).toBe(EXPECTED[alg].type);
  });
});

describe('loadPrivateKey', () => {
  it('reads the ED25519 PRIVATE KEY label OpenSSL rejects', async () => {
    const pair = await generateKeyPair('ed25519');
    const talosPem = pair.privateKeyPem('ed25519-talos');
    expect(() => createPrivateKey(talosPem)).toThrow();
    expect(loadPrivateKey(talosPem).algorithm).toBe('ed25519');
    // body is PKCS#8: same bytes as the PRIVATE KEY flavour
    expect(talosPem.replace(/ED25519 PRIVATE KEY/g, 'PRIVATE KEY')).toBe(pair.privateKeyPem('pkcs8'));
  });

  it('names the problem without echoing key material', async () => {
    const ec = await generateKeyPair('ecdsa-p256');
    const sec1 = ec.privateKeyPem('sec1');
    const body = sec1.split('\n')[1];
    const relabelled = sec1.replace(/EC PRIVATE KEY/g, 'RSA PRIVATE KEY');
    expect(() => loadPrivateKey(relabelled)).toThrow('does not hold a PKCS1 private key');
    try {
      loadPrivateKey(relabelled);
    } catch (err) {
      expect((err as Error).message).not.toContain(body.slice(0, 16));
    }
    expect(() => loadPrivateKey(ec.privateKeyPem('pkcs8').replace(/PRIVATE KEY/g, 'ED25519 PRIVATE KEY'))).toThrow('holds a ec key');
    expect(() => loadPrivateKey(ec.publicKeyPem())).toThrow('unsupported PEM label "PUBLIC KEY"');
    expect(() => loadPrivateKey('garbage')).toThrow('no PEM block found');
  });

  it('rejects algorithms outside KeyAlgorithm', () => {
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadPrivateKey(x25519)).toThrow('unsupported key type x25519');
    const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(() => loadPrivateKey(secp256k1)).toThrow('unsupported EC curve secp256k1');
  });

  it('rejects unknown algorithms at generation', async () => {
    await expect(generateKeyPair('dsa-1024' as KeyAlgorithm)).rejects.toThrow('unknown key algorithm dsa-1024');
  });
});
