/**
 * Talos API client (machine.MachineService and cosi.resource.State) on @grpc/grpc-js.
 * One client talks to one endpoint (a node's apid); `node` routing metadata lets apid proxy the
 * call to another node. Calls carry a deadline and are retried with backoff while the failure is
 * one Talos produces during boot/install/reboot (see errors.ts).
 */
import { Client as GrpcClient, type CallOptions as GrpcCallOptions, type ClientReadableStream, type Metadata, type ServiceError } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/grpc-js';
import { channelCredentials, type TalosAuth } from './credentials';
import { parseEndpoint, type TalosEndpoint } from './endpoint';
import { classifyGrpcError, isTransientTalosError, looksLikeServerCertificateFailure, TalosApiError, type GrpcCodeName, type TalosCallContext } from './errors';
import { extractKubeconfig } from './kubeconfig-archive';
import { replyFailure, routingMetadata, type Routing } from './metadata';
import { talosPackageDefinition } from './proto/load';
import { DEFAULT_RETRY, retryWithBackoff, type RetryPolicy } from './retry';
import { probeClientCertificateRejection, probeServerCertificate } from './tls-probe';
import { toNodeTlsKeyPem } from '../../pki/keys';
import {
  APPLY_MODES,
  type ApplyConfigurationInput,
  type ApplyConfigurationResult,
  type BootstrapInput,
  type CosiResource,
  type EtcdMemberInfo,
  type MachineStatus,
  type NodeOutcome,
  type RebootMode,
  type ResetInput,
  type ServiceInfo,
  type TalosDisk,
  type VersionResult,
} from './types';
import {
  decodeDiskSpec,
  decodeMachineStatus,
  DISK_NAMESPACE,
  DISK_TYPE,
  MACHINE_STATUS_ID,
  MACHINE_STATUS_NAMESPACE,
  MACHINE_STATUS_TYPE,
  toApplyResult,
  toCosiResource,
  toEtcdMembers,
  toServices,
  toVersion,
  type WireActorReply,
  type WireApplyConfiguration,
  type WireCosiResource,
  type WireData,
  type WireEtcdMembers,
  type WireReply,
  type WireResponse,
  type WireServiceList,
  type WireVersion,
} from './wire';

/** Talos' limit for gRPC messages in both directions (constants.GRPCMaxMessageSize). */
export const TALOS_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/** Failures that clearly mean "nothing listens there" (no need to probe the TLS handshake). */
const REFUSED = /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|connection refused/i;

export interface TalosClientOptions {
  /** The apid to dial: `host`, `host:port`, `[v6]:port` or `https://host:port` (port 50000 by default). */
  readonly endpoint: string;
  /** mTLS with the cluster's client certificate, or maintenance mode (insecure; only for unconfigured nodes). */
  readonly auth: TalosAuth;
  /** Node to route calls to (`node` metadata); default: the endpoint node itself. */
  readonly node?: string;
  /** Per-attempt deadline (default 30 s). */
  readonly callTimeoutMs?: number;
  /** Retry budget for transient failures (default 120 s, backoff 0.2 s .. 5 s); false = one attempt. */
  readonly retry?: RetryPolicy | false;
  /** TLS name to verify instead of the endpoint host (when the endpoint is a name not in the certificate). */
  readonly serverName?: string;
  /** Progress hook, called before each retry pause. */
  readonly onRetry?: (err: TalosApiError, attempt: number, delayMs: number) => void;
}

export interface TalosCallOptions {
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy | false;
  /** Extra gRPC codes to retry for this call, e.g. ['FAILED_PRECONDITION'] for Bootstrap. */
  readonly retryOnCodes?: readonly GrpcCodeName[];
  readonly signal?: AbortSignal;
}

type ServiceName = 'machine.MachineService' | 'cosi.resource.State';
type AnyMethod = MethodDefinition<object, object>;

export class TalosClient {
  readonly endpoint: TalosEndpoint;
  readonly node: string | undefined;
  private readonly options: TalosClientOptions;
  private grpc: GrpcClient | undefined;
  private closed = false;

  constructor(options: TalosClientOptions) {
    this.endpoint = parseEndpoint(options.endpoint);
    if (options.auth?.kind !== 'maintenance' && options.auth?.kind !== 'mtls') {
      throw new Error("auth must be { kind: 'maintenance' } or { kind: 'mtls', caPem, certPem, keyPem }");
    }
    // Build once now so bad PEM input fails at construction with a field-naming message.
    channelCredentials(options.auth);
    if (options.node !== undefined && options.node.trim() === '') throw new Error('node is empty: omit it or pass the node address');
    this.node = options.node;
    this.options = options;
  }

  /** Client for a node in maintenance mode: TLS without verification, no client certificate. */
  static maintenance(endpoint: string, options: Omit<TalosClientOptions, 'endpoint' | 'auth'> = {}): TalosClient {
    return new TalosClient({ ...options, endpoint, auth: { kind: 'maintenance' } });
  }

  /** The node calls are routed to (for error messages and fan-out bookkeeping). */
  get target(): string {
    return this.node ?? this.endpoint.host;
  }

  get isMaintenance(): boolean {
    return this.options.auth.kind === 'maintenance';
  }

  close(): void {
    this.closed = true;
    this.dropChannel();
  }

  // ---- MachineService ----

  async applyConfiguration(input: ApplyConfigurationInput, call?: TalosCallOptions): Promise<ApplyConfigurationResult> {
    const mode = input.mode ?? 'AUTO';
    if (!APPLY_MODES.includes(mode)) throw new Error(`mode ${String(mode)} is not one of ${APPLY_MODES.join(', ')}`);
    if (typeof input.config !== 'string' && !(input.config instanceof Uint8Array)) throw new Error('config must be the machine configuration YAML (string or bytes)');
    const data = Buffer.from(input.config);
    if (data.length === 0) throw new Error('config is empty: pass the machine configuration YAML');
    if (input.tryModeTimeoutMs !== undefined && (!Number.isFinite(input.tryModeTimeoutMs) || input.tryModeTimeoutMs <= 0)) {
      throw new Error('tryModeTimeoutMs must be a positive number of milliseconds');
    }
    const request = {
      data,
      mode,
      dry_run: input.dryRun ?? false,
      try_mode_timeout: input.tryModeTimeoutMs === undefined ? null : durationOf(input.tryModeTimeoutMs),
    };
    // Not idempotent on the wire: only resent when it surely was not delivered.
    const reply = await this.unaryOne<WireApplyConfiguration>('machine.MachineService', 'ApplyConfiguration', request, call, false);
    return toApplyResult(reply);
  }

  /** Bootstrap etcd on this control-plane node. AlreadyExists = bootstrapped before; FailedPrecondition = not ready yet. */
  async bootstrap(input: BootstrapInput = {}, call?: TalosCallOptions): Promise<void> {
    await this.unaryOne('machine.MachineService', 'Bootstrap', { recover_etcd: input.recoverEtcd ?? false, recover_skip_hash_check: input.recoverSkipHashCheck ?? false }, call, false);
  }

  async version(call?: TalosCallOptions): Promise<VersionResult> {
    return toVersion(await this.unaryOne<WireVersion>('machine.MachineService', 'Version', {}, call, true));
  }

  /** Version of several nodes in one fan-out call through this endpoint (`nodes` metadata). */
  async versionOfNodes(nodes: readonly string[], call?: TalosCallOptions): Promise<NodeOutcome<VersionResult>[]> {
    return this.unaryFanOut<WireVersion, VersionResult>('Version', {}, nodes, toVersion, call);
  }

  async serviceList(call?: TalosCallOptions): Promise<ServiceInfo[]> {
    return toServices(await this.unaryOne<WireServiceList>('machine.MachineService', 'ServiceList', {}, call, true));
  }

  async etcdMemberList(queryLocal = false, call?: TalosCallOptions): Promise<EtcdMemberInfo[]> {
    return toEtcdMembers(await this.unaryOne<WireEtcdMembers>('machine.MachineService', 'EtcdMemberList', { query_local: queryLocal }, call, true));
  }

  /** The raw gzip-tar archive the Kubeconfig RPC streams. */
  async kubeconfigArchive(call?: TalosCallOptions): Promise<Buffer> {
    const chunks = await this.serverStream<WireData>('machine.MachineService', 'Kubeconfig', {}, call);
    for (const chunk of chunks) this.throwIfReplyFailed('/machine.MachineService/Kubeconfig', chunk);
    return Buffer.concat(chunks.map((c) => c.bytes));
  }

  /** Admin kubeconfig YAML generated by the node from its machine configuration. */
  async kubeconfig(call?: TalosCallOptions): Promise<string> {
    return extractKubeconfig([await this.kubeconfigArchive(call)]);
  }

  async reboot(mode: RebootMode = 'DEFAULT', call?: TalosCallOptions): Promise<{ actorId: string }> {
    const reply = await this.unaryOne<WireActorReply>('machine.MachineService', 'Reboot', { mode }, call, false);
    return { actorId: reply.actor_id };
  }

  async reset(input: ResetInput = {}, call?: TalosCallOptions): Promise<{ actorId: string }> {
    const request = {
      graceful: input.graceful ?? true,
      reboot: input.reboot ?? false,
      system_partitions_to_wipe: (input.systemPartitionsToWipe ?? []).map((p) => ({ label: p.label, wipe: p.wipe })),
      user_disks_to_wipe: [...(input.userDisksToWipe ?? [])],
      mode: input.mode ?? 'ALL',
    };
    const reply = await this.unaryOne<WireActorReply>('machine.MachineService', 'Reset', request, call, false);
    return { actorId: reply.actor_id };
  }

  // ---- COSI ----

  async getResource(namespace: string, type: string, id: string, call?: TalosCallOptions): Promise<CosiResource> {
    const reply = await this.unary<{ resource: WireCosiResource | null }>('cosi.resource.State', 'Get', { namespace, type, id, options: {} }, call, true);
    if (!reply.resource) throw this.error('/cosi.resource.State/Get', 13, `empty reply for ${type} ${namespace}/${id}`, 'status');
    return toCosiResource(reply.resource);
  }

  async listResources(namespace: string, type: string, call?: TalosCallOptions): Promise<CosiResource[]> {
    const replies = await this.serverStream<{ resource: WireCosiResource | null }>('cosi.resource.State', 'List', { namespace, type, options: {} }, call);
    return replies.filter((r) => r.resource).map((r) => toCosiResource(r.resource as WireCosiResource));
  }

  /** The node's MachineStatus resource (stage: maintenance, booting, running, ...; readiness). */
  async machineStatus(call?: TalosCallOptions): Promise<MachineStatus> {
    const resource = await this.getResource(MACHINE_STATUS_NAMESPACE, MACHINE_STATUS_TYPE, MACHINE_STATUS_ID, call);
    return decodeMachineStatus(resource.protoSpec);
  }

  /** The node's disks (Disks.block.talos.dev), in the order the node lists them. */
  async disks(call?: TalosCallOptions): Promise<TalosDisk[]> {
    const resources = await this.listResources(DISK_NAMESPACE, DISK_TYPE, call);
    return resources.map((r) => ({ id: r.metadata.id, spec: decodeDiskSpec(r.protoSpec) }));
  }

  // ---- plumbing ----

  private method(service: ServiceName, rpc: string): AnyMethod {
    const svc = talosPackageDefinition()[service] as Record<string, AnyMethod> | undefined;
    const method = svc?.[rpc];
    if (!method) throw new Error(`internal: ${service}/${rpc} is not in our Talos protos`);
    return method;
  }

  private channel(): GrpcClient {
    if (this.closed) throw new Error(`Talos client for ${this.endpoint.address} is closed`);
    if (!this.grpc) {
      const options: Record<string, string | number> = {
        'grpc.max_receive_message_length': TALOS_MAX_MESSAGE_BYTES,
        'grpc.max_send_message_length': TALOS_MAX_MESSAGE_BYTES,
        // Retries are ours (they know which Talos errors are transient).
        'grpc.enable_retries': 0,
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2000,
      };
      if (this.options.serverName) options['grpc.ssl_target_name_override'] = this.options.serverName;
      this.grpc = new GrpcClient(this.endpoint.address, channelCredentials(this.options.auth), options);
    }
    return this.grpc;
  }

  private dropChannel(): void {
    this.grpc?.close();
    this.grpc = undefined;
  }

  private context(method: string, routing: Routing): TalosCallContext {
    const node = routing && 'nodes' in routing ? routing.nodes.join(',') : (this.node ?? this.endpoint.host);
    return { method, endpoint: this.endpoint.address, node };
  }

  private error(method: string, code: number, details: string, kind: TalosApiError['kind'], routing: Routing = this.routing()): TalosApiError {
    return new TalosApiError(this.context(method, routing), code, details, kind);
  }

  private routing(): Routing {
    return this.node ? { node: this.node } : undefined;
  }

  /** Turns a grpc-js failure into a TalosApiError, probing the server certificate when that helps. */
  private async toTalosError(err: ServiceError | Error, method: string, routing: Routing): Promise<TalosApiError> {
    if (err instanceof TalosApiError) return err;
    const grpcErr = err as Partial<ServiceError>;
    let maintenanceSeen: boolean | undefined;
    if (this.options.auth.kind === 'mtls' && looksLikeServerCertificateFailure(grpcErr)) {
      maintenanceSeen = (await probeServerCertificate(this.endpoint.host, this.endpoint.port))?.maintenance ?? false;
    }
    const classified = classifyGrpcError(grpcErr, maintenanceSeen);
    let { details, kind } = classified;
    const auth = this.options.auth;
    if (auth.kind === 'mtls' && (kind === 'unreachable' || kind === 'connection-lost') && !REFUSED.test(details)) {
      const alert = await probeClientCertificateRejection(this.endpoint.host, this.endpoint.port, { caPem: auth.caPem, certPem: auth.certPem, keyPem: toNodeTlsKeyPem(auth.keyPem) });
      if (alert) {
        kind = 'client-rejected';
        details = `${details.replace(/\s*Resolution note:\s*$/, '').replace(/\.$/, '')} (TLS: ${alert})`;
      }
    }
    // A broken or refused connection leaves grpc-js in reconnect backoff: start clean next time.
    if (kind !== 'status') this.dropChannel();
    return new TalosApiError(this.context(method, routing), classified.code, details, kind);
  }

  private policy(call?: TalosCallOptions): RetryPolicy {
    const chosen = call?.retry ?? this.options.retry ?? DEFAULT_RETRY;
    return chosen === false ? { timeoutMs: 0 } : chosen;
  }

  private async withRetry<T>(method: string, routing: Routing, call: TalosCallOptions | undefined, idempotent: boolean, attempt: (deadline: Date, md: Metadata) => Promise<T>): Promise<T> {
    const perCall = call?.timeoutMs ?? this.options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const policy = this.policy(call);
    return retryWithBackoff<T, TalosApiError>(
      async (remaining) => {
        const budget = policy.timeoutMs > 0 ? Math.min(perCall, Math.max(remaining, 1000)) : perCall;
        try {
          return await attempt(new Date(Date.now() + budget), routingMetadata(routing));
        } catch (err) {
          throw await this.toTalosError(err as Error, method, routing);
        }
      },
      policy,
      {
        retryable: (err) => err instanceof TalosApiError && isTransientTalosError(err, idempotent, call?.retryOnCodes ?? []),
        onRetry: this.options.onRetry,
        signal: call?.signal,
      },
    );
  }

  private unary<R>(service: ServiceName, rpc: string, request: object, call: TalosCallOptions | undefined, idempotent: boolean, routing: Routing = this.routing()): Promise<R> {
    const def = this.method(service, rpc);
    return this.withRetry(def.path, routing, call, idempotent, (deadline, md) => {
      return new Promise<R>((resolve, reject) => {
        const options: GrpcCallOptions = { deadline };
        const detach = onAbort(call?.signal, () => pending.cancel());
        const pending = this.channel().makeUnaryRequest<object, R>(
          def.path,
          def.requestSerialize as (value: object) => Buffer,
          def.responseDeserialize as (value: Buffer) => R,
          request,
          md,
          options,
          (err, value) => {
            detach();
            if (err) reject(err);
            else if (value === undefined) reject(new Error('empty reply'));
            else resolve(value);
          },
        );
      });
    });
  }

  /** A unary MachineService call answered by exactly one node. */
  private async unaryOne<M extends WireReply>(service: ServiceName, rpc: string, request: object, call: TalosCallOptions | undefined, idempotent: boolean): Promise<M> {
    const path = this.method(service, rpc).path;
    const reply = await this.unary<WireResponse<M>>(service, rpc, request, call, idempotent);
    const [first] = reply.messages;
    if (!first) throw this.error(path, 13, 'reply carried no messages', 'status');
    this.throwIfReplyFailed(path, first);
    return first;
  }

  private throwIfReplyFailed(path: string, message: WireReply): void {
    const failure = replyFailure(message.metadata);
    if (failure) throw new TalosApiError({ method: path, endpoint: this.endpoint.address, node: failure.hostname || this.target }, failure.code, failure.message, 'status');
  }

  private async unaryFanOut<M extends WireReply, T>(rpc: string, request: object, nodes: readonly string[], convert: (m: M) => T, call?: TalosCallOptions): Promise<NodeOutcome<T>[]> {
    const path = this.method('machine.MachineService', rpc).path;
    const reply = await this.unary<WireResponse<M>>('machine.MachineService', rpc, request, call, true, { nodes });
    return reply.messages.map((m): NodeOutcome<T> => {
      const node = m.metadata?.hostname ?? '';
      const failure = replyFailure(m.metadata);
      if (failure) {
        return { node, ok: false, error: new TalosApiError({ method: path, endpoint: this.endpoint.address, node }, failure.code, failure.message, 'status') };
      }
      return { node, ok: true, value: convert(m) };
    });
  }

  private serverStream<R>(service: ServiceName, rpc: string, request: object, call: TalosCallOptions | undefined): Promise<R[]> {
    const def = this.method(service, rpc);
    const routing = this.routing();
    // Read-only streams: safe to restart from scratch.
    return this.withRetry(def.path, routing, call, true, (deadline, md) => {
      return new Promise<R[]>((resolve, reject) => {
        const items: R[] = [];
        const stream: ClientReadableStream<R> = this.channel().makeServerStreamRequest<object, R>(
          def.path,
          def.requestSerialize as (value: object) => Buffer,
          def.responseDeserialize as (value: Buffer) => R,
          request,
          md,
          { deadline },
        );
        const detach = onAbort(call?.signal, () => stream.cancel());
        stream.on('data', (item: R) => items.push(item));
        stream.on('error', (err) => {
          detach();
          reject(err);
        });
        // 'status' comes after the last message; errors arrive through 'error' as well.
        stream.on('status', (st: { code: number }) => {
          detach();
          if (st.code === 0) resolve(items);
        });
      });
    });
  }
}

/**
 * Cancels a call when `signal` aborts; the returned function removes the listener once the call
 * has settled, so a long-lived signal (StopProvider's) does not collect one per call.
 */
function onAbort(signal: AbortSignal | undefined, cancel: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    queueMicrotask(cancel);
    return () => undefined;
  }
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

function durationOf(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}
