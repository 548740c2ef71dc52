/**
 * Resetting a node on destroy (`on_destroy.reset`): wipe STATE (its configuration) and EPHEMERAL
 * (etcd data), then wait until it is back in maintenance mode (reboot) or powered off.
 */
import {
  commonVerdict,
  describeNode,
  failureText,
  giveUp,
  grpcCode,
  noAnswer,
  probeApiMode,
  retryWith,
  secureClient,
  untilDeadline,
  type NodeTarget,
  type OperationContext,
  type Verdict,
} from './node-access';
import { formatDurationMs } from '../../kernel/duration';

export interface ResetOptions {
  /** Leave etcd first (fails on the last member: use false when tearing a cluster down). */
  readonly graceful: boolean;
  /** Reboot into maintenance mode afterwards instead of powering off. */
  readonly reboot: boolean;
}

export type ResetOutcome = 'reset' | 'already-in-maintenance';

function resetVerdict(target: NodeTarget, err: unknown): Verdict {
  const common = commonVerdict(target, err);
  if (common) return common;
  const who = describeNode(target);
  switch (grpcCode(err)) {
    case 'PERMISSION_DENIED':
      return giveUp(new Error(`${who} denied Reset: ${failureText(err)} (the client certificate needs the os:admin role)`));
    case 'UNIMPLEMENTED':
    case 'INVALID_ARGUMENT':
      return giveUp(new Error(`${who} refused Reset: ${failureText(err)}`));
    default:
      return retryWith(`not ready for a reset (${failureText(err)})`);
  }
}

/** Resets the node and waits for the outcome `opts` asks for. */
export async function resetNode(ctx: OperationContext, opts: ResetOptions): Promise<ResetOutcome> {
  const who = describeNode(ctx.target);
  const sent = await untilDeadline(
    {
      ...ctx,
      action: 'reset',
      timeoutHint: 'if the machine is gone for good, set on_destroy.reset = false or remove the resource with terraform state rm',
    },
    async (remaining, signal): Promise<boolean> => {
      const mode = await probeApiMode(ctx.target, Math.min(3000, remaining));
      // A node in maintenance mode has no configuration left to wipe.
      if (mode === 'maintenance') return false;
      if (mode === 'unreachable') throw noAnswer(ctx.target);
      const client = secureClient(ctx.target, ctx.cert, Math.min(30_000, remaining));
      try {
        await client.reset(
          {
            graceful: opts.graceful,
            reboot: opts.reboot,
            systemPartitionsToWipe: [
              { label: 'STATE', wipe: true },
              { label: 'EPHEMERAL', wipe: true },
            ],
          },
          { signal },
        );
        return true;
      } finally {
        client.close();
      }
    },
    (err) => resetVerdict(ctx.target, err),
  );
  if (!sent) {
    ctx.log.info(`${who}: already in maintenance mode; nothing to reset`);
    return 'already-in-maintenance';
  }
  ctx.log.info(`${who}: reset requested (graceful=${opts.graceful}, reboot=${opts.reboot}); waiting for it to ${opts.reboot ? 'come back in maintenance mode' : 'power off'}`);
  let wentDown = false;
  const goal = opts.reboot ? 'maintenance' : 'unreachable';
  while (Date.now() < ctx.deadlineAt) {
    if (ctx.signal.aborted) throw new Error(`${who}: waiting for the reset was interrupted (Terraform asked the provider to stop)`);
    const mode = await probeApiMode(ctx.target, 1000);
    if (mode === goal) return 'reset';
    if (mode === 'unreachable') wentDown = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const hint = wentDown
    ? 'it went down but did not come back in maintenance mode'
    : `it still runs its configuration${opts.graceful ? ' (a graceful reset fails on the last etcd member: set on_destroy.graceful = false when destroying the whole cluster)' : ''}`;
  throw new Error(`${who} was asked to reset but did not finish within ${formatDurationMs(ctx.timeoutMs)}: ${hint}`);
}
