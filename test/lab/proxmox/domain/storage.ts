/**
 * Storage volumes: naming (`vm-100-disk-0` on LVM-thin, `100/vm-100-disk-0.qcow2` on directories,
 * `iso/x.img`), allocation with capacity checks, content listings in PVE's shape.
 */
import type { ClusterState, StorageDef, Volume } from '../state/model';

export interface VolumeRef {
  readonly storage: string;
  readonly volname: string;
}

/** `local:iso/talos.img` -> { storage: 'local', volname: 'iso/talos.img' }. */
export function parseVolid(volid: string): VolumeRef | undefined {
  const m = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i.exec(volid);
  return m ? { storage: m[1], volname: m[2] } : undefined;
}

export function volid(ref: VolumeRef): string {
  return `${ref.storage}:${ref.volname}`;
}

/** Local storages hold separate volumes per node; shared ones one set for the cluster. */
export function storageInstance(state: ClusterState, storage: string, node: string): string {
  return state.storages[storage]?.shared ? storage : `${node}/${storage}`;
}

export function volumesOf(state: ClusterState, storage: string, node: string): Record<string, Volume> {
  const key = storageInstance(state, storage, node);
  state.volumes[key] ??= {};
  return state.volumes[key];
}

export function findVolume(state: ClusterState, node: string, ref: VolumeRef): Volume | undefined {
  if (!state.storages[ref.storage]) return undefined;
  return volumesOf(state, ref.storage, node)[ref.volname];
}

export function isFileStorage(def: StorageDef): boolean {
  return def.path !== undefined;
}

export function usedBytes(state: ClusterState, storage: string, node: string): number {
  return Object.values(volumesOf(state, storage, node)).reduce((sum, v) => sum + v.size, 0);
}

/** The filesystem path PVE reports for a volume (`pvesm path`). */
export function volumePath(def: StorageDef, storage: string, volname: string): string {
  if (!def.path) return `/dev/${storage === 'local-lvm' ? 'pve' : storage}/${volname}`;
  const [dir, ...rest] = volname.split('/');
  const file = rest.join('/');
  switch (dir) {
    case 'iso':
      return `${def.path}/template/iso/${file}`;
    case 'vztmpl':
      return `${def.path}/template/cache/${file}`;
    case 'import':
      return `${def.path}/import/${file}`;
    case 'snippets':
      return `${def.path}/snippets/${file}`;
    default:
      return `${def.path}/images/${volname}`;
  }
}

/** Format by file extension for file storages; raw for block storages. */
export function formatOfVolname(def: StorageDef, volname: string): string {
  if (!isFileStorage(def)) return 'raw';
  const ext = /\.([a-z0-9]+)$/i.exec(volname)?.[1]?.toLowerCase();
  if (volname.startsWith('iso/')) return 'iso';
  if (volname.startsWith('vztmpl/')) return 'tgz';
  if (volname.startsWith('snippets/')) return 'snippet';
  return ext === 'qcow2' || ext === 'vmdk' || ext === 'raw' || ext === 'ova' ? ext : 'raw';
}

export interface AllocRequest {
  readonly storage: string;
  readonly node: string;
  readonly vmid: number;
  readonly sizeBytes: number;
  /** Requested format; default qcow2 on directories, raw on block storages (PVE's storage default). */
  readonly format?: string;
  /** Fixed name, e.g. `vm-100-cloudinit`; default the next free `vm-<vmid>-disk-<n>`. */
  readonly name?: string;
  /** Fault injection / capacity: a message here makes the allocation fail with it. */
  readonly full?: boolean;
  readonly now: number;
}

function nextDiskName(existing: Record<string, Volume>, vmid: number, dir: boolean, ext: string): string {
  for (let n = 0; ; n++) {
    const base = `vm-${vmid}-disk-${n}`;
    const name = dir ? `${vmid}/${base}.${ext}` : base;
    if (!existing[name]) return name;
  }
}

/** Allocates a VM image volume; throws PVE-like errors when the storage cannot take it. */
export function allocImage(state: ClusterState, req: AllocRequest): Volume {
  const def = state.storages[req.storage];
  if (!def) throw new Error(`storage '${req.storage}' does not exist`);
  const dir = isFileStorage(def);
  const format = req.format ?? (dir ? 'qcow2' : 'raw');
  const vols = volumesOf(state, req.storage, req.node);
  let name: string;
  if (req.name) {
    name = dir ? `${req.vmid}/${req.name}${req.name.endsWith(`.${format}`) ? '' : `.${format}`}` : req.name;
  } else {
    name = nextDiskName(vols, req.vmid, dir, format);
  }
  if (vols[name]) throw new Error(`volume '${req.storage}:${name}' already exists`);
  const free = def.totalBytes - usedBytes(state, req.storage, req.node);
  if (req.full || req.sizeBytes > free) {
    if (dir) {
      const path = volumePath(def, req.storage, name);
      throw new Error(`unable to create image: qemu-img: ${path}: Could not create '${path}': No space left on device`);
    }
    const extents = Math.max(1, Math.ceil(req.sizeBytes / (4 * 1024 * 1024)));
    throw new Error(`lvcreate 'pve/${name}' error:   Insufficient free space: ${extents} extents needed, but only 0 available`);
  }
  const vol: Volume = { volname: name, content: 'images', format, size: req.sizeBytes, ctime: Math.floor(req.now / 1000), vmid: req.vmid };
  vols[name] = vol;
  return vol;
}

export function freeVolume(state: ClusterState, node: string, ref: VolumeRef): boolean {
  if (!state.storages[ref.storage]) return false;
  const vols = volumesOf(state, ref.storage, node);
  if (!vols[ref.volname]) return false;
  delete vols[ref.volname];
  return true;
}

/** One entry of `GET /nodes/{node}/storage/{storage}/content`. */
export function contentEntry(storage: string, vol: Volume): Record<string, string | number> {
  const entry: Record<string, string | number> = {
    volid: `${storage}:${vol.volname}`,
    content: vol.content,
    format: vol.format,
    size: vol.size,
    ctime: vol.ctime,
  };
  if (vol.content === 'images') entry.used = vol.size;
  if (vol.vmid !== undefined) entry.vmid = vol.vmid;
  return entry;
}
