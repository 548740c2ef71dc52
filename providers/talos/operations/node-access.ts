/**
 * How the Talos API resources reach a node: which apid to dial, with which credentials, how to
 * tell a node in maintenance mode from a configured one, and a deadline-bound retry loop whose
 * errors name the node and its address. The gRPC client is loaded only when a handler calls.
 */
import { AttributeError, lazy, type Logger } from '../../runtime';
import { base64ToPem } from '../../pki/pem';
import type * as TalosApi from '../api';
import { parseEndpoint } from '../api/endpoint';
import { backoffDelay, sleep } from '../api/retry';
import type { ClientConfigurationValue } from '../../machinery/secrets/secrets-value';
import { formatDurationMs } from '../../kernel/duration';

const api = lazy(() => require('../api') as typeof TalosApi);

/** The node a resource acts on and the apid it dials (often the node itself). */
export interface NodeTarget {
  /** Address (or name) calls are for: `node` routing metadata when it differs from the endpoint host. */
  readonly node: string;
  /** The apid dialled: host or host:port (port 50000 by default). */
  readonly endpoint: string;
  /** Host name, for messages only (e.g. from the machine configuration). */
  readonly name?: string;
}

/** What an operation on one node needs: where, with which credentials, until when. */
export interface OperationContext {
  readonly target: NodeTarget;
  readonly cert: ClientCertificatePem;
  readonly deadlineAt: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
}

export interface ClientCertificatePem {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** `node lab-cp-1 (127.0.10.11:50000)`, or `node 127.0.10.21 (via 127.0.10.11:50000)` when routed. */
export function describeNode(target: NodeTarget): string {
  const { host, address } = parseEndpoint(target.endpoint);
  const label = target.name && target.name !== target.node ? target.name : undefined;
  if (host === target.node) return label ? `node ${label} (${address})` : `node ${address}`;
  return `node ${label ?? target.node} (${label ? `${target.node} ` : ''}via ${address})`;
}

/** PEM credentials from a client_configuration value (base64 of PEM, as Talos stores them). */
export function clientCertificateFrom(value: ClientConfigurationValue | null, attribute = 'client_configuration'): ClientCertificatePem {
  if (!value) throw new AttributeError(attribute, 'is required: pass client_configuration of talos_machine_secrets');
  const decode = (field: keyof ClientConfigurationValue): string => {
    try {
      return base64ToPem(value[field]);
    } catch (err) {
      throw new AttributeError(`${attribute}.${field}`, `is not base64 of PEM: ${(err as Error).message}`);
    }
  };
  return { caPem: decode('ca_certificate'), certPem: decode('client_certificate'), keyPem: decode('client_key') };
}

function routedNode(target: NodeTarget): string | undefined {
  return parseEndpoint(target.endpoint).host === target.node ? undefined : target.node;
}

/** An mTLS client for the node; one attempt per call (the loops below own retries). */
export function secureClient(target: NodeTarget, cert: ClientCertificatePem, callTimeoutMs: number): TalosApi.TalosClient {
  return new (api().TalosClient)({
    endpoint: target.endpoint,
    node: routedNode(target),
    auth: { kind: 'mtls', ...cert },
    retry: false,
    callTimeoutMs: Math.max(1000, callTimeoutMs),
  });
}

/** Maintenance mode only: TLS without verification and without a client certificate. */
export function maintenanceClient(target: NodeTarget, callTimeoutMs: number): TalosApi.TalosClient {
  return api().TalosClient.maintenance(target.endpoint, { retry: false, callTimeoutMs: Math.max(1000, callTimeoutMs) });
}

export type NodeApiMode = 'maintenance' | 'configured' | 'unreachable';

/**
 * What the endpoint's apid serves, from its certificate alone (nothing is sent): Talos presents a
 * `maintenance-service.talos.dev` certificate until it runs a machine configuration.
 */
export async function probeApiMode(target: NodeTarget, timeoutMs = 3000): Promise<NodeApiMode> {
  const { host, port } = parseEndpoint(target.endpoint);
  const cert = await api().probeServerCertificate(host, port, Math.max(200, timeoutMs));
  if (!cert) return 'unreachable';
  return cert.maintenance ? 'maintenance' : 'configured';
}

/** Raised when the TLS probe got no answer: the node is down, rebooting, or not there. */
export class NoAnswerError extends Error {
  constructor(readonly address: string) {
    super(`no TLS answer from ${address} (connection refused or timed out)`);
    this.name = 'NoAnswerError';
  }
}

export function noAnswer(target: NodeTarget): NoAnswerError {
  return new NoAnswerError(parseEndpoint(target.endpoint).address);
}

/** What to do with a failed attempt: wait and try again (with a note for the log), or give up. */
export type Verdict = { readonly retry: true; readonly note: string } | { readonly retry: false; readonly error: Error };

export const retryWith = (note: string): Verdict => ({ retry: true, note });
export const giveUp = (error: Error): Verdict => ({ retry: false, error });

export interface NodeLoopOptions {
  readonly target: NodeTarget;
  /** What is attempted, for messages: e.g. `apply the machine configuration`. */
  readonly action: string;
  /** Absolute time (ms since epoch) after which the loop fails. */
  readonly deadlineAt: number;
  /** The configured timeout, for the message (e.g. 10m0s). */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Pause after the first failure (default 250 ms), doubling up to maxDelayMs (default 5 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Appended to the timeout error: what the user can do about it. */
  readonly timeoutHint?: string;
}

/** A failure meaning nothing answered (as opposed to the node answering "no"). */
export function isNoAnswer(err: unknown): boolean {
  if (err instanceof NoAnswerError) return true;
  const kind = (err as { kind?: string } | null)?.kind;
  return kind === 'unreachable' || kind === 'connection-lost' || kind === 'deadline';
}

/** Text of a failure without our per-call prefix: `UNAVAILABLE: No connection established`. */
export function failureText(err: unknown): string {
  if (err instanceof api().TalosApiError) return `${err.codeName}: ${err.details.replace(/\s*Resolution note:\s*$/, '')}`;
  return err instanceof Error ? err.message : String(err);
}

export function interrupted(opts: Pick<NodeLoopOptions, 'target' | 'action'>): Error {
  return new Error(`${describeNode(opts.target)}: ${opts.action} was interrupted (Terraform asked the provider to stop); run apply again to continue`);
}

/** The timeout error: names the node, the address and the last failure. */
export function timeoutError(opts: Pick<NodeLoopOptions, 'target' | 'action' | 'timeoutMs' | 'timeoutHint'>, last: unknown): Error {
  const who = describeNode(opts.target);
  const within = formatDurationMs(opts.timeoutMs);
  const hint = opts.timeoutHint ? ` (${opts.timeoutHint})` : '';
  if (last === undefined) return new Error(`${who}: could not ${opts.action} within ${within}${hint}`);
  if (isNoAnswer(last)) return new Error(`${who} did not answer within ${within}: ${failureText(last)}${hint}`);
  return new Error(`${who}: could not ${opts.action} within ${within}; last answer: ${failureText(last)}${hint}`);
}

/**
 * Runs `fn` with a signal that follows `parent` only while `fn` runs. Calls register abort
 * listeners on the signal they get; a signal per attempt keeps long waits from piling them up
 * on the handler's signal.
 */
export async function withAttemptSignal<T>(parent: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const child = new AbortController();
  const forward = (): void => child.abort(parent.reason);
  if (parent.aborted) child.abort(parent.reason);
  else parent.addEventListener('abort', forward, { once: true });
  try {
    return await fn(child.signal);
  } finally {
    parent.removeEventListener('abort', forward);
  }
}

/**
 * Runs `attempt` until it succeeds, `judge` gives up, the deadline passes (error naming the node,
 * address and last failure) or Terraform asks the provider to stop. `attempt` gets the time left
 * and a signal for its calls (aborted when the provider is stopped).
 */
export async function untilDeadline<T>(opts: NodeLoopOptions, attempt: (remainingMs: number, signal: AbortSignal) => Promise<T>, judge: (err: unknown) => Verdict): Promise<T> {
  let last: unknown;
  let lastNote = '';
  // Early retries come quickly (a node is often ready moments later), later ones back off to 5 s.
  const policy = { timeoutMs: opts.timeoutMs, initialDelayMs: opts.initialDelayMs ?? 100, maxDelayMs: opts.maxDelayMs ?? 5000, factor: 1.6 };
  for (let n = 1; ; n++) {
    if (opts.signal.aborted) throw interrupted(opts);
    const remaining = opts.deadlineAt - Date.now();
    if (remaining <= 0) throw timeoutError(opts, last);
    try {
      return await withAttemptSignal(opts.signal, (signal) => attempt(remaining, signal));
    } catch (err) {
      if (opts.signal.aborted) throw interrupted(opts);
      const verdict = judge(err);
      if (!verdict.retry) throw verdict.error;
      last = err;
      if (verdict.note !== lastNote) {
        lastNote = verdict.note;
        opts.log.info(`${describeNode(opts.target)}: ${verdict.note}; retrying until ${new Date(opts.deadlineAt).toISOString()}`);
      }
    }
    const pause = Math.min(backoffDelay(n, policy), Math.max(0, opts.deadlineAt - Date.now()));
    try {
      await sleep(pause, opts.signal);
    } catch {
      throw interrupted(opts);
    }
  }
}

/**
 * Verdicts shared by every operation: no answer → wait; a node of another cluster or a refused
 * client certificate → give up at once with a message that says which side is wrong.
 */
export function commonVerdict(target: NodeTarget, err: unknown): Verdict | undefined {
  if (err instanceof NoAnswerError) return retryWith(`not answering (${err.message})`);
  const { TalosApiError } = api();
  if (!(err instanceof TalosApiError)) return giveUp(err instanceof Error ? err : new Error(String(err)));
  const who = describeNode(target);
  switch (err.kind) {
    case 'unreachable':
    case 'connection-lost':
    case 'deadline':
      return retryWith(`not answering (${failureText(err)})`);
    case 'untrusted-server':
      return giveUp(
        new Error(
          `${who} presents a certificate that client_configuration.ca_certificate does not trust: the node belongs to another cluster ` +
            `(different secrets), or the endpoint is not in its certificate (machine.certSANs). ${failureText(err)}`,
        ),
      );
    case 'client-rejected':
      return giveUp(
        new Error(`${who} refused the client certificate of client_configuration: it is not signed by this cluster's OS CA ` + `(client configuration from other secrets?). ${failureText(err)}`),
      );
    default:
      return undefined;
  }
}

export function grpcCode(err: unknown): string | undefined {
  return err instanceof api().TalosApiError ? err.codeName : undefined;
}
