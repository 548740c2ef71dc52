/**
 * A lab management cluster for the capi tests (real kube-apiserver, etcd, controller-manager,
 * scheduler and kwok from test/lab/k8s), plus the pieces of cert-manager the lab can have offline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ensureLabBinaries, runKubectl, startLabCluster, waitForCrdsEstablished, type LabCluster } from '../../../lab/k8s';
import { loadKubeconfigFile } from '../../../../providers/capi/kube';
import { ManagementCluster } from '../../../../providers/capi/install/management-cluster';
import { certManagerCrdsYaml, LAB_CERT_MANAGER_VERSION } from '../../../unit/capi/support/fixtures';
import { prepareInstall } from '../../../../providers/capi/components/prepare';
import { installComponents } from '../../../../providers/capi/install/install';
import { ensureLabCapiBinaries, LAB_CAPI_VERSIONS, labCapiOverridesDir } from '../../../lab/capi';

/** A cold build of the lab binaries may take this long (see test/lab/k8s/build.sh). */
export const BUILD_TIMEOUT_MS = 60 * 60_000;
export const START_TIMEOUT_MS = 240_000;

export interface CapiLab {
  readonly cluster: LabCluster;
  readonly mgmt: ManagementCluster;
  stop(): Promise<void>;
}

export async function startCapiLab(name: string): Promise<CapiLab> {
  await ensureLabBinaries();
  const baseDir = mkdtempSync(join(tmpdir(), `ptc-capi-${name}-`));
  const cluster = await startLabCluster({ name, role: 'management', baseDir, startTimeoutMs: START_TIMEOUT_MS - 20_000 });
  const mgmt = ManagementCluster.connect(loadKubeconfigFile(cluster.kubeconfigPath));
  return {
    cluster,
    mgmt,
    async stop() {
      mgmt.close();
      await cluster.stop();
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

/** kubectl against the lab, failing with its stderr. */
export async function kubectlOk(cluster: LabCluster, args: string[], input?: string): Promise<string> {
  const res = await runKubectl(cluster.kubeconfigPath, args, { input, timeoutMs: 120_000 });
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout;
}

/** Installs cert-manager's CRDs as another tool would (an "externally managed" cert-manager). */
export async function installExternalCertManager(cluster: LabCluster): Promise<void> {
  await kubectlOk(cluster, ['apply', '--server-side', '--field-manager=lab-cert-manager', '-f', '-'], await certManagerCrdsYaml());
  await waitForCrdsEstablished(cluster.kubeconfigPath, ['certificates.cert-manager.io', 'issuers.cert-manager.io']);
}

export async function removeExternalCertManager(cluster: LabCluster): Promise<void> {
  await kubectlOk(cluster, ['delete', '--wait=true', '-f', '-'], await certManagerCrdsYaml());
}

/**
 * A cert-manager release manifest for the lab's overrides directory: the pinned CRDs plus the
 * namespace, service accounts and the three Deployments cert-manager.yaml has (kwok runs them).
 * The real cert-manager.yaml is not available offline; this keeps its structure.
 */
export async function labCertManagerManifest(version: string): Promise<string> {
  const ns = 'cert-manager';
  const deployment = (name: string, image: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app: name, 'app.kubernetes.io/name': name, 'app.kubernetes.io/version': version } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: { app: name, 'app.kubernetes.io/name': name } },
        spec: { serviceAccountName: name, containers: [{ name: name.replace(/^cert-manager-?/, '') || 'cert-manager-controller', image: `quay.io/jetstack/${image}:${version}` }] },
      },
    },
  });
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    ...['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook'].map((n) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: n, namespace: ns } })),
    deployment('cert-manager-cainjector', 'cert-manager-cainjector'),
    deployment('cert-manager', 'cert-manager-controller'),
    deployment('cert-manager-webhook', 'cert-manager-webhook'),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cert-manager-webhook', namespace: ns }, spec: { ports: [{ name: 'https', port: 443, targetPort: 10250 }], selector: { 'app.kubernetes.io/name': 'cert-manager-webhook' } } },
  ];
  // As in the release, CRDs come after the namespace in the file; clusterctl sorts them first anyway.
  return `${stringify(docs[0])}---\n${await certManagerCrdsYaml()}\n---\n${docs.slice(1).map((d) => stringify(d)).join('---\n')}`;
}

/**
 * What the capi stage installs on the lab's management cluster, without Terraform: cert-manager's
 * CRDs as an external cert-manager, then the pinned components the lab build rendered.
 */
export async function installPinnedComponents(cluster: LabCluster): Promise<void> {
  await installExternalCertManager(cluster);
  const mgmt = ManagementCluster.connect(loadKubeconfigFile(cluster.kubeconfigPath));
  try {
    const overridesDir = await labCapiOverridesDir(await ensureLabCapiBinaries());
    await installComponents(mgmt, {
      prepared: await prepareInstall({ versions: LAB_CAPI_VERSIONS, variables: new Map(), imageOverrides: [], source: { overridesDir } }),
      certManager: { mode: 'external', version: LAB_CERT_MANAGER_VERSION, prepare: () => Promise.reject(new Error('external cert-manager: nothing to install')) },
      waitTimeoutMs: 180_000,
      progress: () => undefined,
    });
  } finally {
    mgmt.close();
  }
}
