/**
 * `talos_proxmox_credentials`: reads exactly the variables it is told (never bpg's defaults),
 * checks the token format with errors naming the variable and the definition, never the value,
 * and checks that the definition's CA verifies the endpoint and is trusted by Go in this
 * environment (against the lab's Proxmox VE simulator over TLS).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeMsgpack, encodeMsgpack } from '../../../providers/runtime/cty';
import { defineProvider, defineSchema } from '../../../providers/runtime';
import { createLogger } from '../../../providers/runtime/logging';
import { schemaImpliedType } from '../../../providers/runtime/schema/implied-type';
import { ProviderService } from '../../../providers/runtime/server/provider-service';
import { createProxmoxCredentials, type ProxmoxCredentialsOptions } from '../../../providers/talos/resources/proxmox-credentials/ephemeral-resource';
import { apiTokenProblem } from '../../../providers/proxmox-access/token';
import { goTrustSources, untrustedByGo } from '../../../providers/proxmox-access/go-trust';
import { createSelfSignedCertificate, generateKeyPair } from '../../../providers/pki';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../lab/proxmox/simulator';

const ALPHA = 'alpha@pve!ptc=11111111-2222-3333-4444-555555555555';
const BETA = 'beta@pve!ptc=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ORIGIN = 'clusters/beta.yaml';

const log = createLogger('test', 'error', () => undefined);
type Config = Record<string, string | boolean | null>;
const base: Config = {
  endpoint: 'https://127.0.0.1:1/',
  api_token_env: null,
  username_env: null,
  password_env: null,
  origin: ORIGIN,
  ca_pem: null,
  ca_file: null,
  insecure: null,
  api_token: null,
  username: null,
  password: null,
};

async function open(config: Config, options: ProxmoxCredentialsOptions) {
  const resource = createProxmoxCredentials(options);
  const def = defineProvider({ typeName: 'talos', version: '0.0.0', schema: defineSchema({ attributes: {} }), configure: () => ({}), resources: [], dataSources: [], ephemeralResources: [resource] });
  const svc = new ProviderService(def, log);
  await svc.configureProvider({ config: { msgpack: Buffer.from(encodeMsgpack({}, schemaImpliedType(def.schema))) } });
  const type = schemaImpliedType(resource.schema);
  const res = await svc.openEphemeralResource({ type_name: 'talos_proxmox_credentials', config: { msgpack: Buffer.from(encodeMsgpack({ ...base, ...config }, type)) } });
  const result = 'result' in res && res.result ? (decodeMsgpack(res.result.msgpack, type) as Config) : undefined;
  return { result, diagnostics: res.diagnostics, text: JSON.stringify(res.diagnostics) };
}

describe('token format', () => {
  test.each([
    ['user@realm!tokenid=uuid', BETA, undefined],
    ['a secret of letters and digits', 'ci@pam!deploy=abcDEF123', undefined],
    ['token id only', 'beta@pve!ptc', /no "=secret"/],
    ['user only', 'beta@pve', /no "!"/],
    ['no realm', 'beta!ptc=abc', /no "@"/],
    ['the header prefix', `PVEAPIToken=${BETA}`, /starts with "PVEAPIToken="/],
    ['a trailing newline', `${BETA}\n`, /whitespace/],
    ['a secret with other characters', 'beta@pve!ptc=abc/def', /letters, digits and "-"/],
  ])('%s', (_name, value, problem) => {
    const p = apiTokenProblem(value);
    if (problem === undefined) expect(p).toBeUndefined();
    else {
      expect(p).toMatch(problem);
      expect(p).not.toContain(value.trim());
    }
  });
});

describe('credentials from the named variables', () => {
  test('reads exactly the variable it names, not PROXMOX_VE_API_TOKEN', async () => {
    const { result, diagnostics } = await open({ api_token_env: 'PROXMOX_BETA_TOKEN' }, { env: { PROXMOX_VE_API_TOKEN: ALPHA, PROXMOX_BETA_TOKEN: BETA } });
    expect(diagnostics).toEqual([]);
    expect(result).toMatchObject({ api_token: BETA, username: null, password: null });
  });

  test('an unset variable fails, naming the variable, the definition and the export; no fallback', async () => {
    const { result, diagnostics, text } = await open({ api_token_env: 'PROXMOX_BETA_TOKEN' }, { env: { PROXMOX_VE_API_TOKEN: ALPHA } });
    expect(result).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        severity: 'ERROR',
        summary: 'environment variable PROXMOX_BETA_TOKEN (named by clusters/beta.yaml: proxmox.credentials.apiTokenEnv) is not set where Terraform runs',
        detail: expect.stringMatching(/^Fix: export PROXMOX_BETA_TOKEN='.+@.+!.+=.+'/),
        attribute: { steps: [{ attribute_name: 'api_token_env' }] },
      },
    ]);
    expect(text).not.toContain(ALPHA);
  });

  test('a malformed token fails with the variable, the definition and the fix, never the value', async () => {
    const bad = 'beta@pve!ptc';
    const { diagnostics, text } = await open({ api_token_env: 'PROXMOX_BETA_TOKEN' }, { env: { PROXMOX_BETA_TOKEN: bad } });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].summary).toBe(
      'environment variable PROXMOX_BETA_TOKEN (named by clusters/beta.yaml: proxmox.credentials.apiTokenEnv) has no "=secret": expected user@realm!tokenid=secret (the token id alone is not enough)',
    );
    expect(diagnostics[0].detail).toMatch(/^Fix: export PROXMOX_BETA_TOKEN=/);
    expect(text).not.toContain(bad);
  });

  test('username and password from their variables', async () => {
    const { result, diagnostics } = await open({ username_env: 'PVE_USER', password_env: 'PVE_PASS' }, { env: { PVE_USER: 'ops@pve', PVE_PASS: 'hunter2-long-password' } });
    expect(diagnostics).toEqual([]);
    expect(result).toMatchObject({ api_token: null, username: 'ops@pve', password: 'hunter2-long-password' });
  });

  test('username/password fail while a variable bpg prefers is set, and without a realm', async () => {
    const { diagnostics, text } = await open({ username_env: 'PVE_USER', password_env: 'PVE_PASS' }, { env: { PVE_USER: 'ops', PVE_PASS: 'pw-value-123', PROXMOX_VE_API_TOKEN: ALPHA } });
    expect(diagnostics.map((d) => d.summary)).toEqual([
      'environment variable PVE_USER (named by clusters/beta.yaml: proxmox.credentials.usernameEnv) is not user@realm',
      'PROXMOX_VE_API_TOKEN is set, and bpg/proxmox would use it instead of the username/password clusters/beta.yaml names',
    ]);
    expect(text).not.toContain(ALPHA);
    expect(text).not.toContain('pw-value-123');
  });

  test('both methods at once are refused at validation', () => {
    const resource = createProxmoxCredentials({ env: {} });
    expect(resource.validate?.({ ...base, api_token_env: 'A', username_env: 'B', password_env: 'C' } as never, { log })).toEqual([
      expect.objectContaining({ severity: 'error', summary: 'set api_token_env, or username_env and password_env, not both' }),
    ]);
  });
});

describe('TLS trust of the definition CA', () => {
  let sim: ProxmoxSimulator;
  let tmp: string;
  let otherCaPem: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-pve-creds-'));
    sim = await startProxmoxSimulator({ caFile: path.join(tmp, 'pve-ca.pem') });
    const keys = await generateKeyPair('ecdsa-p256');
    otherCaPem = await createSelfSignedCertificate(
      { subject: { commonName: 'another CA' }, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 3600_000), isCa: true, keyUsages: ['certSign', 'digitalSignature'] },
      keys,
    );
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const tls = (extra: Config) => ({ endpoint: `${sim.url}/`, api_token_env: 'PROXMOX_BETA_TOKEN', ca_pem: sim.caPem, ca_file: sim.caFile, ...extra });

  test('a CA that verifies the endpoint and that Go trusts (SSL_CERT_FILE) passes', async () => {
    const { diagnostics, result } = await open(tls({}), { env: { PROXMOX_BETA_TOKEN: BETA, SSL_CERT_FILE: sim.caFile }, platform: 'linux' });
    expect(diagnostics).toEqual([]);
    expect(result?.api_token).toBe(BETA);
  });

  test('Go not trusting the CA fails with the export that adds it', async () => {
    const empty = path.join(tmp, 'empty-bundle.pem');
    fs.writeFileSync(empty, '');
    const { diagnostics } = await open(tls({}), { env: { PROXMOX_BETA_TOKEN: BETA, SSL_CERT_FILE: empty, SSL_CERT_DIR: path.join(tmp, 'no-such-dir') }, platform: 'linux' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].summary).toMatch(new RegExp(`^bpg/proxmox would not trust proxmox.caFile ${sim.caFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} of clusters/beta.yaml`));
    expect(diagnostics[0].detail).toContain(`export SSL_CERT_DIR="$SSL_CERT_DIR:${tmp}"`);
    expect(diagnostics[0].detail).toContain('Do not use insecure');
  });

  test('the CA directory in SSL_CERT_DIR (as the fix says) is enough', async () => {
    const empty = path.join(tmp, 'empty-bundle.pem');
    fs.writeFileSync(empty, '');
    const { diagnostics } = await open(tls({}), { env: { PROXMOX_BETA_TOKEN: BETA, SSL_CERT_FILE: empty, SSL_CERT_DIR: tmp }, platform: 'linux' });
    expect(diagnostics).toEqual([]);
  });

  test('a CA that did not sign the endpoint certificate fails', async () => {
    const { diagnostics } = await open(tls({ ca_pem: otherCaPem, ca_file: '/etc/ptc/other-ca.pem' }), { env: { PROXMOX_BETA_TOKEN: BETA, SSL_CERT_FILE: sim.caFile }, platform: 'linux' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].summary).toBe(`the Proxmox API at ${sim.url}/ presents a certificate that does not verify with proxmox.caFile /etc/ptc/other-ca.pem of clusters/beta.yaml`);
  });

  test('insecure skips the checks; an unreachable endpoint is only a warning', async () => {
    expect((await open(tls({ ca_pem: otherCaPem, insecure: true }), { env: { PROXMOX_BETA_TOKEN: BETA }, platform: 'linux' })).diagnostics).toEqual([]);
    const { diagnostics } = await open(tls({ endpoint: 'https://127.0.0.1:1/' }), { env: { PROXMOX_BETA_TOKEN: BETA, SSL_CERT_FILE: sim.caFile }, platform: 'linux', tlsTimeoutMs: 2000 });
    expect(diagnostics.map((d) => d.severity)).toEqual(['WARNING']);
  });

  test('Go trust sources: SSL_CERT_FILE replaces the bundle list, SSL_CERT_DIR adds every file of the directories', () => {
    const only = goTrustSources({ SSL_CERT_FILE: sim.caFile, SSL_CERT_DIR: path.join(tmp, 'none') }, 'linux');
    expect(only.file).toBe(sim.caFile);
    expect(untrustedByGo(sim.caPem, only)).toEqual([]);
    expect(untrustedByGo(otherCaPem, only)).toHaveLength(1);
    expect(goTrustSources({}, 'darwin').checkable).toBe(false);
  });
});
