/**
 * One simulated Talos node: its lifecycle (maintenance -> install -> reboot -> configured ->
 * reset) and the MachineService/COSI handlers with Talos' semantics and error texts.
 * The gRPC listener itself lives in api-server.ts; the node decides when it is up.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { talosProtoRoot } from '../../../providers/talos/api/proto/load';
import type { MachineStage } from '../../../providers/talos/api/types';
import { NodeEventLog, type SequenceName } from './node-events';
import { MACHINE_STAGES } from '../../../providers/talos/api/types';
import { ApiServer, type CallIdentity } from './api-server';
import { isAuthorized } from './authz';
import type { TalosConfigSchema } from './config-schema';
import { ConfigValidationError, fingerprint, immediateApplyBlocker, isControlPlane, kubeletCloudProviderExternal, parseMachineConfig, type ParsedMachineConfig } from './machine-config';
import { simulatedBlockDisks, simulatedDisks, simulatedMemInfo, type NodeHardware } from './node-hardware';
import { diskYaml } from './node-disks';
import { DEFINITIONS, definitionSpec } from './resource-definitions';
import { listFiles, nodeFilesystem, type ListOptions } from './node-fs';
import { apiServingCertificate, generateAdminKubeconfig, maintenanceServingCertificate, type ServingCertificate } from './node-certs';
import { RpcError, notAuthorized } from './rpc-error';
import { tarGzipSingleFile } from './tar-gzip';

export interface SimulatorDelays {
  /** Writing the install image to disk after the first config (metal platform). */
  readonly installMs: number;
  /** API down while the node reboots (apply with reboot, Reboot, Reset with reboot). */
  readonly rebootMs: number;
  /** From API up (stage booting) to stage running. */
  readonly bootMs: number;
  /** From API up until Bootstrap is possible (CRI up, time synced); before it: FailedPrecondition. */
  readonly bootstrapReadyMs: number;
  /** Time between a reply and the API going down, so the reply reaches the client. */
  readonly teardownGraceMs: number;
}

export const DEFAULT_DELAYS: SimulatorDelays = { installMs: 1000, rebootMs: 2000, bootMs: 500, bootstrapReadyMs: 1000, teardownGraceMs: 50 };

export interface NodeRegistration {
  readonly clusterId: string;
  readonly clusterName: string;
  /** Kubernetes node name (the hostname). */
  readonly name: string;
  readonly providerId: string | undefined;
  readonly role: 'controlplane' | 'worker';
  readonly addresses: readonly { readonly type: 'InternalIP' | 'Hostname'; readonly address: string }[];
  readonly labels: Readonly<Record<string, string>>;
  /** The kubelet runs with --cloud-provider=external: it registers tainted, for a CCM to initialise. */
  readonly cloudProviderExternal: boolean;
}

/** What a platform tells a machine about itself (Talos' PlatformMetadata; NoCloud meta-data). */
export interface PlatformInfo {
  /** `nocloud`, `metal`, … (default: the simulator's platform). */
  readonly platform?: string;
  readonly hostname?: string;
  readonly instanceId?: string;
  /** e.g. `proxmox://<SMBIOS UUID>`, when the platform injects one. */
  readonly providerId?: string;
}

export interface BootstrapEvent {
  /** Address of the node that got the Bootstrap call. */
  readonly node: string;
  /** Its machine configuration (the workload cluster's PKI, endpoint, name). */
  readonly config: ParsedMachineConfig;
}

/** What a node needs from the simulator hosting it. */
export interface NodeEnvironment {
  readonly port: number;
  readonly delays: SimulatorDelays;
  readonly platform: { readonly name: string; readonly mode: string };
  readonly talosVersion: string;
  schema(): TalosConfigSchema;
  /** The VM's disk and memory sizes where the lab knows them. */
  hardware(address: string): NodeHardware;
  peers(): readonly SimulatedNode[];
  findNode(addressOrName: string): SimulatedNode | undefined;
  onBootstrap(event: BootstrapEvent): void;
  onNodeReady(registration: NodeRegistration): Promise<void>;
  log(line: string): void;
}

export type NodeMode = 'off' | 'maintenance' | 'secure' | 'down';

interface EtcdState {
  /** /var/lib/etcd has data: bootstrapped here or joined. */
  dataDir: boolean;
  /** Decimal uint64; '' when not a member. */
  memberId: string;
  /** A peer removed this member: the data stays, etcd can no longer run with it. */
  removed: boolean;
  /** Left with EtcdLeaveCluster: data wiped, service stopped until the next boot. */
  left: boolean;
  /** Date.now() of the last EtcdForfeitLeadership (the leader is the longest-serving started member). */
  forfeitedAt: number;
  /** Date.now() when this member started (raft index grows from there). */
  since: number;
}

/** The runtime sequence a node starts when it goes down into a stage (machined's sequencer). */
const SEQUENCE_OF_STAGE: Partial<Record<MachineStage, SequenceName>> = { rebooting: 'reboot', resetting: 'reset', 'shutting down': 'shutdown', upgrading: 'upgrade' };

const NO_ETCD: EtcdState = { dataDir: false, memberId: '', removed: false, left: false, forfeitedAt: 0, since: 0 };

/** etcd's refusal when a membership change would leave fewer started voters than quorum. */
const NOT_ENOUGH_STARTED = 'etcdserver: re-configuration failed due to not enough started members';

function stableHostname(address: string): string {
  const h = createHash('sha256').update(address).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const pick = (i: number): string => alphabet[h[i] % alphabet.length];
  return `talos-${pick(0)}${pick(1)}${pick(2)}-${pick(3)}${pick(4)}${pick(5)}`;
}

function nowTimestamp(): { seconds: number; nanos: number } {
  const ms = Date.now();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

export class SimulatedNode {
  readonly address: string;
  private readonly env: NodeEnvironment;
  private readonly api: ApiServer;

  mode: NodeMode = 'off';
  stage: MachineStage = 'unknown';
  /** The persisted (active) configuration. */
  config: ParsedMachineConfig | undefined;
  private staged: ParsedMachineConfig | undefined;
  installed = false;
  private etcd: EtcdState = { ...NO_ETCD };
  private leftEtcdAt: number | undefined;
  /** What the Events API serves (machined's in-memory buffer). */
  readonly events = new NodeEventLog();
  private applyInProgress = false;
  private rebootPending = false;
  private bootReadyAt = 0;
  /** Unix seconds of the last boot: the mtime the simulated filesystem reports. */
  private bootedAtSeconds = Math.floor(Date.now() / 1000);
  private bootGeneration = 0;
  private registeredGeneration = -1;
  private readonly timers = new Set<NodeJS.Timeout>();
  private servingCertCache: { key: string; cert: ServingCertificate } | undefined;
  /** What the platform's metadata says (NoCloud meta-data): its host name ranks below a configured one. */
  private platformInfo: PlatformInfo = {};

  constructor(address: string, env: NodeEnvironment) {
    this.address = address;
    this.env = env;
    this.api = new ApiServer(this, env);
  }

  get hostname(): string {
    return this.config?.hostname ?? this.platformInfo.hostname ?? stableHostname(this.address);
  }

  /** What the platform told the machine at boot (its PlatformMetadata). */
  get platform(): PlatformInfo {
    return { platform: this.platformInfo.platform ?? this.env.platform.name, ...this.platformInfo, hostname: this.hostname };
  }

  get isUp(): boolean {
    return this.mode === 'maintenance' || this.mode === 'secure';
  }

  get etcdRunning(): boolean {
    return this.mode === 'secure' && this.etcdMember;
  }

  /** Listed by etcd: running or not (a powered-off member still counts against quorum). */
  get etcdMember(): boolean {
    return this.etcd.dataDir && !this.etcd.removed && this.etcd.memberId !== '' && this.config !== undefined && isControlPlane(this.config);
  }

  /** Ordering key for leadership: the member that forfeited least recently, then the longest running. */
  get etcdLeadershipKey(): [number, number, string] {
    return [this.etcd.forfeitedAt, this.etcd.since, this.address];
  }

  get etcdSince(): number {
    return this.etcd.since;
  }

  get etcdMemberId(): string {
    return this.etcd.memberId;
  }

  /** When this node last stopped being an etcd member (left, or removed by a peer); for ordering checks. */
  get etcdLeftAt(): number | undefined {
    return this.leftEtcdAt;
  }

  // ---------------------------------------------------------------- lifecycle

  async powerOn(): Promise<void> {
    if (this.mode !== 'off' && this.mode !== 'down') return;
    await this.boot();
  }

  /**
   * Powers on with what the platform provides (a NoCloud seed): its host name, and — when no
   * configuration is installed yet — its user-data as the machine configuration, applied at boot
   * without maintenance mode (a disk image needs no install). A configuration Talos would refuse
   * leaves the node in maintenance mode, as a real one does.
   */
  async powerOnWithPlatform(platform: PlatformInfo & { readonly userData?: string }): Promise<void> {
    if (this.mode !== 'off' && this.mode !== 'down') return;
    this.platformInfo = { platform: platform.platform, hostname: platform.hostname || undefined, instanceId: platform.instanceId, providerId: platform.providerId };
    if (!this.config && platform.userData) {
      try {
        this.config = this.parse(Buffer.from(platform.userData), true);
        this.env.log(`${this.address}: machine configuration from the platform's user-data (${this.config.machineType})`);
      } catch (err) {
        this.env.log(`${this.address}: the platform's user-data is no valid machine configuration: ${(err as Error).message}`);
      }
      if (this.config && this.env.platform.mode === 'metal') {
        // An ISO boot installs to the disk first and reboots into the configuration.
        this.mode = 'down';
        this.stage = 'installing';
        this.env.log(`${this.address}: installing to ${this.config.installDisk ?? '(disk selector)'} (${this.env.delays.installMs} ms)`);
        this.later(this.env.delays.installMs, () => {
          this.installed = true;
          this.stage = 'rebooting';
          this.later(this.env.delays.rebootMs, () => this.boot());
        });
        return;
      }
      if (this.config) this.installed = true;
    }
    await this.boot();
  }

  /** Stops everything (process exit, test teardown). */
  async shutdown(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.mode = 'off';
    await this.api.stop();
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      Promise.resolve(fn()).catch((err) => this.env.log(`${this.address}: ${(err as Error).message}`));
    }, ms);
    this.timers.add(timer);
  }

  private async boot(): Promise<void> {
    this.bootGeneration++;
    this.events.restart();
    this.events.sequence('initialize', 'START');
    this.rebootPending = false;
    this.bootedAtSeconds = Math.floor(Date.now() / 1000);
    // etcd stopped by a leave starts again on boot (and joins anew: its data dir is empty).
    this.etcd.left = false;
    if (this.staged) {
      this.config = this.staged;
      this.staged = undefined;
    }
    if (!this.config || !this.installed) {
      this.config = undefined;
      this.mode = 'maintenance';
      this.stage = 'maintenance';
      await this.api.start('maintenance', await maintenanceServingCertificate(this.address, this.hostname));
      this.env.log(`${this.address}: maintenance mode, API up`);
      return;
    }
    this.stage = 'booting';
    this.mode = 'down';
    this.events.sequence('initialize', 'STOP');
    this.events.sequence('boot', 'START');
    await this.startSecureApi(this.bootGeneration);
  }

  /** Workers get their API certificate from a control plane's trustd; it may not be up yet. */
  private async startSecureApi(generation: number): Promise<void> {
    if (generation !== this.bootGeneration) return;
    const cfg = this.config as ParsedMachineConfig;
    const issuer = this.issuingOsCa(cfg);
    if (!issuer) {
      this.env.log(`${this.address}: waiting for trustd on a control plane to issue the API certificate`);
      this.later(250, () => this.startSecureApi(generation));
      return;
    }
    const cert = await this.servingCertificate(cfg, issuer);
    if (generation !== this.bootGeneration) return;
    await this.api.start('secure', cert, [cfg.osCa.crt, ...cfg.acceptedCAs].filter(Boolean).join(''));
    this.mode = 'secure';
    this.bootReadyAt = Date.now() + this.env.delays.bootstrapReadyMs;
    this.env.log(`${this.address}: configured (${cfg.machineType}), API up with mTLS`);
    this.later(this.env.delays.bootMs, () => {
      if (generation === this.bootGeneration && this.mode === 'secure') {
        this.stage = 'running';
        this.events.sequence('boot', 'STOP');
      }
      this.afterReady(generation);
    });
    this.later(this.env.delays.bootstrapReadyMs, () => this.afterReady(generation));
  }

  private issuingOsCa(cfg: ParsedMachineConfig): { crt: string; key: string } | undefined {
    if (cfg.osCa.key) return cfg.osCa;
    const cp = this.env.peers().find((p) => p !== this && p.mode === 'secure' && p.config && p.config.clusterId === cfg.clusterId && p.config.osCa.key && p.config.machineToken === cfg.machineToken);
    return cp?.config?.osCa;
  }

  private async servingCertificate(cfg: ParsedMachineConfig, issuer: { crt: string; key: string }): Promise<ServingCertificate> {
    const key = fingerprint([issuer.crt, this.hostname, ...cfg.certSANs].join('|'));
    if (this.servingCertCache?.key !== key) {
      this.servingCertCache = { key, cert: await apiServingCertificate(issuer, this.address, this.hostname, cfg.certSANs) };
    }
    return this.servingCertCache.cert;
  }

  /** etcd join and Kubernetes node registration once the node has settled. */
  private afterReady(generation: number): void {
    if (generation !== this.bootGeneration || this.mode !== 'secure') return;
    // Timers run on a monotonic clock and may fire a millisecond before Date.now() reaches the
    // deadline: come back then, or the node would wait for a later event that may never come.
    const wait = this.bootReadyAt - Date.now();
    if (wait > 0) {
      this.later(wait, () => this.afterReady(generation));
      return;
    }
    const cfg = this.config as ParsedMachineConfig;
    if (isControlPlane(cfg) && !this.etcd.dataDir && !this.etcd.left && this.clusterPeers().some((p) => p.etcdRunning)) this.joinEtcd();
    this.maybeRegister();
  }

  private joinEtcd(): void {
    this.etcd = { ...NO_ETCD, dataDir: true, memberId: BigInt('0x' + randomBytes(8).toString('hex')).toString(), since: Date.now() };
    this.env.log(`${this.address}: etcd joined the cluster as member ${this.etcd.memberId}`);
  }

  private clusterPeers(): SimulatedNode[] {
    const id = this.config?.clusterId;
    return this.env.peers().filter((p) => p !== this && p.config?.clusterId === id);
  }

  /** kubelet registers the Node once the cluster's control plane runs. */
  maybeRegister(): void {
    const cfg = this.config;
    if (!cfg || this.mode !== 'secure' || this.registeredGeneration === this.bootGeneration) return;
    if (Date.now() < this.bootReadyAt) return;
    const clusterUp = this.etcdRunning || this.clusterPeers().some((p) => p.etcdRunning);
    if (!clusterUp) return;
    const generation = this.bootGeneration;
    this.registeredGeneration = generation;
    const registration: NodeRegistration = {
      clusterId: cfg.clusterId,
      clusterName: cfg.clusterName,
      name: this.hostname,
      providerId: cfg.providerId,
      role: isControlPlane(cfg) ? 'controlplane' : 'worker',
      addresses: [
        { type: 'InternalIP', address: this.address },
        { type: 'Hostname', address: this.hostname },
      ],
      labels: cfg.nodeLabels,
      cloudProviderExternal: kubeletCloudProviderExternal(cfg),
    };
    this.env.onNodeReady(registration).catch((err) => {
      // kubelet keeps retrying registration.
      this.env.log(`${this.address}: node registration failed, retrying: ${(err as Error).message}`);
      if (this.registeredGeneration === generation) this.registeredGeneration = -1;
      this.later(1000, () => this.maybeRegister());
    });
  }

  /** API goes down after the reply has left, then the node runs `next`. */
  private goDown(stage: MachineStage, next: () => Promise<void> | void): void {
    this.bootGeneration++;
    const sequence = SEQUENCE_OF_STAGE[stage];
    if (sequence) this.events.sequence(sequence, 'START');
    this.later(this.env.delays.teardownGraceMs, async () => {
      this.mode = 'down';
      this.stage = stage;
      await this.api.stop();
      await next();
    });
  }

  private scheduleReboot(): void {
    this.rebootPending = true;
    this.goDown('rebooting', () => {
      this.env.log(`${this.address}: rebooting (API down for ${this.env.delays.rebootMs} ms)`);
      this.later(this.env.delays.rebootMs, () => this.boot());
    });
  }

  // ---------------------------------------------------------------- handlers

  private requireRole(id: CallIdentity, method: string): void {
    if (!isAuthorized(method, id.roles)) throw notAuthorized();
  }

  private requireControlPlane(api: string): ParsedMachineConfig {
    const cfg = this.config;
    if (!cfg) throw new RpcError(status.UNIMPLEMENTED, `machine type is not set, cannot use ${api} API`);
    if (!isControlPlane(cfg)) throw new RpcError(status.UNIMPLEMENTED, `${api} is only available on control plane nodes`);
    return cfg;
  }

  /** Same cluster as peers: the lab refuses configs that would split or mix clusters. */
  private labClusterProblems(cfg: ParsedMachineConfig): string[] {
    const problems: string[] = [];
    for (const peer of this.env.peers()) {
      const other = peer === this ? undefined : peer.config;
      if (!other) continue;
      if (other.clusterId === cfg.clusterId) {
        if (other.clusterSecret !== cfg.clusterSecret) problems.push(`lab: cluster.secret differs from node ${peer.address} of the same cluster.id`);
        if (fingerprint(other.osCa.crt) !== fingerprint(cfg.osCa.crt)) problems.push(`lab: machine.ca.crt (OS CA) differs from node ${peer.address} of the same cluster`);
        if (fingerprint(other.k8sCa.crt) !== fingerprint(cfg.k8sCa.crt)) problems.push(`lab: cluster.ca.crt (Kubernetes CA) differs from node ${peer.address} of the same cluster`);
        if (other.endpoint !== cfg.endpoint) problems.push(`lab: cluster.controlPlane.endpoint ${cfg.endpoint} differs from ${other.endpoint} on node ${peer.address}`);
        if (other.clusterName !== cfg.clusterName) problems.push(`lab: cluster.clusterName ${cfg.clusterName} differs from ${other.clusterName} on node ${peer.address}`);
        if (other.machineToken !== cfg.machineToken) problems.push(`lab: machine.token differs from node ${peer.address} (trustd would refuse this node)`);
      } else if (other.endpoint === cfg.endpoint) {
        problems.push(`lab: endpoint ${cfg.endpoint} already belongs to another cluster (node ${peer.address}); cluster.id/secret must match its peers`);
      }
    }
    return [...new Set(problems)];
  }

  private parse(data: Buffer, inMaintenance: boolean): ParsedMachineConfig {
    try {
      const cfg = parseMachineConfig(data.toString('utf8'), this.env.schema(), {
        inMaintenance,
        requiresInstall: this.env.platform.mode === 'metal' && !this.installed,
      });
      const lab = this.labClusterProblems(cfg);
      if (lab.length > 0) throw new ConfigValidationError(lab);
      return cfg;
    } catch (err) {
      if (err instanceof ConfigValidationError) throw new RpcError(status.INVALID_ARGUMENT, err.message);
      throw err;
    }
  }

  async applyConfiguration(req: { data: Buffer; mode: string; dry_run: boolean; try_mode_timeout: { seconds: string; nanos: number } | null }, id: CallIdentity): Promise<object> {
    if (this.applyInProgress) throw new RpcError(status.FAILED_PRECONDITION, 'another apply configuration is already in progress');
    this.applyInProgress = true;
    try {
      if (this.rebootPending) {
        throw new RpcError(status.FAILED_PRECONDITION, 'configuration was already applied and node is rebooting, cannot apply more configuration changes until next reboot');
      }
      const inMaintenance = this.mode === 'maintenance';
      if (!inMaintenance && !id.roles.has('os:admin')) throw notAuthorized();
      const cfg = this.parse(req.data, inMaintenance);
      let mode = req.mode;
      let modeDetails = 'Applied configuration with a reboot';
      let modeErr = '';
      if (inMaintenance && mode === 'REBOOT') mode = 'NO_REBOOT';
      const blocker = inMaintenance || !this.config ? undefined : immediateApplyBlocker(this.config, cfg);
      switch (mode) {
        case 'TRY':
        case 'NO_REBOOT':
          if (blocker) throw new RpcError(status.INVALID_ARGUMENT, blocker);
          modeDetails = 'Applied configuration without a reboot';
          break;
        case 'STAGED':
          modeDetails = 'Staged configuration to be applied after the next reboot';
          break;
        case 'AUTO':
          if (blocker) {
            mode = 'REBOOT';
            modeErr = `: ${blocker}`;
          } else {
            mode = 'NO_REBOOT';
            modeDetails = 'Applied configuration without a reboot';
          }
          break;
        case 'REBOOT':
          break;
        default:
          throw new RpcError(status.UNKNOWN, `incorrect mode '${mode}' specified for the apply config call`);
      }
      if (req.dry_run) {
        const diff = this.config && this.config.raw === cfg.raw ? 'No changes.' : this.config ? (immediateApplyBlocker(this.config, cfg) ?? 'live-applicable fields changed') : 'new configuration';
        return { mode, warnings: [], mode_details: `Dry run summary:\n${modeDetails} (skipped in dry-run).\nConfig diff:\n\n${diff}` };
      }
      this.env.log(`${this.address}: apply config request: mode ${mode.toLowerCase()}`);
      if (inMaintenance) {
        this.config = cfg;
        this.afterMaintenanceApply();
      } else if (mode === 'NO_REBOOT' || mode === 'TRY') {
        await this.applyLive(cfg);
      } else if (mode === 'STAGED') {
        this.staged = cfg;
      } else {
        this.staged = cfg;
        this.scheduleReboot();
      }
      return { mode, warnings: [], mode_details: modeDetails + modeErr };
    } finally {
      this.applyInProgress = false;
    }
  }

  /** Maintenance API goes away; metal nodes install and reboot into the configuration. */
  private afterMaintenanceApply(): void {
    const needsInstall = this.env.platform.mode === 'metal' && !this.installed;
    this.goDown(needsInstall ? 'installing' : 'booting', async () => {
      if (!needsInstall) {
        this.installed = true;
        await this.boot();
        return;
      }
      this.env.log(`${this.address}: installing to ${this.config?.installDisk ?? '(disk selector)'} (${this.env.delays.installMs} ms)`);
      this.later(this.env.delays.installMs, () => {
        this.installed = true;
        this.stage = 'rebooting';
        this.later(this.env.delays.rebootMs, () => this.boot());
      });
    });
  }

  private async applyLive(cfg: ParsedMachineConfig): Promise<void> {
    const previous = this.config;
    this.config = cfg;
    const certInputsChanged = !previous || previous.osCa.crt !== cfg.osCa.crt || previous.certSANs.join() !== cfg.certSANs.join() || previous.hostname !== cfg.hostname;
    if (certInputsChanged) {
      const issuer = this.issuingOsCa(cfg);
      if (issuer) await this.api.replaceCertificate(await this.servingCertificate(cfg, issuer), [cfg.osCa.crt, ...cfg.acceptedCAs].join(''));
    }
  }

  bootstrap(id: CallIdentity): object {
    this.requireRole(id, '/machine.MachineService/Bootstrap');
    if (this.mode !== 'secure' || Date.now() < this.bootReadyAt) throw new RpcError(status.FAILED_PRECONDITION, 'bootstrap is not available yet');
    const cfg = this.requireControlPlane('bootstrap');
    if (this.etcd.dataDir) throw new RpcError(status.ALREADY_EXISTS, 'etcd data directory is not empty');
    this.joinEtcd();
    this.env.log(`${this.address}: bootstrap: etcd started as a single-member cluster`);
    this.env.onBootstrap({ node: this.address, config: cfg });
    for (const peer of [this, ...this.clusterPeers()]) peer.afterReadyFromPeer();
    return {};
  }

  /** A peer bootstrapped: control planes that wait to join do so now; every node may register. */
  afterReadyFromPeer(): void {
    this.afterReady(this.bootGeneration);
  }

  version(): object {
    return {
      version: { tag: this.env.talosVersion, sha: '3ebd10a7', built: '', go_version: 'go1.26.6', os: 'linux', arch: 'amd64' },
      platform: { name: this.env.platform.name, mode: this.env.platform.mode },
      // machined reports features only once it has a machine configuration.
      features: this.mode === 'secure' ? { rbac: true } : null,
    };
  }

  serviceList(): object {
    const running = (id: string, healthy: boolean | undefined): object => ({
      id,
      state: 'Running',
      events: { events: [{ msg: 'Service started as goroutine', state: 'Running', ts: nowTimestamp() }] },
      health: { unknown: healthy === undefined, healthy: healthy ?? false, last_message: '', last_change: nowTimestamp() },
    });
    const ids = ['auditd', 'dashboard', 'machined', 'syslogd', 'udevd'];
    const services = ids.map((id) => running(id, undefined));
    if (this.mode === 'secure' && this.config) {
      services.push(running('apid', true), running('containerd', true), running('cri', true));
      if (Date.now() >= this.bootReadyAt) services.push(running('kubelet', true));
      if (isControlPlane(this.config)) {
        services.push(running('trustd', true));
        const stopped = (state: string, msg: string, healthMsg: string): object => ({
          id: 'etcd',
          state,
          events: { events: [{ msg, state, ts: nowTimestamp() }] },
          health: { unknown: healthMsg === '', healthy: false, last_message: healthMsg, last_change: healthMsg === '' ? null : nowTimestamp() },
        });
        if (this.etcdRunning) services.push(running('etcd', true));
        else if (this.etcd.left) services.push(stopped('Finished', 'Service finished successfully', ''));
        else if (this.etcd.removed)
          services.push(
            stopped(
              'Failed',
              'Error running Containerd(etcd), going to restart forever: the member has been permanently removed from the cluster',
              'the member has been permanently removed from the cluster',
            ),
          );
        else services.push(stopped('Preparing', 'Running pre state', ''));
      }
    }
    services.sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)));
    return { services };
  }

  /** Members of this node's etcd cluster (every control plane of the cluster that holds a membership). */
  private etcdMembers(): SimulatedNode[] {
    return [this, ...this.clusterPeers()].filter((n) => n.etcdMember).sort((a, b) => a.address.localeCompare(b.address));
  }

  /** The etcd client machined opens towards the control planes: needs a leader, i.e. a started quorum. */
  private requireEtcdQuorum(): SimulatedNode[] {
    const members = this.etcdMembers();
    const started = members.filter((m) => m.etcdRunning);
    if (members.length === 0) throw new RpcError(status.UNAVAILABLE, 'etcdserver: no leader (etcd is not running: the cluster is not bootstrapped yet)');
    if (started.length < Math.floor(members.length / 2) + 1) throw new RpcError(status.UNAVAILABLE, 'etcdserver: no leader');
    return members;
  }

  private etcdLeader(members: readonly SimulatedNode[]): SimulatedNode | undefined {
    const cmp = (a: SimulatedNode, b: SimulatedNode): number => {
      const [fa, sa, aa] = a.etcdLeadershipKey;
      const [fb, sb, ab] = b.etcdLeadershipKey;
      return fa - fb || sa - sb || aa.localeCompare(ab);
    };
    return members.filter((m) => m.etcdRunning).sort(cmp)[0];
  }

  etcdMemberList(req: { query_local: boolean }): object {
    this.requireControlPlane('member list');
    if (req.query_local && !this.etcdRunning) {
      throw new RpcError(status.UNAVAILABLE, 'etcdserver: no leader (etcd is not running on this node)');
    }
    const members = this.requireEtcdQuorum();
    return {
      legacy_members: members.map((m) => m.hostname),
      members: members.map((m) => ({
        id: m.etcdMemberId,
        hostname: m.hostname,
        peer_urls: [`https://${m.address}:2380`],
        client_urls: [`https://${m.address}:2379`],
        is_learner: false,
      })),
    };
  }

  /**
   * etcd MemberRemove as machined issues it: NotFound for an unknown ID; refused when the remaining
   * members would have fewer started voters than their quorum (this is also why the last member
   * cannot be removed).
   */
  private removeEtcdMember(memberId: string, context: string): SimulatedNode {
    const members = this.requireEtcdQuorum();
    const target = members.find((m) => m.etcdMemberId === memberId);
    if (!target) throw new RpcError(status.NOT_FOUND, `failed to remove member ${memberId}: etcdserver: member not found`);
    const rest = members.filter((m) => m !== target);
    const started = rest.filter((m) => m.etcdRunning).length;
    if (rest.length === 0 || started < Math.floor(rest.length / 2) + 1) {
      throw new RpcError(status.UNKNOWN, `${context}: failed to remove member ${memberId}: ${NOT_ENOUGH_STARTED}`);
    }
    return target;
  }

  /** Called on the member a peer removed: its etcd stops for good (the data stays on disk). */
  markEtcdRemoved(): void {
    this.etcd.removed = true;
    this.leftEtcdAt = Date.now();
    this.env.log(`${this.address}: etcd member ${this.etcd.memberId} was removed from the cluster`);
  }

  etcdRemoveMemberByID(req: { member_id: string }, id: CallIdentity): object {
    this.requireRole(id, '/machine.MachineService/EtcdRemoveMemberByID');
    this.requireControlPlane('etcd remove member');
    const target = this.removeEtcdMember(String(req.member_id), 'failed to remove member');
    target.markEtcdRemoved();
    return {};
  }

  /** Leaves etcd: remove own member, stop etcd, wipe /var/lib/etcd. Undefined on success, else the error. */
  private leaveEtcd(): RpcError | undefined {
    if (!this.etcdMember) return undefined;
    try {
      this.removeEtcdMember(this.etcd.memberId, 'failed to leave cluster');
    } catch (err) {
      if (err instanceof RpcError) return err;
      throw err;
    }
    this.env.log(`${this.address}: etcd member ${this.etcd.memberId} left the cluster, data removed`);
    this.etcd = { ...NO_ETCD, left: true };
    this.leftEtcdAt = Date.now();
    return undefined;
  }

  etcdLeaveCluster(id: CallIdentity): object {
    this.requireRole(id, '/machine.MachineService/EtcdLeaveCluster');
    this.requireControlPlane('etcd leave');
    if (!this.etcdMember) {
      // Nothing to remove: machined finds no local member ID.
      throw new RpcError(status.UNKNOWN, 'failed to leave cluster: etcd member ID is not known yet (etcd is not running on this node)');
    }
    const err = this.leaveEtcd();
    if (err) throw err;
    return {};
  }

  etcdForfeitLeadership(id: CallIdentity): object {
    this.requireRole(id, '/machine.MachineService/EtcdForfeitLeadership');
    this.requireControlPlane('etcd forfeit leadership');
    const members = this.requireEtcdQuorum();
    if (!this.etcdMember) throw new RpcError(status.UNKNOWN, 'etcd member ID is not known yet (etcd is not running on this node)');
    if (members.length === 1) throw new RpcError(status.UNKNOWN, 'failed to forfeit leadership: cannot forfeit leadership, only one member');
    if (this.etcdLeader(members) !== this) return { member: '' };
    this.etcd.forfeitedAt = Date.now();
    const leader = this.etcdLeader(members) as SimulatedNode;
    this.env.log(`${this.address}: moving etcd leadership to ${leader.hostname}`);
    return { member: leader.hostname };
  }

  etcdStatus(): object {
    this.requireControlPlane('etcd status');
    if (!this.etcdRunning) throw new RpcError(status.UNKNOWN, 'failed to query etcd status: dial tcp 127.0.0.1:2379: connect: connection refused');
    const members = this.etcdMembers();
    const leader = this.etcdLeader(members);
    // Raft advances with every write; the lab derives it from the member's age (monotonic per member).
    const raftIndex = 1000 + Math.floor((Date.now() - this.etcd.since) / 100);
    return {
      member_status: {
        member_id: this.etcd.memberId,
        protocol_version: '3.6.12',
        db_size: String(20 * 1024 * 1024),
        db_size_in_use: String(6 * 1024 * 1024),
        leader: leader?.etcdMemberId ?? '0',
        raft_index: String(raftIndex),
        raft_term: String(2 + members.filter((m) => m.etcdLeadershipKey[0] > 0).length),
        raft_applied_index: String(raftIndex),
        errors: [],
        is_learner: false,
        storage_version: '3.6.0',
      },
    };
  }

  list(req: ListOptions): object[] {
    const cfg = this.mode === 'secure' ? this.config : undefined;
    const modified = this.bootedAtSeconds;
    const fs = nodeFilesystem({
      configured: cfg !== undefined,
      configBytes: cfg ? Buffer.byteLength(cfg.raw) : 0,
      controlPlane: cfg !== undefined && isControlPlane(cfg),
      etcdData: this.etcd.dataDir,
      kubeletStarted: cfg !== undefined && Date.now() >= this.bootReadyAt,
      modified,
      hostname: this.hostname,
    });
    return listFiles(fs, req, modified);
  }

  disks(): object {
    return { disks: simulatedDisks(this.address, this.env.hardware(this.address), this.installed) };
  }

  memory(): object {
    return { meminfo: simulatedMemInfo(this.address, this.env.hardware(this.address), this.mode === 'secure') };
  }

  async kubeconfig(id: CallIdentity): Promise<Buffer> {
    this.requireRole(id, '/machine.MachineService/Kubeconfig');
    const cfg = this.requireControlPlane('kubeconfig');
    const yaml = await generateAdminKubeconfig({
      clusterName: cfg.clusterName,
      endpoint: cfg.endpoint,
      k8sCa: cfg.k8sCa,
      certLifetimeMs: cfg.adminCertLifetimeMs,
    });
    return tarGzipSingleFile('kubeconfig', Buffer.from(yaml));
  }

  reboot(id: CallIdentity): object {
    this.requireRole(id, '/machine.MachineService/Reboot');
    const actorId = randomUUID();
    this.env.log(`${this.address}: reboot via API received. actor id: ${actorId}`);
    this.scheduleReboot();
    return { actor_id: actorId };
  }

  reset(req: { graceful: boolean; reboot: boolean; system_partitions_to_wipe: { label: string; wipe: boolean }[]; mode: string }, id: CallIdentity): object {
    this.requireRole(id, '/machine.MachineService/Reset');
    const actorId = randomUUID();
    this.env.log(`${this.address}: reset request received. actorID: ${actorId}`);
    const cfg = this.config;
    // Graceful reset leaves etcd first; that fails on the last member (or without quorum) and the node keeps running.
    if (req.graceful && cfg && isControlPlane(cfg) && this.etcdRunning) {
      const err = this.leaveEtcd();
      if (err) {
        this.env.log(`${this.address}: reset failed: ${err.message} (use graceful=false)`);
        return { actor_id: actorId };
      }
    }
    const labels = req.system_partitions_to_wipe.filter((p) => p.wipe).map((p) => p.label);
    const wipeAll = req.system_partitions_to_wipe.length === 0 && req.mode !== 'USER_DISKS';
    this.goDown('resetting', () => {
      if (wipeAll || labels.includes('STATE')) {
        this.config = undefined;
        this.staged = undefined;
      }
      if (wipeAll || labels.includes('EPHEMERAL')) this.etcd = { ...NO_ETCD };
      if (wipeAll) this.installed = false;
      this.servingCertCache = undefined;
      if (req.reboot) {
        this.stage = 'rebooting';
        this.later(this.env.delays.rebootMs, () => this.boot());
      } else {
        this.mode = 'off';
        this.stage = 'shutting down';
        this.env.log(`${this.address}: reset done, powered off`);
      }
    });
    return { actor_id: actorId };
  }

  /** COSI `runtime/PlatformMetadatas.talos.dev/platformmetadata`: what cloud controller managers read. */
  platformMetadataResource(): object {
    const type = talosProtoRoot().lookupType('talos.resource.definitions.runtime.PlatformMetadataSpec');
    const spec = {
      platform: this.platformInfo.platform ?? this.env.platform.name,
      hostname: this.hostname,
      instance_id: this.platformInfo.instanceId ?? '',
      provider_id: this.platformInfo.providerId ?? '',
    };
    const yamlSpec =
      [
        `platform: ${spec.platform}`,
        `hostname: ${spec.hostname}`,
        ...(spec.instance_id ? [`instanceId: ${spec.instance_id}`] : []),
        ...(spec.provider_id ? [`providerId: ${spec.provider_id}`] : []),
      ].join('\n') + '\n';
    return this.cosiResource('PlatformMetadatas.talos.dev', 'platformmetadata', 'runtime.PlatformMetadataController', Buffer.from(type.encode(type.fromObject(spec)).finish()), yamlSpec);
  }

  /** Disks.block.talos.dev: one resource per block device of the VM, sorted by ID. */
  diskResources(): object[] {
    const type = talosProtoRoot().lookupType('talos.resource.definitions.runtime.DiskSpec');
    return simulatedBlockDisks(this.address, this.env.hardware(this.address)).map((d) =>
      this.cosiResource('Disks.block.talos.dev', d.id, 'block.DisksController', Buffer.from(type.encode(type.fromObject(d.spec)).finish()), diskYaml(d.spec)),
    );
  }

  /** ResourceDefinitions.meta.cosi.dev of the types served (talosctl get resolves names with them). */
  resourceDefinitionResources(): object[] {
    return DEFINITIONS.map((def) => {
      const { id, protoSpec, yamlSpec } = definitionSpec(def);
      return this.cosiResource('ResourceDefinitions.meta.cosi.dev', id, '', protoSpec, yamlSpec, 'meta');
    });
  }

  machineStatusResource(): object {
    const root = talosProtoRoot();
    const type = root.lookupType('talos.resource.definitions.runtime.MachineStatusSpec');
    const ready = this.stage === 'running' || this.stage === 'maintenance';
    const unmet = ready ? [] : [{ name: 'services', reason: 'waiting for services' }];
    const spec = { stage: MACHINE_STAGES.indexOf(this.stage), status: { ready, unmet_conditions: unmet } };
    const protoSpec = Buffer.from(type.encode(type.fromObject(spec)).finish());
    const yamlSpec = `stage: ${this.stage}\nstatus:\n    ready: ${ready}\n    unmetConditions: ${unmet.length === 0 ? '[]' : unmet.map((u) => `\n        - name: ${u.name}\n          reason: ${u.reason}`).join('')}\n`;
    return this.cosiResource('MachineStatuses.runtime.talos.dev', 'machine', 'runtime.MachineStatusController', protoSpec, yamlSpec);
  }

  /** A COSI resource (of the runtime namespace unless told) as the State API returns it (version: the boot). */
  private cosiResource(type: string, id: string, owner: string, protoSpec: Buffer, yamlSpec: string, namespace = 'runtime'): object {
    return {
      metadata: {
        namespace,
        type,
        id,
        version: String(this.bootGeneration),
        owner,
        phase: 'running',
        created: nowTimestamp(),
        updated: nowTimestamp(),
        finalizers: [],
        labels: {},
        annotations: {},
      },
      spec: { proto_spec: protoSpec, yaml_spec: yamlSpec },
    };
  }
}
