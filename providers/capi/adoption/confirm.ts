/**
 * When the adoption counts as confirmed: only when the controllers themselves report it (spec
 * §7.2 step 9). The Cluster is Available; the TalosControlPlane is Ready with a healthy etcd and
 * healthy control-plane components; every Machine of the cluster is Running with a nodeRef; and
 * every ProxmoxMachine behind them is provisioned and lists addresses (the adopted ones their
 * real IP). The checks run in that order and the first one not met is what the user sees.
 */
import { ADOPTION_KINDS, describeKey, keyOf, type KubeObject, type KubeObjectClient } from './kube';
import type { AdoptionInput } from './input';
import type { ClusterNames } from './names';
import { listOfCluster } from './observe';

const K = ADOPTION_KINDS;
type Json = Record<string, unknown>;

/** One condition the controllers have not reported as met. */
export interface Unmet {
  /** `Kind namespace/name`. */
  readonly object: string;
  /** Condition type, or the status field checked (`phase`, `nodeRef`, `addresses`). */
  readonly condition: string;
  readonly reason: string;
  readonly message: string;
}

/** What the confirmation reads from the management cluster. */
export interface ConfirmationSnapshot {
  readonly cluster: KubeObject | null;
  readonly controlPlane: KubeObject | null;
  readonly machines: readonly KubeObject[];
  readonly proxmoxMachines: readonly KubeObject[];
}

/** Conditions of the TalosControlPlane that must be True (CACPPT v0.5 condition types). */
// CACPPT v0.5 spells the etcd one with a Condition suffix (api/v1alpha3/conditions.go), unlike the others.
export const CONTROL_PLANE_CONDITIONS = ['Ready', 'EtcdClusterHealthyCondition', 'ControlPlaneComponentsHealthy'] as const;

const NOT_REPORTED = 'NotReported';

function o(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function conditionOf(object: KubeObject, type: string): Json | undefined {
  const conditions = o(object.status).conditions;
  return Array.isArray(conditions) ? (conditions as Json[]).find((c) => o(c).type === type) : undefined;
}

/** A condition that must be True; unmet with the controller's reason and message otherwise. */
function requireCondition(object: KubeObject, type: string): Unmet | undefined {
  const where = describeKey(keyOf(object));
  const c = conditionOf(object, type);
  if (!c) return { object: where, condition: type, reason: NOT_REPORTED, message: `the controller has not reported ${type} yet` };
  if (c.status === 'True') return undefined;
  return { object: where, condition: type, reason: text(c.reason) || `Status${text(c.status) || 'Unknown'}`, message: text(c.message) || `${type} is ${text(c.status) || 'Unknown'}` };
}

function missing(kind: string, namespace: string, name: string, what: string): Unmet {
  return { object: `${kind} ${namespace}/${name}`, condition: 'exists', reason: 'NotFound', message: what };
}

/** A ProxmoxMachine is ready when CAPMOX reports it provisioned (v1alpha2) or ready (older status). */
function proxmoxMachineGap(pm: KubeObject, ip: string | undefined): Unmet | undefined {
  const where = describeKey(keyOf(pm));
  const status = o(pm.status);
  if (o(status.initialization).provisioned !== true && status.ready !== true) {
    const c = conditionOf(pm, 'Ready') ?? conditionOf(pm, 'VirtualMachineProvisioned');
    return {
      object: where,
      condition: 'initialization.provisioned',
      reason: text(c?.reason) || NOT_REPORTED,
      message: text(c?.message) || 'CAPMOX has not reported the VM provisioned yet',
    };
  }
  const addresses = Array.isArray(status.addresses) ? (status.addresses as Json[]) : [];
  const internal = addresses.filter((a) => o(a).type === 'InternalIP').map((a) => text(o(a).address));
  if (internal.length === 0) return { object: where, condition: 'addresses', reason: 'NoAddresses', message: 'status.addresses lists no InternalIP: CACPPT cannot reach the node' };
  if (ip !== undefined && !internal.includes(ip)) {
    return { object: where, condition: 'addresses', reason: 'WrongAddress', message: `status.addresses lists ${internal.join(', ')}, the node runs on ${ip}` };
  }
  return undefined;
}

/** Every unmet condition, in check order (the first is the one to report). */
export function confirmationGaps(input: Pick<AdoptionInput, 'nodes'>, names: ClusterNames, snapshot: ConfirmationSnapshot): Unmet[] {
  const ns = names.namespace;
  const out: Unmet[] = [];
  const push = (u: Unmet | undefined) => u && out.push(u);

  if (!snapshot.cluster) out.push(missing(K.Cluster.kind, ns, names.cluster, 'the Cluster does not exist'));
  else push(requireCondition(snapshot.cluster, 'Available'));

  if (!snapshot.controlPlane) out.push(missing(K.TalosControlPlane.kind, ns, names.controlPlane, 'the TalosControlPlane does not exist'));
  else for (const type of CONTROL_PLANE_CONDITIONS) push(requireCondition(snapshot.controlPlane, type));

  const machines = [...snapshot.machines].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  if (machines.length === 0) out.push({ object: `Machine ${ns}/*`, condition: 'exists', reason: 'NotFound', message: `no Machine carries the label cluster.x-k8s.io/cluster-name=${names.cluster}` });
  for (const m of machines) {
    const where = describeKey(keyOf(m));
    const status = o(m.status);
    if (status.phase !== 'Running') {
      const ready = conditionOf(m, 'Ready');
      out.push({
        object: where,
        condition: 'phase',
        reason: text(status.phase) || NOT_REPORTED,
        message: `phase is ${text(status.phase) || 'not reported'}, want Running${ready && text(ready.message) ? ` (Ready: ${text(ready.message)})` : ''}`,
      });
    }
    if (typeof o(status.nodeRef).name !== 'string') {
      out.push({ object: where, condition: 'nodeRef', reason: 'NoNodeRef', message: `no workload Node matched providerID ${text(o(m.spec).providerID) || '(none)'} yet` });
    }
  }

  const ips = new Map(input.nodes.map((n) => [n.name, n.ip]));
  for (const m of machines) {
    const infra = text(o(o(m.spec).infrastructureRef).name);
    const pm = snapshot.proxmoxMachines.find((p) => p.metadata.name === infra);
    if (!pm) {
      out.push(missing(K.ProxmoxMachine.kind, ns, infra || m.metadata.name, `Machine ${m.metadata.name} references it but it does not exist`));
      continue;
    }
    push(proxmoxMachineGap(pm, ips.get(pm.metadata.name)));
  }
  return out;
}

/** `Kind ns/name: condition not met (reason): message`, plus how many more are open. */
export function describeUnmet(gaps: readonly Unmet[]): string {
  if (gaps.length === 0) return 'every condition is met';
  const [first] = gaps;
  const more = gaps.length > 1 ? ` (${gaps.length - 1} more not met)` : '';
  return `${first.object}: ${first.condition} not met (reason ${first.reason}): ${first.message}${more}`;
}

/** Reads the snapshot the confirmation needs. */
export async function readConfirmationSnapshot(mgmt: KubeObjectClient, names: ClusterNames): Promise<ConfirmationSnapshot> {
  const plan = { names };
  const [cluster, controlPlane, machines, proxmoxMachines] = await Promise.all([
    mgmt.get({ apiVersion: K.Cluster.apiVersion, kind: K.Cluster.kind, namespace: names.namespace, name: names.cluster }),
    mgmt.get({ apiVersion: K.TalosControlPlane.apiVersion, kind: K.TalosControlPlane.kind, namespace: names.namespace, name: names.controlPlane }),
    listOfCluster(mgmt, K.Machine, plan),
    listOfCluster(mgmt, K.ProxmoxMachine, plan),
  ]);
  return { cluster, controlPlane, machines, proxmoxMachines };
}
