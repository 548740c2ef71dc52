/**
 * The health verdict of a Talos cluster from what was observed in one round: every node answers
 * the authenticated API and is running, its services are up, etcd has one member per control
 * plane (the same list on every control plane), and Kubernetes has every node registered and
 * Ready. Pure: the caller gathers observations; this says what is not healthy yet.
 */
import type { EtcdMemberInfo, MachineStatus, ServiceInfo } from '../api/types';

import type { NodeRole } from '../../kernel/node-role';
export type { NodeRole };

export interface NodeObservation {
  readonly address: string;
  readonly role: NodeRole;
  /** Why the node could not be queried (it then has no other fields). */
  readonly error?: string;
  readonly status?: MachineStatus;
  readonly services?: readonly ServiceInfo[];
  /** Control planes: the etcd member list as this node sees it, or why it could not be read. */
  readonly etcd?: { readonly members: readonly EtcdMemberInfo[] } | { readonly error: string };
}

export interface KubeNodeObservation {
  readonly name: string;
  readonly ready: boolean;
  readonly internalIPs: readonly string[];
}

export type KubeObservation = { readonly nodes: readonly KubeNodeObservation[] } | { readonly error: string };

/** Services that must run (and report healthy when they have a health check), per role. */
export const REQUIRED_SERVICES: Readonly<Record<NodeRole, readonly string[]>> = {
  controlplane: ['apid', 'containerd', 'etcd', 'kubelet', 'trustd'],
  worker: ['apid', 'containerd', 'kubelet'],
};

function hostOfUrl(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

function serviceProblems(node: NodeObservation): string[] {
  const services = node.services ?? [];
  const out: string[] = [];
  for (const id of REQUIRED_SERVICES[node.role]) {
    const svc = services.find((s) => s.id === id);
    if (!svc) out.push(`service ${id} is not running`);
    else if (svc.state !== 'Running') out.push(`service ${id} is ${svc.state}`);
    else if (!svc.health.unknown && !svc.health.healthy) out.push(`service ${id} is unhealthy${svc.health.lastMessage ? ` (${svc.health.lastMessage})` : ''}`);
  }
  return out;
}

/**
 * Problems of the etcd cluster: one member per control plane (or at least one per listed control
 * plane when others may join), and every control plane agrees.
 */
function etcdProblems(controlPlanes: readonly NodeObservation[], allowAdditionalMembers: boolean): string[] {
  const out: string[] = [];
  const lists: { address: string; members: readonly EtcdMemberInfo[] }[] = [];
  for (const cp of controlPlanes) {
    if (cp.error || !cp.etcd) continue;
    if ('error' in cp.etcd) out.push(`node ${cp.address}: etcd member list unavailable (${cp.etcd.error})`);
    else lists.push({ address: cp.address, members: cp.etcd.members });
  }
  if (lists.length === 0) return out;
  const key = (members: readonly EtcdMemberInfo[]) =>
    members
      .map((m) => m.id)
      .sort()
      .join(',');
  const reference = lists[0];
  for (const other of lists.slice(1)) {
    if (key(other.members) !== key(reference.members)) out.push(`etcd: node ${other.address} sees other members than node ${reference.address}`);
  }
  const expected = controlPlanes.length;
  const members = reference.members;
  if (allowAdditionalMembers ? members.length < expected : members.length !== expected) {
    out.push(`etcd: ${members.length} member${members.length === 1 ? '' : 's'}, expected ${allowAdditionalMembers ? 'at least ' : ''}${expected} (one per control plane)`);
  }
  const learners = members.filter((m) => m.isLearner).map((m) => m.hostname || m.id);
  if (learners.length > 0) out.push(`etcd: ${learners.join(', ')} still learner${learners.length === 1 ? '' : 's'}`);
  const peerHosts = new Set(members.flatMap((m) => m.peerUrls.map(hostOfUrl)));
  const missing = controlPlanes.filter((cp) => !peerHosts.has(cp.address)).map((cp) => cp.address);
  if (missing.length > 0 && members.length > 0) out.push(`etcd: no member for control plane ${missing.join(', ')}`);
  return out;
}

function kubeProblems(expected: readonly NodeObservation[], kube: KubeObservation): string[] {
  if ('error' in kube) return [`kubernetes: ${kube.error}`];
  const out: string[] = [];
  for (const node of expected) {
    const registered = kube.nodes.find((n) => n.internalIPs.includes(node.address));
    if (!registered) out.push(`kubernetes: node ${node.address} is not registered`);
    else if (!registered.ready) out.push(`kubernetes: node ${registered.name} (${node.address}) is not Ready`);
  }
  return out;
}

export interface HealthCheckOptions {
  /** Unlisted nodes may be etcd members (Cluster API's machines); listed ones must still be. */
  readonly allowAdditionalMembers?: boolean;
}

/** Everything not healthy yet, one line each (empty = healthy). `kube` undefined = Kubernetes checks skipped. */
export function healthProblems(nodes: readonly NodeObservation[], kube: KubeObservation | undefined, options: HealthCheckOptions = {}): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const prefix = `node ${node.address} (${node.role === 'controlplane' ? 'control plane' : 'worker'})`;
    if (node.error) {
      out.push(`${prefix}: ${node.error}`);
      continue;
    }
    if (node.status) {
      if (node.status.stage !== 'running') out.push(`${prefix}: stage ${node.status.stage}`);
      else if (!node.status.ready) {
        const unmet = node.status.unmetConditions.map((c) => `${c.name}: ${c.reason}`).join('; ');
        out.push(`${prefix}: not ready${unmet ? ` (${unmet})` : ''}`);
      }
    }
    for (const p of serviceProblems(node)) out.push(`${prefix}: ${p}`);
  }
  out.push(
    ...etcdProblems(
      nodes.filter((n) => n.role === 'controlplane'),
      options.allowAdditionalMembers ?? false,
    ),
  );
  if (kube) out.push(...kubeProblems(nodes, kube));
  return out;
}
