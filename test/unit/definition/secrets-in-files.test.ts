/**
 * Secrets in the files a definition points to: the Proxmox CA file passes on its certificates
 * only and is refused when it holds a key; Talos patches (files or inline) holding a secret are
 * refused with the file, the field inside it and the fix. No message repeats the secret.
 */
import * as path from 'node:path';
import { checkClusterDefinition, formatProblem } from '../../../stacks/definition';
import { goodInput, SOURCE, type Mutable } from './fixtures';

const BASE = '/defs';
const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const CERT_A = pem('CERTIFICATE', 'MIIBcertificateAAAA');
const CERT_B = pem('CERTIFICATE', 'MIIBcertificateBBBB');
const KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjSECRETKEY';

function check(files: Record<string, string>, change: (d: Mutable) => void) {
  const d = goodInput();
  change(d);
  const readText = (file: string): string => {
    const rel = path.relative(BASE, file);
    if (!(rel in files)) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return files[rel];
  };
  return checkClusterDefinition(d, { source: SOURCE, baseDir: BASE, readText });
}

describe('proxmox.caFile', () => {
  test('only the CERTIFICATE blocks are kept', () => {
    const { definition, problems } = check({ 'ca.pem': `# PVE root\n${CERT_A}some note\n${CERT_B}` }, (d) => (d.proxmox.caFile = 'ca.pem'));
    expect(problems).toEqual([]);
    expect(definition?.proxmoxCaCertificates).toBe(`${CERT_A.trim()}\n${CERT_B.trim()}\n`);
  });

  test.each(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'])('a CA file with a %s is refused, naming file, field and fix, without the key', (label) => {
    const { definition, problems } = check({ 'certs/ca.pem': `${CERT_A}${pem(label, KEY_BODY)}` }, (d) => (d.proxmox.caFile = 'certs/ca.pem'));
    expect(definition).toBeUndefined();
    expect(problems).toHaveLength(1);
    const line = formatProblem(problems[0]);
    expect(line).toMatch(/^clusters\/prod\.yaml: proxmox\.caFile: \/defs\/certs\/ca\.pem holds a private key \(PEM\); the CA file must hold only the certificate; remove the key/);
    expect(line).not.toContain(KEY_BODY);
  });

  test('a base64-encoded key in the CA file is refused too', () => {
    const { problems } = check({ 'ca.pem': `${CERT_A}${Buffer.from(pem('EC PRIVATE KEY', KEY_BODY)).toString('base64')}\n` }, (d) => (d.proxmox.caFile = 'ca.pem'));
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/holds a private key \(base64 of a PEM\); the CA file must hold only the certificate; remove the key/)]);
  });
});

describe('secrets in Talos patches', () => {
  const REGISTRY = 'machine:\n  registries:\n    config:\n      registry.example.com:\n        auth:\n          username: ci\n          password: hunter2-registry\n';

  test('a patch file with a password is refused: file, field inside it, fix', () => {
    const { definition, problems } = check({ 'patches/registry.yaml': REGISTRY }, (d) => (d.patches = { common: [{ file: 'patches/registry.yaml' }] }));
    expect(definition).toBeUndefined();
    expect(problems).toHaveLength(1);
    const line = formatProblem(problems[0]);
    expect(line).toContain(
      'clusters/prod.yaml: patches.common[0].file: "patches/registry.yaml" has a literal value under the key "password" at machine.registries.config["registry.example.com"].auth.password',
    );
    expect(line).toMatch(/remove the value from the patch: patches are written in clear text into cdk\.tf\.json/);
    expect(line).not.toContain('hunter2');
  });

  test.each([
    // Value shapes are found in the definition itself, at the exact key; key names inside the patch text after.
    ['inline mapping with a bootstrap token', { inline: { machine: { token: 'abcdef.0123456789abcdef' } } }, 'patches.worker[0].inline.machine.token', /looks like a Kubernetes bootstrap token/],
    ['inline mapping with a literal secret', { inline: { cluster: { secret: 'not-so-random' } } }, 'patches.worker[0].inline', /has a literal value under the key "secret" at cluster\.secret/],
    [
      'inline text with a WireGuard private key',
      'apiVersion: v1alpha1\nkind: WireguardConfig\nname: wg0\nprivateKey: cGFzc3dvcmQtbWF0ZXJpYWwtMDEyMzQ1Njc4OWFi\n',
      'patches.worker[0]',
      /under the key "privateKey" at privateKey/,
    ],
    [
      'inline text with a cluster CA key (base64 PEM)',
      `cluster:\n  ca:\n    key: ${Buffer.from(pem('EC PRIVATE KEY', KEY_BODY)).toString('base64')}\n`,
      'patches.worker[0]',
      /looks like a private key \(base64 of a PEM\)/,
    ],
  ])('%s is refused', (_name, entry, at, message) => {
    const { problems } = check({}, (d) => (d.patches = { worker: [entry] }));
    expect(problems.map((p) => formatProblem(p).split(': ')[1])).toEqual([at]);
    expect(problems[0].message).toMatch(message);
    expect(formatProblem(problems[0])).not.toMatch(/0123456789abcdef|not-so-random|cGFzc3dvcmQ|MIIEvQ/);
  });

  test('patches without secrets pass: public keys, secret names, empty values', () => {
    const ok =
      'machine:\n  install:\n    disk: /dev/sdb\n---\napiVersion: v1alpha1\nkind: WireguardConfig\nname: wg0\npeers:\n  - publicKey: cGFzc3dvcmQtbWF0ZXJpYWwtMDEyMzQ1Njc4OWFi\n    endpoint: 10.0.0.1:51820\n';
    const { problems } = check({ 'ok.yaml': ok }, (d) => (d.patches = { common: [{ file: 'ok.yaml' }] }));
    expect(problems).toEqual([]);
  });
});
