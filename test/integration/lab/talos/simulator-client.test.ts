/**
 * Our Talos API client against the node simulator over real gRPC/TLS on loopback addresses:
 * maintenance mode, install/reboot window, mTLS and roles, bootstrap semantics, kubeconfig,
 * routing, apply modes, cluster consistency and reset.
 */
import { X509Certificate } from 'node:crypto';
import { getEventListeners } from 'node:events';
import * as net from 'node:net';
import { parse as parseYaml } from 'yaml';
import { issueAdminClientCertificate } from '../../../../providers/machinery/clientconfig/admin-certificate';
import { generateSecretsBundle } from '../../../../providers/machinery/secrets';
import type { SecretsBundle } from '../../../../providers/machinery/secrets/bundle';
import { TalosApiError, TalosClient, type TalosErrorKind } from '../../../../providers/talos/api';
import { TalosSimulator } from '../../../lab/talos/simulator';
import type { BootstrapEvent, NodeRegistration } from '../../../lab/talos/node';
import { controlPlaneConfig, workerConfig } from './support/machine-configs';

jest.setTimeout(60_000);

const CP1 = '127.0.51.1';
const CP2 = '127.0.51.2';
const W1 = '127.0.51.3';
const SPARE = '127.0.51.4';
const ABSENT = '127.0.51.9';
const ENDPOINT = 'https://127.0.51.100:6443';
const FAST_RETRY = { timeoutMs: 20_000, initialDelayMs: 20, maxDelayMs: 100 };

let sim: TalosSimulator;
let bundle: SecretsBundle;
let other: SecretsBundle;
let admin: { crt: string; key: string };
let reader: { crt: string; key: string };
let otherAdmin: { crt: string; key: string };
const bootstraps: BootstrapEvent[] = [];
const registrations: NodeRegistration[] = [];
const clients: TalosClient[] = [];

function secure(endpoint: string, opts: { node?: string; ca?: string; cert?: { crt: string; key: string }; retryKinds?: TalosErrorKind[] } = {}): TalosClient {
  const cert = opts.cert ?? admin;
  const c = new TalosClient({
    endpoint,
    node: opts.node,
    auth: { kind: 'mtls', caPem: opts.ca ?? bundle.certs.os.crt, certPem: cert.crt, keyPem: cert.key },
    retry: FAST_RETRY,
    onRetry: (e) => opts.retryKinds?.push(e.kind),
  });
  clients.push(c);
  return c;
}

function maintenance(endpoint: string, retry: typeof FAST_RETRY | false = FAST_RETRY): TalosClient {
  const c = TalosClient.maintenance(endpoint, { retry });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<TalosApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TalosApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

function tcpRefused(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: address, port: 50000 });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await fn();
      if (ok(v)) return v;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cpConfig = (b: SecretsBundle, providerId: string): string => controlPlaneConfig(b, { endpoint: ENDPOINT, providerId });

beforeAll(async () => {
  [bundle, other] = await Promise.all([generateSecretsBundle(), generateSecretsBundle()]);
  [admin, reader, otherAdmin] = await Promise.all([issueAdminClientCertificate(bundle), issueAdminClientCertificate(bundle, { roles: ['os:reader'] }), issueAdminClientCertificate(other)]);
  sim = await TalosSimulator.start({
    nodes: [CP1, CP2, W1, SPARE],
    delays: { installMs: 150, rebootMs: 400, bootMs: 100, bootstrapReadyMs: 700, teardownGraceMs: 30 },
    onBootstrap: (e) => void bootstraps.push(e),
    onNodeReady: (r) => void registrations.push(r),
  });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await sim?.stop();
});

describe('maintenance mode', () => {
  it('serves read-only calls to insecure clients and reports the maintenance stage', async () => {
    const c = maintenance(CP1);
    const v = await c.version();
    expect(v.tag).toBe('v1.13.9');
    expect(v.features).toBeUndefined();
    expect(await c.machineStatus()).toEqual({ stage: 'maintenance', ready: true, unmetConditions: [] });
  });

  it('removes its abort listener from a shared signal once each call settles', async () => {
    const c = maintenance(CP1);
    const stop = new AbortController();
    for (let i = 0; i < 20; i++) await c.version({ signal: stop.signal });
    await c.machineStatus({ signal: stop.signal });
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('denies Bootstrap and Kubeconfig with PermissionDenied "not authorized"', async () => {
    const c = maintenance(CP1);
    for (const e of [await failure(c.bootstrap()), await failure(c.kubeconfig())]) {
      expect(e.codeName).toBe('PERMISSION_DENIED');
      expect(e.details).toBe('not authorized');
      expect(e.node).toBe(CP1);
    }
  });

  it('rejects configs that do not parse, fail the schema, or give a worker CA keys', async () => {
    const c = maintenance(SPARE);
    const yamlErr = await failure(c.applyConfiguration({ config: 'version: v1alpha1\nmachine: [' }));
    expect(yamlErr.codeName).toBe('INVALID_ARGUMENT');
    expect(yamlErr.details).toMatch(/failed to decode config/);

    const schemaErr = await failure(c.applyConfiguration({ config: controlPlaneConfig(bundle, { endpoint: ENDPOINT, extraMachine: { bogus: 1 } }) }));
    expect(schemaErr.codeName).toBe('INVALID_ARGUMENT');
    expect(schemaErr.details).toContain('v1alpha1: machine: unknown field "bogus"');

    const workerWithKey = workerConfig(bundle, { endpoint: ENDPOINT }).replace(
      /ca:\n(\s+)crt: (\S+)\n\s+key: ""/,
      (_m, indent: string, crt: string) => `ca:\n${indent}crt: ${crt}\n${indent}key: ${Buffer.from(bundle.certs.os.key).toString('base64')}`,
    );
    const workerErr = await failure(c.applyConfiguration({ config: workerWithKey }));
    expect(workerErr.codeName).toBe('INVALID_ARGUMENT');
    expect(workerErr.details).toContain('issuing Talos API CA key is not allowed on non-controlplane nodes (.machine.ca)');
    // Still in maintenance mode after the failed applies.
    expect((await c.machineStatus()).stage).toBe('maintenance');
  });
});

describe('apply, install and reboot', () => {
  it('applies in maintenance (REBOOT/AUTO become NO_REBOOT), closes the API while installing, then serves mTLS', async () => {
    const results = await Promise.all([
      maintenance(CP1).applyConfiguration({ config: cpConfig(bundle, 'proxmox://lab/101'), mode: 'REBOOT' }),
      maintenance(CP2).applyConfiguration({ config: cpConfig(bundle, 'proxmox://lab/102') }),
      maintenance(W1).applyConfiguration({ config: workerConfig(bundle, { endpoint: ENDPOINT, providerId: 'proxmox://lab/103' }) }),
    ]);
    for (const r of results) expect(r).toEqual({ mode: 'NO_REBOOT', modeDetails: 'Applied configuration without a reboot', warnings: [] });

    await new Promise((r) => setTimeout(r, 60));
    expect(await tcpRefused(CP1)).toBe(true);

    const kinds: TalosErrorKind[] = [];
    const started = Date.now();
    const v = await secure(CP1, { retryKinds: kinds }).version();
    expect(v.features).toEqual({ rbac: true });
    // The node was installing + rebooting (150 + 400 ms): the client retried through it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(kinds).toContain('unreachable');
    expect(kinds.every((k) => k === 'unreachable' || k === 'maintenance')).toBe(true);
    await expect(secure(W1).version()).resolves.toMatchObject({ features: { rbac: true } });
  });

  it('refuses an insecure client once configured (the node wants a client certificate)', async () => {
    const e = await failure(maintenance(CP1, false).version());
    expect(e.kind).toBe('client-rejected');
  });
});

describe('authentication and roles', () => {
  it("refuses at once a client that trusts another cluster's OS CA (untrusted server, no retries)", async () => {
    const started = Date.now();
    const e = await failure(secure(CP1, { ca: other.certs.os.crt, cert: otherAdmin }).version());
    expect(e.kind).toBe('untrusted-server');
    expect(e.message).toContain(`on node ${CP1}:50000`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a client certificate signed by another CA (client rejected, no retries)', async () => {
    const e = await failure(secure(CP1, { cert: otherAdmin }).version());
    expect(e.kind).toBe('client-rejected');
    expect(e.codeName).toBe('UNAVAILABLE');
  });

  it('enforces roles from the certificate organization', async () => {
    const c = secure(CP1, { cert: reader });
    await expect(c.version()).resolves.toMatchObject({ tag: 'v1.13.9' });
    expect((await failure(c.bootstrap())).codeName).toBe('PERMISSION_DENIED');
    expect((await failure(c.applyConfiguration({ config: cpConfig(bundle, 'x') }))).details).toBe('not authorized');
  });

  it('answers Unimplemented for control-plane-only calls on a worker', async () => {
    const c = secure(W1);
    // Talos checks "bootstrap is not available yet" first; Unimplemented is final and not retried.
    const started = Date.now();
    expect((await failure(c.bootstrap(undefined, { retryOnCodes: ['FAILED_PRECONDITION'] }))).details).toBe('bootstrap is only available on control plane nodes');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await failure(c.kubeconfig())).details).toBe('kubeconfig is only available on control plane nodes');
    const e = await failure(c.etcdMemberList());
    expect(e.codeName).toBe('UNIMPLEMENTED');
    expect(e.details).toBe('member list is only available on control plane nodes');
  });
});

describe('bootstrap', () => {
  it('answers FailedPrecondition until etcd can start, then succeeds when retried; the hook fires once', async () => {
    const c = secure(CP1);
    await c.reboot();
    await new Promise((r) => setTimeout(r, 60));
    await c.version(); // retried until the node is back
    const early = await failure(c.bootstrap(undefined, { retry: false }));
    expect(early.codeName).toBe('FAILED_PRECONDITION');
    expect(early.details).toBe('bootstrap is not available yet');
    await c.bootstrap(undefined, { retryOnCodes: ['FAILED_PRECONDITION'] });
    expect(bootstraps).toHaveLength(1);
    expect(bootstraps[0].node).toBe(CP1);
    expect(bootstraps[0].config.clusterName).toBe('lab');
    expect(bootstraps[0].config.k8sCa.key).toContain('PRIVATE KEY');
  });

  it('answers AlreadyExists on a second bootstrap, on the same or a joined control plane', async () => {
    const again = await failure(secure(CP1).bootstrap());
    expect(again.codeName).toBe('ALREADY_EXISTS');
    expect(again.details).toBe('etcd data directory is not empty');
    const members = await eventually(
      () => secure(CP2).etcdMemberList(),
      (m) => m.length === 2,
    );
    expect(members.map((m) => m.peerUrls[0]).sort()).toEqual([`https://${CP1}:2380`, `https://${CP2}:2380`]);
    expect((await failure(secure(CP2).bootstrap())).codeName).toBe('ALREADY_EXISTS');
  });

  it('reports etcd running and the machine running', async () => {
    const services = await secure(CP1).serviceList();
    expect(services.find((s) => s.id === 'etcd')).toMatchObject({ state: 'Running', health: { healthy: true } });
    expect(await secure(CP1).machineStatus()).toMatchObject({ stage: 'running', ready: true });
  });

  it('registers every node through the hook with its providerID and addresses', async () => {
    const regs = await eventually(
      async () => registrations,
      (r) => r.length >= 3,
    );
    const byId = Object.fromEntries(regs.map((r) => [r.providerId, r]));
    expect(Object.keys(byId).sort()).toEqual(['proxmox://lab/101', 'proxmox://lab/102', 'proxmox://lab/103']);
    expect(byId['proxmox://lab/103']).toMatchObject({ role: 'worker', addresses: [{ type: 'InternalIP', address: W1 }, { type: 'Hostname' }] });
  });
});

describe('kubeconfig', () => {
  it("extracts an admin kubeconfig signed by the cluster's Kubernetes CA", async () => {
    const text = await secure(CP1).kubeconfig();
    const kc = parseYaml(text);
    expect(kc['current-context']).toBe('admin@lab');
    expect(kc.clusters[0]).toMatchObject({ name: 'lab', cluster: { server: ENDPOINT } });
    expect(Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(bundle.certs.k8s.crt);
    const cert = new X509Certificate(Buffer.from(kc.users[0].user['client-certificate-data'], 'base64'));
    expect(cert.subject).toContain('O=system:masters');
    expect(cert.subject).toContain('CN=admin');
    expect(cert.verify(new X509Certificate(bundle.certs.k8s.crt).publicKey)).toBe(true);
    expect(Buffer.from(kc.users[0].user['client-key-data'], 'base64').toString()).toContain('BEGIN EC PRIVATE KEY');
  });
});

describe('routing through apid', () => {
  it('proxies to one node with `node` metadata', async () => {
    const c = secure(CP1, { node: W1 });
    const services = await c.serviceList();
    expect(services.map((s) => s.id)).toContain('kubelet');
    expect(services.map((s) => s.id)).not.toContain('etcd');
    const e = await failure(c.bootstrap());
    expect(e.details).toBe('bootstrap is only available on control plane nodes');
    expect(e.message).toContain(`on node ${W1} via ${CP1}:50000`);
  });

  it('fans out with `nodes` metadata and reports each failing node separately', async () => {
    const out = await secure(CP1).versionOfNodes([CP1, W1, ABSENT]);
    expect(out.map((o) => [o.node, o.ok])).toEqual([
      [CP1, true],
      [W1, true],
      [ABSENT, false],
    ]);
    const failed = out[2];
    expect(!failed.ok && failed.error.message).toContain('connection refused');
  });
});

describe('apply modes outside maintenance', () => {
  it('applies live-changeable fields without a reboot and reboots for the rest', async () => {
    const c = secure(CP2);
    const base = cpConfig(bundle, 'proxmox://lab/102');
    const labelled = controlPlaneConfig(bundle, { endpoint: ENDPOINT, providerId: 'proxmox://lab/102', extraMachine: { nodeLabels: { zone: 'a' } } });
    expect((await c.applyConfiguration({ config: labelled, dryRun: true })).modeDetails).toMatch(/^Dry run summary:\nApplied configuration without a reboot \(skipped in dry-run\)/);
    expect(await c.applyConfiguration({ config: labelled })).toMatchObject({ mode: 'NO_REBOOT' });
    const withEnv = controlPlaneConfig(bundle, {
      endpoint: ENDPOINT,
      providerId: 'proxmox://lab/102',
      extraMachine: { features: { diskQuotaSupport: false, kubePrism: { enabled: true, port: 7445 }, hostDNS: { enabled: true, forwardKubeDNSToHost: true } } },
    });
    expect((await failure(c.applyConfiguration({ config: withEnv, mode: 'NO_REBOOT' }))).details).toMatch(/can't be applied in immediate mode/);
    const r = await c.applyConfiguration({ config: withEnv });
    expect(r.mode).toBe('REBOOT');
    expect(r.modeDetails).toMatch(/^Applied configuration with a reboot: this config change can't be applied in immediate mode/);
    const again = await failure(c.applyConfiguration({ config: base }, { retry: false }));
    expect(again.codeName).toBe('FAILED_PRECONDITION');
    expect(again.details).toMatch(/^configuration was already applied and node is rebooting/);
    await eventually(
      async () => (await tcpRefused(CP2)) || sim.node(CP2).stage !== 'running',
      (down) => down,
    );
    await eventually(
      () => c.machineStatus(),
      (s) => s.stage === 'running',
    );
    // Back with the new config: the stored config now is the rebooted one.
    expect(sim.node(CP2).config?.raw).toBe(withEnv);
  });

  it('refuses a config of another cluster that claims the same endpoint (lab check)', async () => {
    const e = await failure(maintenance(SPARE).applyConfiguration({ config: cpConfig(other, 'x') }));
    expect(e.codeName).toBe('INVALID_ARGUMENT');
    expect(e.details).toContain(`lab: endpoint ${ENDPOINT} already belongs to another cluster`);
  });
});

describe('reset', () => {
  it('returns a worker to maintenance mode', async () => {
    await secure(W1).reset({ graceful: true, reboot: true });
    const status = await eventually(
      () => maintenance(W1, false).machineStatus(),
      (s) => s.stage === 'maintenance',
    );
    expect(status.ready).toBe(true);
  });

  it('keeps the last etcd member running on a graceful reset, powers it off on a forced one', async () => {
    await secure(CP2).reset({ graceful: true, reboot: true });
    await eventually(
      () => maintenance(CP2, false).machineStatus(),
      (s) => s.stage === 'maintenance',
    );
    const c = secure(CP1);
    await eventually(
      () => c.etcdMemberList(),
      (m) => m.length === 1,
    );
    await c.reset({ graceful: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(await c.machineStatus()).toMatchObject({ stage: 'running' });

    await c.reset({ graceful: false, reboot: false });
    await new Promise((r) => setTimeout(r, 100));
    const down = await failure(c.version({ retry: false }));
    expect(down.kind).toBe('unreachable');
    await sim.node(CP1).powerOn();
    expect((await maintenance(CP1).machineStatus()).stage).toBe('maintenance');
  });
});
