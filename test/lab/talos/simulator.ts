/**
 * Hosts many simulated Talos nodes in one process, each on its own loopback address
 * (127.x.y.z; Linux routes all of 127.0.0.0/8 to lo) and the Talos API port.
 */
import { isIP } from 'node:net';
import { ensureTalosSchema, TalosConfigSchema } from './config-schema';
import { validateHardware, type NodeHardware } from './node-hardware';
import { DEFAULT_DELAYS, SimulatedNode, type BootstrapEvent, type NodeEnvironment, type NodeRegistration, type SimulatorDelays } from './node';

export interface TalosSimulatorOptions {
  /** Node addresses, each in 127.0.0.0/8. */
  readonly nodes: readonly string[];
  /** Talos API port on every node (default 50000). */
  readonly port?: number;
  readonly delays?: Partial<SimulatorDelays>;
  /** `metal` (ISO boot: install + reboot after the first config, the Proxmox guide's path) or `nocloud` (disk image: no install). */
  readonly platform?: 'metal' | 'nocloud';
  readonly talosVersion?: string;
  /** Disk and memory sizes per node address (the VM's, where known); unlisted nodes get defaults. */
  readonly hardware?: Readonly<Record<string, NodeHardware>>;
  /** Called once per Bootstrap success (start the workload kube-apiserver here). Errors are logged. */
  readonly onBootstrap?: (event: BootstrapEvent) => void | Promise<void>;
  /** Called when a node's kubelet would register its Node object; a rejection is retried every second. */
  readonly onNodeReady?: (registration: NodeRegistration) => void | Promise<void>;
  /** Log sink (default: none). Never receives key material. */
  readonly log?: (line: string) => void;
  /** Start with every node powered on (default true). */
  readonly powerOn?: boolean;
}

export function assertLoopbackAddress(address: string): void {
  if (isIP(address) !== 4 || !address.startsWith('127.')) {
    throw new Error(`node address ${address} is not an IPv4 loopback address: use 127.x.y.z (the lab only listens on 127.0.0.0/8)`);
  }
}

export class TalosSimulator {
  readonly port: number;
  private readonly byAddress = new Map<string, SimulatedNode>();
  private readonly env: NodeEnvironment;
  /** Hardware per address: the options', replaced by what setHardware / addNode learn (a VM's drives at boot). */
  private readonly hardware = new Map<string, NodeHardware>();

  private constructor(
    options: TalosSimulatorOptions,
    private readonly schema: TalosConfigSchema,
  ) {
    this.port = options.port ?? 50000;
    const delays: SimulatorDelays = { ...DEFAULT_DELAYS, ...options.delays };
    const log = options.log ?? (() => undefined);
    const platformName = options.platform ?? 'metal';
    const env: NodeEnvironment = {
      port: this.port,
      delays,
      platform: { name: platformName, mode: platformName === 'metal' ? 'metal' : 'cloud' },
      talosVersion: options.talosVersion ?? 'v1.13.9',
      schema: () => this.schema,
      hardware: (address) => this.hardware.get(address) ?? {},
      peers: () => [...this.byAddress.values()],
      findNode: (name) => this.byAddress.get(name) ?? this.nodes.find((n) => n.hostname === name),
      onBootstrap: (event) => {
        Promise.resolve(options.onBootstrap?.(event)).catch((err) => log(`bootstrap hook failed: ${(err as Error).message}`));
      },
      onNodeReady: async (registration) => {
        await options.onNodeReady?.(registration);
      },
      log,
    };
    this.env = env;
    for (const [address, hw] of Object.entries(options.hardware ?? {})) this.hardware.set(address, hw);
    for (const address of options.nodes) this.byAddress.set(address, new SimulatedNode(address, env));
  }

  /** Every node, in the order they were added. */
  get nodes(): readonly SimulatedNode[] {
    return [...this.byAddress.values()];
  }

  static async start(options: TalosSimulatorOptions): Promise<TalosSimulator> {
    if (!options.nodes || options.nodes.length === 0) throw new Error('nodes: list at least one loopback address, e.g. 127.0.10.11');
    const seen = new Set<string>();
    for (const address of options.nodes) {
      assertLoopbackAddress(address);
      if (seen.has(address)) throw new Error(`nodes: ${address} is listed twice`);
      seen.add(address);
    }
    for (const [address, hw] of Object.entries(options.hardware ?? {})) {
      if (!seen.has(address)) throw new Error(`hardware: ${address} is not one of the nodes`);
      validateHardware(address, hw);
    }
    if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)) {
      throw new Error('port: expected 1-65535');
    }
    const schema = TalosConfigSchema.load(await ensureTalosSchema());
    const sim = new TalosSimulator(options, schema);
    if (options.powerOn ?? true) {
      try {
        await Promise.all(sim.nodes.map((n) => n.powerOn()));
      } catch (err) {
        await sim.stop();
        throw err;
      }
    }
    return sim;
  }

  has(address: string): boolean {
    return this.byAddress.has(address);
  }

  /** A new machine (powered off) at `address`: a VM someone else created, e.g. one Cluster API cloned. */
  addNode(address: string, hardware?: NodeHardware): SimulatedNode {
    assertLoopbackAddress(address);
    if (this.byAddress.has(address)) throw new Error(`a simulated node already runs at ${address}`);
    if (hardware) this.setHardware(address, hardware);
    const node = new SimulatedNode(address, this.env);
    this.byAddress.set(address, node);
    return node;
  }

  /** The machine's hardware from now on (e.g. its VM's drives, learnt when the VM boots); fields not given stay. */
  setHardware(address: string, hardware: NodeHardware): void {
    const merged = { ...this.hardware.get(address), ...hardware };
    validateHardware(address, merged);
    this.hardware.set(address, merged);
  }

  /** The machine at `address` is gone (its VM destroyed): it stops and leaves the simulator. */
  async removeNode(address: string): Promise<void> {
    const node = this.byAddress.get(address);
    if (!node) return;
    this.byAddress.delete(address);
    await node.shutdown();
  }

  node(address: string): SimulatedNode {
    const node = this.byAddress.get(address);
    if (!node) throw new Error(`no simulated node at ${address}`);
    return node;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.shutdown()));
  }
}
