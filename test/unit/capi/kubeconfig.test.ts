/** Kubeconfig parsing: contexts, trust, credential kinds, and errors that name the field (never the secret). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KubeconfigError, loadKubeconfigFile, parseKubeconfig } from '../../../providers/capi/kube';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'mgmt', cluster: { server: 'https://10.0.0.10:6443', 'certificate-authority-data': b64('CA PEM'), ...cluster } },
      { name: 'other', cluster: { server: 'https://10.9.9.9:6443' } },
    ],
    users: [
      { name: 'admin', user },
      { name: 'other', user: { token: 'other-token' } },
    ],
    contexts: [
      { name: 'admin@mgmt', context: { cluster: 'mgmt', user: 'admin' } },
      { name: 'other', context: { cluster: 'other', user: 'other' } },
    ],
    'current-context': 'admin@mgmt',
    ...extra,
  });
}

const parse = (text: string, context?: string) => parseKubeconfig({ text, origin: 'test kubeconfig', context });

test('inline client certificate and CA (what Talos and kind write)', () => {
  const access = parse(kubeconfig({ 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') }));
  expect(access).toEqual({
    server: 'https://10.0.0.10:6443',
    contextName: 'admin@mgmt',
    caPem: 'CA PEM',
    insecureSkipTlsVerify: false,
    tlsServerName: undefined,
    auth: { kind: 'certificate', certPem: 'CERT', keyPem: 'KEY' },
  });
});

test('a named context instead of current-context', () => {
  const access = parse(kubeconfig({ token: 't' }), 'other');
  expect(access.server).toBe('https://10.9.9.9:6443');
  expect(access.auth).toEqual({ kind: 'token', token: 'other-token' });
  expect(access.caPem).toBeUndefined();
});

test('files are read relative to the kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ptc-kubeconfig-'));
  try {
    writeFileSync(join(dir, 'ca.crt'), 'CA FROM FILE');
    writeFileSync(join(dir, 'client.crt'), 'CERT FROM FILE');
    writeFileSync(join(dir, 'client.key'), 'KEY FROM FILE');
    writeFileSync(
      join(dir, 'config'),
      kubeconfig({ 'client-certificate': 'client.crt', 'client-key': 'client.key' }, { 'certificate-authority-data': undefined, 'certificate-authority': 'ca.crt', 'tls-server-name': 'api.internal' }),
    );
    const access = loadKubeconfigFile(join(dir, 'config'));
    expect(access.caPem).toBe('CA FROM FILE');
    expect(access.tlsServerName).toBe('api.internal');
    expect(access.auth).toEqual({ kind: 'certificate', certPem: 'CERT FROM FILE', keyPem: 'KEY FROM FILE' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.each([
  [{ tokenFile: '/var/run/token' }, { kind: 'token-file', path: '/var/run/token' }],
  [
    { username: 'u', password: 'p' },
    { kind: 'basic', username: 'u', password: 'p' },
  ],
  [{}, { kind: 'none' }],
])('credentials %j', (user, auth) => {
  expect(parse(kubeconfig(user)).auth).toEqual(auth);
});

test('exec credential plugins', () => {
  const access = parse(kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token', args: ['--cluster', 'mgmt'], env: [{ name: 'A', value: 'b' }] } }));
  expect(access.auth).toEqual({
    kind: 'exec',
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token', args: ['--cluster', 'mgmt'], env: [{ name: 'A', value: 'b' }], provideClusterInfo: false, baseDir: undefined },
  });
});

test.each([
  ['not: [valid', undefined, /test kubeconfig is not valid YAML/],
  [kubeconfig({}, {}, { 'current-context': '' }), undefined, /has no current-context; set one or name the context/],
  [kubeconfig({}), 'missing', /contexts has no entry named "missing" \(present: admin@mgmt, other\)/],
  [kubeconfig({}, { server: 'http://10.0.0.10:6443' }), undefined, /clusters\[mgmt\].cluster.server must use https/],
  [kubeconfig({}, { server: 'not a url' }), undefined, /server must be a URL such as https:\/\/10.0.0.10:6443/],
  [kubeconfig({}, { 'proxy-url': 'http://proxy:3128' }), undefined, /proxy-url is not supported/],
  [kubeconfig({}, { 'certificate-authority-data': '%%%' }), undefined, /certificate-authority-data is not base64/],
  [kubeconfig({ 'client-certificate-data': b64('CERT') }), undefined, /needs both client-certificate\(-data\) and client-key\(-data\)/],
  [kubeconfig({ 'auth-provider': { name: 'gcp' } }), undefined, /auth-provider is not supported/],
  [kubeconfig({ exec: { apiVersion: 'client.authentication.k8s.io/v1alpha1', command: 'x' } }), undefined, /exec.apiVersion must be client.authentication.k8s.io\/v1 or v1beta1/],
  [kubeconfig({ 'client-certificate': '/nonexistent/cert', 'client-key': '/nonexistent/key' }), undefined, /client-certificate: cannot read \/nonexistent\/cert: ENOENT/],
])('rejects a bad kubeconfig (%#)', (text, context, message) => {
  expect(() => parse(text, context)).toThrow(KubeconfigError);
  expect(() => parse(text, context)).toThrow(message);
});

test('errors never contain credentials', () => {
  const text = kubeconfig({ token: 'super-secret-token', 'client-certificate-data': b64('CERT') });
  try {
    parse(text);
    throw new Error('expected an error');
  } catch (err) {
    expect((err as Error).message).not.toContain('super-secret-token');
    expect((err as Error).message).not.toContain(b64('CERT'));
  }
});
