/**
 * Loads, initialises and persists the cluster state. Every mutation is written through (atomic
 * rename), so another simulator process started on the same file sees the same cluster.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { STATE_FORMAT_VERSION, type ClusterState, type NodeNetwork, type StorageDef } from './model';

export interface ClusterSpec {
  /** Proxmox node names; default `pve1`, `pve2`, `pve3`. */
  readonly nodes?: readonly string[];
  readonly clusterName?: string;
  /** Storage definitions; default `local` (dir) and `local-lvm` (lvmthin) on every node. */
  readonly storages?: Readonly<Record<string, StorageDef>>;
}

const GiB = 1024 ** 3;

export const DEFAULT_STORAGES: Readonly<Record<string, StorageDef>> = {
  local: { type: 'dir', path: '/var/lib/vz', content: ['backup', 'import', 'iso', 'snippets', 'vztmpl'], shared: false, totalBytes: 100 * GiB },
  'local-lvm': { type: 'lvmthin', content: ['images', 'rootdir'], shared: false, totalBytes: 500 * GiB },
};

const NODE_NAME_RE = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const STORAGE_ID_RE = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;

export function validateClusterSpec(spec: ClusterSpec): void {
  const nodes = spec.nodes ?? [];
  for (const n of nodes) {
    if (!NODE_NAME_RE.test(n)) throw new Error(`nodes: '${n}' is not a valid PVE node name (letters, digits, inner dashes)`);
  }
  if (new Set(nodes).size !== nodes.length) throw new Error('nodes: node names must be unique');
  if (spec.nodes && nodes.length === 0) throw new Error('nodes: give at least one node name');
  for (const [id, def] of Object.entries(spec.storages ?? {})) {
    if (!STORAGE_ID_RE.test(id)) throw new Error(`storages: '${id}' is not a valid storage ID`);
    if ((def.type === 'dir' || def.type === 'nfs') && !def.path) throw new Error(`storages.${id}.path: file-based storage needs a path`);
    if (!(def.totalBytes > 0)) throw new Error(`storages.${id}.totalBytes: must be a positive number of bytes`);
  }
}

function defaultNetwork(index: number): NodeNetwork {
  const address = `10.10.0.${11 + index}`;
  return {
    running: {
      eno1: { iface: 'eno1', type: 'eth', method: 'manual', method6: 'manual', families: ['inet'], active: 1, exists: 1, priority: 3 },
      vmbr0: {
        iface: 'vmbr0',
        type: 'bridge',
        method: 'static',
        method6: 'manual',
        families: ['inet'],
        active: 1,
        autostart: 1,
        priority: 4,
        address,
        netmask: '24',
        cidr: `${address}/24`,
        gateway: '10.10.0.1',
        bridge_ports: 'eno1',
        bridge_stp: 'off',
        bridge_fd: '0',
      },
    },
  };
}

export function initialState(spec: ClusterSpec): ClusterState {
  validateClusterSpec(spec);
  const nodes = [...(spec.nodes ?? ['pve1', 'pve2', 'pve3'])];
  return {
    version: STATE_FORMAT_VERSION,
    access: {
      users: [{ userid: 'root@pam', password: randomBytes(18).toString('base64url') }],
      tokens: [{ tokenid: 'root@pam!lab', secret: randomUUID() }],
    },
    clusterName: spec.clusterName ?? 'lab',
    authKey: randomBytes(32).toString('hex'),
    nodes,
    storages: { ...(spec.storages ?? DEFAULT_STORAGES) },
    volumes: {},
    vms: {},
    pools: {},
    network: Object.fromEntries(nodes.map((n, i) => [n, defaultNetwork(i)])),
    sdn: { running: { zones: {}, vnets: {}, subnets: {} }, pending: { zones: {}, vnets: {}, subnets: {} }, runningVersion: 0 },
    firewall: { cluster: { options: {}, rules: [] }, groups: {}, vms: {} },
    ha: {},
    tasks: [],
    lastPid: 0x1000,
  };
}

function assertState(value: unknown, file: string): asserts value is ClusterState {
  const s = value as Partial<ClusterState> | null;
  if (!s || typeof s !== 'object') throw new Error(`${file}: not a simulator state file (expected a JSON object)`);
  if (s.version !== STATE_FORMAT_VERSION) {
    throw new Error(`${file}: state format version ${String(s.version)} is not ${STATE_FORMAT_VERSION}; delete the file to start a fresh cluster`);
  }
  for (const key of ['access', 'nodes', 'storages', 'volumes', 'vms', 'pools', 'network', 'sdn', 'firewall', 'tasks'] as const) {
    if (s[key] === undefined) throw new Error(`${file}: missing '${key}'; delete the file to start a fresh cluster`);
  }
}

export class StateStore {
  private constructor(
    readonly file: string | undefined,
    readonly state: ClusterState,
  ) {}

  /** In-memory only (nothing written). */
  static memory(spec: ClusterSpec = {}): StateStore {
    return new StateStore(undefined, initialState(spec));
  }

  /**
   * Opens `file`: loads it when it exists (the spec's node list must then match, so a restart
   * cannot silently change the cluster), else creates it from `spec`.
   */
  static open(file: string, spec: ClusterSpec = {}): StateStore {
    if (existsSync(file)) {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      assertState(parsed, file);
      if (spec.nodes && spec.nodes.join(',') !== parsed.nodes.join(',')) {
        throw new Error(`${file}: holds nodes ${parsed.nodes.join(',')} but ${spec.nodes.join(',')} were requested; use another state file`);
      }
      return new StateStore(file, parsed);
    }
    const store = new StateStore(file, initialState(spec));
    store.save();
    return store;
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
