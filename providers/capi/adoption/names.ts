/**
 * Names, labels and annotations of the adoption recipe (spec cluster-api.md §3, §5, §7.2), in one
 * place so the builder, the guards and the teardown agree on them.
 */

/** Cluster API well-known labels and annotations (spec §3.1). */
export const CAPI = {
  clusterNameLabel: 'cluster.x-k8s.io/cluster-name',
  controlPlaneLabel: 'cluster.x-k8s.io/control-plane',
  deploymentNameLabel: 'cluster.x-k8s.io/deployment-name',
  setNameLabel: 'cluster.x-k8s.io/set-name',
  machineTemplateHashLabel: 'machine-template-hash',
  pausedAnnotation: 'cluster.x-k8s.io/paused',
  clonedFromNameAnnotation: 'cluster.x-k8s.io/cloned-from-name',
  clonedFromGroupKindAnnotation: 'cluster.x-k8s.io/cloned-from-groupkind',
  deleteForMoveAnnotation: 'clusterctl.cluster.x-k8s.io/delete-for-move',
  /** Scale-downs (CACPPT's, a MachineSet's) take Machines carrying it first; its value is not read. */
  deleteMachineAnnotation: 'cluster.x-k8s.io/delete-machine',
  /** Type of the Secrets CAPI's utilities write (kubeconfig, CAs). */
  secretType: 'cluster.x-k8s.io/secret',
} as const;

/** CAPMOX labels and annotations on pools and claims (ionos-cloud api/v1alpha2 types.go, v0.9.0). */
export const CAPMOX = {
  zoneLabel: 'topology.kubernetes.io/proxmox-zone',
  defaultZone: 'default',
  ipFamilyAnnotation: 'ipam.capmox.cluster.x-k8s.io/ip-family',
  gatewayMetricAnnotation: 'ipam.capmox.cluster.x-k8s.io/gateway-metric',
  /** Deprecated un-prefixed twin CAPMOX still writes on pools. */
  legacyMetricAnnotation: 'metric',
  poolOffsetAnnotation: 'ipam.capmox.cluster.x-k8s.io/pool-ref-counter',
  defaultGatewayAnnotation: 'ipam.capmox.cluster.x-k8s.io/default-gateway',
  credentialsTypeLabel: 'platform.ionos.com/secret-type',
  credentialsTypeValue: 'proxmox-credentials',
  /** The default gateway metric the ProxmoxCluster CRD defaults to. */
  defaultMetric: 100,
  /** The only NIC adoption wires to the default pool. */
  defaultDevice: 'net0',
} as const;

/**
 * This project's own marks. `.local` is reserved (RFC 6762), so the prefix can never collide
 * with a real domain; change it here only together with a migration of existing objects.
 */
export const OURS = {
  /** Value: the workload cluster name. Every object this resource created carries it. */
  adoptionLabel: 'proxmox-talos-capi.local/adoption',
  /** On the Cluster: `adopting` until the guards passed and the Cluster was unpaused, then `adopted`. */
  phaseAnnotation: 'proxmox-talos-capi.local/adoption-phase',
  /** On ProxmoxMachines: bumped to make CAPMOX re-run its address recovery (PR #799). */
  touchAnnotation: 'proxmox-talos-capi.local/touched-at',
  fieldManager: 'ptc-capi-adoption',
} as const;

export type AdoptionPhase = 'adopting' | 'adopted';

/** Object names for one workload cluster (spec §7.2). */
export interface ClusterNames {
  readonly cluster: string;
  readonly namespace: string;
  readonly controlPlane: string;
  readonly machineDeployment: string;
  readonly adoptedMachineSet: string;
  readonly talosSecret: string;
  readonly caSecret: string;
  readonly talosconfigSecret: string;
  readonly kubeconfigSecret: string;
  readonly credentialsSecret: string;
  readonly pool: string;
  /** The cluster-scoped MutatingAdmissionPolicy (and its binding) of `deletion-order.ts`. */
  readonly deletionOrderPolicy: string;
}

export function clusterNames(cluster: string, namespace: string): ClusterNames {
  return {
    cluster,
    namespace,
    controlPlane: `${cluster}-cp`,
    machineDeployment: `${cluster}-md-0`,
    adoptedMachineSet: `${cluster}-md-0-adopt`,
    talosSecret: `${cluster}-talos`,
    caSecret: `${cluster}-ca`,
    talosconfigSecret: `${cluster}-talosconfig`,
    kubeconfigSecret: `${cluster}-kubeconfig`,
    credentialsSecret: `${cluster}-proxmox-credentials`,
    pool: `${cluster}-v4-icip`,
    deletionOrderPolicy: `ptc-capi-machines-first.${namespace}.${cluster}`,
  };
}

/** The bootstrap data Secret of an adopted machine (CABPT's naming, spec §5). */
export function bootstrapSecretName(machine: string): string {
  return `${machine}-bootstrap-data`;
}

/** CAPMOX's claim (and address) name for the default pool on net0: `<machine>-net0-00-inet` (spec §4). */
export function defaultClaimName(machine: string): string {
  return `${machine}-${CAPMOX.defaultDevice}-00-inet`;
}

/** Value adopted MachineSets and their Machines carry in `machine-template-hash` (any value works, spec §6.4). */
export const ADOPTED_TEMPLATE_HASH = 'adopted';

/** `proxmox://<uuid>`, the providerID CAPMOX derives from the VM's SMBIOS uuid (spec §4). */
export function providerIdOf(smbiosUuid: string): string {
  return `proxmox://${smbiosUuid}`;
}

/**
 * A namespace that existed before the adoption (no adoption label of this cluster) stays the
 * user's: the adoption neither labels it nor checks or deletes it.
 */
export function isUsersNamespace(live: { readonly metadata: { readonly labels?: Readonly<Record<string, string>> } }, clusterName: string): boolean {
  return live.metadata.labels?.[OURS.adoptionLabel] !== clusterName;
}
