/**
 * The lab workload: simulated Talos nodes wired to the lab Kubernetes. Bootstrap starts a real
 * kube-apiserver on the cluster endpoint with the configuration's PKI; configured nodes register
 * as Ready Nodes with providerID and addresses; reboots keep one Node; a reset node's Node goes
 * away; wiping every control plane stops the API server. Also the provider's operations
 * (apply / bootstrap / health) against it, including a health timeout that names what is missing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMachineConfig } from '../../../../providers/machinery/config';
import { issueAdminClientCertificate } from '../../../../providers/machinery/clientconfig/admin-certificate';
import { generateSecretsBundle } from '../../../../providers/machinery/secrets';
import type { SecretsBundle } from '../../../../providers/machinery/secrets/bundle';
import { TalosClient } from '../../../../providers/talos/api';
import type { Logger } from '../../../../providers/runtime';
import { applyConfigurationAndWait } from '../../../../providers/talos/operations/apply';
import { bootstrapNode } from '../../../../providers/talos/operations/bootstrap';
import { waitForHealthyCluster } from '../../../../providers/talos/operations/health';
import type { ClientCertificatePem, OperationContext } from '../../../../providers/talos/operations/node-access';
import { runKubectl } from '../../../lab/k8s';
import { apiServerAddressOf, labClusterName, LabWorkload } from '../../../lab/workload';

jest.setTimeout(120_000);

const SUBNET = '127.0.64';
const ENDPOINT = `https://${SUBNET}.10:6443`;
const NODES = [
  { name: 'wl-cp-1', role: 'controlplane', address: `${SUBNET}.11`, providerId: 'proxmox://11111111-2222-4333-8444-000000000011' },
  { name: 'wl-cp-2', role: 'controlplane', address: `${SUBNET}.12`, providerId: 'proxmox://11111111-2222-4333-8444-000000000012' },
  { name: 'wl-worker-1', role: 'worker', address: `${SUBNET}.21`, providerId: 'proxmox://11111111-2222-4333-8444-000000000021' },
] as const;

let baseDir: string;
let lab: LabWorkload;
let bundle: SecretsBundle;
let cert: ClientCertificatePem;
const lines: string[] = [];
const info: string[] = [];
const log: Logger = { trace: () => undefined, debug: () => undefined, info: (m) => void info.push(m), warn: (m) => void info.push(m), error: (m) => void info.push(m), with: () => log };

function ctx(address: string, timeoutMs = 30_000): OperationContext {
  return { target: { node: address, endpoint: address }, cert, deadlineAt: Date.now() + timeoutMs, timeoutMs, signal: new AbortController().signal, log };
}

function configFor(n: (typeof NODES)[number]): string {
  return generateMachineConfig({ machineType: n.role, clusterName: 'wl', endpoint: ENDPOINT, secrets: bundle, hostname: n.name, providerId: n.providerId });
}

async function kubectlJson<T>(args: string[]): Promise<T> {
  const cluster = lab.cluster();
  if (!cluster) throw new Error('no workload cluster');
  const res = await runKubectl(cluster.kubeconfigPath, [...args, '-o', 'json']);
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'ptc-lab-workload-'));
  bundle = await generateSecretsBundle();
  const admin = await issueAdminClientCertificate(bundle);
  cert = { caPem: bundle.certs.os.crt, certPem: admin.crt, keyPem: admin.key };
  lab = await LabWorkload.start({
    nodes: NODES.map((n) => n.address),
    baseDir,
    delays: { installMs: 100, rebootMs: 300, bootMs: 100, bootstrapReadyMs: 400 },
    log: (line) => void lines.push(line),
  });
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  if (baseDir) rmSync(baseDir, { recursive: true, force: true });
}, 60_000);

describe('lab workload', () => {
  test('apply (maintenance) → bootstrap starts kube-apiserver on the endpoint; nodes register Ready with providerIDs', async () => {
    await Promise.all(NODES.map((n) => applyConfigurationAndWait(ctx(n.address), configFor(n), 'auto')));
    expect(NODES.every((n) => lab.simulator.node(n.address).mode === 'secure')).toBe(true);
    expect(lab.cluster()).toBeUndefined();

    expect(await bootstrapNode(ctx(NODES[0].address))).toBe('bootstrapped');
    const cluster = await lab.waitForCluster(60_000);
    expect(cluster.server).toBe(ENDPOINT);
    expect(cluster.kubernetesVersion).toMatch(/^v1\.\d+\.\d+/);

    // The Talos kubeconfig (signed by the bundle's Kubernetes CA) is accepted by the API server.
    const client = new TalosClient({ endpoint: NODES[0].address, auth: { kind: 'mtls', ...cert } });
    const kubeconfig = join(baseDir, 'talos.kubeconfig');
    writeFileSync(kubeconfig, await client.kubeconfig(), { mode: 0o600 });
    client.close();
    await eventually('three registered nodes', async () => lab.events.registrations.length === 3);
    const res = await runKubectl(kubeconfig, ['get', 'nodes', '-o', 'json']);
    expect(res.code).toBe(0);
    const items = (
      JSON.parse(res.stdout) as {
        items: {
          metadata: { name: string; labels: Record<string, string> };
          spec: { providerID: string };
          status: { addresses: unknown[]; conditions: { type: string; status: string }[]; nodeInfo: { osImage: string } };
        }[];
      }
    ).items;
    for (const n of NODES) {
      const node = items.find((i) => i.metadata.name === n.name)!;
      expect(node.spec.providerID).toBe(n.providerId);
      expect(node.status.addresses).toEqual([
        { type: 'InternalIP', address: n.address },
        { type: 'Hostname', address: n.name },
      ]);
      expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(node.status.nodeInfo.osImage).toBe('Talos (v1.13.9)');
      expect('node-role.kubernetes.io/control-plane' in node.metadata.labels).toBe(n.role === 'controlplane');
    }
  });

  test('a second Bootstrap is AlreadyExists (done) and starts nothing; the cluster is healthy', async () => {
    expect(await bootstrapNode(ctx(NODES[1].address))).toBe('already-bootstrapped');
    expect(lab.events.bootstraps).toHaveLength(1);
    expect(lab.events.apiServerStarts).toHaveLength(1);
    await waitForHealthyCluster({
      cert,
      endpoints: [NODES[0].address, NODES[1].address],
      controlPlanes: [NODES[0].address, NODES[1].address],
      workers: [NODES[2].address],
      skipKubernetesChecks: false,
      timeoutMs: 30_000,
      signal: new AbortController().signal,
      log,
    });
    expect(info.some((m) => /cluster healthy after/.test(m))).toBe(true);
  });

  test('a rebooted node keeps its one Node object', async () => {
    const client = new TalosClient({ endpoint: NODES[2].address, auth: { kind: 'mtls', ...cert } });
    await client.reboot();
    client.close();
    await eventually('the worker to go down', () => lab.simulator.node(NODES[2].address).mode !== 'secure', 5000);
    await eventually('the worker to come back', () => lab.simulator.node(NODES[2].address).mode === 'secure');
    await new Promise((r) => setTimeout(r, 1000));
    const nodes = await kubectlJson<{ items: { metadata: { name: string } }[] }>(['get', 'nodes']);
    expect(nodes.items.filter((i) => i.metadata.name === NODES[2].name)).toHaveLength(1);
    expect(lines.filter((l) => l.includes('node registration failed'))).toEqual([]);
  });

  test('health times out naming what is not healthy (a powered-off worker)', async () => {
    const worker = lab.simulator.node(NODES[2].address);
    await worker.shutdown();
    try {
      const err = await waitForHealthyCluster({
        cert,
        endpoints: [NODES[0].address],
        controlPlanes: [NODES[0].address, NODES[1].address],
        workers: [NODES[2].address],
        skipKubernetesChecks: true,
        timeoutMs: 1500,
        signal: new AbortController().signal,
        log,
        intervalMs: 200,
      }).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/^cluster not healthy within 1\.5s; still waiting for:\n {2}- node 127\.0\.64\.21 \(worker\): Talos API not answering/);
    } finally {
      await worker.powerOn();
    }
  });

  test('a reset worker leaves Kubernetes; resetting every control plane stops the API server', async () => {
    const reset = async (address: string) => {
      const client = new TalosClient({ endpoint: address, auth: { kind: 'mtls', ...cert } });
      await client.reset({
        graceful: false,
        reboot: true,
        systemPartitionsToWipe: [
          { label: 'STATE', wipe: true },
          { label: 'EPHEMERAL', wipe: true },
        ],
      });
      client.close();
    };
    await eventually('the worker to serve again', () => lab.simulator.node(NODES[2].address).mode === 'secure');
    await reset(NODES[2].address);
    await eventually('the worker Node to be removed', async () => {
      const nodes = await kubectlJson<{ items: { metadata: { name: string } }[] }>(['get', 'nodes']);
      return !nodes.items.some((i) => i.metadata.name === NODES[2].name);
    });
    expect(lab.events.apiServerStops).toHaveLength(0);
    await Promise.all([reset(NODES[0].address), reset(NODES[1].address)]);
    await eventually('the API server to stop', () => lab.events.apiServerStops.length === 1);
    expect(lab.cluster()).toBeUndefined();
    await eventually('every node back in maintenance mode', () => NODES.every((n) => lab.simulator.node(n.address).mode === 'maintenance'));
  });
});

describe('from Talos to the lab', () => {
  test('the cluster endpoint must be an https loopback address', () => {
    expect(apiServerAddressOf('https://127.0.10.10:6443')).toEqual({ host: '127.0.10.10', port: 6443 });
    expect(apiServerAddressOf('https://127.0.10.10')).toEqual({ host: '127.0.10.10', port: 443 });
    expect(() => apiServerAddressOf('https://10.0.0.10:6443')).toThrow(/only on a loopback IPv4 address/);
    expect(() => apiServerAddressOf('http://127.0.10.10:6443')).toThrow(/must be https/);
    expect(() => apiServerAddressOf('cluster')).toThrow(/not a URL/);
  });

  test('cluster names become directory-safe labels', () => {
    expect(labClusterName('Lab Cluster_1')).toBe('lab-cluster-1');
    expect(labClusterName('---')).toBe('talos');
    expect(labClusterName('a'.repeat(60))).toHaveLength(40);
  });
});
