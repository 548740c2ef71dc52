/**
 * What adoption needs from a Kubernetes client: unstructured objects addressed by apiVersion,
 * kind, namespace and name; server-side apply; merge patches; deletes; lists by label. Any client
 * with discovery (or a static kind table such as ADOPTION_KINDS) can implement it.
 */

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
  readonly blockOwnerDeletion?: boolean;
}

export interface KubeMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly finalizers?: readonly string[];
  readonly deletionTimestamp?: string;
  readonly creationTimestamp?: string;
}

/** An unstructured Kubernetes object (spec, status, data... as plain JSON). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: KubeMetadata;
  readonly [field: string]: unknown;
}

export interface ObjectKey {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Omit for cluster-scoped kinds. */
  readonly namespace?: string;
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/**
 * The management-cluster client adoption drives. Errors other than "not found" must be thrown
 * with the server's message (they end up in the Terraform diagnostic) and, for HTTP answers, a
 * numeric `status` (404 and 409 are handled: the object vanished, or a precondition failed).
 */
export interface KubeObjectClient {
  /** The object, or null when it does not exist (HTTP 404). */
  get(key: ObjectKey): Promise<KubeObject | null>;
  /** Objects of one kind, optionally in one namespace and filtered by a label selector. */
  list(apiVersion: string, kind: string, options?: { readonly namespace?: string; readonly labelSelector?: string }): Promise<KubeObject[]>;
  /** Server-side apply (PATCH application/apply-patch+yaml) as `fieldManager`; returns the stored object. */
  apply(object: KubeObject, options: { readonly fieldManager: string; readonly force: boolean }): Promise<KubeObject>;
  /**
   * Server-side apply of `object.status` through the status subresource (PATCH …/status), for
   * status a controller never publishes for an adopted object; returns the stored object.
   */
  applyStatus(object: KubeObject, options: { readonly fieldManager: string; readonly force: boolean }): Promise<KubeObject>;
  /** JSON merge patch (RFC 7386) of the main resource; returns the stored object. */
  mergePatch(key: ObjectKey, patch: Record<string, unknown>): Promise<KubeObject>;
  /** Deletes; resolves false when the object was already gone. */
  delete(key: ObjectKey, options?: { readonly propagationPolicy?: PropagationPolicy }): Promise<boolean>;
  /** Releases pooled connections; called on clients adoption opened itself (workload clusters). */
  close?(): void;
}

/**
 * What the `capi_cluster_adoption` handler needs from the provider's configure step: the
 * management cluster (where Cluster API runs) and read access to the workload cluster being
 * adopted (its Nodes are the ground truth several guards compare against).
 */
export interface AdoptionProviderContext {
  /** Client for the management cluster; rejects with a clear message when it is unreachable. */
  management(): Promise<KubeObjectClient>;
  /** Client for a workload cluster from its kubeconfig text (only get/list are used). */
  workload(kubeconfig: string): Promise<KubeObjectClient>;
}

/** A kind adoption reads or writes, with what a REST client needs to address it. */
export interface KindInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** Resource (plural) name. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** CustomResourceDefinition name, for CRD-backed kinds. */
  readonly crd?: string;
}

function crdKind(group: string, version: string, kind: string, plural: string): KindInfo {
  return { apiVersion: `${group}/${version}`, kind, plural, namespaced: true, crd: `${plural}.${group}` };
}

/** Every kind adoption touches (CAPI v1.12 v1beta2, CAPMOX v1alpha2, CABPT/CACPPT v1alpha3, IPAM). */
export const ADOPTION_KINDS = {
  Namespace: { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  Secret: { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  Node: { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
  Service: { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  CustomResourceDefinition: {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
  Cluster: crdKind('cluster.x-k8s.io', 'v1beta2', 'Cluster', 'clusters'),
  Machine: crdKind('cluster.x-k8s.io', 'v1beta2', 'Machine', 'machines'),
  MachineSet: crdKind('cluster.x-k8s.io', 'v1beta2', 'MachineSet', 'machinesets'),
  MachineDeployment: crdKind('cluster.x-k8s.io', 'v1beta2', 'MachineDeployment', 'machinedeployments'),
  IPAddress: crdKind('ipam.cluster.x-k8s.io', 'v1beta2', 'IPAddress', 'ipaddresses'),
  IPAddressClaim: crdKind('ipam.cluster.x-k8s.io', 'v1beta2', 'IPAddressClaim', 'ipaddressclaims'),
  InClusterIPPool: crdKind('ipam.cluster.x-k8s.io', 'v1alpha2', 'InClusterIPPool', 'inclusterippools'),
  ProxmoxCluster: crdKind('infrastructure.cluster.x-k8s.io', 'v1alpha2', 'ProxmoxCluster', 'proxmoxclusters'),
  ProxmoxMachine: crdKind('infrastructure.cluster.x-k8s.io', 'v1alpha2', 'ProxmoxMachine', 'proxmoxmachines'),
  ProxmoxMachineTemplate: crdKind('infrastructure.cluster.x-k8s.io', 'v1alpha2', 'ProxmoxMachineTemplate', 'proxmoxmachinetemplates'),
  TalosConfig: crdKind('bootstrap.cluster.x-k8s.io', 'v1alpha3', 'TalosConfig', 'talosconfigs'),
  TalosConfigTemplate: crdKind('bootstrap.cluster.x-k8s.io', 'v1alpha3', 'TalosConfigTemplate', 'talosconfigtemplates'),
  TalosControlPlane: crdKind('controlplane.cluster.x-k8s.io', 'v1alpha3', 'TalosControlPlane', 'taloscontrolplanes'),
  Provider: crdKind('clusterctl.cluster.x-k8s.io', 'v1alpha3', 'Provider', 'providers'),
  // GA in Kubernetes 1.36; older management clusters do not serve it (deletion-order.ts).
  MutatingAdmissionPolicy: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingAdmissionPolicy', plural: 'mutatingadmissionpolicies', namespaced: false },
  MutatingAdmissionPolicyBinding: {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicyBinding',
    plural: 'mutatingadmissionpolicybindings',
    namespaced: false,
  },
} as const satisfies Record<string, KindInfo>;

export type AdoptionKindName = keyof typeof ADOPTION_KINDS;

/** Looks a kind up by apiVersion and kind; undefined for kinds adoption does not know. */
export function kindInfo(apiVersion: string, kind: string): KindInfo | undefined {
  return Object.values(ADOPTION_KINDS).find((k: KindInfo) => k.apiVersion === apiVersion && k.kind === kind);
}

/** The key of an object (for get/patch/delete). */
export function keyOf(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): ObjectKey {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    ...(object.metadata.namespace === undefined ? {} : { namespace: object.metadata.namespace }),
  };
}

/** `Kind ns/name`, for messages. */
export function describeKey(key: ObjectKey): string {
  return `${key.kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name}`;
}

/** A stable map key for an object. */
export function keyId(key: ObjectKey): string {
  return `${key.apiVersion.split('/')[0]}|${key.kind}|${key.namespace ?? ''}|${key.name}`;
}

/** The server does not serve the kind (no CRD, or an API group of a newer Kubernetes). */
export function isUnservedKind(err: unknown): boolean {
  return /does not serve/i.test((err as Error | null)?.message ?? '');
}

/** The HTTP status an error carries, if any. */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
