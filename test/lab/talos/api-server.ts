/**
 * The apid side of a simulated node: gRPC over TLS (ALPN h2) on <address>:<port>, with
 * - maintenance mode: maintenance certificate, no client certificate requested, everyone os:reader,
 *   routing metadata ignored;
 * - configured mode: OS-CA certificate, client certificates required and verified against the OS CA,
 *   ext key usage exactly clientAuth, roles from Organization, `node`/`nodes` routing to peers.
 */
import * as grpc from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import type { ServerSurfaceCall as SurfaceCall } from '@grpc/grpc-js/build/src/server-call';
import { talosPackageDefinition } from '../../../providers/talos/api/proto/load';
import { TALOS_MAX_MESSAGE_BYTES } from '../../../providers/talos/api/client';
import { hasOnlyClientAuthUsage, isAuthorized, rolesFromCertificate, type Role } from './authz';
import { fingerprint } from './machine-config';
import { eventMessage, type EventsRequest, type LoggedEvent } from './node-events';
import type { NodeEnvironment, SimulatedNode } from './node';
import type { ServingCertificate } from './node-certs';
import { backendUnavailable, notAuthorized, RpcError } from './rpc-error';

export interface CallIdentity {
  readonly roles: ReadonlySet<Role>;
}

type Result = { readonly unary: object } | { readonly stream: readonly object[] };

const EVENTS_METHOD = '/machine.MachineService/Events';

/** Prefixes apid allows for one-to-many proxying. */
const FAN_OUT_PREFIXES = ['/machine.MachineService/', '/cluster.ClusterService/', '/inspect.InspectService/', '/storage.StorageService/', '/time.TimeService/'];

/** Runs one method on `node` (already authenticated as `id`). */
async function execute(node: SimulatedNode, method: string, req: Record<string, unknown>, id: CallIdentity): Promise<Result> {
  if (!isAuthorized(method, id.roles)) throw notAuthorized();
  const wrap = (message: object): Result => ({ unary: { messages: [{ metadata: null, ...message }] } });
  switch (method) {
    case '/machine.MachineService/ApplyConfiguration':
      return wrap(await node.applyConfiguration(req as never, id));
    case '/machine.MachineService/Bootstrap':
      return wrap(node.bootstrap(id));
    case '/machine.MachineService/Version':
      return wrap(node.version());
    case '/machine.MachineService/ServiceList':
      return wrap(node.serviceList());
    case '/machine.MachineService/EtcdMemberList':
      return wrap(node.etcdMemberList(req as never));
    case '/machine.MachineService/EtcdRemoveMemberByID':
      return wrap(node.etcdRemoveMemberByID(req as never, id));
    case '/machine.MachineService/EtcdLeaveCluster':
      return wrap(node.etcdLeaveCluster(id));
    case '/machine.MachineService/EtcdForfeitLeadership':
      return wrap(node.etcdForfeitLeadership(id));
    case '/machine.MachineService/EtcdStatus':
      return wrap(node.etcdStatus());
    case '/machine.MachineService/List':
      return { stream: node.list(req as never).map((f) => ({ metadata: null, ...f })) };
    case '/machine.MachineService/Memory':
      return wrap(node.memory());
    case '/storage.StorageService/Disks':
      return wrap(node.disks());
    case '/machine.MachineService/Reboot':
      return wrap(node.reboot(id));
    case '/machine.MachineService/Reset':
      return wrap(node.reset(req as never, id));
    case '/machine.MachineService/Kubeconfig':
      return { stream: [{ metadata: null, bytes: await node.kubeconfig(id) }] };
    case '/cosi.resource.State/Get':
    case '/cosi.resource.State/List': {
      const { namespace, type, id: resourceId } = req as { namespace: string; type: string; id?: string };
      // The singleton resources the simulator keeps, by namespace/type: their one ID and builder.
      const singletons: Record<string, { id: string; build: () => object }> = {
        'runtime/MachineStatuses.runtime.talos.dev': { id: 'machine', build: () => node.machineStatusResource() },
        'runtime/PlatformMetadatas.talos.dev': { id: 'platformmetadata', build: () => node.platformMetadataResource() },
      };
      // Resource collections by namespace/type: every resource of the type, sorted by ID.
      const collections: Record<string, () => object[]> = {
        'runtime/Disks.block.talos.dev': () => node.diskResources(),
        'meta/ResourceDefinitions.meta.cosi.dev': () => node.resourceDefinitionResources(),
      };
      const collection = collections[`${namespace}/${type}`];
      if (collection) {
        const items = collection() as { metadata: { id: string } }[];
        if (method.endsWith('List')) return { stream: items.map((resource) => ({ resource })) };
        const resource = items.find((d) => d.metadata.id === resourceId);
        if (!resource) throw new RpcError(grpc.status.NOT_FOUND, `resource ${type}(${namespace}/${resourceId ?? ''}@undefined) doesn't exist`);
        return { unary: { resource } };
      }
      const found = singletons[`${namespace}/${type}`];
      if (!found || (method.endsWith('Get') && resourceId !== found.id)) {
        if (method.endsWith('List')) return { stream: [] };
        throw new RpcError(grpc.status.NOT_FOUND, `resource ${type}(${namespace}/${resourceId ?? ''}@undefined) doesn't exist`);
      }
      const resource = found.build();
      return method.endsWith('Get') ? { unary: { resource } } : { stream: [{ resource }] };
    }
    default:
      throw new RpcError(grpc.status.UNIMPLEMENTED, `unknown method ${method}`);
  }
}

/** apid's routing metadata: `node` (one target, proxied as is) or `nodes` (fan-out). */
function routingMetadata(call: SurfaceCall): { readonly single: string | undefined; readonly many: readonly string[] } {
  const single = call.metadata.get('node').map(String);
  if (single.length > 1) throw new RpcError(grpc.status.INVALID_ARGUMENT, 'node metadata must be single-valued');
  // Node's HTTP/2 server joins repeated header values with ", ".
  const many = call.metadata
    .get('nodes')
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return { single: single[0], many };
}

function statusOf(err: unknown): { code: grpc.status; details: string } {
  if (err instanceof RpcError) return { code: err.code, details: err.message };
  return { code: grpc.status.UNKNOWN, details: (err as Error)?.message ?? String(err) };
}

export class ApiServer {
  private server: grpc.Server | undefined;
  private mode: 'maintenance' | 'secure' = 'maintenance';

  constructor(
    private readonly node: SimulatedNode,
    private readonly env: NodeEnvironment,
  ) {}

  async start(mode: 'maintenance' | 'secure', cert: ServingCertificate, clientCaPem = ''): Promise<void> {
    await this.stop();
    this.mode = mode;
    const server = new grpc.Server({
      'grpc.max_receive_message_length': TALOS_MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': TALOS_MAX_MESSAGE_BYTES,
    });
    const def = talosPackageDefinition();
    server.addService(def['machine.MachineService'] as grpc.ServiceDefinition, this.implementation(def['machine.MachineService'] as grpc.ServiceDefinition));
    server.addService(def['storage.StorageService'] as grpc.ServiceDefinition, this.implementation(def['storage.StorageService'] as grpc.ServiceDefinition));
    server.addService(def['cosi.resource.State'] as grpc.ServiceDefinition, this.implementation(def['cosi.resource.State'] as grpc.ServiceDefinition));
    const keyCert = [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }];
    const creds = mode === 'maintenance' ? grpc.ServerCredentials.createSsl(null, keyCert, false) : grpc.ServerCredentials.createSsl(Buffer.from(clientCaPem), keyCert, true);
    const target = `${this.node.address}:${this.env.port}`;
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(target, creds, (err) => (err ? reject(new Error(`cannot listen on ${target}: ${err.message} (the address must be a loopback address in 127.0.0.0/8)`)) : resolve())),
    );
    this.server = server;
  }

  async replaceCertificate(cert: ServingCertificate, clientCaPem: string): Promise<void> {
    if (this.server) await this.start(this.mode, cert, clientCaPem);
  }

  /** Closes the listener and drops every connection (what a rebooting node does). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.forceShutdown();
  }

  private identity(call: SurfaceCall): CallIdentity {
    if (this.mode === 'maintenance') return { roles: new Set<Role>(['os:reader']) };
    const cert = call.getAuthContext()?.sslPeerCertificate as (PeerCertificate & { ca?: boolean }) | undefined;
    // Go's apid refuses such certificates during the handshake; the closest we can do is refuse the call.
    if (!cert || (!cert.ca && !hasOnlyClientAuthUsage(cert))) {
      throw new RpcError(grpc.status.UNAVAILABLE, 'connection error: desc = "transport: authentication handshake failed: remote error: tls: bad certificate"');
    }
    return { roles: rolesFromCertificate(cert) };
  }

  /** apid routing: served locally, proxied to one node, or fanned out to several. */
  private async route(call: SurfaceCall, method: string, req: Record<string, unknown>, streaming: boolean): Promise<Result> {
    const id = this.identity(call);
    if (this.mode === 'maintenance') return execute(this.node, method, req, id);
    const { single, many } = routingMetadata(call);
    if (single !== undefined) return execute(this.target(single), method, req, id);
    if (many.length === 0) return execute(this.node, method, req, id);
    if (!FAN_OUT_PREFIXES.some((p) => method.startsWith(p))) throw new RpcError(grpc.status.INVALID_ARGUMENT, 'one-2-many proxying is not supported');
    const results = await Promise.all(
      many.map(async (name: string) => {
        try {
          return { name, result: await execute(this.target(name), method, req, id) };
        } catch (err) {
          return { name, error: statusOf(err) };
        }
      }),
    );
    const decorated: object[] = [];
    for (const r of results) {
      if ('error' in r && r.error) {
        decorated.push({ metadata: { hostname: r.name, error: r.error.details, status: { code: r.error.code, message: r.error.details, details: [] } } });
        continue;
      }
      const result = (r as { result: Result }).result;
      if ('stream' in result) {
        for (const item of result.stream) decorated.push({ ...item, metadata: { hostname: r.name, error: '', status: null } });
      } else {
        for (const m of (result.unary as { messages: object[] }).messages) decorated.push({ ...m, metadata: { hostname: r.name, error: '', status: null } });
      }
    }
    // A failed node of a streaming call shows up as one streamed message holding only metadata.
    return streaming ? { stream: decorated } : { unary: { messages: decorated } };
  }

  /**
   * Events: the empty hello message, the requested backlog, then each new event until the caller
   * cancels or the node's API goes down. With `nodes`, apid merges the nodes' streams and marks
   * each message with its node.
   */
  private watchEvents(call: grpc.ServerWritableStream<Record<string, unknown>, object>): void {
    const stops: (() => void)[] = [];
    const end = (): void => {
      for (const stop of stops.splice(0)) stop();
    };
    call.on('cancelled', end);
    call.on('close', end);
    try {
      const id = this.identity(call);
      if (!isAuthorized(EVENTS_METHOD, id.roles)) throw notAuthorized();
      const req = call.request as EventsRequest;
      const { single, many } = this.mode === 'maintenance' ? { single: undefined, many: [] } : routingMetadata(call);
      const targets = single !== undefined ? [{ name: '', node: this.target(single) }] : many.length > 0 ? many.map((name) => ({ name, node: this.target(name) })) : [{ name: '', node: this.node }];
      const backlogs = targets.map((t) => ({ ...t, backlog: t.node.events.backlog(req) }));
      call.write({ metadata: null, data: null, id: '', actor_id: '' });
      for (const t of backlogs) {
        const send = (e: LoggedEvent): void => {
          if (req.with_actor_id && e.actorId !== req.with_actor_id) return;
          const message = eventMessage(e);
          call.write(t.name ? { ...message, metadata: { hostname: t.name, error: '', status: null } } : message);
        };
        for (const e of t.backlog) send(e);
        stops.push(t.node.events.follow(send));
      }
    } catch (err) {
      end();
      call.emit('error', statusOf(err));
    }
  }

  /** A peer reachable through this node's apid: up, configured, and trusting the same OS CA. */
  private target(name: string): SimulatedNode {
    const node = name === this.node.address || name === this.node.hostname ? this.node : this.env.findNode(name);
    if (!node || node.mode !== 'secure' || !node.config || !this.node.config) throw backendUnavailable(name, this.env.port);
    if (fingerprint(node.config.osCa.crt) !== fingerprint(this.node.config.osCa.crt)) {
      throw new RpcError(
        grpc.status.UNAVAILABLE,
        'connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"',
      );
    }
    return node;
  }

  private implementation(service: grpc.ServiceDefinition): grpc.UntypedServiceImplementation {
    const impl: grpc.UntypedServiceImplementation = {};
    for (const [name, def] of Object.entries(service)) {
      const method = def.path;
      if (method === EVENTS_METHOD) {
        impl[name] = (call: grpc.ServerWritableStream<Record<string, unknown>, object>) => this.watchEvents(call);
      } else if (def.responseStream) {
        impl[name] = (call: grpc.ServerWritableStream<Record<string, unknown>, object>) => {
          this.route(call, method, call.request, true)
            .then((result) => {
              const items = 'stream' in result ? result.stream : [result.unary];
              for (const item of items) call.write(item);
              call.end();
            })
            .catch((err) => call.emit('error', statusOf(err)));
        };
      } else {
        impl[name] = (call: grpc.ServerUnaryCall<Record<string, unknown>, object>, callback: grpc.sendUnaryData<object>) => {
          this.route(call, method, call.request, false)
            .then((result) => callback(null, 'unary' in result ? result.unary : { messages: result.stream }))
            .catch((err) => callback(statusOf(err)));
        };
      }
    }
    return impl;
  }
}
