/**
 * Shapes of the decoded wire messages (proto-loader: keepCase, longs as strings, enums as names,
 * defaults on, so message fields that were not sent are null) and their conversion to the typed
 * results in types.ts. Pure functions.
 */
import { talosProtoRoot } from './proto/load';
import type { WireReplyMetadata } from './metadata';
import {
  MACHINE_STAGES,
  type ApplyConfigurationResult,
  type ApplyMode,
  type CosiResource,
  type DiskSpec,
  type EtcdMemberInfo,
  type MachineStatus,
  type ServiceInfo,
  type VersionResult,
} from './types';

export interface WireTimestamp {
  seconds: string;
  nanos: number;
}

export interface WireReply {
  metadata: WireReplyMetadata | null;
}

export interface WireResponse<M extends WireReply> {
  messages: M[];
}

export interface WireApplyConfiguration extends WireReply {
  warnings: string[];
  mode: ApplyMode;
  mode_details: string;
}

export interface WireVersion extends WireReply {
  version: { tag: string; sha: string; built: string; go_version: string; os: string; arch: string } | null;
  platform: { name: string; mode: string } | null;
  features: { rbac: boolean } | null;
}

export interface WireServiceInfo {
  id: string;
  state: string;
  events: { events: { msg: string; state: string; ts: WireTimestamp | null }[] } | null;
  health: { unknown: boolean; healthy: boolean; last_message: string; last_change: WireTimestamp | null } | null;
}

export interface WireServiceList extends WireReply {
  services: WireServiceInfo[];
}

export interface WireEtcdMembers extends WireReply {
  legacy_members: string[];
  members: { id: string; hostname: string; peer_urls: string[]; client_urls: string[]; is_learner: boolean }[];
}

export interface WireActorReply extends WireReply {
  actor_id: string;
}

export interface WireData {
  metadata: WireReplyMetadata | null;
  bytes: Buffer;
}

export interface WireCosiResource {
  metadata: {
    namespace: string;
    type: string;
    id: string;
    version: string;
    owner: string;
    phase: string;
    created: WireTimestamp | null;
    updated: WireTimestamp | null;
    finalizers: string[];
    labels: Record<string, string>;
    annotations: Record<string, string>;
  } | null;
  spec: { proto_spec: Buffer; yaml_spec: string } | null;
}

export function toDate(ts: WireTimestamp | null | undefined): Date | undefined {
  if (!ts) return undefined;
  return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6));
}

export function toApplyResult(m: WireApplyConfiguration): ApplyConfigurationResult {
  return { mode: m.mode, modeDetails: m.mode_details, warnings: [...m.warnings] };
}

export function toVersion(m: WireVersion): VersionResult {
  const v = m.version;
  return {
    tag: v?.tag ?? '',
    sha: v?.sha ?? '',
    built: v?.built ?? '',
    goVersion: v?.go_version ?? '',
    os: v?.os ?? '',
    arch: v?.arch ?? '',
    platform: m.platform ? { name: m.platform.name, mode: m.platform.mode } : undefined,
    features: m.features ? { rbac: m.features.rbac } : undefined,
  };
}

export function toServices(m: WireServiceList): ServiceInfo[] {
  return m.services.map((s) => ({
    id: s.id,
    state: s.state,
    health: {
      unknown: s.health?.unknown ?? true,
      healthy: s.health?.healthy ?? false,
      lastMessage: s.health?.last_message ?? '',
      lastChange: toDate(s.health?.last_change),
    },
    events: (s.events?.events ?? []).map((e) => ({ msg: e.msg, state: e.state, ts: toDate(e.ts) })),
  }));
}

export function toEtcdMembers(m: WireEtcdMembers): EtcdMemberInfo[] {
  return m.members.map((e) => ({
    id: e.id,
    hostname: e.hostname,
    peerUrls: [...e.peer_urls],
    clientUrls: [...e.client_urls],
    isLearner: e.is_learner,
  }));
}

export function toCosiResource(r: WireCosiResource): CosiResource {
  const md = r.metadata;
  if (!md) throw new Error('COSI resource without metadata');
  return {
    metadata: {
      namespace: md.namespace,
      type: md.type,
      id: md.id,
      version: md.version,
      owner: md.owner,
      phase: md.phase,
      created: toDate(md.created),
      updated: toDate(md.updated),
      labels: { ...md.labels },
      annotations: { ...md.annotations },
      finalizers: [...md.finalizers],
    },
    protoSpec: Buffer.from(r.spec?.proto_spec ?? Buffer.alloc(0)),
    yamlSpec: r.spec?.yaml_spec ?? '',
  };
}

export const MACHINE_STATUS_TYPE = 'MachineStatuses.runtime.talos.dev';
export const MACHINE_STATUS_NAMESPACE = 'runtime';
export const MACHINE_STATUS_ID = 'machine';

/** Decodes the protobuf spec of a MachineStatuses.runtime.talos.dev resource. */
export function decodeMachineStatus(protoSpec: Uint8Array): MachineStatus {
  const type = talosProtoRoot().lookupType('talos.resource.definitions.runtime.MachineStatusSpec');
  const obj = type.toObject(type.decode(protoSpec), { enums: Number, defaults: true, arrays: true }) as {
    stage: number;
    status: { ready: boolean; unmet_conditions: { name: string; reason: string }[] } | null;
  };
  return {
    stage: MACHINE_STAGES[obj.stage] ?? 'unknown',
    ready: obj.status?.ready ?? false,
    unmetConditions: (obj.status?.unmet_conditions ?? []).map((c) => ({ name: c.name, reason: c.reason })),
  };
}

export const DISK_TYPE = 'Disks.block.talos.dev';
export const DISK_NAMESPACE = 'runtime';

/** Decodes the protobuf spec of a Disks.block.talos.dev resource (uint64 sizes as JS numbers: exact below 8 PiB). */
export function decodeDiskSpec(protoSpec: Uint8Array): DiskSpec {
  const type = talosProtoRoot().lookupType('talos.resource.definitions.runtime.DiskSpec');
  const o = type.toObject(type.decode(protoSpec), { longs: String, defaults: true, arrays: true }) as Record<string, string | boolean | string[]>;
  const str = (k: string): string => String(o[k] ?? '');
  const num = (k: string): number => Number(o[k] ?? 0);
  const bool = (k: string): boolean => o[k] === true;
  const list = (k: string): string[] => [...((o[k] as string[] | undefined) ?? [])];
  return {
    dev_path: str('dev_path'),
    size: num('size'),
    pretty_size: str('pretty_size'),
    io_size: num('io_size'),
    sector_size: num('sector_size'),
    readonly: bool('readonly'),
    cdrom: bool('cdrom'),
    model: str('model'),
    serial: str('serial'),
    modalias: str('modalias'),
    wwid: str('wwid'),
    uuid: str('uuid'),
    bus_path: str('bus_path'),
    sub_system: str('sub_system'),
    transport: str('transport'),
    rotational: bool('rotational'),
    secondary_disks: list('secondary_disks'),
    symlinks: list('symlinks'),
  };
}
