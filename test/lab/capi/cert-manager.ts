/**
 * cert-manager in the lab's management clusters: the pinned release's CRDs installed as an
 * "externally managed" cert-manager (what the capi stage then finds and keeps), and a release
 * manifest with the same structure for an overrides directory. The CRDs come from
 * ../shared/fixtures beside the repository when present, else the pinned release file, downloaded
 * once into a local cache (never committed).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { CERT_MANAGER } from '../../../providers/capi/components/catalog';
import { readReleaseFile } from '../../../providers/capi/components/source';
import { kubectl, waitForCrdsEstablished, type LabCluster } from '../k8s';

/** The pinned cert-manager whose CRDs the lab installs as an "externally managed" cert-manager. */
export const LAB_CERT_MANAGER_VERSION = 'v1.21.1';

const SHARED_CRDS = resolve(__dirname, '../../../../shared/fixtures/crds/cert-manager');

function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'proxmox-talos-capi', 'fixtures');
}

/** cert-manager's CRDs (YAML text) at the lab's pinned version. */
export async function certManagerCrdsYaml(): Promise<string> {
  if (existsSync(SHARED_CRDS)) {
    return readdirSync(SHARED_CRDS)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => readFileSync(join(SHARED_CRDS, f), 'utf8'))
      .join('\n---\n');
  }
  const cached = join(cacheRoot(), 'cert-manager', LAB_CERT_MANAGER_VERSION, 'cert-manager.crds.yaml');
  if (!existsSync(cached)) {
    const fetched = await readReleaseFile({ component: CERT_MANAGER.label, repository: CERT_MANAGER.repository, version: LAB_CERT_MANAGER_VERSION, file: 'cert-manager.crds.yaml' });
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(cached, fetched.text);
  }
  return readFileSync(cached, 'utf8');
}

/** Installs cert-manager's CRDs as another tool would (an "externally managed" cert-manager). */
export async function installExternalCertManager(cluster: LabCluster): Promise<void> {
  await kubectl(cluster.kubeconfigPath, ['apply', '--server-side', '--field-manager=lab-cert-manager', '-f', '-'], { input: await certManagerCrdsYaml(), timeoutMs: 120_000 });
  await waitForCrdsEstablished(cluster.kubeconfigPath, ['certificates.cert-manager.io', 'issuers.cert-manager.io']);
}

export async function removeExternalCertManager(cluster: LabCluster): Promise<void> {
  await kubectl(cluster.kubeconfigPath, ['delete', '--wait=true', '-f', '-'], { input: await certManagerCrdsYaml(), timeoutMs: 120_000 });
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
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cert-manager-webhook', namespace: ns },
      spec: { ports: [{ name: 'https', port: 443, targetPort: 10250 }], selector: { 'app.kubernetes.io/name': 'cert-manager-webhook' } },
    },
  ];
  // As in the release, CRDs come after the namespace in the file; clusterctl sorts them first anyway.
  return `${stringify(docs[0])}---\n${await certManagerCrdsYaml()}\n---\n${docs
    .slice(1)
    .map((d) => stringify(d))
    .join('---\n')}`;
}
