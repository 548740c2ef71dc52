/**
 * A lab management cluster for the capi tests (real kube-apiserver, etcd, controller-manager,
 * scheduler and kwok from test/lab/k8s), plus the pieces of cert-manager the lab can have offline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLabBinaries, runKubectl, startLabCluster, type LabCluster } from '../../../lab/k8s';
import { loadKubeconfigFile } from '../../../../providers/capi/kube';
import { ManagementCluster } from '../../../../providers/capi/install/management-cluster';
import { prepareInstall } from '../../../../providers/capi/components/prepare';
import { installComponents } from '../../../../providers/capi/install/install';
import { ensureLabCapiBinaries, LAB_CAPI_VERSIONS, labCapiOverridesDir } from '../../../lab/capi';
import { installExternalCertManager, LAB_CERT_MANAGER_VERSION } from '../../../lab/capi/cert-manager';

export { installExternalCertManager, labCertManagerManifest, removeExternalCertManager } from '../../../lab/capi/cert-manager';

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
