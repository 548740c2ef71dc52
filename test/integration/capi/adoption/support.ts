/**
 * Lab for adoption tests: a management cluster with every fixture CRD installed (real schema
 * validation, admission webhooks off as in the lab), and a workload cluster running with the
 * fixture's Talos PKI and its five nodes registered through kwok with providerIDs.
 */
import { readFileSync } from 'node:fs';
import { createLogger } from '../../../../providers/runtime/logging';
import type { HandlerContext, Model } from '../../../../providers/runtime';
import { KubeClient, parseKubeconfig } from '../../../../providers/capi/kube';
import { kubeObjectClient, workloadClient } from '../../../../providers/capi/adoption/context';
import type { AdoptionProviderContext, KubeObject, KubeObjectClient } from '../../../../providers/capi/adoption/kube';
import type { RawAdoptionInput } from '../../../../providers/capi/resources/cluster-adoption/input';
import type { adoptionSchema } from '../../../../providers/capi/resources/cluster-adoption/schema';
import { ensureLabBinaries, kubectl, labClusterPkiFromTalosCerts, startLabCluster, waitForCrdsEstablished, type LabCluster } from '../../../lab/k8s';
import { listCrdFixtures, makeBaseDir, removeBaseDir, START_TIMEOUT_MS } from '../../lab/k8s/lab-support';
import { clusterFixture, KUBERNETES_VERSION, NODES, TALOS_VERSION, type ClusterFixture } from '../../../unit/capi/adoption/fixtures';

export { BUILD_TIMEOUT_MS, START_TIMEOUT_MS } from '../../lab/k8s/lab-support';

export interface AdoptionLab {
  readonly mgmt: LabCluster;
  readonly workload: LabCluster;
  readonly fixture: ClusterFixture;
  readonly workloadKubeconfig: string;
  /** The production adapter over the provider's own Kubernetes client. */
  readonly mgmtClient: KubeObjectClient;
  stop(): Promise<void>;
}

/** Starts both clusters, installs the CRDs and registers the nodes. */
export async function startAdoptionLab(prefix: string, hosts: { mgmt: string; workload: string }): Promise<AdoptionLab> {
  await ensureLabBinaries();
  const fixture = await clusterFixture();
  const baseDir = makeBaseDir(prefix);
  let mgmt: LabCluster | undefined;
  let workload: LabCluster | undefined;
  try {
    [mgmt, workload] = await Promise.all([
      startLabCluster({ name: `${prefix}-mgmt`, role: 'management', baseDir, host: hosts.mgmt, startTimeoutMs: START_TIMEOUT_MS - 10_000 }),
      startLabCluster({
        name: `${prefix}-wl`,
        role: 'workload',
        baseDir,
        host: hosts.workload,
        pki: labClusterPkiFromTalosCerts(fixture.bundle.certs),
        startTimeoutMs: START_TIMEOUT_MS - 10_000,
      }),
    ]);
    const fixtures = listCrdFixtures();
    for (const file of new Set(fixtures.map((f) => f.file))) {
      await kubectl(mgmt.kubeconfigPath, ['apply', '--server-side', '--field-manager=ptc-lab-test', '-f', file], { timeoutMs: 120_000 });
    }
    await waitForCrdsEstablished(
      mgmt.kubeconfigPath,
      fixtures.map((f) => f.name),
    );
    await workload.registerNodes(
      NODES.map((n) => ({
        name: n.name!,
        providerID: `proxmox://${n.smbios_uuid}`,
        addresses: [
          { type: 'InternalIP' as const, address: n.ip! },
          { type: 'Hostname' as const, address: n.name! },
        ],
        kubeletVersion: KUBERNETES_VERSION,
        osImage: `Talos (${TALOS_VERSION})`,
        controlPlane: n.role === 'controlplane',
      })),
    );
    const mgmtAccess = parseKubeconfig({ text: readFileSync(mgmt.kubeconfigPath, 'utf8'), origin: 'lab management kubeconfig' });
    const kube = new KubeClient(mgmtAccess, { userAgent: 'ptc-capi-adoption-test' });
    const m = mgmt;
    const w = workload;
    return {
      mgmt: m,
      workload: w,
      fixture,
      workloadKubeconfig: readFileSync(w.kubeconfigPath, 'utf8'),
      mgmtClient: kubeObjectClient(kube),
      async stop() {
        kube.close();
        await Promise.all([m.stop(), w.stop()]);
        removeBaseDir(baseDir);
      },
    };
  } catch (err) {
    await Promise.all([mgmt?.stop(), workload?.stop()]);
    removeBaseDir(baseDir);
    throw err;
  }
}

/** Wraps a client to record every write, in order. */
export function recording(inner: KubeObjectClient): { client: KubeObjectClient; writes: string[] } {
  const writes: string[] = [];
  const name = (o: { kind: string; name: string }) => `${o.kind}/${o.name}`;
  return {
    writes,
    client: {
      get: (k) => inner.get(k),
      list: (a, k, o) => inner.list(a, k, o),
      async apply(object, options) {
        writes.push(`apply ${name({ kind: object.kind, name: object.metadata.name })}`);
        return inner.apply(object, options);
      },
      async applyStatus(object, options) {
        writes.push(`status ${name({ kind: object.kind, name: object.metadata.name })}`);
        return inner.applyStatus(object, options);
      },
      async mergePatch(key, patch) {
        writes.push(`patch ${name(key)}`);
        return inner.mergePatch(key, patch);
      },
      async delete(key, options) {
        writes.push(`delete ${name(key)}`);
        return inner.delete(key, options);
      },
    },
  };
}

export function providerContext(lab: AdoptionLab, mgmt: KubeObjectClient = lab.mgmtClient): AdoptionProviderContext {
  return { management: async () => mgmt, workload: async (kubeconfig) => workloadClient(kubeconfig) };
}

export interface TestHandlerContext extends HandlerContext<AdoptionProviderContext> {
  readonly warnings: string[];
}

export function handlerContext(provider: AdoptionProviderContext): TestHandlerContext {
  const warnings: string[] = [];
  return {
    provider,
    signal: new AbortController().signal,
    log: createLogger('adoption-test', 'warn', () => undefined),
    warn: (summary: string) => warnings.push(summary),
    warnings,
  };
}

type AdoptionModel = Model<typeof adoptionSchema>;

/** A full Terraform model (defaults filled, computed unknown as null) for the raw input. */
export function modelOf(raw: RawAdoptionInput, overrides: Record<string, unknown> = {}): AdoptionModel {
  return {
    id: null,
    namespace: null,
    control_plane_endpoint_port: 6443,
    pod_cidrs: ['10.244.0.0/16'],
    service_cidrs: ['10.96.0.0/12'],
    service_domain: 'cluster.local',
    config_patches: [],
    control_plane_patches: [],
    worker_patches: [],
    control_plane_replicas: null,
    worker_replicas: null,
    control_plane_rollout_strategy: 'OnDelete',
    worker_rollout_strategy: 'OnDelete',
    on_destroy: 'detach',
    adoption_timeout_seconds: 0,
    destroy_timeout_seconds: 60,
    phase: null,
    paused: null,
    cluster_uid: null,
    adoption_confirmed: null,
    machines: null,
    drift: null,
    ...raw,
    ...overrides,
  } as unknown as AdoptionModel;
}

export function spec(o: KubeObject | null | undefined): Record<string, any> {
  return (o?.spec ?? {}) as Record<string, any>;
}
