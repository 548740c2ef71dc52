/**
 * VM clone (`POST /nodes/{node}/qemu/{vmid}/clone`, qemu-server's clone_vm): every check PVE makes
 * before forking (pool, target node, shared storage for cross-node clones, linked vs full, `newid`
 * free), then a `qmclone` worker that copies the config with a new SMBIOS UUID, vmgenid and MACs,
 * copies (full) or links (templates' base volumes) every disk, and writes the new VM on the target
 * node. While it runs the new VMID holds `lock: clone`, and the source is held by a config flock:
 * shared for a stopped VM or template (clones run side by side), exclusive for a running one.
 */
import { randomUUID } from 'node:crypto';
import type { LabCluster } from '../cluster';
import { fail } from '../http/errors';
import type { Router } from '../http/router';
import { NODE, VMID } from '../schema/common-params';
import { parsePropertyString, printPropertyString } from '../schema/property-string';
import { SMBIOS1_FORMAT } from '../schema/qemu-params';
import { allocImage, findVolume, freeVolume, isFileStorage, parseVolid, volumesOf } from '../domain/storage';
import { formatSize } from '../domain/sizes';
import { isCdrom, isCloudInitVolume, isDriveKey, parseDrive, parseNet, printDrive, printNet, randomMac } from '../domain/vm-config';
import type { StorageDef, TaskRecord, VmRecord } from '../state/model';
import { flag, reqNum, reqStr, str } from './params';

/** The flock file PVE takes for config changes (`lock_config`). */
export function configLockFile(vmid: number): string {
  return `/var/lock/qemu-server/lock-${vmid}.conf`;
}

type CloneAction = {
  readonly kind: 'qmclone';
  readonly source: number;
  readonly newid: number;
  readonly node: string;
  readonly target: string | null;
  readonly full: boolean;
  readonly storage: string | null;
  readonly format: string | null;
  readonly name: string | null;
  readonly description: string | null;
  readonly pool: string | null;
  /** The source was running: PVE holds its config lock exclusively for the whole clone. */
  readonly exclusive: boolean;
};

function cloneActionOf(task: TaskRecord): CloneAction | undefined {
  return task.status === 'running' && task.action.kind === 'qmclone' ? (task.action as unknown as CloneAction) : undefined;
}

/** Running clones that hold `vmid`'s config flock. */
function clonesOf(sim: LabCluster, vmid: number): CloneAction[] {
  return sim.state.tasks.flatMap((t) => {
    const a = cloneActionOf(t);
    return a && a.source === vmid ? [a] : [];
  });
}

/**
 * PVE's lock_config (exclusive flock, 10 s timeout): fails while a clone holds the VM's lock.
 * Config updates, resize, template conversion and destroy of a clone's source wait and time out.
 */
export function checkConfigFlock(sim: LabCluster, vmid: number): void {
  if (clonesOf(sim, vmid).length > 0) fail(`can't lock file '${configLockFile(vmid)}' - got timeout`);
}

/** volume_has_feature(clone): a linked clone needs a base volume (a template's) on LVM-thin or a directory image. */
function canLinkClone(def: StorageDef, volname: string): boolean {
  if (!/^(\d+\/)?base-\d+-[^/]+$/.test(volname)) return false;
  return def.type === 'lvmthin' || (isFileStorage(def) && /\.(qcow2|raw|vmdk)$/.test(volname));
}

/** PVE's resolve_dst_disk_format: the requested format (or the source's) if the storage takes it, else its default. */
function destinationFormat(def: StorageDef, requested: string | undefined, sourceFormat: string): string {
  if (!isFileStorage(def)) return 'raw';
  const format = requested ?? sourceFormat;
  return ['raw', 'qcow2', 'vmdk'].includes(format) ? format : 'raw';
}

/** The new VM's name: `name`, else PVE's `Copy-of-VM-<name or vmid>`. */
function cloneName(source: Readonly<Record<string, string>>, vmid: number, name: string | null): string {
  return name ?? `Copy-of-VM-${source.name ?? vmid}`;
}

export function registerCloneRoutes(router: Router<LabCluster>): void {
  router.add({
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/clone',
    proxyToNode: true,
    params: {
      node: NODE,
      vmid: VMID,
      newid: VMID,
      bwlimit: { type: 'integer', optional: true, minimum: 0 },
      description: { type: 'string', optional: true },
      format: { type: 'string', optional: true, enum: ['raw', 'qcow2', 'vmdk'] },
      full: { type: 'boolean', optional: true },
      name: { type: 'string', optional: true, format: 'dns-name' },
      pool: { type: 'string', optional: true, format: 'pve-poolid' },
      snapname: { type: 'string', optional: true, maxLength: 40, format: 'pve-configid' },
      storage: { type: 'string', optional: true, format: 'pve-storage-id' },
      target: { type: 'string', optional: true, format: 'pve-node' },
    },
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const vmid = reqNum(params, 'vmid');
      const newid = reqNum(params, 'newid');
      const pool = str(params, 'pool');
      if (pool !== undefined && !sim.state.pools[pool]) fail(`pool '${pool}' does not exist`);
      const snapname = str(params, 'snapname');
      const storage = str(params, 'storage');
      const format = str(params, 'format');
      let target = str(params, 'target');
      if (target === node || target === 'localhost') target = undefined;
      if (target !== undefined && !sim.state.nodes.includes(target)) fail(`no such cluster node '${target}'`);
      if (storage !== undefined) {
        const def = sim.state.storages[storage];
        if (!def) fail(`storage '${storage}' does not exist`);
        if (target !== undefined && !def.shared) fail(`can't clone to non-shared storage '${storage}'`);
      }

      // clonefn, under the source's config flock.
      const source = sim.vmOn(node, vmid);
      const running = source.status === 'running';
      const holders = clonesOf(sim, vmid);
      if (holders.length > 0 && (running || holders.some((h) => h.exclusive))) fail(`can't lock file '${configLockFile(vmid)}' - got timeout`);
      sim.checkLock(source, false);
      if (snapname !== undefined) fail(`snapshot '${snapname}' does not exist`);
      const conf = source.config;
      const isTemplate = conf.template === '1';
      const full = params.full !== undefined ? flag(params, 'full') : !isTemplate;
      if (storage !== undefined && !full) fail("parameter 'storage' not allowed for linked clones");
      if (format !== undefined && !full) fail("parameter 'format' not allowed for linked clones");
      let sharedVm = true;
      for (const key of Object.keys(conf).filter(isDriveKey)) {
        const drive = parseDrive(key, conf[key]);
        if (drive.file === 'none' || drive.file === 'cdrom' || drive.file.startsWith('/')) continue;
        const ref = parseVolid(drive.file);
        if (ref && sim.state.storages[ref.storage] && !sim.state.storages[ref.storage].shared) sharedVm = false;
      }
      if (target !== undefined && !sharedVm) fail(`can't clone VM to node '${target}' (VM uses local storage)`);
      const existing = sim.findVm(newid);
      if (existing && existing.node === node) fail(`unable to create VM ${newid}: config file already exists`);
      if (existing) fail(`close (rename) atomic file '/etc/pve/nodes/${node}/qemu-server/${newid}.conf' failed: File exists`);
      // Feature checks PVE makes per drive before forking.
      for (const key of Object.keys(conf).filter(isDriveKey).sort()) {
        const drive = parseDrive(key, conf[key]);
        if (isCdrom(drive) && !isCloudInitVolume(drive.file)) continue;
        const ref = parseVolid(drive.file);
        const def = ref ? sim.state.storages[ref.storage] : undefined;
        if (!ref || !def) continue;
        if (!full && !isCloudInitVolume(drive.file) && !canLinkClone(def, ref.volname)) fail(`Linked clone feature is not supported for drive '${key}'`);
      }

      // The temporary config PVE writes before forking: the new VMID is taken and locked.
      const created: VmRecord = { vmid: newid, node, config: { lock: 'clone' }, pending: {}, pendingDelete: [], status: 'stopped' };
      sim.state.vms[String(newid)] = created;
      const fw = sim.state.firewall.vms[String(vmid)];
      if (fw) sim.state.firewall.vms[String(newid)] = JSON.parse(JSON.stringify(fw)) as typeof fw;
      sim.save();
      const action: CloneAction = {
        kind: 'qmclone',
        source: vmid,
        newid,
        node,
        target: target ?? null,
        full,
        storage: storage ?? null,
        format: format ?? null,
        name: str(params, 'name') ?? null,
        description: str(params, 'description') ?? null,
        pool: pool ?? null,
        exclusive: running,
      };
      return sim.tasks.start({ node, type: 'qmclone', id: String(vmid), user: userid, action }).upid;
    },
  });
}

/** Undoes the temporary config, firewall copy and any cloned volumes (PVE's error path). */
function abortClone(sim: LabCluster, a: CloneAction, volumes: ReadonlyArray<{ storage: string; volname: string }>): void {
  for (const v of volumes) freeVolume(sim.state, a.node, v);
  delete sim.state.firewall.vms[String(a.newid)];
  if (sim.findVm(a.newid)?.config.lock === 'clone') delete sim.state.vms[String(a.newid)];
}

export function registerCloneWorkers(sim: LabCluster): void {
  sim.tasks.register(
    'qmclone',
    (task: TaskRecord, print) => {
      const a = task.action as unknown as CloneAction;
      const allocated: Array<{ storage: string; volname: string }> = [];
      let warnings = 0;
      try {
        const source = sim.vmOn(a.node, a.source);
        const newVm = sim.findVm(a.newid);
        if (!newVm) throw new Error(`unable to create VM ${a.newid}: config file vanished`);
        const conf: Record<string, string> = {};
        // Drives in sorted key order, as PVE clones them (so volume numbers match).
        for (const key of Object.keys(source.config).sort()) {
          const value = source.config[key];
          // Snapshot data and unused volumes stay with the source (their owner VMID changes anyway).
          if (/^unused\d+$/.test(key) || ['snapshots', 'parent', 'snaptime', 'vmstate', 'snapstate', 'lock'].includes(key)) continue;
          if (/^net\d+$/.test(key)) {
            const net = parseNet(key, value);
            net.macaddr = randomMac();
            conf[key] = printNet(net);
            continue;
          }
          if (!isDriveKey(key)) {
            conf[key] = value;
            continue;
          }
          const drive = parseDrive(key, value);
          if (isCdrom(drive) && !isCloudInitVolume(drive.file)) {
            conf[key] = value;
            continue;
          }
          const ref = parseVolid(drive.file);
          const vol = ref ? findVolume(sim.state, a.node, ref) : undefined;
          if (!ref || !vol) throw new Error(`volume '${drive.file}' does not exist`);
          const cloudInit = isCloudInitVolume(drive.file);
          const linked = !a.full && !cloudInit;
          const storage = linked ? ref.storage : (a.storage ?? ref.storage);
          const def = sim.state.storages[storage];
          if (!def) throw new Error(`storage '${storage}' does not exist`);
          print(`create ${linked ? 'linked' : 'full'} clone of drive ${key} (${drive.file})`);
          let volname: string;
          if (linked) {
            // A thin child of the base volume, named as PVE names it: `<base>/vm-<newid>-disk-<n>`.
            const vols = volumesOf(sim.state, storage, a.node);
            const child = (i: number) => (isFileStorage(def) ? `${a.newid}/vm-${a.newid}-disk-${i}.qcow2` : `vm-${a.newid}-disk-${i}`);
            let n = 0;
            while (Object.keys(vols).some((k) => k === child(n) || k.endsWith(`/${child(n)}`))) n++;
            volname = `${ref.volname}/${child(n)}`;
            if (sim.faults.storageFull(storage, a.node)) throw new Error(`lvcreate 'pve/${child(n)}' error:   Insufficient free space: 1 extents needed, but only 0 available`);
            vols[volname] = { volname, content: 'images', format: isFileStorage(def) ? 'qcow2' : 'raw', size: vol.size, ctime: Math.floor(sim.now() / 1000), vmid: a.newid };
          } else {
            const format = destinationFormat(def, a.format ?? undefined, vol.format);
            const created = allocImage(sim.state, {
              storage,
              node: a.node,
              vmid: a.newid,
              sizeBytes: vol.size,
              format,
              name: cloudInit ? `vm-${a.newid}-cloudinit` : undefined,
              full: sim.faults.storageFull(storage, a.node),
              now: sim.now(),
            });
            volname = created.volname;
            if (!cloudInit) print(`transferred ${formatSize(vol.size)} of ${formatSize(vol.size)} (100.00%)`);
          }
          allocated.push({ storage, volname });
          drive.file = `${storage}:${volname}`;
          if (!cloudInit && !isCdrom(drive)) drive.size = formatSize(vol.size);
          conf[key] = printDrive(key, drive);
        }
        // A clone is a new machine: new SMBIOS UUID (other SMBIOS fields kept), new vmgenid if the source had one.
        const smbios = parsePropertyString(SMBIOS1_FORMAT, conf.smbios1 ?? '', 'smbios1');
        smbios.uuid = randomUUID();
        conf.smbios1 = printPropertyString(SMBIOS1_FORMAT, smbios);
        if (conf.vmgenid) conf.vmgenid = randomUUID();
        delete conf.template;
        conf.name = cloneName(source.config, a.source, a.name);
        if (a.description) conf.description = a.description;
        const pending = [...Object.keys(source.pending), ...source.pendingDelete];
        if (pending.length > 0) {
          print(`WARN: found pending changes for '${[...new Set(pending)].sort().join(',')}', discarding for clone`);
          warnings++;
        }
        newVm.config = conf;
        newVm.generatedCloudInit = undefined;
        if (a.target) newVm.node = a.target;
        if (a.pool && sim.state.pools[a.pool] && !sim.state.pools[a.pool].vms.includes(a.newid)) sim.state.pools[a.pool].vms.push(a.newid);
      } catch (err) {
        abortClone(sim, a, allocated);
        throw new Error(`clone failed: ${(err as Error).message}`);
      }
      return { warnings };
    },
    (task) => abortClone(sim, task.action as unknown as CloneAction, []),
  );
}
