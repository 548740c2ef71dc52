/**
 * `clusterctl init`, re-runnable: inventory CRD, cert-manager, then each provider (objects in
 * clusterctl's order, its CRDs Established, then its inventory Provider object), then every
 * controller Deployment Available. A re-run applies the same objects again (a no-op on the server);
 * after a version change it applies the new release and prunes what the old one had and the new one lacks.
 */
import { describeObject, isAppliedBy, resourcePath, type KubeObject } from '../kube';
import { CERT_MANAGER, PROVIDERS } from '../components/catalog';
import { CERT_MANAGER_LABEL_VALUE } from '../components/cert-manager';
import { INVENTORY_CRD_NAME, inventoryCrd, type InventoryProvider } from '../components/inventory';
import type { PreparedInstall } from '../components/prepare';
import { applyInOrder, applyObject, type AppliedObject } from './apply';
import { checkExternalCertManager, ensureCertManager, type CertManagerRequest } from './cert-manager';
import { customResourcesOf } from './custom-resources';
import { FIELD_MANAGER, type ManagementCluster, type Progress } from './management-cluster';
import { listOwnedObjects, type OwnedObject } from './owned';
import { preflight } from './preflight';
import { waitForCrdsEstablished, waitForDeploymentsAvailable } from './wait';

export interface InstallRequest {
  readonly prepared: PreparedInstall;
  readonly certManager: Omit<CertManagerRequest, 'waitTimeoutMs' | 'signal' | 'progress'>;
  /** Per wait phase (CRDs, controllers, cert-manager). */
  readonly waitTimeoutMs: number;
  readonly signal?: AbortSignal;
  readonly progress: Progress;
}

/** One object we wrote, enough to find it again. */
export interface AppliedRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Manifest label, cert-manager, or inventory (the CRD). */
  readonly component: string;
}

export interface InstallResult {
  readonly inventory: readonly InventoryProvider[];
  readonly certManagerManaged: boolean;
  readonly applied: readonly AppliedRef[];
  /** Objects of an earlier release that this one no longer has, deleted. */
  readonly pruned: readonly string[];
  /** CRDs an earlier release had, kept because custom resources of them exist. */
  readonly keptCrds: readonly string[];
  readonly warnings: readonly string[];
}

function refOf(a: AppliedObject, component: string): AppliedRef {
  return {
    apiVersion: a.live.apiVersion,
    kind: a.live.kind,
    ...(a.resource.namespaced ? { namespace: a.live.metadata.namespace } : {}),
    name: a.live.metadata.name ?? '',
    component,
  };
}

/** Applies our inventory CRD unless a foreign one (e.g. clusterctl's) is already there. */
async function ensureInventoryCrd(mgmt: ManagementCluster, timeoutMs: number, signal?: AbortSignal): Promise<AppliedObject | undefined> {
  const existing = await mgmt.client.getOptional<KubeObject>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${INVENTORY_CRD_NAME}`, signal);
  if (existing && !isAppliedBy(existing, FIELD_MANAGER)) {
    await waitForCrdsEstablished(mgmt, [INVENTORY_CRD_NAME], { timeoutMs: 60_000, signal });
    return undefined;
  }
  const applied = await applyObject(mgmt, inventoryCrd(), { signal });
  // clusterctl waits up to one minute for the inventory CRD.
  await waitForCrdsEstablished(mgmt, [INVENTORY_CRD_NAME], { timeoutMs: Math.max(60_000, timeoutMs), signal });
  return applied;
}

/** Deletion order for pruning and uninstalling: webhooks first (so nothing calls a dead one), CRDs and Namespaces last. */
export function deletionRank(kind: string): number {
  const ranks: Record<string, number> = {
    Provider: 0,
    MutatingWebhookConfiguration: 1,
    ValidatingWebhookConfiguration: 1,
    Deployment: 2,
    DaemonSet: 2,
    Service: 3,
    Certificate: 4,
    Issuer: 5,
    ClusterIssuer: 5,
    Namespace: 8,
    CustomResourceDefinition: 9,
  };
  return ranks[kind] ?? 6;
}

/** Deletes our objects that the desired state no longer has (CRDs only when no custom resources of them exist). */
async function prune(mgmt: ManagementCluster, owned: readonly OwnedObject[], desired: ReadonlySet<string>, signal?: AbortSignal) {
  const pruned: string[] = [];
  const keptCrds: string[] = [];
  const stale = owned.filter((o) => !desired.has(o.key)).sort((a, b) => deletionRank(a.object.kind) - deletionRank(b.object.kind));
  for (const o of stale) {
    if (o.object.kind === 'CustomResourceDefinition' && (await customResourcesOf(mgmt, o.object.metadata.name ?? '', signal)).length > 0) {
      keptCrds.push(o.object.metadata.name ?? '');
      continue;
    }
    await mgmt.client.delete(resourcePath(o.resource, { namespace: o.object.metadata.namespace, name: o.object.metadata.name }), 'Background', signal);
    pruned.push(describeObject(o.object));
  }
  return { pruned, keptCrds };
}

export async function installComponents(mgmt: ManagementCluster, req: InstallRequest): Promise<InstallResult> {
  const { prepared, signal, progress } = req;
  const started = Date.now();
  const core = prepared.providers.find((p) => p.spec.type === 'CoreProvider');
  if (!core) throw new Error('provider bug: the prepared install has no core provider');
  const pre = await preflight(mgmt, core.version, signal);
  const warnings = [...prepared.warnings, ...pre.warnings];
  progress(`management cluster ${mgmt.server} runs Kubernetes ${pre.serverVersion}`);

  if (req.certManager.mode === 'external') await checkExternalCertManager(mgmt, req.certManager.version, signal);

  const applied: AppliedRef[] = [];
  const inventoryCrdApplied = await ensureInventoryCrd(mgmt, req.waitTimeoutMs, signal);
  if (inventoryCrdApplied) applied.push(refOf(inventoryCrdApplied, 'inventory'));

  const cm = await ensureCertManager(mgmt, { ...req.certManager, waitTimeoutMs: req.waitTimeoutMs, signal, progress });
  applied.push(...cm.applied.map((a) => refOf(a, CERT_MANAGER_LABEL_VALUE)));

  const desired = new Set<string>(cm.applied.map((a) => a.key));
  for (const p of prepared.providers) {
    const t0 = Date.now();
    progress(`${p.spec.manifestLabel} ${p.version}: applying ${p.components.objects.length} objects from ${p.origin}`);
    const objects = await applyInOrder(mgmt, p.components.objects, { timeoutMs: req.waitTimeoutMs, signal });
    const inventory = await applyObject(mgmt, p.inventory, { signal });
    for (const a of [...objects, inventory]) {
      desired.add(a.key);
      applied.push(refOf(a, p.spec.manifestLabel));
    }
    progress(`${p.spec.manifestLabel} ${p.version}: applied in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const deployments = prepared.providers.flatMap((p) =>
    p.components.objects
      .filter((o) => o.kind === 'Deployment')
      .map((o) => ({ namespace: o.metadata.namespace ?? p.spec.namespace, name: o.metadata.name ?? '', component: `${p.spec.manifestLabel} ${p.version}` })),
  );
  await waitForDeploymentsAvailable(mgmt, deployments, { timeoutMs: req.waitTimeoutMs, signal, progress });

  const components = new Set<string>(PROVIDERS.map((p) => p.manifestLabel));
  if (cm.managed) components.add(CERT_MANAGER.label);
  const { owned, skipped } = await listOwnedObjects(mgmt, components, signal);
  for (const s of skipped) warnings.push(`could not list ${s}; objects of that kind were not checked for pruning`);
  const { pruned, keptCrds } = await prune(mgmt, owned, desired, signal);
  for (const p of pruned) progress(`pruned ${p} (not part of the installed releases)`);
  for (const name of keptCrds) warnings.push(`CustomResourceDefinition ${name} is no longer part of the installed releases but still has custom resources; it was kept`);
  progress(`components ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { inventory: prepared.providers.map((p) => p.inventory), certManagerManaged: cm.managed, applied, pruned, keptCrds, warnings };
}
