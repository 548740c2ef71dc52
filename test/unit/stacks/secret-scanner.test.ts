/**
 * The one secret scanner: value shapes anywhere in a string, literal values under secret key
 * names, known values raw or base64, inside embedded YAML/JSON documents; and what is NOT a
 * secret (certificates, references, placeholders, names of variables, label selectors).
 */
import { formatSecretPath, scanDocumentText, scanForSecrets, secretKeyClass, secretShape } from '../../../stacks/secret-scanner';

/** PEM armour built at run time, so no literal key sits in the repository. */
const pem = (label: string, body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7') => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('value shapes', () => {
  test.each(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'ED25519 PRIVATE KEY', 'DSA PRIVATE KEY'])(
    '%s, alone or inside other text',
    (label) => {
      expect(secretShape(pem(label))).toBe('a private key (PEM)');
      expect(secretShape(`${pem('CERTIFICATE')}${pem(label)}`)).toBe('a private key (PEM)');
      expect(secretShape(`key: ${b64(pem(label))}`)).toBe('a private key (base64 of a PEM)');
    },
  );

  test('certificates, plain or base64, are public', () => {
    expect(secretShape(pem('CERTIFICATE'))).toBeUndefined();
    expect(secretShape(b64(pem('CERTIFICATE')))).toBeUndefined();
    expect(secretShape(pem('PUBLIC KEY'))).toBeUndefined();
  });

  test.each([
    ['terraform@pve!ci=0a1b2c3d-aaaa-bbbb-cccc-0123456789ab', 'a Proxmox API token'],
    ['Authorization: PVEAPIToken=root@pam!x=0a1b2c3d-aaaa-bbbb-cccc-0123456789ab', 'a Proxmox API token'],
    ['PVE:root@pam:6613A7E9::abcdef', 'a Proxmox ticket'],
    ['abcdefghij0123.atlasv1.abcdefghijklmnopqrstuvwxyz0123', 'an HCP Terraform token'],
    ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXNpZw', 'a bearer token (JWT)'],
    ['Authorization: Bearer 0123456789abcdef0123456789', 'a bearer token'],
    ['abcdef.0123456789abcdef', 'a Kubernetes bootstrap token'],
  ])('%s → %s', (value, kind) => expect(secretShape(value)).toBe(kind));

  test('addresses, names and Terraform expressions are not secrets', () => {
    for (const v of ['https://pve1.example.com:8006/', 'terraform@pve!ci', 'admin@example.com', '${element(split("=", var.proxmox_api_token), 1)}', 'lab-cp-1', '10.0.0.10']) {
      expect(secretShape(v)).toBeUndefined();
    }
  });
});

describe('key names', () => {
  test.each(['password', 'clientSecret', 'private_key', 'apiKey', 'presharedKey', 'token', 'identityToken', 'secretboxEncryptionSecret', 'auth', 'credentials', 'db-passwd'])(
    '%s holds a secret',
    (k) => {
      expect(secretKeyClass(k)).toBe('holds');
    },
  );
  test.each(['publicKey', 'tokenFile', 'secretName', 'apiTokenEnv', 'token_env_origin', 'passwordFile', 'token_id', 'secretKeyRef', 'tokenTTL', 'keyUsage', 'monkey', 'name'])('%s does not', (k) => {
    expect(secretKeyClass(k)).toBeUndefined();
  });
  test('a bare key counts only with key material', () => {
    expect(secretKeyClass('key')).toBe('key');
    const doc = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In' }], ca: { key: 'c2VjcmV0LWtleS1tYXRlcmlhbC0wMTIzNDU2Nzg5' } };
    expect(scanForSecrets(doc).map((m) => formatSecretPath(m.path))).toEqual(['ca.key']);
  });
  test('placeholders, references, empty values and booleans are not literals', () => {
    const doc = { password: '', token: '<bootstrap token>', secret: '***', apiKey: '${var.api_key}', tokens: true, passwordHash: 'x' };
    expect(scanForSecrets(doc)).toEqual([]);
    expect(scanForSecrets({ password: 123456 }).map((m) => m.kind)).toEqual(['a literal value under the key "password"']);
  });
  test('metadata subtrees are skipped by the key-name rule, not by the value rule', () => {
    expect(scanForSecrets({ '//': { token: 'metadata-name-of-a-token' } }, { metadataKeys: ['//'] })).toEqual([]);
    expect(scanForSecrets({ '//': { x: pem('PRIVATE KEY') } }, { metadataKeys: ['//'] })).toHaveLength(1);
  });
});

describe('documents and known values', () => {
  test('a patch string inside JSON is scanned inside, path through the document', () => {
    const patch = 'machine:\n  registries:\n    config:\n      r.example.com:\n        auth:\n          password: hunter2hunter2\n';
    const found = scanForSecrets({ data: { cfg: { config_patches: ['machine: {install: {disk: /dev/sda}}', patch] } } });
    expect(found.map((m) => formatSecretPath(m.path))).toEqual(['data.cfg.config_patches[1] → document 1: machine.registries.config["r.example.com"].auth.password']);
    // One-line flow patches are documents too.
    expect(scanDocumentText('machine: {token: abcdef.0123456789abcdef}').map((m) => formatSecretPath(m.path))).toEqual(['document 1: machine.token']);
  });

  test('known values are found raw or base64, and never echoed', () => {
    const secret = 'terraform@pve!ptc=0a1b2c3d-aaaa-bbbb-cccc-0123456789ab';
    const known = [{ label: 'the value of $PROXMOX_VE_API_TOKEN', value: 'S3cr3t-password' }];
    const found = scanForSecrets({ a: 'prefix S3cr3t-password suffix', b: `x${b64('S3cr3t-password')}`, c: 'short' }, { knownSecrets: [...known, { label: 'short', value: 'short' }] });
    expect(found.map((m) => [formatSecretPath(m.path), m.kind])).toEqual([
      ['a', 'the value of $PROXMOX_VE_API_TOKEN'],
      ['b', 'the value of $PROXMOX_VE_API_TOKEN'],
    ]);
    const all = JSON.stringify(scanForSecrets({ x: secret, y: pem('PRIVATE KEY') }));
    expect(all).not.toContain('0a1b2c3d');
    expect(all).not.toContain('MIIEvQ');
  });
});
