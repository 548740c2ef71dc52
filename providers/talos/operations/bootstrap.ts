/**
 * Bootstrap: starts etcd on one control-plane node, once per cluster. Talos answers
 * FailedPrecondition until the node can bootstrap (CRI up, time synced), AlreadyExists once etcd
 * has data (bootstrapped before, or joined), Unimplemented on a worker.
 */
import { commonVerdict, describeNode, failureText, giveUp, grpcCode, retryWith, secureClient, untilDeadline, type NodeTarget, type OperationContext, type Verdict } from './node-access';

export type BootstrapOutcome = 'bootstrapped' | 'already-bootstrapped';

class AlreadyBootstrapped extends Error {}

export function bootstrapVerdict(target: NodeTarget, err: unknown): Verdict {
  const common = commonVerdict(target, err);
  if (common) return common;
  const who = describeNode(target);
  const kind = (err as { kind?: string }).kind;
  if (kind === 'maintenance') return retryWith('still in maintenance mode (no configuration applied yet, or installing)');
  switch (grpcCode(err)) {
    case 'UNIMPLEMENTED':
      return giveUp(new Error(`${who} cannot bootstrap: ${failureText(err)}; point node at a control-plane node (workers have no etcd)`));
    case 'PERMISSION_DENIED':
      return giveUp(new Error(`${who} denied Bootstrap: ${failureText(err)} (the client certificate needs the os:admin role)`));
    case 'INVALID_ARGUMENT':
      return giveUp(new Error(`${who} rejected Bootstrap: ${failureText(err)}`));
    case 'FAILED_PRECONDITION':
      return retryWith(`not ready to bootstrap yet (${failureText(err)})`);
    default:
      return retryWith(`not ready yet (${failureText(err)})`);
  }
}

/** Calls Bootstrap until it succeeds or reports that etcd already has data (both mean "done"). */
export async function bootstrapNode(ctx: OperationContext): Promise<BootstrapOutcome> {
  const who = describeNode(ctx.target);
  try {
    await untilDeadline(
      { ...ctx, action: 'bootstrap etcd', initialDelayMs: 200, maxDelayMs: 3000 },
      async (remaining, signal) => {
        const client = secureClient(ctx.target, ctx.cert, Math.min(30_000, remaining));
        try {
          await client.bootstrap({}, { signal });
        } catch (err) {
          if (grpcCode(err) === 'ALREADY_EXISTS') throw new AlreadyBootstrapped(failureText(err));
          throw err;
        } finally {
          client.close();
        }
      },
      (err) => (err instanceof AlreadyBootstrapped ? giveUp(err) : bootstrapVerdict(ctx.target, err)),
    );
  } catch (err) {
    if (err instanceof AlreadyBootstrapped) {
      ctx.log.info(`${who}: already bootstrapped (${err.message}); nothing to do`);
      return 'already-bootstrapped';
    }
    throw err;
  }
  ctx.log.info(`${who}: bootstrapped; etcd starts as a single-member cluster and the other control planes join it`);
  return 'bootstrapped';
}
