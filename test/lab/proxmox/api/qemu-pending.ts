/**
 * PVE's pending-change bookkeeping for VM configs: applying pending values (all, or the hotplugged
 * subset), turning detached owned disks into `unusedN`, dropping no-op pending entries.
 */
import type { LabCluster } from '../cluster';
import { freeVolume, parseVolid } from '../domain/storage';
import { isCdrom, isCloudInitVolume, isDriveKey, ownedVolumes, parseDrive } from '../domain/vm-config';
import type { VmRecord } from '../state/model';

/** Next free `unusedN` slot. */
function nextUnused(conf: Readonly<Record<string, string>>): string {
  for (let i = 0; ; i++) if (conf[`unused${i}`] === undefined) return `unused${i}`;
}

/** Frees what a deleted drive leaves behind: owned disks become unusedN, cloud-init volumes are freed. */
function detachDrive(sim: LabCluster, vm: VmRecord, key: string, value: string): void {
  const vid = value.split(',')[0];
  if (/^unused\d+$/.test(key)) {
    const ref = parseVolid(vid);
    if (ref) freeVolume(sim.state, vm.node, ref);
    return;
  }
  if (!isDriveKey(key)) return;
  const drive = parseDrive(key, value);
  const ref = parseVolid(drive.file);
  if (!ref) return;
  if (isCloudInitVolume(drive.file)) {
    freeVolume(sim.state, vm.node, ref);
    return;
  }
  if (isCdrom(drive)) return;
  const owned = ownedVolumes({ [key]: value }, vm.vmid).length > 0;
  if (owned) vm.config[nextUnused(vm.config)] = drive.file;
}

/** Applies pending values/deletions to the running config (vmconfig_apply_pending), or only `keys`. */
export function applyPending(sim: LabCluster, vm: VmRecord, keys?: ReadonlySet<string>): void {
  for (const key of [...vm.pendingDelete]) {
    if (keys && !keys.has(key)) continue;
    const old = vm.config[key];
    if (old !== undefined) {
      delete vm.config[key];
      detachDrive(sim, vm, key, old);
    }
    vm.pendingDelete = vm.pendingDelete.filter((k) => k !== key);
  }
  for (const [key, value] of Object.entries(vm.pending)) {
    if (keys && !keys.has(key)) continue;
    const old = vm.config[key];
    if (old !== undefined && old !== value && isDriveKey(key)) {
      const oldFile = parseDrive(key, old).file;
      const newFile = parseDrive(key, value).file;
      if (oldFile !== newFile) detachDrive(sim, vm, key, old);
    }
    vm.config[key] = value;
    delete vm.pending[key];
  }
}

/** Drops pending entries equal to the current value (PVE's cleanup_pending). */
export function cleanupPending(vm: VmRecord): void {
  for (const [k, v] of Object.entries(vm.pending)) if (vm.config[k] === v) delete vm.pending[k];
  vm.pendingDelete = vm.pendingDelete.filter((k) => vm.config[k] !== undefined || vm.pending[k] !== undefined);
}
