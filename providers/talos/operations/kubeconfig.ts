/**
 * Fetching the admin kubeconfig through the Talos Kubeconfig API (a gzip tar stream the node
 * generates from its configuration; no Kubernetes API needed), retried while the node comes up.
 */
import { commonVerdict, describeNode, failureText, giveUp, grpcCode, retryWith, secureClient, untilDeadline, type NodeTarget, type OperationContext, type Verdict } from './node-access';

export function kubeconfigVerdict(target: NodeTarget, err: unknown): Verdict {
  const common = commonVerdict(target, err);
  if (common) return common;
  const who = describeNode(target);
  if ((err as { kind?: string }).kind === 'maintenance') return retryWith('still in maintenance mode (no configuration applied yet, or installing)');
  switch (grpcCode(err)) {
    case 'UNIMPLEMENTED':
      return giveUp(new Error(`${who} cannot hand out a kubeconfig: ${failureText(err)}; point node at a control-plane node`));
    case 'PERMISSION_DENIED':
      return giveUp(new Error(`${who} denied Kubeconfig: ${failureText(err)} (the client certificate needs the os:admin role)`));
    case 'INVALID_ARGUMENT':
      return giveUp(new Error(`${who} rejected Kubeconfig: ${failureText(err)}`));
    default:
      return retryWith(`not ready yet (${failureText(err)})`);
  }
}

/** The kubeconfig YAML (sensitive: never log it). */
export async function fetchKubeconfig(ctx: OperationContext): Promise<string> {
  return untilDeadline(
    { ...ctx, action: 'fetch the kubeconfig', initialDelayMs: 200, maxDelayMs: 3000 },
    async (remaining, signal) => {
      const client = secureClient(ctx.target, ctx.cert, Math.min(30_000, remaining));
      try {
        return await client.kubeconfig({ signal });
      } finally {
        client.close();
      }
    },
    (err) => kubeconfigVerdict(ctx.target, err),
  );
}
