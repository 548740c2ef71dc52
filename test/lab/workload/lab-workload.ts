/**
 * The lab's stand-in for a set of Talos machines running Kubernetes: the Talos node simulator,
 * plus — per bootstrapped cluster — a real kube-apiserver (lab Kubernetes) on the cluster endpoint
 * with the PKI from the configuration, where each configured node registers as a Ready Node with
 * its providerID and addresses, as its kubelet would.
 *
 * Lifecycle: Bootstrap starts the workload API server; a node's kubelet registers once the
 * control plane runs (the simulator's onNodeReady); a reset node's Node object is removed; when
 * no node of the cluster keeps etcd data (every control plane reset) the API server stops.
 */
import { KubeApiError, startLabCluster, type LabCluster } from '../k8s';
import { TalosSimulator, type TalosSimulatorOptions } from '../talos/simulator';
import type { BootstrapEvent, NodeRegistration } from '../talos/node';
import { isControlPlane } from '../talos/machine-config';
import type { ManagedProcess } from '../k8s/processes';
import { cloudControllerBlocker, startCloudController } from './cloud-controller';
import { apiServerAddressOf, labClusterName, labPkiFromMachineConfig, nodeSpecOf } from './from-talos';

export interface LabWorkloadOptions extends Omit<TalosSimulatorOptions, 'onBootstrap' | 'onNodeReady' | 'log'> {
  /** Absolute directory for the workload clusters' data, PKI files, kubeconfigs and logs. */
  readonly baseDir: string;
  /** Log sink for simulator and orchestration lines (never key material). */
  readonly log?: (line: string) => void;
  /** How long the workload API server may take to start (default 120 s). */
  readonly apiServerStartTimeoutMs?: number;
  /** How often reset nodes and wiped clusters are looked for (default 500 ms). */
  readonly watchIntervalMs?: number;
}

/** What the simulator reports by default (TalosSimulatorOptions.talosVersion). */
const DEFAULT_TALOS_VERSION = 'v1.13.9';

interface ClusterRecord {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly endpoint: string;
  readonly starting: Promise<LabCluster>;
  cluster?: LabCluster;
  /** Registered Node name → simulated node address. */
  readonly nodes: Map<string, string>;
  /** The cloud controller, once a control plane's configuration asks for one (see cloud-controller.ts). */
  ccm?: Promise<ManagedProcess | undefined>;
  /** Why no cloud controller runs, as last logged. */
  ccmBlocker?: string;
}

/** What happened, for assertions and benchmarks. */
export interface LabWorkloadEvents {
  readonly bootstraps: { readonly node: string; readonly clusterName: string; readonly at: number }[];
  readonly registrations: { readonly name: string; readonly providerId: string | undefined; readonly at: number }[];
  readonly apiServerStarts: { readonly clusterName: string; readonly server: string; readonly ms: number }[];
  readonly apiServerStops: { readonly clusterName: string; readonly at: number }[];
}

export class LabWorkload {
  readonly events: LabWorkloadEvents = { bootstraps: [], registrations: [], apiServerStarts: [], apiServerStops: [] };
  private readonly records = new Map<string, ClusterRecord>();
  private simulatorRef: TalosSimulator | undefined;
  private watcher: NodeJS.Timeout | undefined;
  private watching = false;
  private stopped = false;
  private readonly log: (line: string) => void;

  private constructor(private readonly options: LabWorkloadOptions) {
    this.log = options.log ?? (() => undefined);
  }

  /** Starts the simulated nodes (in maintenance mode) and the orchestration. */
  static async start(options: LabWorkloadOptions): Promise<LabWorkload> {
    if (!options.baseDir || !options.baseDir.startsWith('/')) throw new Error('baseDir must be an absolute directory for the workload clusters');
    const lab = new LabWorkload(options);
    lab.simulatorRef = await TalosSimulator.start({
      ...options,
      log: lab.log,
      onBootstrap: (event) => lab.onBootstrap(event),
      onNodeReady: (registration) => lab.onNodeReady(registration),
    });
    lab.watcher = setInterval(() => void lab.watch(), options.watchIntervalMs ?? 500);
    lab.watcher.unref();
    return lab;
  }

  get simulator(): TalosSimulator {
    if (!this.simulatorRef) throw new Error('the lab workload is not started');
    return this.simulatorRef;
  }

  /** The running workload cluster serving `endpoint` (default: the only one). */
  cluster(endpoint?: string): LabCluster | undefined {
    const records = [...this.records.values()].filter((r) => endpoint === undefined || r.endpoint === endpoint);
    return records.length === 1 ? records[0].cluster : undefined;
  }

  /** Resolves with the workload cluster once its API server serves (after a Bootstrap). */
  async waitForCluster(timeoutMs: number, endpoint?: string): Promise<LabCluster> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const record = [...this.records.values()].find((r) => endpoint === undefined || r.endpoint === endpoint);
      if (record) return record.starting;
      if (Date.now() > until) throw new Error(`no workload cluster was started within ${timeoutMs} ms (no successful Bootstrap?)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watcher) clearInterval(this.watcher);
    await this.simulatorRef?.stop();
    await Promise.all([...this.records.keys()].map((key) => this.stopCluster(key)));
  }

  private async onBootstrap(event: BootstrapEvent): Promise<void> {
    const cfg = event.config;
    const { host, port } = apiServerAddressOf(cfg.endpoint);
    const key = `${host}:${port}`;
    this.events.bootstraps.push({ node: event.node, clusterName: cfg.clusterName, at: Date.now() });
    const existing = this.records.get(key);
    if (existing?.clusterId === cfg.clusterId) return;
    // The endpoint's previous cluster was wiped and a new one bootstrapped there.
    if (existing) await this.stopCluster(key);
    const started = Date.now();
    const name = labClusterName(cfg.clusterName);
    this.log(`workload: starting kube-apiserver of cluster ${cfg.clusterName} on https://${key} (bootstrapped on ${event.node})`);
    const starting = startLabCluster({
      name,
      role: 'workload',
      baseDir: this.options.baseDir,
      host,
      apiServerPort: port,
      pki: labPkiFromMachineConfig(cfg),
      startTimeoutMs: this.options.apiServerStartTimeoutMs ?? 120_000,
      // Kubelets register as soon as the API server serves; controller-manager and scheduler follow.
      waitForControllers: false,
    });
    const record: ClusterRecord = { clusterId: cfg.clusterId, clusterName: cfg.clusterName, endpoint: key, starting, nodes: new Map() };
    this.records.set(key, record);
    try {
      record.cluster = await starting;
    } catch (err) {
      this.records.delete(key);
      throw err;
    }
    this.events.apiServerStarts.push({ clusterName: cfg.clusterName, server: record.cluster.server, ms: Date.now() - started });
    this.log(`workload: kube-apiserver ${record.cluster.kubernetesVersion} of cluster ${cfg.clusterName} serves ${record.cluster.server} (${Date.now() - started} ms)`);
    record.cluster.controllersReady().catch((err: Error) => this.log(`workload: ERROR: the controllers of cluster ${cfg.clusterName} did not start: ${err.message}`));
    if (this.stopped) await this.stopCluster(key);
  }

  /** A kubelet registering: waits for the cluster's API server; idempotent across reboots. */
  private async onNodeReady(registration: NodeRegistration): Promise<void> {
    const record = [...this.records.values()].find((r) => r.clusterId === registration.clusterId);
    if (!record) throw new Error(`the Kubernetes API of cluster ${registration.clusterName} is not running yet`);
    const cluster = await record.starting;
    const path = `/api/v1/nodes/${encodeURIComponent(registration.name)}`;
    const exists = await cluster
      .client()
      .get(path)
      .then(
        () => true,
        (err: unknown) => {
          if (err instanceof KubeApiError && err.status === 404) return false;
          throw err;
        },
      );
    const address = registration.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
    if (!exists) {
      await cluster.registerNodes([nodeSpecOf(registration, this.options.talosVersion ?? DEFAULT_TALOS_VERSION)]);
      this.events.registrations.push({ name: registration.name, providerId: registration.providerId, at: Date.now() });
      this.log(`workload: node ${registration.name} (${address}) registered and Ready, providerID ${registration.providerId ?? '(none)'}`);
    }
    record.nodes.set(registration.name, address);
  }

  /** Removes Nodes of reset machines; stops API servers whose cluster lost all etcd data. */
  private async watch(): Promise<void> {
    if (this.watching || this.stopped || !this.simulatorRef) return;
    this.watching = true;
    try {
      for (const [key, record] of [...this.records]) {
        if (!record.cluster) continue;
        const members = this.simulatorRef.nodes.filter((n) => n.config?.clusterId === record.clusterId);
        if (!members.some((n) => n.etcdMemberId !== '')) {
          this.log(`workload: no node of cluster ${record.clusterName} keeps etcd data (reset); stopping its kube-apiserver`);
          await this.stopCluster(key);
          continue;
        }
        await this.reconcileCloudController(record);
        for (const [name, address] of [...record.nodes]) {
          const node = this.simulatorRef.nodes.find((n) => n.address === address);
          if (node?.config?.clusterId === record.clusterId) continue;
          record.nodes.delete(name);
          await record.cluster.unregisterNode(name).catch((err: unknown) => this.log(`workload: could not remove node ${name}: ${(err as Error).message}`));
          this.log(`workload: node ${name} (${address}) was reset; its Node object is removed`);
        }
      }
    } finally {
      this.watching = false;
    }
  }

  /**
   * Runs the cloud controller while a control plane's configuration asks for one, as the manifests
   * of cluster.externalCloudProvider would (a crashed one is restarted, like its Deployment's Pod).
   */
  private async reconcileCloudController(record: ClusterRecord): Promise<void> {
    const running = await record.ccm;
    if (running?.running || !record.cluster || !this.simulatorRef) return;
    const controlPlanes = this.simulatorRef.nodes.filter((n) => n.config?.clusterId === record.clusterId && isControlPlane(n.config) && n.etcdMemberId !== '');
    const ready = controlPlanes.find((n) => n.config && cloudControllerBlocker(n.config) === undefined);
    if (!ready?.config) {
      const blocker = controlPlanes[0]?.config?.externalCloudProvider ? cloudControllerBlocker(controlPlanes[0].config) : undefined;
      if (blocker && blocker !== record.ccmBlocker) this.log(`workload: cluster ${record.clusterName} runs no cloud controller: ${blocker}`);
      record.ccmBlocker = blocker;
      record.ccm = undefined;
      return;
    }
    if (running) this.log(`workload: the cloud controller of cluster ${record.clusterName} exited; restarting it`);
    const cluster = record.cluster;
    record.ccm = startCloudController({ cluster, config: ready.config, talosEndpoint: `${ready.address}:${this.simulatorRef.port}` }).then(
      (proc) => {
        this.log(`workload: cloud controller of cluster ${record.clusterName} started (Talos API via ${ready.address}; log ${proc.logPath})`);
        return proc;
      },
      (err: unknown) => {
        this.log(`workload: could not start the cloud controller of cluster ${record.clusterName}: ${(err as Error).message}`);
        return undefined;
      },
    );
    await record.ccm;
  }

  private async stopCluster(key: string): Promise<void> {
    const record = this.records.get(key);
    if (!record) return;
    this.records.delete(key);
    await (await record.ccm)?.stop();
    const cluster = await record.starting.catch(() => undefined);
    await cluster?.stop();
    this.events.apiServerStops.push({ clusterName: record.clusterName, at: Date.now() });
  }
}
