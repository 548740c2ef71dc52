/**
 * Disk creation for VM create/update (PVE's create_disks): new volumes from `<storage>:<GiB>`,
 * imports from `import-from=<volid>`, cloud-init drives from `<storage>:cloudinit`, EFI vars and
 * TPM state volumes. Returns the drive strings as PVE stores them.
 */
import type { LabCluster } from '../cluster';
import { allocImage, findVolume, freeVolume, isFileStorage, parseVolid } from '../domain/storage';
import { MiB, formatSize } from '../domain/sizes';
import { isCloudInitVolume, parseDrive, printDrive } from '../domain/vm-config';
import { fail } from '../http/errors';

const NEW_DISK_RE = /^(?:([^/:\s]+):)?(\d+(?:\.\d+)?)$/;
const CLOUDINIT_SIZE = 4 * MiB;
const TPMSTATE_SIZE = 4 * MiB;
/** OVMF vars image sizes by efitype. */
const EFIVARS_SIZE: Readonly<Record<string, number>> = { '2m': 128 * 1024, '4m': 540672 };

export interface CreatedDisks {
  readonly values: Record<string, string>;
  /** Volumes allocated, to free again when the operation fails. */
  readonly allocated: Array<{ storage: string; volname: string }>;
}

/** Checks done before forking (PVE's check_storage_access): storages exist and can hold images. */
export function checkDriveStorage(sim: LabCluster, key: string, value: string): void {
  const drive = parseDrive(key, value);
  const file = drive.file;
  if (file === 'none' || file === 'cdrom' || file.startsWith('/')) return;
  const newDisk = NEW_DISK_RE.exec(file);
  const ref = parseVolid(file);
  const storage = newDisk ? newDisk[1] : ref?.storage;
  if (!storage) fail(`unable to parse volume ID '${file}'`);
  const def = sim.state.storages[storage];
  if (!def) fail(`storage '${storage}' does not exist`);
  const isNew = newDisk !== null || ref?.volname === 'cloudinit';
  if (isNew && !def.content.includes('images')) fail(`storage '${storage}' does not support vm images`);
  const source = drive['import-from'];
  if (source && !source.startsWith('/')) {
    const src = parseVolid(source);
    if (!src || !sim.state.storages[src.storage]) fail(`storage '${src?.storage ?? source}' does not exist`);
  }
}

function isCdromValue(value: string): boolean {
  return /(^|,)media=cdrom(,|$)/.test(value);
}

/**
 * Creates what `values` asks for on `node` for `vmid`; existing volumes are referenced as given.
 * Throws the error PVE's worker would print; allocated volumes are freed again on failure.
 */
export function createDisks(sim: LabCluster, node: string, vmid: number, values: Readonly<Record<string, string>>, print: (line: string) => void): CreatedDisks {
  const out: Record<string, string> = {};
  const allocated: Array<{ storage: string; volname: string }> = [];
  const alloc = (storage: string, sizeBytes: number, format?: string, name?: string): string => {
    const vol = allocImage(sim.state, { storage, node, vmid, sizeBytes, format, name, full: sim.faults.storageFull(storage, node), now: sim.now() });
    allocated.push({ storage, volname: vol.volname });
    return `${storage}:${vol.volname}`;
  };
  try {
    for (const key of Object.keys(values).sort()) {
      const drive = parseDrive(key, values[key]);
      const file = drive.file;
      const ref = parseVolid(file);
      const newDisk = NEW_DISK_RE.exec(file);
      if (file === 'none' || file === 'cdrom') {
        delete drive.size;
        out[key] = printDrive(key, drive);
        continue;
      }
      if (ref?.volname === 'cloudinit') {
        const def = sim.state.storages[ref.storage];
        const dir = def ? isFileStorage(def) : false;
        const format = drive.format ?? (dir ? 'qcow2' : 'raw');
        const name = `vm-${vmid}-cloudinit`;
        drive.file = alloc(ref.storage, CLOUDINIT_SIZE, format, name);
        drive.media = 'cdrom';
        delete drive.format;
        delete drive.size;
        out[key] = printDrive(key, drive);
        print(`${key}: successfully created disk '${out[key]}'`);
        continue;
      }
      if (newDisk) {
        const storage = newDisk[1];
        let size = Math.trunc(Number(newDisk[2]) * 1024 ** 3);
        const source = drive['import-from'];
        delete drive['import-from'];
        if (source) {
          const src = parseVolid(source);
          const vol = src ? findVolume(sim.state, node, src) : undefined;
          if (!src || !vol) fail(`cannot import from '${source}' - volume '${source}' does not exist`);
          if (vol.content !== 'images' && vol.content !== 'import') fail(`cannot import from '${source}' - invalid volume type '${vol.content}' for import`);
          print(`importing disk '${source}' to VM ${vmid} ...`);
          size = vol.size;
          const mib = (size / 1024 ** 2).toFixed(1);
          print(`transferred ${mib} MiB of ${mib} MiB (100.00%)`);
        }
        const def = sim.state.storages[storage];
        if (key === 'efidisk0') {
          const vars = EFIVARS_SIZE[drive.efitype ?? '2m'];
          size = def && isFileStorage(def) ? vars : Math.max(vars, 4 * MiB);
        } else if (key === 'tpmstate0') {
          size = TPMSTATE_SIZE;
        }
        const format = drive.format;
        drive.file = alloc(storage, size, format);
        drive.size = formatSize(size);
        delete drive.format;
        out[key] = printDrive(key, drive);
        print(`${key}: successfully created disk '${out[key]}'`);
        continue;
      }
      if (ref) {
        const vol = findVolume(sim.state, node, ref);
        if (vol && vol.content !== 'images' && vol.content !== 'iso' && !isCloudInitVolume(file)) {
          fail(`cannot use volume ${file} - content type needs to be 'images' or 'iso'`);
        }
        if (!isCdromValue(values[key]) && vol && drive.size === undefined) drive.size = formatSize(vol.size);
      }
      out[key] = printDrive(key, drive);
    }
  } catch (err) {
    for (const v of allocated) freeVolume(sim.state, node, v);
    throw err;
  }
  return { values: out, allocated };
}
