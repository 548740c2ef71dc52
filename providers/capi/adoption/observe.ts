/**
 * Reads what the guards need from the two clusters: the CRDs the recipe writes (preflight), the
 * workload cluster's Nodes and `kubernetes` Service, and the adoption objects plus every Machine
 * of the cluster from the management cluster.
 */
import { ADOPTION_KINDS, keyId, keyOf, type KindInfo, type KubeObject, type KubeObjectClient } from './kube';
import { CAPI } from './names';
import type { AdoptionPlan } from './objects';
import { workloadNodeOf, type ObservedState } from './observed';

const K = ADOPTION_KINDS;

/** CRD-backed kinds the recipe writes (the inventory Provider is optional). */
export const REQUIRED_KINDS: readonly KindInfo[] = [
  K.Cluster,
  K.Machine,
  K.MachineSet,
  K.MachineDeployment,
  K.IPAddress,
  K.IPAddressClaim,
  K.InClusterIPPool,
  K.ProxmoxCluster,
  K.ProxmoxMachine,
  K.ProxmoxMachineTemplate,
  K.TalosConfigTemplate,
  K.TalosControlPlane,
];

export class ComponentsMissingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `the management cluster cannot take the adoption objects yet: ${problems.join('; ')}. ` +
        'Install the Cluster API components first (capi_components, with depends_on from the adoption) and re-run.',
    );
    this.name = 'ComponentsMissingError';
  }
}

type Json = Record<string, unknown>;

/** Every CRD the recipe needs is Established and serves the version we write. */
export async function preflightCrds(mgmt: KubeObjectClient): Promise<void> {
  const problems: string[] = [];
  await Promise.all(
    REQUIRED_KINDS.map(async (kind) => {
      const crd = await mgmt.get({ apiVersion: K.CustomResourceDefinition.apiVersion, kind: K.CustomResourceDefinition.kind, name: kind.crd! });
      if (!crd) {
        problems.push(`CRD ${kind.crd} is not installed`);
        return;
      }
      const status = (crd.status ?? {}) as Json;
      const established = Array.isArray(status.conditions) && (status.conditions as Json[]).some((c) => c.type === 'Established' && c.status === 'True');
      if (!established) problems.push(`CRD ${kind.crd} is not Established`);
      const version = kind.apiVersion.split('/')[1];
      const versions = (((crd.spec ?? {}) as Json).versions ?? []) as Json[];
      if (!versions.some((v) => v.name === version && v.served === true)) problems.push(`CRD ${kind.crd} does not serve ${version}`);
    }),
  );
  if (problems.length > 0) throw new ComponentsMissingError(problems.sort());
}

export class WorkloadUnreachableError extends Error {
  constructor(cause: string) {
    super(`cannot read the workload cluster through workload_kubeconfig: ${cause}. The guards compare the adoption with its running Nodes, so it must be reachable from where Terraform runs.`);
    this.name = 'WorkloadUnreachableError';
  }
}

/** Nodes and the `kubernetes` Service ClusterIP of the running cluster. */
export async function observeWorkload(workload: KubeObjectClient): Promise<Pick<ObservedState, 'workloadNodes' | 'kubernetesServiceIP'>> {
  try {
    const nodes = await workload.list(K.Node.apiVersion, K.Node.kind);
    const service = await workload.get({ apiVersion: K.Service.apiVersion, kind: K.Service.kind, namespace: 'default', name: 'kubernetes' });
    const clusterIP = ((service?.spec ?? {}) as Json).clusterIP;
    return {
      workloadNodes: nodes.map(workloadNodeOf),
      ...(typeof clusterIP === 'string' ? { kubernetesServiceIP: clusterIP } : {}),
    };
  } catch (err) {
    throw new WorkloadUnreachableError((err as Error).message);
  }
}

/** The installed CAPMOX version from the clusterctl inventory; null when there is none. */
export async function installedCapmoxVersion(mgmt: KubeObjectClient): Promise<string | null> {
  let providers: KubeObject[];
  try {
    providers = await mgmt.list(K.Provider.apiVersion, K.Provider.kind);
  } catch {
    return null; // no inventory CRD: not installed by clusterctl or our components resource
  }
  const capmox = providers.find((p) => p.providerName === 'proxmox' && p.type === 'InfrastructureProvider');
  return typeof capmox?.version === 'string' ? capmox.version : null;
}

/** Lists a kind in the cluster's namespace by the cluster-name label. */
export function listOfCluster(mgmt: KubeObjectClient, kind: KindInfo, plan: Pick<AdoptionPlan, 'names'>): Promise<KubeObject[]> {
  return mgmt.list(kind.apiVersion, kind.kind, { namespace: plan.names.namespace, labelSelector: `${CAPI.clusterNameLabel}=${plan.names.cluster}` });
}

/** The adoption objects as the management cluster holds them, plus every Machine of the cluster. */
export async function observeManagement(mgmt: KubeObjectClient, plan: AdoptionPlan, workload: Pick<ObservedState, 'workloadNodes' | 'kubernetesServiceIP'>): Promise<ObservedState> {
  const objects = new Map<string, KubeObject>();
  const keys = plan.objects.map((d) => keyOf(d.object));
  // A few at a time: the API server is shared with the controllers.
  for (let i = 0; i < keys.length; i += 8) {
    const batch = await Promise.all(keys.slice(i, i + 8).map((k) => mgmt.get(k)));
    batch.forEach((o, j) => o && objects.set(keyId(keys[i + j]), o));
  }
  const [machines, proxmoxMachines, capmoxVersion] = await Promise.all([listOfCluster(mgmt, K.Machine, plan), listOfCluster(mgmt, K.ProxmoxMachine, plan), installedCapmoxVersion(mgmt)]);
  return { objects, machines, proxmoxMachines, capmoxVersion, ...workload };
}
