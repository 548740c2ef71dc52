/**
 * Node registration as a kubelet does it: create the Node with the addresses and node info it
 * reports, then let kwok (running against the cluster) mark it Ready and renew its lease.
 * Resolves once every node is Ready.
 */
import { KubeApiError, waitFor, type LabKubeClient } from './kube-client';
import { nodeObject, validateLabNodeSpec, type LabNodeSpec } from './node-spec';

interface NodeCondition {
  readonly type: string;
  readonly status: string;
}

interface NodeResource {
  readonly status?: { readonly conditions?: readonly NodeCondition[] };
}

export interface RegisterNodesOptions {
  /** kubeletVersion of nodes that do not set one. */
  readonly defaultKubeletVersion: string;
  /** Default 60 s. */
  readonly readyTimeoutMs?: number;
}

export function isNodeReady(node: NodeResource): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Registers `specs` (kwok must be running against the cluster) and waits until each is Ready. */
export async function registerLabNodes(client: LabKubeClient, specs: readonly LabNodeSpec[], options: RegisterNodesOptions): Promise<void> {
  specs.forEach((spec, i) => validateLabNodeSpec(spec, `nodes[${i}]`));
  for (const spec of specs) {
    try {
      await client.create('/api/v1/nodes', nodeObject(spec, options.defaultKubeletVersion));
    } catch (err) {
      if (err instanceof KubeApiError && err.reason === 'AlreadyExists') {
        throw new Error(`node ${spec.name} is already registered; unregister it first or pick another name`);
      }
      throw err;
    }
  }
  await Promise.all(
    specs.map((spec) =>
      waitFor(`node ${spec.name} to become Ready (kwok sets the condition)`, async () => isNodeReady(await client.get<NodeResource>(`/api/v1/nodes/${encodeURIComponent(spec.name)}`)), {
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        intervalMs: 300,
      }),
    ),
  );
}

/** Deletes a node (as when a machine is removed); a missing node is not an error. */
export async function unregisterLabNode(client: LabKubeClient, name: string): Promise<void> {
  try {
    await client.json('DELETE', `/api/v1/nodes/${encodeURIComponent(name)}`);
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return;
    throw err;
  }
}
