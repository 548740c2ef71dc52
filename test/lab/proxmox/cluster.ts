/**
 * The simulated cluster as handlers see it: state plus the services around it (tasks, faults,
 * auth, URL source, boot hooks, request log) and the checks PVE repeats everywhere (node exists,
 * VM config exists on that node, VM lock).
 */
import type { NoCloudSeed } from './domain/nocloud';
import { fail, ProxyError } from './http/errors';
import type { Authenticator } from './auth';
import type { UrlSource } from './downloads';
import type { FaultInjector } from './faults';
import type { ClusterState, TaskRecord, VmRecord } from './state/model';
import type { StateStore } from './state/store';
import { TaskRunner } from './tasks';
import { configDigest, effectiveConfig } from './domain/vm-config';

export interface LabTimings {
  /** Default worker task duration (ms). */
  readonly taskMs: number;
  /** Per task type overrides, e.g. `{ download: 2000 }`. */
  readonly taskMsByType: Readonly<Record<string, number>>;
  /** Time from `qmstart` finishing until the guest agent answers (ms). */
  readonly agentBootMs: number;
  /** Delay of 401 answers (PVE: 3 s). */
  readonly authFailureDelayMs: number;
}

export const DEFAULT_TIMINGS: LabTimings = { taskMs: 300, taskMsByType: {}, agentBootMs: 1000, authFailureDelayMs: 3000 };

export interface IpConfigView {
  /** Index N of `netN` / `ipconfigN`. */
  readonly index: number;
  readonly mac?: string;
  readonly bridge?: string;
  /** `10.0.0.5/24`, `dhcp`, or undefined. */
  readonly ip?: string;
  readonly gw?: string;
  readonly ip6?: string;
  readonly gw6?: string;
}

/** What the boot hook receives when a VM starts: its cloud-init network data and identity. */
export interface VmBootEvent {
  readonly vmid: number;
  readonly node: string;
  readonly name?: string;
  readonly interfaces: readonly IpConfigView[];
  readonly nameservers: readonly string[];
  readonly searchdomain?: string;
  readonly smbiosUuid?: string;
  readonly tags: readonly string[];
  /** The NoCloud seed on an attached cdrom (labelled cidata), as the guest reads it at boot. */
  readonly noCloud?: NoCloudSeed & { readonly volid: string };
  /** The drives the guest sees (scsiN, virtioN, sataN, ideN with a volume), in key order. */
  readonly drives: readonly VmBootDrive[];
}

/** One drive of a booted VM, as the guest's hardware presents it. */
export interface VmBootDrive {
  /** The config key: scsi0, virtio1, sata0, ide2, … */
  readonly key: string;
  readonly bytes: number;
  readonly cdrom: boolean;
  readonly serial?: string;
  readonly ssd: boolean;
  readonly readonly: boolean;
  readonly wwn?: string;
}

export interface VmPowerOffEvent {
  readonly vmid: number;
  readonly node: string;
  readonly reason: 'stop' | 'shutdown' | 'reboot' | 'destroy';
}

export type BootHook = (event: VmBootEvent) => void | Promise<void>;
export type PowerOffHook = (event: VmPowerOffEvent) => void | Promise<void>;

export interface RequestLogEntry {
  readonly time: number;
  readonly method: string;
  /** Decoded path below /api2/json. */
  readonly path: string;
  /** The matched route template, e.g. `/nodes/{node}/qemu/{vmid}/config`. */
  readonly route?: string;
  /** Merged query + body parameters, secrets masked. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: number;
  readonly user?: string;
}

export interface ClusterServices {
  readonly store: StateStore;
  readonly faults: FaultInjector;
  readonly auth: Authenticator;
  readonly urls: UrlSource;
  readonly timings: LabTimings;
  readonly clock: () => number;
}

export class LabCluster {
  readonly tasks: TaskRunner;
  readonly bootHooks = new Set<BootHook>();
  readonly powerOffHooks = new Set<PowerOffHook>();
  readonly hookErrors: Error[] = [];
  readonly requestLog: RequestLogEntry[] = [];

  private readonly bootedAt: number;

  constructor(readonly services: ClusterServices) {
    this.bootedAt = services.clock() - 86_400_000;
    const pstarts = new Map<string, number>();
    this.tasks = new TaskRunner({
      tasks: () => this.state.tasks,
      nextPid: () => ++this.state.lastPid,
      pstartOf: (node) => {
        if (!pstarts.has(node)) pstarts.set(node, 0x00100000 + 0x1000 * (this.state.nodes.indexOf(node) + 1));
        return pstarts.get(node) ?? 0;
      },
      persist: () => this.save(),
      taskFault: (task: TaskRecord) => this.services.faults.forTask(task),
      defaultDurationMs: (type) => this.services.timings.taskMsByType[type] ?? this.services.timings.taskMs,
      now: () => this.now(),
    });
  }

  get state(): ClusterState {
    return this.services.store.state;
  }

  get faults(): FaultInjector {
    return this.services.faults;
  }

  now(): number {
    return this.services.clock();
  }

  save(): void {
    this.services.store.save();
  }

  /**
   * PVE resolves `proxyto => 'node'` before anything else: unknown nodes fail the DNS lookup
   * (500); a member that is down cannot be connected to (595).
   */
  requireNode(node: string): void {
    if (!this.state.nodes.includes(node)) {
      fail(`hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known`);
    }
    const down = this.faults.nodeOffline(node);
    if (down !== undefined) throw new ProxyError(down);
  }

  /** A cluster member that is up (corosync `online`). */
  isOnline(node: string): boolean {
    return this.state.nodes.includes(node) && this.faults.nodeOffline(node) === undefined;
  }

  /** Seconds since the (simulated) node booted: one day before this simulator process started. */
  nodeUptime(): number {
    return Math.floor((this.now() - this.bootedAt) / 1000);
  }

  findVm(vmid: number): VmRecord | undefined {
    return this.state.vms[String(vmid)];
  }

  /** load_config on `node`: the config must exist there. */
  vmOn(node: string, vmid: number): VmRecord {
    const vm = this.findVm(vmid);
    if (!vm || vm.node !== node) fail(`Configuration file 'nodes/${node}/qemu-server/${vmid}.conf' does not exist`);
    return vm;
  }

  /** The lock PVE would show: a config lock, or one injected as a fault. */
  lockOf(vm: VmRecord): string | undefined {
    return vm.config.lock ?? this.faults.vmLock(vm.vmid);
  }

  /** PVE's check_lock. */
  checkLock(vm: VmRecord, skiplock: boolean): void {
    const lock = this.lockOf(vm);
    if (lock && !skiplock) fail(`VM is locked (${lock})`);
  }

  configWithMeta(vm: VmRecord, current: boolean): Record<string, string> {
    const lock = this.lockOf(vm);
    const conf = current ? { ...vm.config } : effectiveConfig(vm);
    if (lock) conf.lock = lock;
    return conf;
  }

  /** Digest of the config file; an injected lock counts as written into it (as a real lock would be). */
  digestOf(vm: VmRecord): string {
    const injected = vm.config.lock === undefined ? this.faults.vmLock(vm.vmid) : undefined;
    return configDigest(vm, injected);
  }

  emitBoot(event: VmBootEvent): void {
    for (const hook of this.bootHooks) this.runHook(() => hook(event));
  }

  emitPowerOff(event: VmPowerOffEvent): void {
    for (const hook of this.powerOffHooks) this.runHook(() => hook(event));
  }

  private runHook(fn: () => void | Promise<void>): void {
    try {
      const r = fn();
      if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((err: Error) => this.hookErrors.push(err));
    } catch (err) {
      this.hookErrors.push(err as Error);
    }
  }
}
