/**
 * Applying a machine configuration to one node and waiting until it runs it:
 * - a node in maintenance mode gets the config over the insecure maintenance API, then installs
 *   and reboots into it; we wait until it serves the authenticated (mTLS) API;
 * - a configured node gets it over mTLS; when Talos reboots for it we wait for the reboot too.
 * Re-sending the same configuration is harmless (Talos applies it as a no-op), so every failure
 * that may be temporary (node down, rebooting, another apply in progress) is retried.
 */
import { AttributeError } from '../../runtime';
import type { ApplyConfigurationResult, ApplyMode } from '../api/types';
import {
  commonVerdict,
  describeNode,
  failureText,
  giveUp,
  grpcCode,
  maintenanceClient,
  noAnswer,
  probeApiMode,
  retryWith,
  secureClient,
  untilDeadline,
  withAttemptSignal,
  type NodeTarget,
  type OperationContext,
  type Verdict,
} from './node-access';

/** apply_mode values the node understands (staged_if_needing_reboot is resolved before). */
export type NodeApplyMode = 'auto' | 'reboot' | 'no_reboot' | 'staged';

const WIRE_MODE: Record<NodeApplyMode, ApplyMode> = { auto: 'AUTO', reboot: 'REBOOT', no_reboot: 'NO_REBOOT', staged: 'STAGED' };

/** Per-call deadline: long enough for a slow node, short enough to notice a hung connection. */
const CALL_TIMEOUT_MS = 30_000;
/** How long we look for the API going down after Talos said it reboots for the new config. */
const REBOOT_GRACE_MS = 30_000;

export interface ApplyOutcome {
  /** The node was in maintenance mode (first configuration). */
  readonly viaMaintenance: boolean;
  /** What the node did: REBOOT, NO_REBOOT or STAGED. */
  readonly nodeMode: ApplyMode;
  readonly modeDetails: string;
}

/** Failures of ApplyConfiguration: retry while the node may still accept it later. */
export function applyVerdict(target: NodeTarget, err: unknown): Verdict {
  const common = commonVerdict(target, err);
  if (common) return common;
  const who = describeNode(target);
  switch (grpcCode(err)) {
    case 'INVALID_ARGUMENT':
      return giveUp(new AttributeError('machine_configuration_input', `${who} rejected the configuration: ${failureText(err)}`));
    case 'PERMISSION_DENIED':
      return giveUp(new Error(`${who} denied ApplyConfiguration: ${failureText(err)} (the client certificate needs the os:admin role)`));
    case 'UNIMPLEMENTED':
      return giveUp(new Error(`${who} does not support ApplyConfiguration: ${failureText(err)}`));
    case 'FAILED_PRECONDITION':
      return retryWith(`not ready for a configuration yet (${failureText(err)})`);
    default:
      // Maintenance-mode answers met by an mTLS client, Unavailable from apid while it restarts, ...
      return retryWith(`not ready yet (${failureText(err)})`);
  }
}

async function sendOnce(ctx: OperationContext, config: string, mode: NodeApplyMode, remainingMs: number, signal: AbortSignal): Promise<ApplyOutcome> {
  const apiMode = await probeApiMode(ctx.target, Math.min(3000, remainingMs));
  if (apiMode === 'unreachable') throw noAnswer(ctx.target);
  const viaMaintenance = apiMode === 'maintenance';
  const callTimeout = Math.min(CALL_TIMEOUT_MS, remainingMs);
  const client = viaMaintenance ? maintenanceClient(ctx.target, callTimeout) : secureClient(ctx.target, ctx.cert, callTimeout);
  try {
    const result: ApplyConfigurationResult = await client.applyConfiguration({ config, mode: WIRE_MODE[mode] }, { signal });
    return { viaMaintenance, nodeMode: result.mode, modeDetails: result.modeDetails };
  } finally {
    client.close();
  }
}

class NotConfiguredYetError extends Error {
  constructor(message = 'answers, but reports no machine configuration yet') {
    super(message);
  }
}

/** Verdict while waiting for a node to come up with its configuration. */
function upVerdict(target: NodeTarget, err: unknown): Verdict {
  if (err instanceof NotConfiguredYetError) return retryWith(err.message);
  const common = commonVerdict(target, err);
  if (common && !common.retry) {
    return giveUp(new Error(`${common.error.message} — the node came up with a configuration whose OS CA differs from client_configuration`));
  }
  if (common) return common;
  const kind = (err as { kind?: string }).kind;
  if (kind === 'maintenance') return retryWith('still in maintenance mode (installing or about to reboot into the configuration)');
  return retryWith(`not serving the authenticated API yet (${failureText(err)})`);
}

/** Throws a retryable error unless the endpoint presents a configured node's certificate. */
async function expectConfiguredApi(ctx: OperationContext, remaining: number): Promise<void> {
  const mode = await probeApiMode(ctx.target, Math.min(3000, remaining));
  if (mode === 'unreachable') throw noAnswer(ctx.target);
  if (mode === 'maintenance') throw new NotConfiguredYetError('still in maintenance mode (installing or about to reboot into the configuration)');
}

/** Waits until the node answers Version over mTLS as a configured node. */
export async function waitForAuthenticatedApi(ctx: OperationContext, action: string): Promise<void> {
  await untilDeadline(
    { ...ctx, action, initialDelayMs: 100, maxDelayMs: 1000 },
    async (remaining, signal) => {
      await expectConfiguredApi(ctx, remaining);
      const client = secureClient(ctx.target, ctx.cert, Math.min(5000, remaining));
      try {
        const version = await client.version({ signal });
        // Maintenance mode reports no features; a configured node does.
        if (!version.features) throw new NotConfiguredYetError();
      } catch (err) {
        // The maintenance API may have answered just before it went away: look again before judging.
        if ((err as { kind?: string }).kind === 'untrusted-server') await expectConfiguredApi(ctx, remaining);
        throw err;
      } finally {
        client.close();
      }
    },
    (err) => upVerdict(ctx.target, err),
  );
}

/** Waits (briefly) until the API goes away for a reboot Talos announced. */
async function waitForApiDown(ctx: OperationContext): Promise<boolean> {
  const until = Math.min(ctx.deadlineAt, Date.now() + REBOOT_GRACE_MS);
  while (Date.now() < until) {
    if (ctx.signal.aborted) return false;
    if ((await probeApiMode(ctx.target, 1000)) !== 'configured') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Applies `config` and waits until the node runs it (see the module comment). A worker's API
 * comes up only once a control plane's trustd issues its certificate; `worker` adds that to the
 * timeout message.
 */
export async function applyConfigurationAndWait(ctx: OperationContext, config: string, mode: NodeApplyMode, worker = false): Promise<ApplyOutcome> {
  const needsControlPlane = worker ? '; a worker also needs a running control plane to issue its API certificate' : '';
  const who = describeNode(ctx.target);
  const outcome = await untilDeadline(
    { ...ctx, action: 'apply the machine configuration' },
    (remaining, signal) => sendOnce(ctx, config, mode, remaining, signal),
    (err) => applyVerdict(ctx.target, err),
  );
  ctx.log.info(`${who}: configuration applied (${outcome.viaMaintenance ? 'maintenance mode' : 'configured node'}): ${outcome.modeDetails || outcome.nodeMode}`);
  if (outcome.viaMaintenance) {
    ctx.log.info(`${who}: waiting until it installs, reboots and serves the authenticated API`);
    await waitForAuthenticatedApi(ctx, `come up with the configuration (install and reboot${needsControlPlane})`);
  } else if (outcome.nodeMode === 'REBOOT') {
    ctx.log.info(`${who}: rebooting for the configuration change; waiting until it is back`);
    if (!(await waitForApiDown(ctx))) ctx.log.warn(`${who}: did not see the API go down for the reboot; checking it is up`);
    await waitForAuthenticatedApi(ctx, `come back after the reboot${needsControlPlane ? ` (${needsControlPlane.slice(2)})` : ''}`);
  }
  return outcome;
}

/** A dry-run apply (for apply_mode staged_if_needing_reboot): would the node reboot for `config`? */
export async function needsReboot(ctx: OperationContext, config: string): Promise<boolean> {
  const apiMode = await probeApiMode(ctx.target);
  if (apiMode === 'unreachable') throw noAnswer(ctx.target);
  if (apiMode === 'maintenance') return false;
  const client = secureClient(ctx.target, ctx.cert, Math.min(CALL_TIMEOUT_MS, Math.max(1000, ctx.deadlineAt - Date.now())));
  try {
    const result = await withAttemptSignal(ctx.signal, (signal) => client.applyConfiguration({ config, mode: 'AUTO', dryRun: true }, { signal }));
    return result.mode === 'REBOOT';
  } finally {
    client.close();
  }
}
