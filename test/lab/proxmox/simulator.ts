/**
 * The Proxmox VE API simulator: an HTTPS (TLS 1.3 only) server on loopback serving `/api2/json`
 * with PVE's authentication, parameter verification, wire format and error shapes, backed by the
 * persisted cluster state. See test/lab/proxmox/README.md for what is covered.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Authenticator, extractAuthValue, validateAuthConfig, type TokenDef, type UserDef } from './auth';
import { DEFAULT_TIMINGS, LabCluster, type BootHook, type LabTimings, type PowerOffHook, type RequestLogEntry } from './cluster';
import { CONTROL_PREFIX, handleControl } from './control';
import { UrlSource, type UrlSourceOptions } from './downloads';
import { FaultInjector, type Fault, type FaultHandle } from './faults';
import { ApiError, AuthError, ParamError, ProxyError, statusText } from './http/errors';
import { decodeRequest, readBody } from './http/request';
import { Router, type ApiResult, type HttpMethod, type RouteDef } from './http/router';
import { PropertyStringError } from './schema/property-string';
import { validateParams } from './schema/validate';
import type { ClusterState } from './state/model';
import { StateStore, type ClusterSpec } from './state/store';
import { loadOrCreateTls, type TlsMaterial } from './tls';
import { registerAccessRoutes } from './api/access';
import { registerClusterRoutes } from './api/cluster';
import { registerLxcRoutes } from './api/lxc';
import { registerFirewallRoutes } from './api/firewall';
import { registerNetworkRoutes, registerNetworkWorkers } from './api/network';
import { registerPoolRoutes } from './api/pools';
import { registerPowerRoutes, registerPowerWorkers } from './api/qemu-power';
import { registerQemuRoutes, registerQemuWorkers } from './api/qemu';
import { registerCloneRoutes, registerCloneWorkers } from './api/qemu-clone';
import { registerSdnRoutes, registerSdnWorkers } from './api/sdn';
import { registerStorageRoutes, registerStorageWorkers, type DownloadFetch } from './api/storage';
import { registerTaskRoutes } from './api/tasks';

export interface ProxmoxSimulatorOptions {
  /** Loopback address to bind; default 127.0.0.1. */
  readonly host?: string;
  /** TCP port; default 0 (a free port). */
  readonly port?: number;
  /** State file; absent = in-memory cluster. TLS material is kept in `<stateFile>.tls.json`. */
  readonly stateFile?: string;
  readonly cluster?: ClusterSpec;
  /** Replace the users/tokens of the state (default: keep, or generate root@pam + root@pam!lab). */
  readonly users?: readonly UserDef[];
  readonly tokens?: readonly TokenDef[];
  readonly timings?: Partial<LabTimings>;
  readonly urls?: UrlSourceOptions;
  /** Appends one JSON line per request (method, path, params, status) for cross-process counting. */
  readonly requestLogFile?: string;
  /** Where to write the CA certificate PEM; default `<stateFile>.ca.pem` or a temp file. */
  readonly caFile?: string;
  readonly clock?: () => number;
}

export interface SimulatorCredentials {
  /** `root@pam!lab` */
  readonly tokenId: string;
  readonly tokenSecret: string;
  /** Value for PROXMOX_VE_API_TOKEN / the PVEAPIToken header: `root@pam!lab=<secret>`. */
  readonly apiToken: string;
  readonly username: string;
  readonly password: string;
}

/** What is left in the cluster; a destroyed deployment leaves all of these empty. */
export interface ClusterInventory {
  readonly vms: number[];
  /** `storage:volname` of VM images (content `images`). */
  readonly images: string[];
  readonly pools: string[];
  readonly vnets: string[];
  readonly zones: string[];
  /** `<node>:<iface>` bridges/VLANs beyond the initial vmbr0/eno1. */
  readonly interfaces: string[];
}

export interface ProxmoxSimulator {
  /** `https://127.0.0.1:<port>` (what the bpg provider's `endpoint` wants). */
  readonly url: string;
  readonly port: number;
  readonly caPem: string;
  /** File holding caPem (for SSL_CERT_FILE / NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  readonly credentials: SimulatorCredentials;
  readonly cluster: LabCluster;
  addFault(fault: Fault): FaultHandle;
  clearFaults(): void;
  /** Called when a VM finishes starting, with its cloud-init network data. */
  onBoot(hook: BootHook): () => void;
  onPowerOff(hook: PowerOffHook): () => void;
  requests(): readonly RequestLogEntry[];
  clearRequests(): void;
  /** A deep copy of the current state. */
  snapshot(): ClusterState;
  inventory(): ClusterInventory;
  close(): Promise<void>;
}

const SECRET_PARAMS = new Set(['password', 'cipassword', 'new-password']);

function maskParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = SECRET_PARAMS.has(k) ? '**********' : v;
  return out;
}

function buildRouter(): { router: Router<LabCluster>; fetches: Map<string, DownloadFetch> } {
  const router = new Router<LabCluster>();
  const fetches = new Map<string, DownloadFetch>();
  registerAccessRoutes(router);
  registerClusterRoutes(router);
  registerLxcRoutes(router);
  registerTaskRoutes(router);
  registerStorageRoutes(router, fetches);
  registerQemuRoutes(router);
  registerCloneRoutes(router);
  registerPowerRoutes(router);
  registerNetworkRoutes(router);
  registerSdnRoutes(router);
  registerPoolRoutes(router);
  registerFirewallRoutes(router);
  return { router, fetches };
}

/** Every route the simulator serves (for the schema conformance test). */
export function simulatorRoutes(): readonly RouteDef<LabCluster>[] {
  return buildRouter().router.all();
}

function send(res: ServerResponse, status: number, reason: string, body: unknown | undefined): void {
  if (res.headersSent || res.destroyed) return;
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, reason, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'max-age=0',
    Pragma: 'no-cache',
    Server: 'pve-api-daemon/3.0',
  });
  res.end(payload);
}

function errorBody(err: ApiError): Record<string, unknown> {
  const body: Record<string, unknown> = { data: null };
  if (err instanceof ParamError) body.errors = err.errors;
  body.message = `${err.message.replace(/\n+$/, '')}\n`;
  return body;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function isResult(v: unknown): v is ApiResult {
  return typeof v === 'object' && v !== null && 'data' in v && Object.keys(v).every((k) => k === 'data' || k === 'total' || k === 'changes');
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof PropertyStringError) return new ApiError(500, err.describe());
  return new ApiError(500, (err as Error)?.message ?? String(err));
}

export async function startProxmoxSimulator(options: ProxmoxSimulatorOptions = {}): Promise<ProxmoxSimulator> {
  const host = options.host ?? '127.0.0.1';
  if (!/^127\.|^::1$|^localhost$/.test(host)) throw new Error(`host: the simulator binds loopback only (127.0.0.0/8, ::1), not '${host}'`);
  const store = options.stateFile ? StateStore.open(options.stateFile, options.cluster) : StateStore.memory(options.cluster);
  if (options.users) store.state.access.users = options.users.map((u) => ({ ...u }));
  if (options.tokens) store.state.access.tokens = options.tokens.map((t) => ({ ...t }));
  validateAuthConfig(store.state.access.users, store.state.access.tokens);
  store.save();
  const timings: LabTimings = { ...DEFAULT_TIMINGS, ...options.timings, taskMsByType: { ...DEFAULT_TIMINGS.taskMsByType, ...options.timings?.taskMsByType } };
  const clock = options.clock ?? Date.now;
  const faults = new FaultInjector(() => store.state.nodes);
  const auth = new Authenticator(store.state.authKey, store.state.access.users, store.state.access.tokens, clock);
  const tls: TlsMaterial = await loadOrCreateTls(options.stateFile ? `${options.stateFile}.tls.json` : undefined);
  const urls = new UrlSource({ ...options.urls, ca: options.urls?.ca ?? tls.caPem });
  const cluster = new LabCluster({ store, faults, auth, urls, timings, clock });
  const { router, fetches } = buildRouter();
  registerQemuWorkers(cluster);
  registerCloneWorkers(cluster);
  registerPowerWorkers(cluster);
  registerStorageWorkers(cluster, fetches);
  registerNetworkWorkers(cluster);
  registerSdnWorkers(cluster);
  cluster.tasks.resume();

  const sockets = new Set<Socket>();
  const log = (entry: RequestLogEntry): void => {
    cluster.requestLog.push(entry);
    if (options.requestLogFile) appendFileSync(options.requestLogFile, `${JSON.stringify(entry)}\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = clock();
    const method = (req.method ?? 'GET').toUpperCase();
    let path = req.url ?? '/';
    let route: string | undefined;
    let params: Record<string, unknown> = {};
    let user: string | undefined;
    const finish = (status: number, reason: string, body: unknown): void => {
      send(res, status, reason, body);
      log({ time: started, method, path, route, params: maskParams(params), status, user });
    };
    try {
      cluster.tasks.tick();
      const raw = await readBody(req);
      if ((req.url ?? '').startsWith(CONTROL_PREFIX)) {
        const controlPath = (req.url ?? '').split('?')[0];
        try {
          auth.authenticate(method, controlPath, { cookie: req.headers.cookie, authorization: req.headers.authorization, csrf: headerValue(req.headers.csrfpreventiontoken) });
        } catch (err) {
          if (err instanceof AuthError) return finish(401, statusText(err), undefined);
          throw err;
        }
        const answer = handleControl({ faults, inventory: () => inventoryOf(store.state), requests: () => cluster.requestLog }, method, controlPath, raw.toString('utf8'));
        send(res, answer.status, answer.status === 200 ? 'OK' : 'error', answer.body);
        return;
      }
      const decoded = decodeRequest(method, req.url ?? '/', req.headers['content-type'], raw);
      path = decoded.relPath;
      params = decoded.params;
      let identity;
      try {
        identity = auth.authenticate(method, decoded.relPath, {
          cookie: req.headers.cookie,
          authorization: req.headers.authorization,
          csrf: headerValue(req.headers.csrfpreventiontoken),
        });
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
        const wait = Math.max(0, timings.authFailureDelayMs - (clock() - started));
        await new Promise((r) => setTimeout(r, wait));
        finish(401, statusText(err), undefined);
        return;
      }
      user = identity.userid || undefined;
      const fault = faults.forRequest(method, decoded.relPath);
      if (fault?.kind === 'timeout') {
        if (fault.delayMs === undefined) {
          log({ time: started, method, path, route, params: maskParams(params), status: 0, user });
          return; // never answered; the client gives up
        }
        await new Promise((r) => setTimeout(r, fault.delayMs));
      } else if (fault?.kind === 'http-error') {
        const err = new ApiError(fault.status, fault.message);
        finish(err.status, statusText(err), errorBody(err));
        return;
      }
      const match = router.match(method, decoded.relPath);
      if (!match) throw new ApiError(501, `Method '${method} ${decoded.relPath}' not implemented`);
      route = match.route.path;
      const merged: Record<string, unknown> = { ...decoded.params };
      for (const [k, v] of Object.entries(match.pathParams)) {
        if (merged[k] !== undefined && String(merged[k]) !== v) throw new ParamError({ [k]: 'duplicate parameter (already defined in URI) with conflicting values!' });
        merged[k] = v;
      }
      const tokenHeader = extractAuthValue(req.headers.authorization, 'PVEAPIToken');
      if ((identity.via === 'token' || tokenHeader) && match.route.allowToken === false) {
        throw new ApiError(403, `Permission check failed (URI '${decoded.relPath}' not available with API token, need proper ticket.)`);
      }
      if (decoded.file && !match.route.upload) throw new ApiError(501, `unexpected file upload to '${decoded.relPath}'`);
      if (match.route.proxyToNode && typeof merged.node === 'string') cluster.requireNode(merged.node);
      const validated = validateParams(match.route.params, merged);
      const out = await match.route.handler({ method: method as HttpMethod, path: decoded.relPath, params: validated, userid: identity.userid, via: identity.via, sim: cluster, file: decoded.file });
      const result: ApiResult = isResult(out) ? out : { data: out ?? null };
      const body: Record<string, unknown> = { data: result.data ?? null };
      if (result.total) body.total = result.total;
      if (result.changes) body.changes = result.changes;
      finish(200, 'OK', body);
    } catch (err) {
      const apiErr = toApiError(err);
      finish(apiErr.status, statusText(apiErr), apiErr instanceof ProxyError ? undefined : errorBody(apiErr));
    }
  };

  const server: Server = createServer({ key: tls.keyPem, cert: `${tls.certPem}${tls.caPem}`, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }, (req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, 'internal simulator error', { data: null, message: `${err.message}\n` }));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const caFile = options.caFile ?? (options.stateFile ? `${options.stateFile}.ca.pem` : join(tmpdir(), `pve-lab-ca-${process.pid}-${port}.pem`));
  writeFileSync(caFile, tls.caPem);
  const token = store.state.access.tokens[0];
  const userDef = store.state.access.users[0];

  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    caPem: tls.caPem,
    caFile,
    credentials: {
      tokenId: token?.tokenid ?? '',
      tokenSecret: token?.secret ?? '',
      apiToken: token ? `${token.tokenid}=${token.secret}` : '',
      username: userDef?.userid ?? '',
      password: userDef?.password ?? '',
    },
    cluster,
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    onBoot: (hook) => {
      cluster.bootHooks.add(hook);
      return () => cluster.bootHooks.delete(hook);
    },
    onPowerOff: (hook) => {
      cluster.powerOffHooks.add(hook);
      return () => cluster.powerOffHooks.delete(hook);
    },
    requests: () => cluster.requestLog,
    clearRequests: () => {
      cluster.requestLog.length = 0;
    },
    snapshot: () => structuredClone(store.state),
    inventory: () => inventoryOf(store.state),
    close: async () => {
      cluster.tasks.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.save();
    },
  };
}

const INITIAL_IFACES = new Set(['vmbr0', 'eno1']);

export function inventoryOf(state: ClusterState): ClusterInventory {
  const images: string[] = [];
  for (const [instance, vols] of Object.entries(state.volumes)) {
    const storage = instance.includes('/') ? instance.split('/')[1] : instance;
    for (const v of Object.values(vols)) if (v.content === 'images') images.push(`${storage}:${v.volname}`);
  }
  const interfaces: string[] = [];
  for (const [node, net] of Object.entries(state.network)) {
    for (const iface of Object.keys(net.pending ?? net.running)) if (!INITIAL_IFACES.has(iface)) interfaces.push(`${node}:${iface}`);
  }
  return {
    vms: Object.values(state.vms)
      .map((v) => v.vmid)
      .sort((a, b) => a - b),
    images: images.sort(),
    pools: Object.keys(state.pools).sort(),
    vnets: [...new Set([...Object.keys(state.sdn.running.vnets), ...Object.keys(state.sdn.pending.vnets)])].sort(),
    zones: [...new Set([...Object.keys(state.sdn.running.zones), ...Object.keys(state.sdn.pending.zones)])].sort(),
    interfaces: interfaces.sort(),
  };
}
