/**
 * Errors from Talos API calls: always name the node, the endpoint and the gRPC code, and say
 * whether the failure is one Talos produces while a node boots, installs or reboots.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';

export type GrpcCodeName = keyof typeof GrpcStatus;

/**
 * - `unreachable`: no connection could be made (refused, reset, timed out): node down or rebooting.
 * - `connection-lost`: the connection broke after the request may have been delivered.
 * - `maintenance`: a client with the cluster's credentials met a node still in maintenance mode
 *   (its API serves the maintenance certificate), e.g. right after ApplyConfiguration, before reboot.
 * - `untrusted-server`: the node's certificate is not signed by the given OS CA (or does not name
 *   the endpoint).
 * - `client-rejected`: the node refused our client certificate (other cluster's CA, wrong usage).
 * - `deadline`: the per-call deadline passed.
 * - `status`: the node answered with a gRPC status (PermissionDenied, FailedPrecondition, ...).
 */
export type TalosErrorKind = 'unreachable' | 'connection-lost' | 'maintenance' | 'untrusted-server' | 'client-rejected' | 'deadline' | 'status';

export interface TalosCallContext {
  /** gRPC method, e.g. `/machine.MachineService/Bootstrap`. */
  readonly method: string;
  /** host:port the client dialled. */
  readonly endpoint: string;
  /** Target node (routing metadata or, without it, the endpoint host). */
  readonly node: string;
}

const HINTS: Partial<Record<TalosErrorKind, string>> = {
  'untrusted-server':
    "the node does not present a certificate from the given OS CA: check that the talosconfig/client configuration belongs to this cluster and that the endpoint is in the node's certificate (machine.certSANs)",
  'client-rejected': "the node refused the client certificate: it must be signed by the cluster's OS CA (secrets bundle certs.os) with extended key usage clientAuth only",
  maintenance: 'the node is still in maintenance mode (no machine configuration applied, or it has not rebooted into it yet)',
};

export class TalosApiError extends Error {
  /** Numeric gRPC status code (grpc-js `status`). */
  readonly code: number;
  readonly codeName: GrpcCodeName | 'UNKNOWN';
  /** Text from the node or from the transport (never contains key material). */
  readonly details: string;
  readonly kind: TalosErrorKind;
  readonly method: string;
  readonly endpoint: string;
  readonly node: string;

  constructor(ctx: TalosCallContext, code: number, details: string, kind: TalosErrorKind) {
    const codeName = grpcCodeName(code);
    const rpc = ctx.method.replace(/^\//, '');
    const target = ctx.node === hostOf(ctx.endpoint) ? ctx.endpoint : `${ctx.node} via ${ctx.endpoint}`;
    const hint = HINTS[kind];
    super(`Talos API ${rpc} on node ${target} failed: ${codeName}: ${details}${hint ? ` (${hint})` : ''}`);
    this.name = 'TalosApiError';
    this.code = code;
    this.codeName = codeName;
    this.details = details;
    this.kind = kind;
    this.method = ctx.method;
    this.endpoint = ctx.endpoint;
    this.node = ctx.node;
  }

  /** True when the request surely never reached the node's handler (safe to resend anything). */
  get notDelivered(): boolean {
    return this.kind === 'unreachable' || this.kind === 'maintenance' || this.kind === 'untrusted-server' || this.kind === 'client-rejected';
  }
}

export function grpcCodeName(code: number): GrpcCodeName | 'UNKNOWN' {
  const entry = Object.entries(GrpcStatus).find(([, value]) => value === code);
  return entry ? (entry[0] as GrpcCodeName) : 'UNKNOWN';
}

export function hostOf(endpoint: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(endpoint);
  if (bracketed) return bracketed[1];
  const idx = endpoint.lastIndexOf(':');
  return idx > 0 && endpoint.indexOf(':') === idx ? endpoint.slice(0, idx) : endpoint;
}

/** The parts of a grpc-js ServiceError we read. */
export interface GrpcErrorLike {
  readonly code?: number;
  readonly details?: string;
  readonly message?: string;
}

const NO_CONNECTION = /No connection established|ECONNREFUSED|connect: connection refused|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|connect ETIMEDOUT|Failed to connect/i;
const CLIENT_REJECTED =
  /remote error: tls: bad certificate|alert (certificate required|unknown ca|bad certificate|unsupported certificate|certificate unknown|access denied|handshake failure)|tlsv1[0-9]* alert|sslv3 alert|peer did not return a certificate/i;
const SERVER_UNTRUSTED =
  /self[- ]signed certificate|unable to (get local issuer|verify the first)|certificate (signature failure|has expired|is not yet valid)|Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|unknown authority|wrong version number/i;
const CONNECTION_LOST = /Connection dropped|ECONNRESET|socket hang up|GOAWAY|RST_STREAM|Stream refused|Call cancelled|EPIPE|closed|Received HTTP\/2 GOAWAY/i;

/**
 * Classifies a grpc-js error. `maintenanceCertificateSeen` is the result of a follow-up probe of
 * the server certificate (see tls-probe.ts); pass undefined when not probed.
 */
export function classifyGrpcError(err: GrpcErrorLike, maintenanceCertificateSeen?: boolean): { code: number; details: string; kind: TalosErrorKind } {
  const code = typeof err.code === 'number' ? err.code : GrpcStatus.UNKNOWN;
  const details = (err.details ?? err.message ?? '').trim() || grpcCodeName(code);
  if (code === GrpcStatus.DEADLINE_EXCEEDED) return { code, details, kind: 'deadline' };
  if (code !== GrpcStatus.UNAVAILABLE && code !== GrpcStatus.INTERNAL && code !== GrpcStatus.UNKNOWN && code !== GrpcStatus.CANCELLED) {
    return { code, details, kind: 'status' };
  }
  if (CLIENT_REJECTED.test(details)) return { code, details, kind: 'client-rejected' };
  if (SERVER_UNTRUSTED.test(details)) {
    return { code, details, kind: maintenanceCertificateSeen ? 'maintenance' : 'untrusted-server' };
  }
  if (code === GrpcStatus.UNAVAILABLE && NO_CONNECTION.test(details)) return { code, details, kind: 'unreachable' };
  if (CONNECTION_LOST.test(details)) return { code, details, kind: 'connection-lost' };
  return { code, details, kind: 'status' };
}

/** Needs a server-certificate probe to tell a maintenance-mode node from a foreign cluster. */
export function looksLikeServerCertificateFailure(err: GrpcErrorLike): boolean {
  const details = err.details ?? err.message ?? '';
  return !CLIENT_REJECTED.test(details) && SERVER_UNTRUSTED.test(details);
}

/**
 * Whether `err` is one of the failures Talos nodes produce while they boot, install or reboot,
 * so that retrying later can succeed. `idempotent` calls may also be resent after a lost
 * connection or a deadline; others only when the request surely was not delivered.
 */
export function isTransientTalosError(err: TalosApiError, idempotent: boolean, extraCodes: readonly GrpcCodeName[] = []): boolean {
  switch (err.kind) {
    case 'unreachable':
    case 'maintenance':
      return true;
    case 'connection-lost':
    case 'deadline':
      return idempotent;
    case 'untrusted-server':
    case 'client-rejected':
      return false;
    case 'status':
      // apid answers Unavailable while a proxied backend (another node) is not up yet.
      if (err.code === GrpcStatus.UNAVAILABLE) return idempotent || /connection refused|no such host|upstream|not ready/i.test(err.details);
      return extraCodes.includes(err.codeName as GrpcCodeName);
  }
}
