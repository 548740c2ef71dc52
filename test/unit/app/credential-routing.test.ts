/**
 * Credentials reach the right server: with two clusters naming different variables, each
 * cluster's Proxmox stage (bpg provider block) and capi stage (CAPMOX credentials) reference
 * only its own variable NAME, no stage declares a Terraform variable or falls back to
 * PROXMOX_VE_API_TOKEN, and no secret value is in any cdk.tf.json. Synth-time checks: a
 * malformed token in the synth environment fails naming the variable and the file, an unset one
 * only warns, `insecure` warns naming the file and the field.
 */
import * as fs from 'node:fs';
import { readAppEnvironment } from '../../../stacks/app-environment';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { App } from '../../../stacks/cdk';
import { buildApp, loadAppDefinitions } from '../../../stacks/app';
import { APP_ENV } from '../../../stacks/app-environment';
import { createSelfSignedCertificate, generateKeyPair } from '../../../providers/pki';
import { checkProxmoxCredentials } from '../../../stacks/credential-preflight';
import { ClusterDefinitionError } from '../../../stacks/definition';
import { goodInput, onSecondNetwork } from '../definition/fixtures';

type Json = Record<string, any>;

const ALPHA = 'alpha@pve!ptc=11111111-2222-3333-4444-555555555555';
const BETA = 'beta@pve!ptc=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-creds-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function writeCluster(name: string, change: (d: Json) => void): void {
  const d = goodInput();
  d.name = name;
  change(d);
  fs.mkdirSync(path.join(root, 'clusters'), { recursive: true });
  fs.writeFileSync(path.join(root, 'clusters', `${name}.yaml`), stringify(d));
}

/** alpha on pve-a with ALPHA_TOKEN, beta on pve-b with BETA_TOKEN (separate addresses and VMIDs). */
function twoClusters(): void {
  writeCluster('alpha', (d) => {
    d.proxmox.endpoint = 'https://pve-a.example.com:8006/';
    d.proxmox.credentials = { apiTokenEnv: 'ALPHA_TOKEN' };
  });
  writeBeta(() => undefined);
}

/** Cluster beta: its own Proxmox, token variable, addresses and VMIDs; `change` adds to it. */
function writeBeta(change: (d: ReturnType<typeof goodInput>) => void): void {
  writeCluster('beta', (d) => {
    d.proxmox.endpoint = 'https://pve-b.example.com:8006/';
    d.proxmox.credentials = { apiTokenEnv: 'BETA_TOKEN' };
    onSecondNetwork(d);
    d.clusterApi.nodeAddresses = ['10.30.0.100-10.30.0.150'];
    change(d);
  });
}

function synth(env: NodeJS.ProcessEnv) {
  const outdir = path.join(root, 'cdktf.out');
  const app = new App({ outdir });
  const warnings: string[] = [];
  buildApp(app, loadAppDefinitions(readAppEnvironment(env, root)), { environment: readAppEnvironment(env, root), warn: (m) => warnings.push(m) });
  app.synth();
  const ids = fs.readdirSync(path.join(outdir, 'stacks'));
  const text = (id: string) => fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8');
  return { ids, text, json: (id: string): Json => JSON.parse(text(id)), warnings };
}

/** Every environment variable name a stack's JSON mentions in credential places. */
function credentialNames(stack: Json): string[] {
  const names: string[] = [];
  for (const e of Object.values((stack.ephemeral?.talos_proxmox_credentials ?? {}) as Record<string, Json>)) names.push(...[e.api_token_env, e.username_env, e.password_env].filter(Boolean));
  for (const a of Object.values((stack.resource?.capi_cluster_adoption ?? {}) as Record<string, Json>)) names.push(a.proxmox.token_env);
  return names;
}

test('each stage references only its own cluster variable; no Terraform variable, no secret in cdk.tf.json', () => {
  fs.mkdirSync(path.join(root, '.kube'), { recursive: true });
  twoClusters();
  const env = { ALPHA_TOKEN: ALPHA, BETA_TOKEN: BETA, PROXMOX_VE_API_TOKEN: 'default@pve!x=99999999-9999-9999-9999-999999999999', HOME: root };
  const { ids, text, json } = synth(env);
  expect(ids.sort()).toEqual(['alpha-capi', 'alpha-proxmox', 'alpha-talos', 'beta-capi', 'beta-proxmox', 'beta-talos']);

  for (const [cluster, variable, endpoint] of [
    ['alpha', 'ALPHA_TOKEN', 'https://pve-a.example.com:8006/'],
    ['beta', 'BETA_TOKEN', 'https://pve-b.example.com:8006/'],
  ] as const) {
    const proxmox = json(`${cluster}-proxmox`);
    expect(credentialNames(proxmox)).toEqual([variable]);
    const [ephName, eph] = Object.entries(proxmox.ephemeral.talos_proxmox_credentials as Record<string, Json>)[0];
    expect(eph).toMatchObject({ endpoint, api_token_env: variable, origin: `clusters/${cluster}.yaml`, insecure: false });
    expect(proxmox.provider.proxmox).toEqual([{ endpoint, insecure: false, api_token: `\${ephemeral.talos_proxmox_credentials.${ephName}.api_token}` }]);
    expect(proxmox.variable).toBeUndefined();
    // Ephemeral blocks need Terraform 1.10: an older one says so instead of failing on the block.
    expect(proxmox.terraform.required_version).toBe('>= 1.10.0');

    const capi = json(`${cluster}-capi`);
    expect(credentialNames(capi)).toEqual([variable]);
    const adoption = Object.values(capi.resource.capi_cluster_adoption as Record<string, Json>)[0];
    expect(adoption.proxmox).toMatchObject({ url: endpoint, token_env: variable, token_env_origin: `clusters/${cluster}.yaml: proxmox.credentials.apiTokenEnv` });
    expect(adoption.proxmox.token_id).toBeUndefined();
    expect(adoption.proxmox.token_secret).toBeUndefined();
    // Only per-cluster credentials (credentialsRef): the manager-wide ones would serve every cluster.
    const components = Object.values(capi.resource.capi_components as Record<string, Json>)[0];
    expect([components.proxmox_url, components.proxmox_token, components.proxmox_secret]).toEqual([undefined, undefined, undefined]);
    expect(capi.variable).toBeUndefined();
  }
  for (const id of ids) {
    const t = text(id);
    for (const secret of [ALPHA, BETA, env.PROXMOX_VE_API_TOKEN, ALPHA.split('=')[1], BETA.split('=')[1]]) expect({ id, leaked: t.includes(secret) }).toEqual({ id, leaked: false });
    expect(t).not.toContain('PROXMOX_VE_API_TOKEN');
  }
});

test('a malformed token in the synth environment fails synth naming the variable and the definition file, never the value', () => {
  twoClusters();
  const bad = 'beta@pve!ptc';
  let err: unknown;
  try {
    synth({ ALPHA_TOKEN: ALPHA, BETA_TOKEN: bad });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ClusterDefinitionError);
  const message = (err as Error).message;
  expect(message).toContain('clusters/beta.yaml: proxmox.credentials.apiTokenEnv: the environment variable BETA_TOKEN has no "=secret"');
  expect(message).toContain("Example: export BETA_TOKEN='");
  expect(message).not.toContain('alpha.yaml');
  expect(message.replace(/export BETA_TOKEN='[^']*'/, '')).not.toContain(bad);
});

test('an unset variable only warns at synth (HCP Terraform runs have it remotely); insecure warns with the file and field', () => {
  twoClusters();
  writeBeta((d) => (d.proxmox.insecure = true));
  const { warnings, json } = synth({ ALPHA_TOKEN: ALPHA });
  expect(warnings).toEqual([
    expect.stringMatching(/^clusters\/beta\.yaml: proxmox\.credentials\.apiTokenEnv: BETA_TOKEN is not set here; it must be set where Terraform runs/),
    expect.stringMatching(/^clusters\/beta\.yaml: proxmox\.insecure is true: TLS verification of https:\/\/pve-b\.example\.com:8006\/ is off/),
  ]);
  expect(json('beta-proxmox').provider.proxmox[0].insecure).toBe(true);
  expect(json('alpha-proxmox').provider.proxmox[0].insecure).toBe(false);
});

test('username/password clusters: bpg gets them from the named variables; a token cluster naming PROXMOX_VE_API_TOKEN beside them is refused', () => {
  writeCluster('alpha', (d) => {
    d.proxmox.credentials = { usernameEnv: 'ALPHA_USER', passwordEnv: 'ALPHA_PASS' };
    delete d.clusterApi;
  });
  const { json } = synth({ ALPHA_USER: 'ops@pve', ALPHA_PASS: 'pw-value-123' });
  const proxmox = json('alpha-proxmox');
  const [name, eph] = Object.entries(proxmox.ephemeral.talos_proxmox_credentials as Record<string, Json>)[0];
  expect(eph).toMatchObject({ username_env: 'ALPHA_USER', password_env: 'ALPHA_PASS' });
  expect(proxmox.provider.proxmox[0]).toEqual({
    endpoint: 'https://pve1.example.com:8006/',
    insecure: false,
    username: `\${ephemeral.talos_proxmox_credentials.${name}.username}`,
    password: `\${ephemeral.talos_proxmox_credentials.${name}.password}`,
  });

  const defs = loadAppDefinitions(readAppEnvironment({}, root));
  const token = {
    ...defs[0],
    name: 'gamma',
    source: 'clusters/gamma.yaml',
    spec: { ...defs[0].spec, name: 'gamma', proxmox: { ...defs[0].spec.proxmox, credentials: { apiTokenEnv: 'PROXMOX_VE_API_TOKEN' } } },
  };
  const { problems } = checkProxmoxCredentials([defs[0], token], {});
  expect(problems).toEqual([
    expect.objectContaining({
      source: 'clusters/alpha.yaml',
      path: ['proxmox', 'credentials'],
      message: expect.stringContaining('clusters/gamma.yaml names PROXMOX_VE_API_TOKEN, which bpg/proxmox also reads by itself and prefers'),
    }),
  ]);
});

test('the lab default with the simulator CA: the Proxmox stage checks it, CAPMOX gets it as root_ca, nothing is insecure', async () => {
  const keys = await generateKeyPair('ecdsa-p256');
  const caPem = await createSelfSignedCertificate(
    { subject: { commonName: 'lab PVE CA' }, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 3600_000), isCa: true, keyUsages: ['certSign'] },
    keys,
  );
  const caFile = path.join(root, 'pve-ca.pem');
  fs.writeFileSync(caFile, caPem);
  const { json } = synth({ [APP_ENV.labProxmoxCaFile]: caFile, PROXMOX_VE_API_TOKEN: 'root@pam!lab=00000000-1111-2222-3333-444444444444' });
  const eph = Object.values(json('lab-proxmox').ephemeral.talos_proxmox_credentials as Record<string, Json>)[0];
  expect(eph).toMatchObject({ api_token_env: 'PROXMOX_VE_API_TOKEN', ca_file: caFile, insecure: false });
  expect(eph.ca_pem.trim()).toBe(caPem.trim());
  const adoption = Object.values(json('lab-capi').resource.capi_cluster_adoption as Record<string, Json>)[0];
  expect(adoption.proxmox).toMatchObject({ token_env: 'PROXMOX_VE_API_TOKEN', insecure: false });
  expect(adoption.proxmox.root_ca.trim()).toBe(caPem.trim());
});
