/** Typed results of the Talos API calls (camelCase views of the wire messages). */

export type ApplyMode = 'REBOOT' | 'AUTO' | 'NO_REBOOT' | 'STAGED' | 'TRY';
export const APPLY_MODES: readonly ApplyMode[] = ['REBOOT', 'AUTO', 'NO_REBOOT', 'STAGED', 'TRY'];

export interface ApplyConfigurationInput {
  /** Full machine configuration (YAML, may be multi-document). */
  readonly config: string | Uint8Array;
  /** Default AUTO (maintenance mode turns REBOOT and AUTO into NO_REBOOT). */
  readonly mode?: ApplyMode;
  readonly dryRun?: boolean;
  /** For mode TRY: how long before the node reverts (Talos default 1 min). */
  readonly tryModeTimeoutMs?: number;
}

export interface ApplyConfigurationResult {
  /** The mode the node used (AUTO resolved to REBOOT or NO_REBOOT). */
  readonly mode: ApplyMode;
  readonly modeDetails: string;
  readonly warnings: readonly string[];
}

export interface BootstrapInput {
  readonly recoverEtcd?: boolean;
  readonly recoverSkipHashCheck?: boolean;
}

export interface VersionResult {
  readonly tag: string;
  readonly sha: string;
  readonly built: string;
  readonly goVersion: string;
  readonly os: string;
  readonly arch: string;
  /** e.g. { name: 'metal', mode: 'metal' }; undefined when the node did not report it. */
  readonly platform?: { readonly name: string; readonly mode: string };
  /** Present only once the node has a machine configuration (absent in maintenance mode). */
  readonly features?: { readonly rbac: boolean };
}

export interface ServiceEventInfo {
  readonly msg: string;
  readonly state: string;
  readonly ts?: Date;
}

export interface ServiceInfo {
  readonly id: string;
  /** Initialized, Starting, Preparing, Waiting, Running, Stopping, Finished, Failed or Skipped. */
  readonly state: string;
  readonly health: { readonly unknown: boolean; readonly healthy: boolean; readonly lastMessage: string; readonly lastChange?: Date };
  readonly events: readonly ServiceEventInfo[];
}

export interface EtcdMemberInfo {
  /** uint64 member id as a decimal string. */
  readonly id: string;
  readonly hostname: string;
  readonly peerUrls: readonly string[];
  readonly clientUrls: readonly string[];
  readonly isLearner: boolean;
}

export type RebootMode = 'DEFAULT' | 'POWERCYCLE' | 'FORCE';

export interface ResetInput {
  /** Leave etcd cleanly first (fails on the last etcd member). Default true, as talosctl. */
  readonly graceful?: boolean;
  /** Reboot after the reset (back into maintenance mode) instead of powering off. Default false. */
  readonly reboot?: boolean;
  readonly systemPartitionsToWipe?: readonly { readonly label: string; readonly wipe: boolean }[];
  readonly userDisksToWipe?: readonly string[];
  readonly mode?: 'ALL' | 'SYSTEM_DISK' | 'USER_DISKS';
}

/** Talos' names for runtime.MachineStage. */
export type MachineStage = 'unknown' | 'booting' | 'installing' | 'maintenance' | 'running' | 'rebooting' | 'shutting down' | 'resetting' | 'upgrading';

export const MACHINE_STAGES: readonly MachineStage[] = ['unknown', 'booting', 'installing', 'maintenance', 'running', 'rebooting', 'shutting down', 'resetting', 'upgrading'];

export interface MachineStatus {
  readonly stage: MachineStage;
  readonly ready: boolean;
  readonly unmetConditions: readonly { readonly name: string; readonly reason: string }[];
}

export interface CosiResourceMetadata {
  readonly namespace: string;
  readonly type: string;
  readonly id: string;
  readonly version: string;
  readonly owner: string;
  readonly phase: string;
  readonly created?: Date;
  readonly updated?: Date;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly finalizers: readonly string[];
}

export interface CosiResource {
  readonly metadata: CosiResourceMetadata;
  /** The type-specific protobuf spec. */
  readonly protoSpec: Buffer;
  /** The same spec as YAML text. */
  readonly yamlSpec: string;
}

/**
 * A Disks.block.talos.dev resource: one block device the node sees. Field names are the
 * protobuf (and CEL selector) names of talos.resource.definitions.block.DiskSpec.
 */
export interface DiskSpec {
  readonly dev_path: string;
  readonly size: number;
  readonly pretty_size: string;
  readonly io_size: number;
  readonly sector_size: number;
  readonly readonly: boolean;
  readonly cdrom: boolean;
  readonly model: string;
  readonly serial: string;
  readonly modalias: string;
  readonly wwid: string;
  readonly uuid: string;
  readonly bus_path: string;
  readonly sub_system: string;
  readonly transport: string;
  readonly rotational: boolean;
  readonly secondary_disks: readonly string[];
  readonly symlinks: readonly string[];
}

export interface TalosDisk {
  /** The resource ID: the kernel's device name, e.g. sda, vda, nvme0n1. */
  readonly id: string;
  readonly spec: DiskSpec;
}

/** One node's outcome of a fan-out (`nodes` metadata) call. */
export type NodeOutcome<T> = { readonly node: string; readonly ok: true; readonly value: T } | { readonly node: string; readonly ok: false; readonly error: Error };
