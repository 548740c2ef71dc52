/**
 * What the guards look at: the adoption objects as the management cluster holds them, every
 * Machine of the cluster, and the workload cluster's Nodes. Built either from the servers
 * (observe.ts) or, before anything is applied, by simulating the plan (so input-only guards run
 * with the same code and fail before the first write).
 */
import { ADOPTION_KINDS, keyId, keyOf, type KubeObject, type ObjectKey } from './kube';
import { CAPI } from './names';
import { withOwners, type AdoptionPlan } from './objects';

export interface WorkloadNode {
  readonly name: string;
  readonly providerID?: string;
  readonly controlPlane: boolean;
  readonly ready: boolean;
  readonly internalIPs: readonly string[];
  readonly externalIPs: readonly string[];
  readonly hostnames: readonly string[];
  readonly kubeletVersion?: string;
  readonly osImage?: string;
  readonly podCIDRs: readonly string[];
  readonly deleting: boolean;
}

export interface ObservedState {
  /** Management objects by keyId (absent = not found). */
  readonly objects: ReadonlyMap<string, KubeObject>;
  /** Every Machine labelled with the cluster name. */
  readonly machines: readonly KubeObject[];
  /** Every ProxmoxMachine labelled with the cluster name. */
  readonly proxmoxMachines: readonly KubeObject[];
  readonly workloadNodes: readonly WorkloadNode[];
  /** ClusterIP of `default/kubernetes` in the workload cluster. */
  readonly kubernetesServiceIP?: string;
  /**
   * Version of the installed CAPMOX from the clusterctl inventory: a tag, null when no inventory
   * entry was found, undefined when not looked up (simulation).
   */
  readonly capmoxVersion?: string | null;
}

type Json = Record<string, unknown>;

function asObject(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The facts of a v1 Node the guards use. */
export function workloadNodeOf(node: KubeObject): WorkloadNode {
  const spec = asObject(node.spec);
  const status = asObject(node.status);
  const addresses = Array.isArray(status.addresses) ? (status.addresses as Json[]) : [];
  const byType = (type: string) => addresses.filter((a) => a.type === type && typeof a.address === 'string').map((a) => a.address as string);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Json[]) : [];
  const nodeInfo = asObject(status.nodeInfo);
  const podCIDRs = strings(spec.podCIDRs);
  if (podCIDRs.length === 0 && typeof spec.podCIDR === 'string') podCIDRs.push(spec.podCIDR);
  return {
    name: node.metadata.name,
    ...(typeof spec.providerID === 'string' && spec.providerID !== '' ? { providerID: spec.providerID } : {}),
    controlPlane: node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined,
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    internalIPs: byType('InternalIP'),
    externalIPs: byType('ExternalIP'),
    hostnames: byType('Hostname'),
    ...(typeof nodeInfo.kubeletVersion === 'string' ? { kubeletVersion: nodeInfo.kubeletVersion } : {}),
    ...(typeof nodeInfo.osImage === 'string' ? { osImage: nodeInfo.osImage } : {}),
    podCIDRs,
    deleting: node.metadata.deletionTimestamp !== undefined,
  };
}

/** The plan as the server would hold it once applied (fake UIDs, owners resolved). */
export function simulateAppliedPlan(plan: AdoptionPlan): Map<string, KubeObject> {
  const objects = new Map<string, KubeObject>();
  let n = 0;
  const uidOf = (key: ObjectKey) => objects.get(keyId(key))?.metadata.uid;
  for (const desired of plan.objects) {
    const resolved = withOwners(desired, (o) => uidOf({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: plan.names.namespace }));
    const uid = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    // The applier writes `status` right after the object, so the simulation holds it too.
    objects.set(keyId(keyOf(resolved)), { ...resolved, ...(desired.status ? { status: desired.status } : {}), metadata: { ...resolved.metadata, uid } });
  }
  return objects;
}

/** Observed state made from the plan and the workload facts, for the checks before any write. */
export function simulatedState(plan: AdoptionPlan, workload: Pick<ObservedState, 'workloadNodes' | 'kubernetesServiceIP'>): ObservedState {
  const objects = simulateAppliedPlan(plan);
  const ofKind = (kind: string) => [...objects.values()].filter((o) => o.kind === kind && o.metadata.labels?.[CAPI.clusterNameLabel] === plan.names.cluster);
  return {
    objects,
    machines: ofKind(ADOPTION_KINDS.Machine.kind),
    proxmoxMachines: ofKind(ADOPTION_KINDS.ProxmoxMachine.kind),
    workloadNodes: workload.workloadNodes,
    ...(workload.kubernetesServiceIP !== undefined ? { kubernetesServiceIP: workload.kubernetesServiceIP } : {}),
  };
}
