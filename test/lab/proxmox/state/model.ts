/**
 * The simulated cluster, as persisted to the state file. Plain JSON data only (no classes), so
 * separate simulator processes (deploy, later destroy) load the same cluster.
 */

export const STATE_FORMAT_VERSION = 1;

export type StorageType = 'dir' | 'lvmthin' | 'nfs';

export interface StorageDef {
  readonly type: StorageType;
  /** PVE content types, e.g. `iso,vztmpl,import` or `images,rootdir`. */
  readonly content: readonly string[];
  /** Directory of file-based storages (`/var/lib/vz`); absent for block storages. */
  readonly path?: string;
  readonly shared: boolean;
  readonly totalBytes: number;
}

export interface Volume {
  /** `vm-100-disk-0`, `iso/talos.img`, `100/vm-100-disk-0.qcow2`, … (the part after `storage:`). */
  readonly volname: string;
  readonly content: string;
  readonly format: string;
  size: number;
  readonly ctime: number;
  vmid?: number;
  /** Hex digests of downloaded content, keyed by algorithm, when the bytes were seen. */
  readonly checksums?: Readonly<Record<string, string>>;
  /** The bytes of an uploaded file (base64), kept so a VM that boots from it can read it (a NoCloud seed ISO). */
  readonly data?: string;
}

export interface VmRecord {
  vmid: number;
  node: string;
  /** Current config values as PVE stores them (no `digest`, no `pending`). */
  config: Record<string, string>;
  /** [PENDING] section values and deletions. */
  pending: Record<string, string>;
  pendingDelete: string[];
  status: 'running' | 'stopped';
  /** Epoch ms the guest was started (uptime, agent readiness). */
  startedAt?: number;
  /** The cloud-init data the guest booted with (regenerated at each start, as PVE does). */
  bootCloudInit?: CloudInitSnapshot;
  /** Cloud-init keys as of the last drive (re)generation (`GET …/cloudinit` diffs against it). */
  generatedCloudInit?: Record<string, string>;
}

export interface CloudInitSnapshot {
  readonly ipconfig: Readonly<Record<string, string>>;
  readonly nameserver?: string;
  readonly searchdomain?: string;
  readonly ciuser?: string;
  readonly hostname?: string;
  readonly macs: Readonly<Record<string, string>>;
  readonly smbiosUuid?: string;
  /** Static addressing from a NoCloud seed ISO the VM booted with (CAPMOX's bootstrap data), by lower-case MAC. */
  readonly nocloud?: {
    readonly addresses: Readonly<Record<string, { readonly ip: string; readonly gw?: string }>>;
    readonly nameservers: readonly string[];
  };
}

export interface PoolRecord {
  comment?: string;
  vms: number[];
  storage: string[];
}

/** One interface of /etc/network/interfaces as the API reports it (strings except flags). */
export type IfaceRecord = Record<string, string | number | string[]>;

export interface NodeNetwork {
  running: Record<string, IfaceRecord>;
  /** interfaces.new: present while changes wait for `PUT /nodes/{node}/network`. */
  pending?: Record<string, IfaceRecord>;
}

export type SdnKind = 'zones' | 'vnets' | 'subnets';
export type SdnObject = Record<string, string | number>;
export interface SdnConfig {
  zones: Record<string, SdnObject>;
  vnets: Record<string, SdnObject>;
  subnets: Record<string, SdnObject>;
}

export interface FirewallRule {
  [key: string]: string | number;
}

export interface FirewallScope {
  options: Record<string, string | number>;
  rules: FirewallRule[];
}

export interface FirewallState {
  cluster: FirewallScope;
  groups: Record<string, { comment?: string; rules: FirewallRule[] }>;
  vms: Record<string, FirewallScope>;
}

export interface TaskLogLine {
  readonly n: number;
  readonly t: string;
}

export type TaskAction = { readonly kind: string } & Readonly<Record<string, unknown>>;

export interface TaskRecord {
  readonly upid: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  readonly starttime: number;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  endtime?: number;
  log: TaskLogLine[];
  /** Epoch ms at which the worker finishes. */
  readonly endsAt: number;
  /** What the worker does when it finishes (interpreted by the task runner). */
  readonly action: TaskAction;
}

export interface AccessConfig {
  users: Array<{ userid: string; password: string }>;
  tokens: Array<{ tokenid: string; secret: string }>;
}

export interface ClusterState {
  version: number;
  /** Users and API tokens (the state file is written with mode 0600). */
  access: AccessConfig;
  clusterName: string;
  /** HMAC key for tickets and CSRF tokens (kept so tickets survive a restart, as PVE's authkey does). */
  authKey: string;
  nodes: string[];
  storages: Record<string, StorageDef>;
  /** Volumes per storage instance: `<storage>` for shared storages, `<node>/<storage>` for local ones. */
  volumes: Record<string, Record<string, Volume>>;
  vms: Record<string, VmRecord>;
  pools: Record<string, PoolRecord>;
  network: Record<string, NodeNetwork>;
  sdn: { running: SdnConfig; pending: SdnConfig; runningVersion: number };
  firewall: FirewallState;
  ha: Record<string, Record<string, string | number>>;
  tasks: TaskRecord[];
  /** Monotonic counter for task pids. */
  lastPid: number;
}
