/**
 * The capi_components handler without a cluster: configuration checks, the inventory the plan
 * predicts, plan-time problems reported on the attribute to fix, plans that stay quiet (and
 * offline) when nothing changed, and drift that re-plans an apply.
 */
import { DiagnosticsError, type HandlerContext, type Model } from '../../../providers/runtime';
import { unknown } from '../../../providers/runtime/cty/values';
import { createLogger } from '../../../providers/runtime/logging';
import { components } from '../../../providers/capi/resources/components/resource';
import { predictedInventory, redactor, variablesOf, type ComponentsConfig } from '../../../providers/capi/resources/components/input';
import { parseDurationMs as parseDuration } from '../../../providers/kernel/duration';
import { parseExecCredential } from '../../../providers/capi/kube';
import type { CapiProviderContext } from '../../../providers/capi/provider-context';
import { componentsFixtureDir } from './support/fixtures';
import { scratchOverrides, type ScratchOverrides } from './support/overrides';

type State = Model<typeof components.schema>;

const noCluster: CapiProviderContext = {
  hasCluster: false,
  management() {
    throw new Error('no cluster in unit tests');
  },
};

function ctx(): HandlerContext<CapiProviderContext> {
  return { provider: noCluster, signal: new AbortController().signal, log: createLogger('test', 'error', () => undefined), warn: () => undefined };
}

function planned(overrides: Partial<State> = {}): State {
  return {
    id: null,
    core_version: 'v1.12.11',
    bootstrap_version: 'v0.6.12',
    control_plane_version: 'v0.5.12',
    infrastructure_version: 'v0.9.0',
    ipam_version: 'v1.1.0-rc.2',
    cert_manager: 'auto',
    cert_manager_version: 'v1.21.0',
    overrides_dir: null,
    repository_base_url: null,
    variables: null,
    proxmox_url: null,
    proxmox_token: null,
    proxmox_secret: null,
    wait_timeout: '5m',
    inventory: null,
    cert_manager_managed: null,
    image_override: [],
    ...overrides,
  };
}

let fixtures: string;
let o: ScratchOverrides;
beforeAll(async () => {
  fixtures = await componentsFixtureDir();
  o = await scratchOverrides();
  o.addRelease('infrastructure-proxmox', 'v0.9.0', 'v0.9.1', 'infrastructure-components.yaml', (t) => t.replace('url: ${PROXMOX_URL=""}', 'url: ${PROXMOX_URL}'));
});
afterAll(() => o.remove());

describe('validate', () => {
  test('variable names must be names, and a Proxmox value must come from one place', () => {
    const diags = components.validate!(planned({ variables: { 'BAD-NAME': 'x', PROXMOX_URL: 'https://a' }, proxmox_url: 'https://b' }), { log: createLogger('t', 'error') }) ?? [];
    expect(diags.map((d) => d.summary)).toEqual([
      'capi_components: variables: "BAD-NAME" is not a variable name',
      'capi_components: PROXMOX_URL is set both in variables and by proxmox_url; keep one',
    ]);
  });
});

describe('plan', () => {
  test('a new install predicts the inventory clusterctl writes and checks the files', async () => {
    const res = await components.plan!({ config: planned({ overrides_dir: fixtures }), prior: null, planned: planned({ overrides_dir: fixtures }), ctx: ctx() });
    expect(res && res.computed?.inventory).toEqual(predictedInventory(planned() as ComponentsConfig));
    expect(res && res.diagnostics).toEqual([]);
  });

  test('a missing variable fails the plan on the variables attribute, naming provider and variable', async () => {
    const p = planned({ overrides_dir: o.dir, infrastructure_version: 'v0.9.1' });
    const err = await Promise.resolve(components.plan!({ config: p, prior: null, planned: p, ctx: ctx() })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiagnosticsError);
    const [d] = (err as DiagnosticsError).diagnostics;
    expect(d.path).toEqual([{ attr: 'variables' }]);
    expect(d.summary).toMatch(/^capi_components: variables: infrastructure-proxmox: value for variables \[PROXMOX_URL\] is not set/);
  });

  test('the dedicated Proxmox attribute satisfies the variable', async () => {
    const p = planned({ overrides_dir: o.dir, infrastructure_version: 'v0.9.1', proxmox_url: 'https://pve.example:8006' });
    const res = await components.plan!({ config: p, prior: null, planned: p, ctx: ctx() });
    expect(res && res.diagnostics).toEqual([]);
  });

  test('an unchanged configuration plans nothing and reads no files', async () => {
    const missingDir = '/nonexistent/overrides';
    const prior = planned({ overrides_dir: missingDir, repository_base_url: 'http://127.0.0.1:9', inventory: predictedInventory(planned() as ComponentsConfig), cert_manager_managed: false });
    const res = await components.plan!({ config: prior, prior, planned: prior, ctx: ctx() });
    expect(res).toEqual({ computed: { inventory: prior.inventory } });
  });

  test('objects that disappeared (seen by refresh) plan a re-apply', async () => {
    const inventory = predictedInventory(planned() as ComponentsConfig).map((i) => (i.name === 'bootstrap-talos' ? { ...i, missing_objects: 2 } : i));
    const prior = planned({ overrides_dir: fixtures, inventory, cert_manager_managed: false });
    const res = await components.plan!({ config: prior, prior, planned: prior, ctx: ctx() });
    expect(res && res.computed?.inventory).toEqual(predictedInventory(planned() as ComponentsConfig));
    expect(res && res.unknown).toEqual(['cert_manager_managed']);
  });

  test('unknown inputs (values from resources not created yet) skip the checks', async () => {
    const p = { ...planned(), proxmox_token: unknown() as unknown as string };
    const res = await components.plan!({ config: p, prior: null, planned: p, ctx: ctx() });
    expect(res).toBeUndefined();
  });
});

describe('inputs', () => {
  test('the variables map and the Proxmox attributes merge; the same name twice is an error', () => {
    const c = planned({ variables: { CAPMOX_LOGLEVEL: '2' }, proxmox_url: 'https://pve:8006', proxmox_secret: 's3cr3t-value' }) as ComponentsConfig;
    expect([...variablesOf(c)]).toEqual([
      ['CAPMOX_LOGLEVEL', '2'],
      ['PROXMOX_URL', 'https://pve:8006'],
      ['PROXMOX_SECRET', 's3cr3t-value'],
    ]);
    expect(() => variablesOf(planned({ variables: { PROXMOX_SECRET: 'a' }, proxmox_secret: 'b' }) as ComponentsConfig)).toThrow(/set both in variables and by proxmox_secret/);
  });

  test('sensitive values are removed from messages', () => {
    const redact = redactor(planned({ variables: { TOKEN_X: 'abcdef123' }, proxmox_secret: 's3cr3t-value' }) as ComponentsConfig);
    expect(redact('bad value "s3cr3t-value" and abcdef123')).toBe('bad value "(sensitive value)" and (sensitive value)');
  });

  test.each([
    ['300s', 300_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['5', undefined],
    ['m5', undefined],
  ])('duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('exec credentials', () => {
  const v1 = 'client.authentication.k8s.io/v1';
  test('token, certificate and expiry', () => {
    expect(parseExecCredential(JSON.stringify({ apiVersion: v1, kind: 'ExecCredential', status: { token: 't', expirationTimestamp: '2030-01-01T00:00:00Z' } }), v1, 'p')).toEqual({
      token: 't',
      certPem: undefined,
      keyPem: undefined,
      expiresAt: Date.parse('2030-01-01T00:00:00Z'),
    });
    expect(parseExecCredential(JSON.stringify({ apiVersion: v1, kind: 'ExecCredential', status: { clientCertificateData: 'C', clientKeyData: 'K' } }), v1, 'p').certPem).toBe('C');
  });

  test.each([
    ['nope', /did not print JSON/],
    [JSON.stringify({ apiVersion: v1, kind: 'Other' }), /printed kind Other/],
    [JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 't' } }), /the kubeconfig asked for/],
    [JSON.stringify({ apiVersion: v1, kind: 'ExecCredential', status: {} }), /neither a token nor a client certificate/],
  ])('rejects %s', (out, message) => {
    expect(() => parseExecCredential(out, v1, 'plugin')).toThrow(message);
  });
});
