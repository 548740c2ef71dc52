/**
 * Starts and stops a lab cluster: etcd and kube-apiserver (plus controller-manager, scheduler and
 * kwok as configured) on one loopback address, with the cluster's PKI, a data directory per
 * cluster, logs per component and an admin kubeconfig. Start-up waits for etcd's /health and the
 * API server's /readyz; any failure tears down what was started and names the log files.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLabBinaries } from './binaries';
import { firstAddressOf, resolveLabClusterOptions, type LabClusterOptions, type LabClusterRole, type LabComponents } from './cluster-options';
import {
  adminClient,
  startApiServer,
  startControllerManager,
  startEtcd,
  startKwok,
  startScheduler,
  type ClusterFiles,
  type ComponentContext,
  type LabClusterPorts,
  type LabComponentName,
} from './components';
import { writeKubeconfig } from './kubeconfig';
import type { LabKubeClient, TlsClientCredentials } from './kube-client';
import { generateLabClusterPki, issueLabClusterCertificates, type CertKeyPem, type LabClusterPki } from './lab-pki';
import { allocateLoopbackPorts } from './loopback';
import type { LabNodeSpec } from './node-spec';
import { registerLabNodes, unregisterLabNode } from './nodes';
import { describeExit, type ManagedProcess, readLogTail } from './processes';

export type { LabClusterPorts, LabComponentName } from './components';

export interface LabCluster {
  readonly name: string;
  readonly role: LabClusterRole;
  readonly host: string;
  readonly ports: LabClusterPorts;
  /** https://host:port of the API server. */
  readonly server: string;
  /** GitVersion the API server reports, e.g. v1.36.3. */
  readonly kubernetesVersion: string;
  /** Directory holding data, PKI files, kubeconfigs and logs; kept after stop() for inspection. */
  readonly dir: string;
  /** Admin kubeconfig (CN=admin, O=system:masters, signed by the cluster's Kubernetes CA). */
  readonly kubeconfigPath: string;
  /** The CA-level secrets the cluster runs with (caller-supplied or generated). Never print them. */
  readonly pki: LabClusterPki;
  readonly adminCredentials: CertKeyPem;
  readonly components: LabComponents;
  /** Log file per running component. */
  readonly logs: Readonly<Partial<Record<LabComponentName, string>>>;
  /** Process-group id per started component (each component runs in a group of its own). */
  processGroups(): Partial<Record<LabComponentName, number>>;
  /** Admin client for the API server. */
  client(): LabKubeClient;
  /** Client credentials for `server` trusting the cluster's CA, with the given client certificate. */
  credentials(client: CertKeyPem): TlsClientCredentials;
  /** Registers nodes through kwok and waits until they are Ready (needs components.kwok). */
  registerNodes(nodes: readonly LabNodeSpec[], options?: { readonly readyTimeoutMs?: number }): Promise<void>;
  unregisterNode(name: string): Promise<void>;
  /** Resolves once kube-controller-manager and kube-scheduler (as configured) serve; see waitForControllers. */
  controllersReady(): Promise<void>;
  /** One line per component: name, state and log path; for test failure messages. */
  describe(): string;
  /** Stops every component (process groups, SIGTERM then SIGKILL). Idempotent. */
  stop(options?: { readonly removeDir?: boolean }): Promise<void>;
}

/** Waits for every start-up step (none is left running unobserved), then throws the first failure. */
async function settleAll(steps: ReadonlyArray<Promise<unknown> | undefined>): Promise<void> {
  const results = await Promise.allSettled(steps.filter((s): s is Promise<unknown> => s !== undefined));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Marks a directory the lab created, so a fresh start may wipe it and nothing else. */
const MARKER = '.ptc-lab-cluster';

function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(`${dir} exists and was not created by the lab; choose another baseDir or name`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  for (const sub of ['', 'pki', 'logs', 'etcd', 'home']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, MARKER), 'created by test/lab/k8s; wiped when a cluster of the same name starts\n');
}

const STOP_ORDER: readonly LabComponentName[] = ['kwok', 'kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd'];

async function stopAll(processes: Map<LabComponentName, ManagedProcess>): Promise<void> {
  for (const name of STOP_ORDER) {
    const proc = processes.get(name);
    if (proc) await proc.stop();
  }
}

function describeComponents(ctx: ComponentContext): string {
  return (Object.keys(ctx.logs) as LabComponentName[])
    .map((name) => {
      const proc = ctx.processes.get(name);
      const state = proc === undefined ? 'not started' : proc.exit ? describeExit(proc.exit) : 'running';
      return `${name}: ${state}; log ${ctx.logs[name]}`;
    })
    .join('\n');
}

/**
 * Starts a cluster and resolves once it serves (and its nodes, if any, are Ready). On failure
 * everything started is stopped and the error names each component's log file.
 */
export async function startLabCluster(options: LabClusterOptions): Promise<LabCluster> {
  const opts = resolveLabClusterOptions(options);
  const bin = await ensureLabBinaries(); // may be a long cold build; not part of startTimeoutMs
  const deadline = Date.now() + opts.startTimeoutMs;
  const dir = join(opts.baseDir, opts.name);
  prepareDir(dir);
  const files: ClusterFiles = { dir, pkiDir: join(dir, 'pki'), logsDir: join(dir, 'logs'), etcdData: join(dir, 'etcd'), home: join(dir, 'home') };

  const wanted = 2 + (opts.apiServerPort === undefined ? 1 : 0) + (opts.components.controllerManager ? 1 : 0) + (opts.components.scheduler ? 1 : 0);
  const free = (await allocateLoopbackPorts(opts.host, wanted + 1)).filter((p) => p !== opts.apiServerPort);
  const ports: LabClusterPorts = {
    apiServer: opts.apiServerPort ?? (free.pop() as number),
    etcdClient: free.pop() as number,
    etcdPeer: free.pop() as number,
    ...(opts.components.controllerManager ? { controllerManager: free.pop() as number } : {}),
    ...(opts.components.scheduler ? { scheduler: free.pop() as number } : {}),
  };
  const server = `https://${opts.host}:${ports.apiServer}`;

  const pki = opts.pki ?? (await generateLabClusterPki());
  const certs = await issueLabClusterCertificates(pki, {
    host: opts.host,
    kubernetesServiceIp: firstAddressOf(opts.serviceClusterIpRange),
    extraApiServerNames: opts.extraApiServerSans,
  });
  const ctx: ComponentContext = { opts, bin, files, pki, certs, ports, server, processes: new Map(), logs: {} };
  const kubeconfigPath = join(dir, 'admin.kubeconfig');
  writeKubeconfig(kubeconfigPath, {
    name: opts.name,
    server,
    caPem: pki.kubernetesCa.certPem,
    clientCertPem: certs.admin.certPem,
    clientKeyPem: certs.admin.keyPem,
  });

  let kubernetesVersion: string;
  let controllers: Promise<void>;
  try {
    await startEtcd(ctx, deadline);
    const version = await startApiServer(ctx, deadline);
    kubernetesVersion = version;
    // Everything else only needs the API server: start it side by side, as a control plane's
    // static pods and kubelets come up.
    controllers = settleAll([opts.components.controllerManager ? startControllerManager(ctx, deadline) : undefined, opts.components.scheduler ? startScheduler(ctx, deadline) : undefined]);
    const kubelets = (async () => {
      if (opts.components.kwok) await startKwok(ctx);
      if (opts.nodes.length > 0) {
        await registerLabNodes(adminClient(ctx), opts.nodes, { defaultKubeletVersion: version, readyTimeoutMs: Math.max(1, deadline - Date.now()) });
      }
    })();
    if (opts.waitForControllers) await settleAll([controllers, kubelets]);
    else await settleAll([kubelets]);
  } catch (err) {
    const summary = describeComponents(ctx);
    await stopAll(ctx.processes);
    throw new Error(`lab cluster ${opts.name} failed to start: ${(err as Error).message}\ncomponents:\n${summary}`);
  }
  // Observed (no unhandled rejection) whether or not anybody asks.
  controllers.catch(() => undefined);

  let stopped: Promise<void> | undefined;
  const cluster: LabCluster = {
    name: opts.name,
    role: opts.role,
    host: opts.host,
    ports,
    server,
    kubernetesVersion,
    dir,
    kubeconfigPath,
    pki,
    adminCredentials: certs.admin,
    components: opts.components,
    logs: ctx.logs,
    processGroups: () => Object.fromEntries([...ctx.processes].map(([name, proc]) => [name, proc.pid])),
    client: () => adminClient(ctx),
    credentials: (client) => ({ server, caPem: pki.kubernetesCa.certPem, certPem: client.certPem, keyPem: client.keyPem }),
    registerNodes: (nodes, registerOptions) => {
      if (!opts.components.kwok) return Promise.reject(new Error(`cluster ${opts.name} runs without kwok; start it with components.kwok`));
      return registerLabNodes(adminClient(ctx), nodes, { defaultKubeletVersion: kubernetesVersion, ...registerOptions });
    },
    unregisterNode: (name) => unregisterLabNode(adminClient(ctx), name),
    controllersReady: () => controllers,
    describe: () => describeComponents(ctx),
    stop: (stopOptions) => {
      stopped ??= stopAll(ctx.processes);
      return stopped.then(() => {
        if (stopOptions?.removeDir) rmSync(dir, { recursive: true, force: true });
      });
    },
  };
  return cluster;
}

/** Tail of every component's log, for a failing test's message. */
export function labClusterLogTails(cluster: LabCluster, maxBytesPerLog = 2000): string {
  return Object.entries(cluster.logs)
    .map(([name, path]) => `==> ${name} (${path})\n${readLogTail(path as string, maxBytesPerLog)}`)
    .join('\n');
}
