/**
 * capi_cluster_adoption with proxmox.token_env: the CAPMOX token is read from the named variable
 * (never the configuration), checked at plan with errors naming the variable and its definition,
 * and only its SHA-256 is planned into state, so a rotated token plans an update.
 */
import { AdoptionInputError, validateAdoptionInput, type RawAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import { createAdoptionResource, planTokenSha, tokenSha256 } from '../../../../providers/capi/resources/cluster-adoption/resource';
import { proxmoxCredentialsData, SECRET_KEYS, unb64 } from '../../../../providers/capi/adoption/secrets';
import { clusterFixture } from './fixtures';

const BETA = 'capmox@pve!capi=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ROTATED = 'capmox@pve!capi=ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee';
const PROXMOX = { url: 'https://pve-b.example.com:8006', token_env: 'BETA_TOKEN', token_env_origin: 'clusters/beta.yaml', allowed_nodes: ['pve1'] };

beforeAll(() => clusterFixture(), 60_000);

async function rawWith(proxmox: Record<string, unknown>): Promise<RawAdoptionInput> {
  return (await clusterFixture({ proxmox: proxmox as RawAdoptionInput['proxmox'] })).raw;
}

function problems(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (err) {
    if (err instanceof AdoptionInputError) return [...err.problems];
    throw err;
  }
  return [];
}

test('the token comes from the named variable only and lands in the credentialsRef Secret', async () => {
  const input = validateAdoptionInput(await rawWith(PROXMOX), { BETA_TOKEN: BETA, PROXMOX_VE_API_TOKEN: 'other@pve!x=11111111-2222-3333-4444-555555555555' });
  expect(input.credentials).toEqual({ kind: 'inline', url: 'https://pve-b.example.com:8006', tokenId: 'capmox@pve!capi', tokenSecret: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
  const data = proxmoxCredentialsData(input.credentials as never);
  expect([unb64(data[SECRET_KEYS.credentialsToken]), unb64(data[SECRET_KEYS.credentialsSecret])]).toEqual(['capmox@pve!capi', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee']);
});

test('unset, malformed, or mixed with token_id: problems naming the variable and the definition, never the value', async () => {
  const raw = await rawWith(PROXMOX);
  expect(problems(() => validateAdoptionInput(raw, { PROXMOX_VE_API_TOKEN: BETA }))).toEqual([
    { path: 'proxmox.token_env', message: expect.stringMatching(/^environment variable BETA_TOKEN \(named by clusters\/beta\.yaml\) is not set where Terraform runs\. Fix: export BETA_TOKEN=/) },
  ]);
  const bad = problems(() => validateAdoptionInput(raw, { BETA_TOKEN: 'capmox@pve!capi' }));
  expect(bad).toEqual([{ path: 'proxmox.token_env', message: expect.stringContaining('BETA_TOKEN (named by clusters/beta.yaml) has no "=secret"') }]);
  expect(JSON.stringify(bad).replace(/export BETA_TOKEN='[^']*'/, '')).not.toContain('capmox@pve!capi"');
  const mixed = await rawWith({ ...PROXMOX, token_id: 'capmox@pve!capi', token_secret: 'x' });
  expect(problems(() => validateAdoptionInput(mixed, { BETA_TOKEN: BETA }))).toEqual([{ path: 'proxmox.token_env', message: 'set either token_env or token_id + token_secret, not both' }]);
});

test('plan: the hash is planned on create, kept while the token is unchanged, replaced when it rotates', async () => {
  const resource = createAdoptionResource(() => {
    throw new Error('plan must not reach the management cluster');
  });
  const config = { ...(await rawWith(PROXMOX)), proxmox_token_sha256: null } as never;
  const plan = (prior: unknown) => resource.plan?.({ config, prior: prior as never, planned: config, ctx: {} as never });
  const saved = process.env.BETA_TOKEN;
  try {
    process.env.BETA_TOKEN = BETA;
    const sha = tokenSha256('capmox@pve!capi', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(await plan(null)).toEqual({ computed: { proxmox_token_sha256: sha } });
    const prior = { ...(config as object), proxmox_token_sha256: sha, drift: [] };
    expect(await plan(prior)).toEqual({});
    process.env.BETA_TOKEN = ROTATED;
    expect(await plan(prior)).toEqual({ computed: { proxmox_token_sha256: tokenSha256('capmox@pve!capi', 'ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee') } });
    delete process.env.BETA_TOKEN;
    const failed = (await plan(prior)) as unknown as { diagnostics: Array<{ summary: string; detail?: string }> };
    expect(failed.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        summary: 'capi_cluster_adoption: proxmox.token_env: environment variable BETA_TOKEN (named by clusters/beta.yaml) is not set where Terraform runs',
        detail: expect.stringMatching(/^Fix: export BETA_TOKEN=/),
      }),
    ]);
  } finally {
    if (saved === undefined) delete process.env.BETA_TOKEN;
    else process.env.BETA_TOKEN = saved;
  }
});

test('without token_env no variable is read and no hash is kept', async () => {
  const config = { ...(await rawWith({ url: 'https://pve:8006', token_id: 'capmox@pve!capi', token_secret: 'abc' })), proxmox_token_sha256: null } as never;
  expect(planTokenSha(config, {})).toEqual({ diagnostics: [] });
});
