/**
 * Reading a node's disks (the Disks.block.talos.dev COSI resources) as talosctl get disks does:
 * a node in maintenance mode answers anyone (os:reader, no client certificate), a configured
 * node answers over mTLS with the cluster's client certificate. Which one the endpoint is comes
 * from its certificate (probeApiMode), so no credential is offered where it is not needed.
 */
import type { TalosDisk } from '../api/types';
import { parseEndpoint } from '../api/endpoint';
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
  type ClientCertificatePem,
  type NodeTarget,
  type Verdict,
} from './node-access';
import type { Logger } from '../../runtime';

export interface DiskReadContext {
  readonly target: NodeTarget;
  /** The cluster's client certificate; without it only a node in maintenance mode can be read. */
  readonly cert: ClientCertificatePem | undefined;
  readonly deadlineAt: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** Failures that retrying cannot fix (missing credentials, a routed maintenance node). */
class DiskReadRefused extends Error {}

export function disksVerdict(target: NodeTarget, err: unknown): Verdict {
  if (err instanceof DiskReadRefused) return giveUp(err);
  const common = commonVerdict(target, err);
  if (common) return common;
  const who = describeNode(target);
  switch (grpcCode(err)) {
    case 'PERMISSION_DENIED':
      return giveUp(new Error(`${who} denied listing its disks: ${failureText(err)} (the client certificate needs the os:reader role or more)`));
    case 'INVALID_ARGUMENT':
    case 'UNIMPLEMENTED':
    case 'NOT_FOUND':
      return giveUp(new Error(`${who} cannot list Disks.block.talos.dev resources: ${failureText(err)} (they exist from Talos 1.8 on)`));
    default:
      return retryWith(`not ready yet (${failureText(err)})`);
  }
}

async function listOnce(ctx: DiskReadContext, remainingMs: number, signal: AbortSignal): Promise<TalosDisk[]> {
  const mode = await probeApiMode(ctx.target, Math.min(3000, remainingMs));
  if (mode === 'unreachable') throw noAnswer(ctx.target);
  const callTimeout = Math.min(30_000, remainingMs);
  const who = describeNode(ctx.target);
  if (mode === 'maintenance' && parseEndpoint(ctx.target.endpoint).host !== ctx.target.node) {
    throw new DiskReadRefused(`${who}: the endpoint is in maintenance mode, which answers only for itself and routes to no other node; set endpoint to the node's own address (or leave it unset)`);
  }
  if (mode === 'configured' && !ctx.cert) {
    throw new DiskReadRefused(
      `${who} runs a machine configuration, so its API needs client_configuration (talos_machine_secrets.client_configuration); only a node in maintenance mode can be read without it`,
    );
  }
  const client = mode === 'maintenance' ? maintenanceClient(ctx.target, callTimeout) : secureClient(ctx.target, ctx.cert!, callTimeout);
  try {
    return await client.disks({ signal });
  } finally {
    client.close();
  }
}

/** Every disk the node lists, retried while it does not answer (until the deadline). */
export async function readDisks(ctx: DiskReadContext): Promise<TalosDisk[]> {
  return untilDeadline(
    { ...ctx, action: 'list its disks', initialDelayMs: 200, maxDelayMs: 3000 },
    (remaining, signal) => listOnce(ctx, remaining, signal),
    (err) => disksVerdict(ctx.target, err),
  );
}
