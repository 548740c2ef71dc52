import { createPrivateKey } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { formatSecretsYaml, generateSecretsBundle, parseSecretsYaml, SecretsBundleError, validateSecretsBundle, type SecretsBundle } from '../../../../providers/machinery/secrets';

jest.setTimeout(30_000);

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

let bundle: SecretsBundle; // contract 1.6: EC service-account key, fast to generate
let aescbcBundle: SecretsBundle;
let text: string;
beforeAll(async () => {
  [bundle, aescbcBundle] = await Promise.all([generateSecretsBundle({ contract: { major: 1, minor: 6 } }), generateSecretsBundle({ contract: { major: 1, minor: 2 } })]);
  text = formatSecretsYaml(bundle);
});

/** The YAML with one value changed (or removed with `undefined`), re-serialised in the same layout. */
function edit(path: string[], value: unknown, source = text): string {
  const doc = parse(source) as Record<string, unknown>;
  let node = doc as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return stringify(doc, { indent: 4, lineWidth: 0 });
}

function problemsOf(yamlText: string): readonly string[] {
  try {
    parseSecretsYaml(yamlText);
  } catch (err) {
    expect(err).toBeInstanceOf(SecretsBundleError);
    return (err as SecretsBundleError).problems;
  }
  throw new Error('expected parseSecretsYaml to fail');
}

describe('formatSecretsYaml', () => {
  it('writes exactly the talosctl layout: lowercase keys in Go field order, 4-space indent, base64 of PEM', () => {
    const c = bundle.certs;
    expect(text).toBe(
      [
        'cluster:',
        `    id: ${bundle.cluster.id}`,
        `    secret: ${bundle.cluster.secret}`,
        'secrets:',
        `    bootstraptoken: ${bundle.secrets.bootstrapToken}`,
        `    secretboxencryptionsecret: ${bundle.secrets.secretboxEncryptionSecret}`,
        'trustdinfo:',
        `    token: ${bundle.trustdInfo.token}`,
        'certs:',
        '    etcd:',
        `        crt: ${b64(c.etcd.crt)}`,
        `        key: ${b64(c.etcd.key)}`,
        '    k8s:',
        `        crt: ${b64(c.k8s.crt)}`,
        `        key: ${b64(c.k8s.key)}`,
        '    k8saggregator:',
        `        crt: ${b64(c.k8sAggregator.crt)}`,
        `        key: ${b64(c.k8sAggregator.key)}`,
        '    k8sserviceaccount:',
        `        key: ${b64(c.k8sServiceAccount.key)}`,
        '    os:',
        `        crt: ${b64(c.os.crt)}`,
        `        key: ${b64(c.os.key)}`,
        '',
      ].join('\n'),
    );
  });

  it('writes aescbcencryptionsecret (and no secretbox key) for an old-contract bundle', () => {
    const old = formatSecretsYaml(aescbcBundle);
    expect(old).toContain(`\n    aescbcencryptionsecret: ${aescbcBundle.secrets.aescbcEncryptionSecret}\n`);
    expect(old).not.toContain('secretboxencryptionsecret');
    expect(parseSecretsYaml(old)).toEqual(aescbcBundle);
    expect(formatSecretsYaml(parseSecretsYaml(old))).toBe(old);
  });

  it('refuses to write an invalid bundle', () => {
    const broken = { ...bundle, cluster: { id: '', secret: bundle.cluster.secret } };
    expect(() => formatSecretsYaml(broken)).toThrow('cluster.id: required');
    expect(() => validateSecretsBundle(broken)).toThrow(SecretsBundleError);
  });
});

describe('parseSecretsYaml', () => {
  it('round-trips to the same bundle and the identical text', () => {
    const parsed = parseSecretsYaml(text);
    expect(parsed).toEqual(bundle);
    expect(formatSecretsYaml(parsed)).toBe(text);
  });

  it('accepts a PEM key under the generic PRIVATE KEY label (Talos does too)', () => {
    const pkcs8 = createPrivateKey(bundle.certs.etcd.key).export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(parseSecretsYaml(edit(['certs', 'etcd', 'key'], b64(pkcs8))).certs.etcd.key).toBe(pkcs8);
  });

  it('names a key that is not a valid private key', () => {
    const notAKey = '-----BEGIN ED25519 PRIVATE KEY-----\nAAAA\n-----END ED25519 PRIVATE KEY-----\n';
    const problems = problemsOf(edit(['certs', 'os', 'key'], b64(notAKey)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^certs\.os\.key: not a valid private key/);
  });

  it('names a value that is not base64 of PEM, without a duplicate "required"', () => {
    expect(problemsOf(edit(['certs', 'etcd', 'crt'], 'not*base64'))).toEqual(['certs.etcd.crt: not base64 of PEM text (is not valid standard base64)']);
    expect(problemsOf(edit(['certs', 'k8s', 'crt'], b64('plain text')))).toEqual(['certs.k8s.crt: not base64 of PEM text (does not decode to PEM text)']);
  });

  it('names a certificate that does not parse and a key that belongs to another certificate', () => {
    const badCert = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(problemsOf(edit(['certs', 'k8saggregator', 'crt'], b64(badCert)))).toEqual(['certs.k8saggregator.crt: not a valid certificate (the CERTIFICATE block is not a valid X.509 certificate)']);
    const swapped = problemsOf(edit(['certs', 'etcd', 'key'], b64(bundle.certs.k8s.key)));
    expect(swapped).toEqual(['certs.etcd.key: does not belong to certs.etcd.crt']);
  });

  it('reports every missing or malformed value at once, each naming its field', () => {
    let broken = edit(['cluster', 'id'], undefined);
    broken = edit(['secrets', 'bootstraptoken'], 'NOT-A-TOKEN', broken);
    broken = edit(['trustdinfo', 'token'], 12345, broken);
    broken = edit(['certs', 'k8sserviceaccount'], undefined, broken);
    expect(problemsOf(broken)).toEqual([
      'trustdinfo.token: expected a string',
      'cluster.id: required',
      'secrets.bootstraptoken: expected the format [0-9a-z]{6}.[0-9a-z]{16}',
      'certs.k8sserviceaccount.key: required',
    ]);
  });

  it('requires exactly one well-formed encryption secret', () => {
    const both = edit(['secrets', 'aescbcencryptionsecret'], bundle.secrets.secretboxEncryptionSecret);
    expect(problemsOf(both)).toEqual(['secrets: only one of secretboxencryptionsecret, aescbcencryptionsecret is allowed']);
    expect(problemsOf(edit(['secrets', 'secretboxencryptionsecret'], undefined))).toEqual(['secrets: one of secretboxencryptionsecret, aescbcencryptionsecret is required']);
    expect(problemsOf(edit(['secrets', 'secretboxencryptionsecret'], Buffer.alloc(16).toString('base64')))).toEqual(['secrets.secretboxencryptionsecret: expected standard base64 of 32 bytes']);
  });

  it('rejects unknown keys (e.g. a mis-cased or JSON-style name) by path', () => {
    const renamed = edit(['certs', 'OS'], { crt: 'x' });
    expect(problemsOf(renamed)).toEqual(['certs.OS: unknown field (expected one of etcd, k8s, k8saggregator, k8sserviceaccount, os; keys are lowercase)']);
    expect(problemsOf(edit(['certs', 'etcd', 'cert'], 'x'))[0]).toBe('certs.etcd.cert: unknown field (expected one of crt, key; keys are lowercase)');
  });

  it('reports YAML syntax errors and wrong shapes', () => {
    expect(problemsOf('cluster: [unclosed')[0]).toMatch(/^secrets YAML: /);
    expect(problemsOf('- a\n- b\n')[0]).toBe('secrets YAML: expected a mapping');
    expect(problemsOf(`${text}cluster: {}\n`)[0]).toMatch(/^secrets YAML: .*(unique|duplicate)/i);
  });

  it('never echoes secret values in problems', () => {
    const swapped = edit(['certs', 'os', 'key'], b64(bundle.certs.etcd.key));
    const message = (() => {
      try {
        parseSecretsYaml(swapped);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain('certs.os.key');
    for (const secret of [bundle.certs.etcd.key.split('\n')[1], bundle.cluster.secret, b64(bundle.certs.etcd.key).slice(0, 40)]) {
      expect(message).not.toContain(secret);
    }
  });
});
