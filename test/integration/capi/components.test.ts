/**
 * The Cluster API components install against a lab management cluster (real API server, CRD
 * schemas, controller-manager and kwok): everything from the pinned overrides is accepted, the
 * inventory is what clusterctl writes, a re-apply changes nothing, refresh sees drift, an
 * interrupted install converges on re-run, an upgrade replaces and prunes, destroy removes exactly
 * what was installed and refuses while custom resources exist, and foreign installs are left alone.
 */
import { readFileSync } from 'node:fs';
import { PROVIDERS, type VersionAttribute } from '../../../providers/capi/components/catalog';
import { CERT_MANAGER_VERSION_ANNOTATION } from '../../../providers/capi/components/cert-manager';
import { inventoryCrd, inventoryObject } from '../../../providers/capi/components/inventory';
import { prepareInstall, type PreparedInstall } from '../../../providers/capi/components/prepare';
import { processComponents } from '../../../providers/capi/components/transform';
import { describeObject, isAppliedBy, KubeUnreachableError, resourcePath, type KubeObject } from '../../../providers/capi/kube';
import { FIELD_MANAGER, ManagementCluster } from '../../../providers/capi/install/management-cluster';
import { installComponents, type InstallResult } from '../../../providers/capi/install/install';
import { observeInstall } from '../../../providers/capi/install/observe';
import { waitForCrdsEstablished } from '../../lab/k8s';
import { listOwnedObjects } from '../../../providers/capi/install/owned';
import { PreflightError } from '../../../providers/capi/install/preflight';
import { UninstallBlockedError, uninstallComponents } from '../../../providers/capi/install/uninstall';
import { scratchOverrides, type ScratchOverrides } from '../../unit/capi/support/overrides';
import { FIXTURE_VERSIONS, fixtureVersion } from '../../unit/capi/support/fixtures';
import { BUILD_TIMEOUT_MS, installExternalCertManager, kubectlOk, labCertManagerManifest, removeExternalCertManager, START_TIMEOUT_MS, startCapiLab, type CapiLab } from './support/lab';

// The install mechanics run on the shared fixtures' releases (the pinned set's are rendered by the lab build).
const DEFAULTS: Record<VersionAttribute, string> = { ...FIXTURE_VERSIONS };
const ALL_COMPONENTS = new Set([...PROVIDERS.map((p) => p.manifestLabel), 'cert-manager']);
const WAIT_MS = 120_000;

let lab: CapiLab;
let overrides: ScratchOverrides;
const progress: string[] = [];

function mgmt(): ManagementCluster {
  if (!lab) throw new Error('the lab did not start (see the beforeAll error)');
  return lab.mgmt;
}

async function prepared(versions: Partial<Record<VersionAttribute, string>> = {}, variables: Record<string, string> = {}): Promise<PreparedInstall> {
  return prepareInstall({ versions: { ...DEFAULTS, ...versions }, variables: new Map(Object.entries(variables)), imageOverrides: [], source: { overridesDir: overrides.dir } });
}

async function install(p: PreparedInstall, opts: { mode?: 'auto' | 'external'; certManagerVersion?: string; signal?: AbortSignal } = {}): Promise<InstallResult> {
  const version = opts.certManagerVersion ?? 'v1.21.1';
  return installComponents(mgmt(), {
    prepared: p,
    certManager: {
      mode: opts.mode ?? 'auto',
      version,
      prepare: async () => {
        const text = readFileSync(`${overrides.dir}/cert-manager/${version}/cert-manager.yaml`, 'utf8');
        return {
          ...processComponents({
            component: 'cert-manager',
            rawYaml: text,
            targetNamespace: 'cert-manager',
            variables: new Map(),
            imageOverrides: [],
            labels: { 'clusterctl.cluster.x-k8s.io': '', 'clusterctl.cluster.x-k8s.io/core': 'cert-manager' },
            annotations: { [CERT_MANAGER_VERSION_ANNOTATION]: version },
            verbatim: true,
          }),
          origin: 'lab overrides',
        };
      },
    },
    waitTimeoutMs: WAIT_MS,
    signal: opts.signal,
    progress: (m) => progress.push(m),
  });
}

async function live(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<KubeObject | null> {
  const resource = await mgmt().mapper.resolve(obj.apiVersion, obj.kind);
  return mgmt().client.getOptional<KubeObject>(resourcePath(resource, { namespace: obj.metadata.namespace, name: obj.metadata.name }));
}

/** resourceVersion of every object an install applied, keyed by description. */
async function versionsOf(result: InstallResult): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const ref of result.applied) {
    const obj = await live({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
    out[`${ref.kind} ${ref.namespace ?? ''}/${ref.name}`] = obj?.metadata.resourceVersion ?? 'missing';
  }
  return out;
}

beforeAll(async () => {
  overrides = await scratchOverrides('ptc-capi-it');
  lab = await startCapiLab('capi');
  await installExternalCertManager(lab.cluster);
}, BUILD_TIMEOUT_MS + START_TIMEOUT_MS);

afterAll(async () => {
  await lab?.stop();
  overrides?.remove();
}, 60_000);

describe('install from the pinned overrides', () => {
  let first: InstallResult;
  let p: PreparedInstall;

  test('applies every provider; the real API server and CRD schemas accept every object', async () => {
    p = await prepared();
    const started = Date.now();
    first = await install(p);
    process.stderr.write(`capi components install into the lab: ${Date.now() - started} ms\n`);
    expect(first.certManagerManaged).toBe(false);
    expect(first.warnings).toEqual([]);
    expect(first.pruned).toEqual([]);
    // inventory CRD + every provider object + one inventory entry per provider
    expect(first.applied).toHaveLength(1 + p.providers.reduce((n, x) => n + x.components.objects.length + 1, 0));
    for (const provider of p.providers) {
      for (const obj of provider.components.objects) {
        const got = await live(obj);
        expect(got).not.toBeNull();
        expect(got!.metadata.labels?.['clusterctl.cluster.x-k8s.io']).toBe('');
        expect(got!.metadata.labels?.['cluster.x-k8s.io/provider']).toBe(provider.spec.manifestLabel);
        expect(isAppliedBy(got!, FIELD_MANAGER)).toBe(true);
      }
    }
    expect(progress.some((m) => m.includes('cert-manager: its API answers'))).toBe(true);
  }, 300_000);

  test('the inventory is what clusterctl init writes for the same versions', async () => {
    const crd = (await mgmt().client.get<KubeObject & { status: { conditions: Array<{ type: string; status: string }> } }>(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/providers.clusterctl.cluster.x-k8s.io',
    ))!;
    expect(crd.metadata.labels).toEqual({ 'clusterctl.cluster.x-k8s.io/core': 'inventory' });
    expect(crd.status.conditions.find((c) => c.type === 'Established')?.status).toBe('True');
    const entries = await mgmt().client.list<KubeObject & Record<string, unknown>>('/apis/clusterctl.cluster.x-k8s.io/v1alpha3/providers');
    expect(entries).toHaveLength(PROVIDERS.length);
    for (const spec of PROVIDERS) {
      const expected = inventoryObject(spec, fixtureVersion(spec));
      const got = entries.find((e) => e.metadata.name === spec.manifestLabel && e.metadata.namespace === spec.namespace)!;
      expect(got).toBeDefined();
      expect(got.metadata.labels).toEqual(expected.metadata.labels);
      expect([got.providerName, got.type, got.version, got.watchedNamespace]).toEqual([expected.providerName, expected.type, expected.version, undefined]);
    }
  });

  test('every controller Deployment is Available', async () => {
    for (const spec of PROVIDERS) {
      const deployments = await mgmt().client.list<{ metadata: { name: string }; status: { conditions?: Array<{ type: string; status: string }> } }>(
        `/apis/apps/v1/namespaces/${spec.namespace}/deployments`,
      );
      expect(deployments.length).toBeGreaterThan(0);
      for (const d of deployments) expect(d.status.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
    }
  });

  test('a second apply changes nothing on the server', async () => {
    const before = await versionsOf(first);
    const again = await install(p);
    expect(again.pruned).toEqual([]);
    expect(await versionsOf(again)).toEqual(before);
  }, 120_000);

  test('refresh sees a deleted object; the next apply restores it', async () => {
    const deployment = p.providers[3].components.objects.find((o) => o.kind === 'Deployment')!;
    await mgmt().client.delete(resourcePath(await mgmt().mapper.resolve('apps/v1', 'Deployment'), { namespace: deployment.metadata.namespace, name: deployment.metadata.name }));
    await kubectlOk(lab.cluster, ['wait', '--for=delete', '--timeout=60s', '-n', deployment.metadata.namespace!, `deployment/${deployment.metadata.name}`]);
    const seen = await observeInstall(mgmt(), first.applied);
    expect(seen.providers.map((x) => [x.manifestLabel, x.version, x.missingObjects])).toEqual([
      ['cluster-api', 'v1.12.10', 0],
      ['bootstrap-talos', 'v0.6.12', 0],
      ['control-plane-talos', 'v0.5.12', 0],
      ['infrastructure-proxmox', 'v0.9.0', 1],
      ['ipam-in-cluster', 'v1.1.0-rc.2', 0],
    ]);
    await install(p);
    expect(await live(deployment)).not.toBeNull();
    expect((await observeInstall(mgmt(), first.applied)).providers.every((x) => x.missingObjects === 0)).toBe(true);
  }, 120_000);
});

describe('upgrade in place', () => {
  beforeAll(() => {
    // A synthesized next patch release of CABPT: new image, a Deployment selector change (immutable
    // field), one Service dropped and one ConfigMap added. Same metadata (0.6 -> v1beta1).
    const selector = [
      '  selector:',
      '    matchLabels:',
      '      cluster.x-k8s.io/provider: bootstrap-talos',
      '      control-plane: controller-manager',
      '  template:',
      '    metadata:',
      '      labels:',
      '        cluster.x-k8s.io/provider: bootstrap-talos',
      '        control-plane: controller-manager',
      '',
    ].join('\n');
    const newSelector = selector
      .replace('      control-plane: controller-manager\n  template', '      control-plane: controller-manager\n      release: v0-6-13\n  template')
      .replace(/ {8}control-plane: controller-manager\n$/, '        control-plane: controller-manager\n        release: v0-6-13\n');
    overrides.addRelease('bootstrap-talos', 'v0.6.12', 'v0.6.13', 'bootstrap-components.yaml', (t) => {
      if (!t.includes(selector)) throw new Error('the CABPT Deployment selector moved; update this test');
      return t
        .replace('cluster-api-talos-controller:v0.6.12', 'cluster-api-talos-controller:v0.6.13')
        .replace(selector, newSelector)
        .replace(
          // eslint-disable-next-line no-regex-spaces -- the manifest's YAML indentation, as written there
          /apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    cluster\.x-k8s\.io\/provider: bootstrap-talos\n    control-plane: controller-manager\n  name: cabpt-controller-manager-metrics-service[\s\S]*?---\n/,
          '',
        )
        .concat('---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cabpt-release-notes\n  namespace: cabpt-system\ndata:\n  release: v0.6.13\n');
    });
  });

  test('re-applies the new release, replaces what cannot be patched, prunes what it dropped and updates the inventory', async () => {
    const base = await install(await prepared());
    const untouched = Object.fromEntries(Object.entries(await versionsOf(base)).filter(([k]) => !k.includes('cabpt-system') && !k.includes('bootstrap-talos') && !k.includes('/cabpt-')));
    const result = await install(await prepared({ bootstrap_version: 'v0.6.13' }));
    expect(result.pruned).toEqual(['Service cabpt-system/cabpt-controller-manager-metrics-service']);
    const entry = await live({ apiVersion: 'clusterctl.cluster.x-k8s.io/v1alpha3', kind: 'Provider', metadata: { name: 'bootstrap-talos', namespace: 'cabpt-system' } });
    expect(entry?.version).toBe('v0.6.13');
    const deployment = (await live({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cabpt-controller-manager', namespace: 'cabpt-system' } })) as KubeObject & {
      spec: { selector: { matchLabels: Record<string, string> }; template: { spec: { containers: Array<{ image: string }> } } };
    };
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/siderolabs/cluster-api-talos-controller:v0.6.13');
    expect(deployment.spec.selector.matchLabels.release).toBe('v0-6-13');
    const notes = await live({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cabpt-release-notes', namespace: 'cabpt-system' } });
    expect(notes?.metadata.labels?.['cluster.x-k8s.io/provider']).toBe('bootstrap-talos');
    const after = await versionsOf(result);
    for (const [k, v] of Object.entries(untouched)) expect([k, after[k]]).toEqual([k, v]);
    // And back to the pinned release: the ConfigMap goes, the Service returns.
    const back = await install(await prepared());
    expect(back.pruned).toEqual(['ConfigMap cabpt-system/cabpt-release-notes']);
    expect(await live({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'cabpt-controller-manager-metrics-service', namespace: 'cabpt-system' } })).not.toBeNull();
  }, 300_000);
});

describe('an interrupted install', () => {
  test('converges when run again', async () => {
    await uninstallComponents(mgmt(), { includeCertManager: false, waitTimeoutMs: WAIT_MS, progress: (m) => progress.push(m) });
    const controller = new AbortController();
    const p = await prepared();
    const stopAt = progress.length;
    const interrupted = installComponents(mgmt(), {
      prepared: p,
      certManager: { mode: 'auto', version: 'v1.21.1', prepare: () => Promise.reject(new Error('not needed')) },
      waitTimeoutMs: WAIT_MS,
      signal: controller.signal,
      progress: (m) => {
        progress.push(m);
        if (m.startsWith('control-plane-talos') && m.includes('applying')) controller.abort();
      },
    });
    await expect(interrupted).rejects.toThrow(/cancelled/);
    expect(progress.slice(stopAt).some((m) => m.startsWith('ipam-in-cluster'))).toBe(false);
    const result = await install(p);
    expect(result.pruned).toEqual([]);
    const seen = await observeInstall(mgmt(), result.applied);
    expect(seen.providers.every((x) => x.version !== undefined && x.missingObjects === 0)).toBe(true);
  }, 300_000);
});

describe('destroy', () => {
  test('is refused, before anything is deleted, while custom resources of the installed CRDs exist', async () => {
    await kubectlOk(
      lab.cluster,
      ['apply', '--server-side', '--field-manager=user', '-f', '-'],
      JSON.stringify({ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster', metadata: { name: 'lab', namespace: 'default' }, spec: { paused: true } }),
    );
    const err = await uninstallComponents(mgmt(), { includeCertManager: false, waitTimeoutMs: WAIT_MS, progress: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UninstallBlockedError);
    expect((err as Error).message).toContain('1 custom resource(s) of their CRDs still exist (Cluster default/lab)');
    const { owned } = await listOwnedObjects(mgmt(), ALL_COMPONENTS);
    expect(owned.length).toBeGreaterThan(100);
    await kubectlOk(lab.cluster, ['delete', 'cluster.cluster.x-k8s.io/lab', '-n', 'default']);
  }, 120_000);

  test('removes exactly what the install created and nothing else', async () => {
    // Objects another tool made, carrying the same labels: never ours to delete.
    const foreignRole = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'someone-elses-role', labels: { 'clusterctl.cluster.x-k8s.io': '', 'cluster.x-k8s.io/provider': 'cluster-api' } },
      rules: [],
    };
    const foreignMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'someone-elses-config', namespace: 'default', labels: { 'clusterctl.cluster.x-k8s.io': '', 'cluster.x-k8s.io/provider': 'infrastructure-proxmox' } },
      data: { a: 'b' },
    };
    for (const obj of [foreignRole, foreignMap]) await kubectlOk(lab.cluster, ['apply', '--server-side', '--field-manager=someone-else', '-f', '-'], JSON.stringify(obj));
    const started = Date.now();
    const result = await uninstallComponents(mgmt(), { includeCertManager: false, waitTimeoutMs: WAIT_MS, progress: (m) => progress.push(m) });
    process.stderr.write(`capi components removal from the lab: ${Date.now() - started} ms\n`);
    expect(result.warnings).toEqual([]);
    expect((await listOwnedObjects(mgmt(), ALL_COMPONENTS)).owned).toEqual([]);
    for (const spec of PROVIDERS) expect(await mgmt().client.getOptional(`/api/v1/namespaces/${spec.namespace}`)).toBeNull();
    const crds = await mgmt().client.listMetadata('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    expect(
      crds
        .map((c) => c.metadata.name)
        .filter((n) => !n!.endsWith('cert-manager.io'))
        .sort(),
    ).toEqual([]);
    expect(crds.some((c) => c.metadata.name === 'certificates.cert-manager.io')).toBe(true);
    expect(await live(foreignRole)).not.toBeNull();
    expect(await live(foreignMap)).not.toBeNull();
    expect(result.deleted).toContain('CustomResourceDefinition providers.clusterctl.cluster.x-k8s.io');
  }, 300_000);
});

describe('cert-manager', () => {
  beforeAll(async () => {
    overrides.write('cert-manager', 'v1.21.1', 'cert-manager.yaml', await labCertManagerManifest('v1.21.1'));
    await removeExternalCertManager(lab.cluster);
  }, 120_000);

  test('external mode without cert-manager fails before anything is created', async () => {
    const err = await install(await prepared(), { mode: 'external' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^cert-manager's API does not answer on https:\/\/127\.0\.0\.1:\d+ \(the cert-manager.io API is not served \(its CRDs are missing\)\); install cert-manager first/,
    );
    expect((await listOwnedObjects(mgmt(), ALL_COMPONENTS)).owned).toEqual([]);
    expect(await mgmt().client.getOptional('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/providers.clusterctl.cluster.x-k8s.io')).toBeNull();
  }, 120_000);

  test('auto mode installs it first with clusterctl labels, keeps it on re-apply, and destroy removes it', async () => {
    const result = await install(await prepared());
    expect(result.certManagerManaged).toBe(true);
    const ns = await live({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cert-manager' } });
    expect(ns?.metadata.labels).toMatchObject({ 'clusterctl.cluster.x-k8s.io': '', 'clusterctl.cluster.x-k8s.io/core': 'cert-manager' });
    expect(ns?.metadata.annotations?.[CERT_MANAGER_VERSION_ANNOTATION]).toBe('v1.21.1');
    const order = progress.findIndex((m) => m.startsWith('cert-manager v1.21.1: applying'));
    expect(order).toBeGreaterThanOrEqual(0);
    expect(progress.findIndex((m, i) => i > order && m.startsWith('cluster-api v1.12.10: applying'))).toBeGreaterThan(order);
    const again = await install(await prepared());
    expect(again.certManagerManaged).toBe(true);
    expect(await versionsOf(again)).toEqual(await versionsOf(result));
    await uninstallComponents(mgmt(), { includeCertManager: true, waitTimeoutMs: WAIT_MS, progress: () => undefined });
    expect(await mgmt().client.getOptional('/api/v1/namespaces/cert-manager')).toBeNull();
    expect(await mgmt().client.getOptional('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/certificates.cert-manager.io')).toBeNull();
    expect((await listOwnedObjects(mgmt(), ALL_COMPONENTS)).owned).toEqual([]);
  }, 300_000);
});

describe('refusals', () => {
  test('a provider another tool installed (e.g. clusterctl) is not taken over', async () => {
    await installExternalCertManager(lab.cluster);
    const clusterctlCrd = inventoryCrd();
    await kubectlOk(lab.cluster, ['apply', '--server-side', '--field-manager=clusterctl', '-f', '-'], JSON.stringify(clusterctlCrd));
    await waitForCrdsEstablished(lab.cluster.kubeconfigPath, ['providers.clusterctl.cluster.x-k8s.io'], 60_000);
    await kubectlOk(lab.cluster, ['create', 'namespace', 'capi-system']);
    const entry = inventoryObject(PROVIDERS[0], 'v1.12.10');
    await kubectlOk(lab.cluster, ['apply', '--server-side', '--field-manager=clusterctl', '-f', '-'], JSON.stringify(entry));
    const err = await install(await prepared()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toBe(
      'cluster-api v1.12.10 is already installed by another tool (inventory capi-system/cluster-api, e.g. clusterctl init); remove it with clusterctl delete or use another management cluster',
    );
    expect((await listOwnedObjects(mgmt(), ALL_COMPONENTS)).owned.map((o) => describeObject(o.object))).toEqual([]);
  }, 120_000);

  test('an unreachable management cluster is named in the error', async () => {
    const access = { ...mgmt().client.access, server: 'https://127.0.0.1:1' };
    const dead = ManagementCluster.connect(access);
    const err = await installComponents(dead, {
      prepared: await prepared(),
      certManager: { mode: 'auto', version: 'v1.21.1', prepare: () => Promise.reject(new Error('unused')) },
      waitTimeoutMs: 5_000,
      progress: () => undefined,
    }).catch((e: unknown) => e);
    dead.close();
    expect(err).toBeInstanceOf(KubeUnreachableError);
    expect((err as Error).message).toBe('cannot reach the Kubernetes API server at https://127.0.0.1:1: connection refused (is the API server running and the address right?)');
  });
});
