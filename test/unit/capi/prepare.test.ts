/**
 * Preparing an install (files, contracts, variables, transformations) without a cluster: the
 * overrides directory and release downloads give the same result, and every problem is reported
 * at once, naming the provider, the URL or path, the variable, and the attribute to fix.
 */
import { createServer } from 'node:net';
import type { VersionAttribute } from '../../../providers/capi/components/catalog';
import { PrepareError, prepareInstall, type PrepareInput, type ProviderVersions } from '../../../providers/capi/components/prepare';
import { componentsFixtureDir, FIXTURE_VERSIONS } from './support/fixtures';
import { startReleaseServer, type ReleaseServer } from './support/release-server';
import { scratchOverrides, type ScratchOverrides } from './support/overrides';

const DEFAULTS: ProviderVersions = FIXTURE_VERSIONS;

function input(source: PrepareInput['source'], versions: Partial<Record<VersionAttribute, string>> = {}, variables: Record<string, string> = {}): PrepareInput {
  return { versions: { ...DEFAULTS, ...versions }, variables: new Map(Object.entries(variables)), imageOverrides: [], source };
}

async function problems(p: Promise<unknown>): Promise<PrepareError['problems']> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PrepareError) return err.problems;
    throw err;
  }
  throw new Error('expected a PrepareError');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

let fixtures: string;
beforeAll(async () => {
  fixtures = await componentsFixtureDir();
});

describe('from the overrides directory', () => {
  test('prepares the pinned set in install order with its contracts and no warnings', async () => {
    const prepared = await prepareInstall(input({ overridesDir: fixtures }));
    expect(prepared.providers.map((p) => [p.spec.manifestLabel, p.version, p.contract])).toEqual([
      ['cluster-api', 'v1.12.10', 'v1beta2'],
      ['bootstrap-talos', 'v0.6.12', 'v1beta1'],
      ['control-plane-talos', 'v0.5.12', 'v1beta1'],
      ['infrastructure-proxmox', 'v0.9.0', 'v1beta2'],
      ['ipam-in-cluster', 'v1.1.0-rc.2', 'v1beta2'],
    ]);
    expect(prepared.providers.map((p) => p.components.objects.length)).toEqual([26, 17, 17, 23, 21]);
    expect(prepared.providers.every((p) => p.origin.startsWith(fixtures))).toBe(true);
    expect(prepared.warnings).toEqual([]);
  });

  test('warns about variables no provider uses (typos)', async () => {
    const prepared = await prepareInstall(input({ overridesDir: fixtures }, {}, { PROXMOX_URl: 'x', CAPMOX_LOGLEVEL: '2' }));
    expect(prepared.warnings).toEqual(["variables not used by any provider's components (typo?): PROXMOX_URl"]);
  });
});

describe('from release downloads', () => {
  let server: ReleaseServer;
  beforeAll(async () => {
    server = await startReleaseServer(fixtures);
  });
  afterAll(() => server.close());

  test('gives the same objects as the overrides directory, following the asset redirect', async () => {
    const viaUrl = await prepareInstall(input({ repositoryBaseUrl: server.baseUrl }));
    const viaDir = await prepareInstall(input({ overridesDir: fixtures }));
    expect(viaUrl.providers.map((p) => p.components.objects)).toEqual(viaDir.providers.map((p) => p.components.objects));
    expect(viaUrl.providers[3].origin).toBe(`${server.baseUrl}/ionos-cloud/cluster-api-provider-proxmox/releases/download/v0.9.0/infrastructure-components.yaml`);
    expect(server.requests).toContain('/kubernetes-sigs/cluster-api/releases/download/v1.12.10/metadata.yaml');
    expect(server.requests).toContain('/assets/cluster-api/v1.12.10/core-components.yaml');
  });

  test('a release that does not exist is a 404 naming the URL, the provider and the attribute', async () => {
    const found = await problems(prepareInstall(input({ repositoryBaseUrl: server.baseUrl }, { bootstrap_version: 'v0.6.99' })));
    expect(found).toHaveLength(1);
    expect(found[0].attribute).toBe('bootstrap_version');
    expect(found[0].message).toBe(
      `bootstrap-talos v0.6.99: metadata.yaml: ${server.baseUrl}/siderolabs/cluster-api-bootstrap-provider-talos/releases/download/v0.6.99/metadata.yaml answered HTTP 404 Not Found; ` +
        'check that release v0.6.99 of siderolabs/cluster-api-bootstrap-provider-talos exists and publishes metadata.yaml',
    );
  });

  test('an override wins over the download; a missing override falls back to the URL and both are named on failure', async () => {
    const port = await closedPort();
    const found = await problems(prepareInstall(input({ overridesDir: fixtures, repositoryBaseUrl: `http://127.0.0.1:${port}` }, { ipam_version: 'v1.1.0' })));
    expect(found.map((p) => p.attribute)).toEqual(['ipam_version']);
    expect(found[0].message).toContain(
      `ipam-in-cluster v1.1.0: metadata.yaml: cannot download http://127.0.0.1:${port}/kubernetes-sigs/cluster-api-ipam-provider-in-cluster/releases/download/v1.1.0/metadata.yaml: ECONNREFUSED`,
    );
    expect(found[0].message).toContain(`(no override at ${fixtures}/ipam-in-cluster/v1.1.0/metadata.yaml)`);
  });
});

describe('problems found before anything changes', () => {
  let o: ScratchOverrides;
  beforeAll(async () => {
    o = await scratchOverrides();
    // Releases that do not suit the pinned core, made from the pinned files (only the version folder differs).
    o.addRelease('cluster-api', 'v1.12.10', 'v1.10.9', 'core-components.yaml');
    o.addRelease('bootstrap-talos', 'v0.6.12', 'v0.4.0', 'bootstrap-components.yaml');
    o.addRelease('bootstrap-talos', 'v0.6.12', 'v0.7.0', 'bootstrap-components.yaml');
    o.addRelease('ipam-in-cluster', 'v1.1.0-rc.2', 'v1.0.3', 'ipam-components.yaml');
    o.addRelease('control-plane-talos', 'v0.5.12', 'v0.5.99', 'control-plane-components.yaml', (t) =>
      t.replace('--diagnostics-address=${CAPI_DIAGNOSTICS_ADDRESS:=:8443}', '--region=${TALOS_REGION}'),
    );
    o.addRelease('infrastructure-proxmox', 'v0.9.0', 'v0.9.99', 'infrastructure-components.yaml', (t) =>
      t.replace('--v=${CAPMOX_LOGLEVEL:=0}', '--v=${CAPMOX_LOGLEVEL}\n        - --zone=${PROXMOX_ZONE}'),
    );
  });
  afterAll(() => o.remove());

  test('a core without the v1beta2 contract', async () => {
    const found = await problems(prepareInstall(input({ overridesDir: o.dir }, { core_version: 'v1.10.9' })));
    expect(found).toEqual([{ attribute: 'core_version', message: 'cluster-api v1.10.9 implements the v1beta1 contract; this project writes v1beta2 objects, so use Cluster API v1.11 or later' }]);
  });

  test('a provider on a contract the core does not accept', async () => {
    const found = await problems(prepareInstall(input({ overridesDir: o.dir }, { bootstrap_version: 'v0.4.0' })));
    expect(found).toEqual([{ attribute: 'bootstrap_version', message: 'bootstrap-talos v0.4.0 implements the v1alpha4 contract, while the core provider v1.12.10 accepts v1beta2, v1beta1' }]);
  });

  test('a version outside every release series of its metadata', async () => {
    const found = await problems(prepareInstall(input({ overridesDir: o.dir }, { bootstrap_version: 'v0.7.0' })));
    expect(found.map((p) => p.attribute)).toEqual(['bootstrap_version']);
    expect(found[0].message).toBe('bootstrap-talos v0.7.0 does not match any release series of its metadata.yaml (available: 0.2, 0.3, 0.4, 0.5, 0.6)');
  });

  test('CAPMOX v0.9 with an IPAM provider older than v1.1.0', async () => {
    const found = await problems(prepareInstall(input({ overridesDir: o.dir }, { ipam_version: 'v1.0.3' })));
    expect(found).toEqual([{ attribute: 'ipam_version', message: 'CAPMOX v0.9.0 needs the in-cluster IPAM provider v1.1.0 or later (its v1beta2 contract), got v1.0.3' }]);
  });

  test('missing variables of several providers are all reported, each naming its provider', async () => {
    const found = await problems(prepareInstall(input({ overridesDir: o.dir }, { control_plane_version: 'v0.5.99', infrastructure_version: 'v0.9.99' })));
    expect(found.map((p) => p.attribute)).toEqual(['variables', 'variables']);
    expect(found[0].message).toMatch(/^control-plane-talos: value for variables \[TALOS_REGION\] is not set/);
    expect(found[1].message).toMatch(/^infrastructure-proxmox: value for variables \[CAPMOX_LOGLEVEL, PROXMOX_ZONE\] is not set/);
    expect(found[1].message).toContain(`${o.dir}/infrastructure-proxmox/v0.9.99/infrastructure-components.yaml`);
    // Given values make the same release prepare.
    const ok = await prepareInstall(
      input({ overridesDir: o.dir }, { control_plane_version: 'v0.5.99', infrastructure_version: 'v0.9.99' }, { TALOS_REGION: 'eu', CAPMOX_LOGLEVEL: '4', PROXMOX_ZONE: 'z1' }),
    );
    const deployment = ok.providers[3].components.objects.find((x) => x.kind === 'Deployment')!;
    const args = (deployment.spec as { template: { spec: { containers: Array<{ args: string[] }> } } }).template.spec.containers[0].args;
    expect(args).toContain('--v=4');
    expect(args).toContain('--zone=z1');
  });

  test('malformed versions are reported per attribute', async () => {
    const found = await problems(prepareInstall(input({ overridesDir: o.dir }, { core_version: '1.12.11', ipam_version: 'latest' })));
    expect(found.map((p) => p.attribute)).toEqual(['core_version', 'ipam_version']);
  });
});
