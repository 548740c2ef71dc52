/**
 * cert-manager before the providers (their webhooks get serving certificates from it): reuse a
 * cert-manager whose API answers (clusterctl's probe), otherwise install the pinned release and
 * wait until its API answers. A cert-manager we installed earlier is re-applied, so its version
 * follows `cert_manager_version`.
 */
import { isAppliedBy, resourcePath, UnknownKindError, KubeApiError, type KubeObject } from '../kube';
import { CERT_MANAGER } from '../components/catalog';
import { CERT_MANAGER_LABEL_VALUE, certManagerProbeObjects } from '../components/cert-manager';
import { CLUSTERCTL_CORE_LABEL, type ProcessedComponents } from '../components/transform';
import { applyInOrder, applyObject, type AppliedObject } from './apply';
import { FIELD_MANAGER, type ManagementCluster, type Progress } from './management-cluster';
import { pollUntilDone, waitForDeletion, waitForDeploymentsAvailable } from './wait';

export type CertManagerMode = 'auto' | 'external';

export interface CertManagerRequest {
  readonly mode: CertManagerMode;
  readonly version: string;
  /** Fetches and processes the release manifest (only called when we install or upgrade it). */
  readonly prepare: () => Promise<ProcessedComponents & { origin: string }>;
  readonly waitTimeoutMs: number;
  readonly signal?: AbortSignal;
  readonly progress: Progress;
}

export interface CertManagerOutcome {
  /** True when cert-manager is ours (installed and kept by this resource). */
  readonly managed: boolean;
  readonly applied: readonly AppliedObject[];
}

/** True when the cert-manager namespace was written by us with clusterctl's cert-manager label. */
export async function certManagerIsOurs(mgmt: ManagementCluster, signal?: AbortSignal): Promise<boolean> {
  const ns = await mgmt.client.getOptional<KubeObject>(`/api/v1/namespaces/${CERT_MANAGER.namespace}`, signal);
  return !!ns && ns.metadata.labels?.[CLUSTERCTL_CORE_LABEL] === CERT_MANAGER_LABEL_VALUE && isAppliedBy(ns, FIELD_MANAGER);
}

/** Read-only: are cert-manager's CRDs served? (what a plan can check without writing) */
export async function certManagerCrdsPresent(mgmt: ManagementCluster, signal?: AbortSignal): Promise<boolean> {
  const crd = await mgmt.client.getOptional(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/certificates.cert-manager.io`, signal);
  return crd !== null;
}

/**
 * clusterctl's probe: create a self-signed Issuer and a Certificate in a scratch namespace, then
 * delete them. Resolves with the reason it failed, or undefined when the API answered.
 */
export async function probeCertManager(mgmt: ManagementCluster, signal?: AbortSignal): Promise<string | undefined> {
  const objects = certManagerProbeObjects();
  const [namespace] = objects;
  const nsPath = `/api/v1/namespaces/${namespace.metadata.name}`;
  // A scratch namespace of an earlier probe may still be terminating; objects cannot be created in it.
  const previous = await mgmt.client.getOptional<KubeObject>(nsPath, signal);
  if (previous?.metadata.deletionTimestamp) await waitForDeletion(mgmt, [namespace], { timeoutMs: 120_000, signal });
  let failure: string | undefined;
  try {
    for (const obj of objects) await applyObject(mgmt, obj, { signal });
  } catch (err) {
    if (!(err instanceof UnknownKindError || err instanceof KubeApiError)) throw err;
    failure = err instanceof UnknownKindError ? 'the cert-manager.io API is not served (its CRDs are missing)' : err.message;
  }
  for (const obj of [...objects].reverse()) {
    try {
      const resource = await mgmt.mapper.resolve(obj.apiVersion, obj.kind, signal);
      await mgmt.client.delete(resourcePath(resource, { namespace: obj.metadata.namespace, name: obj.metadata.name }), 'Background', signal);
    } catch (err) {
      if (!(err instanceof UnknownKindError)) throw err;
    }
  }
  return failure;
}

async function installOurs(mgmt: ManagementCluster, req: CertManagerRequest): Promise<AppliedObject[]> {
  const manifest = await req.prepare();
  req.progress(`cert-manager ${req.version}: applying ${manifest.objects.length} objects from ${manifest.origin}`);
  const applied = await applyInOrder(mgmt, manifest.objects, { timeoutMs: req.waitTimeoutMs, signal: req.signal });
  const deployments = manifest.objects
    .filter((o) => o.kind === 'Deployment')
    .map((o) => ({ namespace: o.metadata.namespace ?? CERT_MANAGER.namespace, name: o.metadata.name!, component: 'cert-manager' }));
  await waitForDeploymentsAvailable(mgmt, deployments, { timeoutMs: req.waitTimeoutMs, signal: req.signal, progress: req.progress });
  let last: string | undefined;
  await pollUntilDone(
    'the cert-manager API to answer',
    async () => {
      last = await probeCertManager(mgmt, req.signal);
      return last ? [last] : [];
    },
    { timeoutMs: req.waitTimeoutMs, intervalMs: 1000, signal: req.signal },
  );
  return applied;
}

function notAnswering(mgmt: ManagementCluster, failure: string, version: string): Error {
  return new Error(`cert-manager's API does not answer on ${mgmt.server} (${failure}); install cert-manager first, or set cert_manager = "auto" so capi_components installs ${version}`);
}

/** Read-only check for external mode, run before anything is written: cert-manager's CRDs must exist. */
export async function checkExternalCertManager(mgmt: ManagementCluster, version: string, signal?: AbortSignal): Promise<void> {
  if (!(await certManagerCrdsPresent(mgmt, signal))) throw notAnswering(mgmt, 'the cert-manager.io API is not served (its CRDs are missing)', version);
}

/** Makes sure cert-manager answers before providers are installed. */
export async function ensureCertManager(mgmt: ManagementCluster, req: CertManagerRequest): Promise<CertManagerOutcome> {
  if (req.mode === 'auto' && (await certManagerIsOurs(mgmt, req.signal))) {
    return { managed: true, applied: await installOurs(mgmt, req) };
  }
  const failure = await probeCertManager(mgmt, req.signal);
  if (!failure) {
    req.progress('cert-manager: its API answers; using the installed cert-manager (not managed by capi_components)');
    return { managed: false, applied: [] };
  }
  if (req.mode === 'external') throw notAnswering(mgmt, failure, req.version);
  req.progress(`cert-manager: not installed (${failure}); installing ${req.version}`);
  return { managed: true, applied: await installOurs(mgmt, req) };
}
