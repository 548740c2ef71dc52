import {
  contractIsNewerThan,
  DEFAULT_SECRETS_CONTRACT,
  generateClusterId,
  generateSecret32,
  generateToken,
  usesRsaServiceAccountKey,
  usesSecretboxEncryption,
} from '../../../../providers/machinery/secrets';

describe('contract rules (strictly newer than, like VersionContract.Greater)', () => {
  it.each([
    [{ major: 1, minor: 2 }, false, false],
    [{ major: 1, minor: 3 }, true, false],
    [{ major: 1, minor: 6 }, true, false],
    [{ major: 1, minor: 7 }, true, true],
    [{ major: 1, minor: 13 }, true, true],
    [{ major: 2, minor: 0 }, true, true],
    [{ major: 0, minor: 14 }, false, false],
  ])('%o: secretbox %s, RSA service-account key %s', (contract, secretbox, rsa) => {
    expect(usesSecretboxEncryption(contract)).toBe(secretbox);
    expect(usesRsaServiceAccountKey(contract)).toBe(rsa);
  });

  it('defaults to 1.13', () => {
    expect(DEFAULT_SECRETS_CONTRACT).toEqual({ major: 1, minor: 13 });
    expect(contractIsNewerThan(DEFAULT_SECRETS_CONTRACT, 1, 12)).toBe(true);
    expect(contractIsNewerThan(DEFAULT_SECRETS_CONTRACT, 1, 13)).toBe(false);
  });
});

describe('random values', () => {
  it('tokens match [0-9a-z]{6}.[0-9a-z]{16} and use the whole alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const token = generateToken();
      expect(token).toMatch(/^[0-9a-z]{6}\.[0-9a-z]{16}$/);
      for (const ch of token.replace('.', '')) seen.add(ch);
    }
    expect(seen.size).toBe(36);
  });

  it('cluster ids are URL-safe base64 with padding of 32 bytes; secrets standard base64', () => {
    const ids = Array.from({ length: 200 }, generateClusterId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}=$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    }
    // 200 ids * 43 chars: the URL-safe characters do occur
    expect(ids.join('')).toMatch(/[-_]/);
    const secret = generateSecret32();
    expect(secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
