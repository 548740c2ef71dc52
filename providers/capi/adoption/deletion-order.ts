/**
 * Scale-downs take Cluster API's own machines first, whenever a controller decides to scale down.
 *
 * CACPPT and a MachineSet delete the Machines marked `cluster.x-k8s.io/delete-machine` first; with
 * none marked, CACPPT deletes its oldest Machine, which after adoption is an adopted one (a VM
 * Terraform built and still holds in state). `markScaleDown` marks machines before the adoption
 * lowers replicas, but a controller can also scale down on its own: CACPPT v0.5 counts Machines
 * from its cache right after creating one, so a lagging cache makes it create a surplus control
 * plane and then remove the oldest. A MutatingAdmissionPolicy closes that gap in the API server:
 * every Machine of the cluster that the adoption did not create (adopted Machines carry
 * OURS.adoptionLabel) is marked as it is created, so no controller can make a Machine that a
 * scale-down would rank after an adopted one. Kubernetes 1.36 serves the API by default; older
 * management clusters get a warning with the manual mark.
 */
import { ADOPTION_KINDS, describeKey, isUnservedKind, keyOf, type KubeObject, type KubeObjectClient } from './kube';
import { CAPI, OURS, type ClusterNames } from './names';

const K = ADOPTION_KINDS;

/** The policy and its binding for one cluster (both cluster-scoped). Pure. */
export function deletionOrderObjects(names: Pick<ClusterNames, 'cluster' | 'namespace' | 'deletionOrderPolicy'>): KubeObject[] {
  const metadata = { name: names.deletionOrderPolicy, labels: { [OURS.adoptionLabel]: names.cluster } };
  const mark = `Object{metadata: Object.metadata{annotations: {${JSON.stringify(CAPI.deleteMachineAnnotation)}: "true"}}}`;
  return [
    {
      apiVersion: K.MutatingAdmissionPolicy.apiVersion,
      kind: K.MutatingAdmissionPolicy.kind,
      metadata,
      spec: {
        // A Machine that could not be marked must not be created: it would outrank adopted ones.
        failurePolicy: 'Fail',
        reinvocationPolicy: 'Never',
        matchConstraints: {
          resourceRules: [{ apiGroups: ['cluster.x-k8s.io'], apiVersions: ['*'], operations: ['CREATE'], resources: ['machines'] }],
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': names.namespace } },
          objectSelector: {
            matchLabels: { [CAPI.clusterNameLabel]: names.cluster },
            matchExpressions: [{ key: OURS.adoptionLabel, operator: 'DoesNotExist' }],
          },
        },
        mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: mark } }],
      },
    },
    {
      apiVersion: K.MutatingAdmissionPolicyBinding.apiVersion,
      kind: K.MutatingAdmissionPolicyBinding.kind,
      metadata,
      spec: { policyName: names.deletionOrderPolicy },
    },
  ];
}

/** What a user of an older management cluster is told, with the manual mark. */
export function deletionOrderUnservedDetail(names: Pick<ClusterNames, 'cluster' | 'namespace'>): string {
  return (
    'the management cluster does not serve MutatingAdmissionPolicy in admissionregistration.k8s.io/v1 (Kubernetes 1.36 and later do), ' +
    "so Machines Cluster API creates are not marked to go first: a scale-down Cluster API starts on its own (such as CACPPT's removal of a surplus control plane) may delete an adopted machine and its VM. " +
    `Upgrade the management cluster, or mark each new Machine yourself: kubectl -n ${names.namespace} annotate machine <name> ${CAPI.deleteMachineAnnotation}=true ` +
    `(Machines of cluster ${names.cluster} without the ${OURS.adoptionLabel} label).`
  );
}

/**
 * Applies the policy and binding; false (after a warning) when the server does not serve the API.
 * Applied before the Cluster is unpaused and before replicas change, so it is in force by then.
 */
export async function ensureDeletionOrder(mgmt: KubeObjectClient, names: ClusterNames, progress: (message: string) => void, warn: (summary: string, detail?: string) => void): Promise<boolean> {
  for (const object of deletionOrderObjects(names)) {
    try {
      await mgmt.apply(object, { fieldManager: OURS.fieldManager, force: true });
    } catch (err) {
      if (!isUnservedKind(err)) throw err;
      warn('adopted machines are not protected from Cluster API scale-downs', deletionOrderUnservedDetail(names));
      return false;
    }
    progress(`applied ${describeKey(keyOf(object))}`);
  }
  return true;
}

/** Removes the binding, then the policy, when they are this cluster's; names what it removed. */
export async function removeDeletionOrder(mgmt: KubeObjectClient, names: ClusterNames, progress: (message: string) => void): Promise<string[]> {
  const removed: string[] = [];
  for (const object of deletionOrderObjects(names).reverse()) {
    const key = keyOf(object);
    let live: KubeObject | null;
    try {
      live = await mgmt.get(key);
    } catch (err) {
      if (isUnservedKind(err)) return removed;
      throw err;
    }
    // Never delete what another cluster's adoption (or a user) owns under the same name.
    if (!live || live.metadata.labels?.[OURS.adoptionLabel] !== names.cluster) continue;
    if (await mgmt.delete(key)) {
      removed.push(describeKey(key));
      progress(`removed ${describeKey(key)}`);
    }
  }
  return removed;
}
