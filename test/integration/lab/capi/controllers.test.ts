/**
 * The real Cluster API managers (core, CABPT, CACPPT, CAPMOX, in-cluster IPAM, built from the Go
 * module proxy) run as local processes against a lab management cluster whose API server has
 * admission webhooks on: the components are installed by the product's install library from the
 * lab's overrides, every manager reports healthy, conversion and admission webhooks answer for
 * real (a v1beta2 Cluster reads as v1beta1, invalid objects are denied by the webhooks), a
 * re-install while they run keeps working, startup logs have no errors, and stop leaves nothing.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { loadKubeconfigFile } from '../../../../providers/capi/kube';
import { prepareInstall, type PreparedInstall } from '../../../../providers/capi/components/prepare';
import { installComponents } from '../../../../providers/capi/install/install';
import { ManagementCluster } from '../../../../providers/capi/install/management-cluster';
import { ensureLabBinaries, startLabCluster, type LabCluster } from '../../../lab/k8s';
import {
  ensureLabCapiBinaries,
  INJECT_CA_FROM,
  LAB_CAPI_MANAGERS,
  LAB_CAPI_VERSIONS,
  labCapiOverridesDir,
  startLabCapiControllers,
  startWebhookEgress,
  type LabCapiControllers,
  type WebhookEgress,
} from '../../../lab/capi';
import { installExternalCertManager } from '../../capi/support/lab';
import { BUILD_TIMEOUT_MS, makeBaseDir, removeBaseDir } from '../k8s/lab-support';

const START_MS = 300_000;
const WAIT_MS = 180_000;

let baseDir: string | undefined;
let egress: WebhookEgress | undefined;
let cluster: LabCluster | undefined;
let mgmt: ManagementCluster | undefined;
let controllers: LabCapiControllers | undefined;
let prepared: PreparedInstall | undefined;
const progress: string[] = [];

function ctl(): LabCapiControllers {
  if (!controllers) throw new Error('the managers did not start (see the beforeAll error)');
  return controllers;
}

function lab(): LabCluster {
  if (!cluster) throw new Error('the management cluster did not start (see the beforeAll error)');
  return cluster;
}

async function install(): Promise<void> {
  await installComponents(mgmt!, {
    prepared: prepared!,
    certManager: {
      mode: 'external',
      version: 'v1.21.1',
      prepare: () => Promise.reject(new Error('external cert-manager: nothing to install')),
    },
    waitTimeoutMs: WAIT_MS,
    progress: (m) => progress.push(m),
  });
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: 10_000, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A v1beta2 Cluster the core webhooks accept (they require an infrastructure or control-plane reference). */
function clusterBody(name: string): Record<string, unknown> {
  return {
    apiVersion: 'cluster.x-k8s.io/v1beta2',
    kind: 'Cluster',
    metadata: { name, namespace: 'default' },
    spec: {
      clusterNetwork: { pods: { cidrBlocks: ['10.244.0.0/16'] }, services: { cidrBlocks: ['10.96.0.0/12'] } },
      controlPlaneEndpoint: { host: '10.0.0.10', port: 6443 },
      infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'ProxmoxCluster', name },
    },
  };
}

/** The message of a Status answer (the API server's words, not JSON-escaped). */
function statusMessage(body: string): string {
  return (JSON.parse(body) as { message?: string }).message ?? body;
}

/** The managers' logs and the proxy's refusals, appended to a failing assertion. */
async function withContext<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    (err as Error).message += `\nmanagers:\n${controllers?.describe() ?? '(not started)'}\nproblems: ${JSON.stringify(controllers?.problems() ?? [])}`;
    throw err;
  }
}

beforeAll(async () => {
  await ensureLabBinaries();
  await ensureLabCapiBinaries();
}, BUILD_TIMEOUT_MS);

beforeAll(async () => {
  baseDir = makeBaseDir('capi-ctl');
  egress = await startWebhookEgress(baseDir);
  cluster = await startLabCluster({
    name: 'capi-ctl',
    role: 'management',
    baseDir,
    disableAdmissionWebhooks: false,
    extraApiServerArgs: egress.apiServerArgs,
    startTimeoutMs: 120_000,
  });
  mgmt = ManagementCluster.connect(loadKubeconfigFile(cluster.kubeconfigPath));
  await installExternalCertManager(cluster);
  const overridesDir = await labCapiOverridesDir(await ensureLabCapiBinaries());
  prepared = await prepareInstall({ versions: LAB_CAPI_VERSIONS, variables: new Map(), imageOverrides: [], source: { overridesDir } });
  await install();
  controllers = await startLabCapiControllers({
    kubeconfigPath: cluster.kubeconfigPath,
    dir: baseDir,
    egress,
    identityCa: cluster.pki.kubernetesCa,
  });
}, START_MS);

afterAll(async () => {
  await controllers?.stop();
  mgmt?.close();
  await cluster?.stop();
  await egress?.close();
  removeBaseDir(baseDir);
}, 60_000);

describe('lab Cluster API managers', () => {
  test('every manager answers /healthz, /readyz and /metrics on loopback', async () => {
    await withContext(async () => {
      expect(
        ctl()
          .managers.map((m) => m.name)
          .sort(),
      ).toEqual(LAB_CAPI_MANAGERS.map((m) => m.name).sort());
      for (const m of ctl().managers) {
        expect(m.running).toBe(true);
        expect(m.healthUrl).toMatch(/^http:\/\/127\.\d+\.\d+\.\d+:\d+$/);
        expect(await httpGet(`${m.healthUrl}/healthz`)).toMatchObject({ status: 200 });
        expect(await httpGet(`${m.healthUrl}/readyz`)).toMatchObject({ status: 200 });
        const metrics = await httpGet(`${m.metricsUrl}/metrics`);
        expect(metrics.status).toBe(200);
        expect(metrics.body).toContain('controller_runtime_');
      }
    });
  });

  test('the managers logged no errors while starting (before any test object exists)', async () => {
    await withContext(async () => {
      for (const m of ctl().managers) expect({ manager: m.name, errors: ctl().errorLines(m.name) }).toEqual({ manager: m.name, errors: [] });
      expect(ctl().problems()).toEqual([]);
    });
  });

  test('the lab CA is injected into every conversion and webhook configuration the providers annotate', async () => {
    await withContext(async () => {
      const caBundle = Buffer.from(ctl().webhookCa.certPem).toString('base64');
      const c = lab().client();
      const annotated = <T extends { metadata: { annotations?: Record<string, string> } }>(items: T[]): T[] => items.filter((o) => o.metadata.annotations?.[INJECT_CA_FROM] !== undefined);
      type Hooks = { metadata: { name: string; annotations?: Record<string, string> }; webhooks: Array<{ clientConfig: { caBundle?: string; service?: unknown; url?: string } }> };
      let hooks = 0;
      for (const kind of ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']) {
        const list = await c.get<{ items: Hooks[] }>(`/apis/admissionregistration.k8s.io/v1/${kind}`);
        for (const obj of annotated(list.items)) {
          for (const hook of obj.webhooks) {
            hooks++;
            expect({ name: obj.metadata.name, caBundle: hook.clientConfig.caBundle }).toEqual({ name: obj.metadata.name, caBundle });
            // The installed Service reference is kept: nothing but caBundle changes.
            expect(hook.clientConfig.service).toBeDefined();
            expect(hook.clientConfig.url).toBeUndefined();
          }
        }
      }
      type Crd = { metadata: { name: string; annotations?: Record<string, string> }; spec: { conversion?: { strategy: string; webhook?: { clientConfig?: { caBundle?: string } } } } };
      const crds = annotated((await c.get<{ items: Crd[] }>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions')).items).filter((d) => d.spec.conversion?.strategy === 'Webhook');
      for (const crd of crds) expect({ name: crd.metadata.name, caBundle: crd.spec.conversion?.webhook?.clientConfig?.caBundle }).toEqual({ name: crd.metadata.name, caBundle });
      expect(hooks).toBeGreaterThan(20);
      expect(crds.length).toBeGreaterThan(15);
    });
  });

  test('conversion webhooks: a v1beta2 Cluster reads as v1beta1 (and the core controller reconciles it), a v1alpha2 ProxmoxCluster as v1alpha1', async () => {
    await withContext(async () => {
      const c = lab().client();
      await c.create('/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters', clusterBody('conv'));
      const old = await c.get<{
        apiVersion: string;
        spec: { clusterNetwork: { pods: { cidrBlocks: string[] } }; controlPlaneEndpoint: { host: string; port: number }; infrastructureRef?: Record<string, string> };
      }>('/apis/cluster.x-k8s.io/v1beta1/namespaces/default/clusters/conv');
      expect(old.apiVersion).toBe('cluster.x-k8s.io/v1beta1');
      expect(old.spec.clusterNetwork.pods.cidrBlocks).toEqual(['10.244.0.0/16']);
      expect(old.spec.controlPlaneEndpoint).toEqual({ host: '10.0.0.10', port: 6443 });
      // v1beta2's {apiGroup, kind, name} becomes v1beta1's ObjectReference with an apiVersion.
      expect(old.spec.infrastructureRef).toMatchObject({ kind: 'ProxmoxCluster', name: 'conv', apiVersion: expect.stringMatching(/^infrastructure\.cluster\.x-k8s\.io\/v1/) });
      // The core Cluster controller (a real one now) adds its finalizer.
      const deadline = Date.now() + 60_000;
      let finalizers: string[] = [];
      while (Date.now() < deadline) {
        finalizers = (await c.get<{ metadata: { finalizers?: string[] } }>('/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters/conv')).metadata.finalizers ?? [];
        if (finalizers.length > 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(finalizers).toContain('cluster.cluster.x-k8s.io');

      // CAPMOX's conversion webhook: a v1alpha2 ProxmoxCluster reads as the deprecated v1alpha1.
      await c.create('/apis/infrastructure.cluster.x-k8s.io/v1alpha2/namespaces/default/proxmoxclusters', {
        apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2',
        kind: 'ProxmoxCluster',
        metadata: { name: 'conv', namespace: 'default' },
        spec: {
          controlPlaneEndpoint: { host: '10.0.0.5', port: 6443 },
          ipv4Config: { addresses: ['10.0.0.10-10.0.0.20'], prefix: 24, gateway: '10.0.0.1' },
          dnsServers: ['10.0.0.1'],
        },
      });
      const pmx = await c.get<{ apiVersion: string; spec: { controlPlaneEndpoint: unknown; ipv4Config?: { addresses: string[] } } }>(
        '/apis/infrastructure.cluster.x-k8s.io/v1alpha1/namespaces/default/proxmoxclusters/conv',
      );
      expect(pmx.apiVersion).toBe('infrastructure.cluster.x-k8s.io/v1alpha1');
      expect(pmx.spec.controlPlaneEndpoint).toEqual({ host: '10.0.0.5', port: 6443 });
      expect(pmx.spec.ipv4Config?.addresses).toEqual(['10.0.0.10-10.0.0.20']);
    });
  });

  test("each provider's validating webhook denies an invalid object that its CRD schema accepts", async () => {
    await withContext(async () => {
      const c = lab().client();
      // Core: spec.topology needs the ClusterTopology feature gate, which the install leaves off.
      const topology = await c.raw('POST', '/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters', {
        body: {
          apiVersion: 'cluster.x-k8s.io/v1beta2',
          kind: 'Cluster',
          metadata: { name: 'with-topology', namespace: 'default' },
          spec: { topology: { classRef: { name: 'missing' }, version: 'v1.36.3' } },
        },
      });
      expect(topology.status).toBe(422);
      expect(statusMessage(topology.body)).toMatch(/^admission webhook "validation\.cluster\.cluster\.x-k8s\.io" denied the request: .*ClusterTopology/);

      // IPAM: a pool address that is no IP, range or CIDR.
      const pool = (addresses: string[], name: string) => ({
        apiVersion: 'ipam.cluster.x-k8s.io/v1alpha2',
        kind: 'InClusterIPPool',
        metadata: { name, namespace: 'default' },
        spec: { addresses, prefix: 24, gateway: '10.0.0.1' },
      });
      const bad = await c.raw('POST', '/apis/ipam.cluster.x-k8s.io/v1alpha2/namespaces/default/inclusterippools', { body: pool(['10.0.0.300'], 'bad') });
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(statusMessage(bad.body)).toMatch(/^admission webhook "[^"]*inclusterippool[^"]*" denied the request: /);
      const good = await c.raw('POST', '/apis/ipam.cluster.x-k8s.io/v1alpha2/namespaces/default/inclusterippools', { body: pool(['10.0.0.10-10.0.0.20'], 'good') });
      expect(good.status).toBe(201);

      // CAPMOX: the control-plane endpoint (the VIP) inside the machines' IP pool.
      const proxmox = await c.raw('POST', '/apis/infrastructure.cluster.x-k8s.io/v1alpha2/namespaces/default/proxmoxclusters', {
        body: {
          apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2',
          kind: 'ProxmoxCluster',
          metadata: { name: 'vip-in-pool', namespace: 'default' },
          spec: {
            controlPlaneEndpoint: { host: '10.0.0.15', port: 6443 },
            ipv4Config: { addresses: ['10.0.0.10-10.0.0.20'], prefix: 24, gateway: '10.0.0.1' },
            dnsServers: ['10.0.0.1'],
          },
        },
      });
      expect(proxmox.status).toBeGreaterThanOrEqual(400);
      expect(statusMessage(proxmox.body)).toMatch(/^admission webhook "[^"]*proxmoxcluster[^"]*" denied the request: .*may not contain the endpoint IP/);

      // CABPT: a hostname source that is neither MachineName nor InfrastructureName.
      const talos = await c.raw('POST', '/apis/bootstrap.cluster.x-k8s.io/v1alpha3/namespaces/default/talosconfigs', {
        body: {
          apiVersion: 'bootstrap.cluster.x-k8s.io/v1alpha3',
          kind: 'TalosConfig',
          metadata: { name: 'bad-hostname', namespace: 'default' },
          spec: { generateType: 'controlplane', talosVersion: 'v1.13', hostname: { source: 'Bogus' } },
        },
      });
      expect(talos.status).toBeGreaterThanOrEqual(400);
      expect(statusMessage(talos.body)).toMatch(/^admission webhook "[^"]*talosconfig[^"]*" denied the request: .*hostname\.source/);

      // CACPPT: a rollout strategy that is neither RollingUpdate nor OnDelete.
      const tcp = await c.raw('POST', '/apis/controlplane.cluster.x-k8s.io/v1alpha3/namespaces/default/taloscontrolplanes', {
        body: {
          apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha3',
          kind: 'TalosControlPlane',
          metadata: { name: 'bad-rollout', namespace: 'default' },
          spec: {
            version: 'v1.36.3',
            replicas: 1,
            infrastructureTemplate: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2', kind: 'ProxmoxMachineTemplate', name: 'cp' },
            controlPlaneConfig: { controlplane: { generateType: 'controlplane', talosVersion: 'v1.13' } },
            rolloutStrategy: { type: 'Sideways' },
          },
        },
      });
      expect(tcp.status).toBeGreaterThanOrEqual(400);
      expect(statusMessage(tcp.body)).toMatch(/^admission webhook "[^"]*taloscontrolplane[^"]*" denied the request: .*rolloutStrategy/);
    });
  });

  test('a re-install of the components while the managers run succeeds and keeps the webhooks working', async () => {
    await withContext(async () => {
      await install();
      const pass = await ctl().injectNow();
      expect(pass.pending).toEqual([]);
      const c = lab().client();
      await c.create('/apis/cluster.x-k8s.io/v1beta2/namespaces/default/clusters', clusterBody('after-reinstall'));
      expect((await c.get<{ apiVersion: string }>('/apis/cluster.x-k8s.io/v1beta1/namespaces/default/clusters/after-reinstall')).apiVersion).toBe('cluster.x-k8s.io/v1beta1');
    });
  });

  test('stop ends every manager process and its listeners', async () => {
    const managers = ctl().managers.map((m) => ({ ...m }));
    await ctl().stop();
    for (const m of managers) {
      expect(() => process.kill(-m.pid, 0)).toThrow(/ESRCH/);
      await expect(httpGet(`${m.healthUrl}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    }
    expect(ctl().managers.every((m) => !m.running)).toBe(true);
    // The logs stay for inspection.
    for (const m of managers) expect(readFileSync(m.logPath, 'utf8').length).toBeGreaterThan(0);
  });
});
