/**
 * QEMU VMs: list, create (qmcreate task, `lock: create` while it runs), config GET/PUT/POST with
 * PVE's pending semantics and digest check, pending list, cloud-init regeneration, resize (task),
 * template, destroy (qmdestroy task; afterwards the config "does not exist").
 */
import { randomUUID } from 'node:crypto';
import type { LabCluster } from '../cluster';
import { ParamError, fail } from '../http/errors';
import type { Router } from '../http/router';
import { NODE, VMID } from '../schema/common-params';
import { DRIVE_KEYS_FOR_RESIZE, VM_CONFIG_PARAMS, VM_CREATE_PARAMS, VM_UPDATE_ASYNC_PARAMS, VM_UPDATE_SYNC_PARAMS, isDriveKey } from '../schema/qemu-params';
import { schemaFor } from '../schema/validate';
import type { Params } from '../schema/types';
import { PropertyStringError } from '../schema/property-string';
import { findVolume, freeVolume, parseVolid, volumesOf } from '../domain/storage';
import { formatSize, parseSize } from '../domain/sizes';
import { defaultBootOrder, effectiveConfig, hotpluggable, isCdrom, normaliseTags, ownedVolumes, parseDrive, parseNet, printDrive, printNet, randomMac } from '../domain/vm-config';
import type { TaskRecord, VmRecord } from '../state/model';
import { checkDriveStorage, createDisks } from './qemu-disks';
import { flag, list, num, reqNum, reqStr, str } from './params';
import { vmMaxdisk, vmMaxmem, vmMaxcpu } from './cluster';
import { applyPending, cleanupPending } from './qemu-pending';
import { bootVm } from './qemu-power';
import { checkConfigFlock } from './qemu-clone';

const CREATE_ONLY = new Set(['node', 'vmid', 'archive', 'bwlimit', 'force', 'ha-managed', 'import-working-storage', 'live-restore', 'pool', 'start', 'storage', 'unique']);
const QEMU_VERSION = '10.0.2';

function paramString(p: Params, key: string): string {
  const v = p[key];
  return Array.isArray(v) ? v.join(',') : String(v);
}

/** Config values as strings the way PVE stores them (booleans and numbers printed plainly). */
function configValues(p: Params, skip: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(p)) if (!skip.has(key)) out[key] = paramString(p, key);
  return out;
}

/** PVE's parse_net + print_net on create and update: a NIC given without a MAC gets a new random one. */
function withMacs(values: Record<string, string>): void {
  for (const key of Object.keys(values).filter((k) => /^net\d+$/.test(k))) {
    const net = parseNet(key, values[key]);
    net.macaddr ??= randomMac();
    values[key] = printNet(net);
  }
  if (values.vmgenid === '1') values.vmgenid = randomUUID();
}

function decodeSshKeys(value: string): void {
  let keys: string;
  try {
    keys = decodeURIComponent(value);
  } catch {
    throw new ParamError({ sshkeys: `invalid urlencoded string: ${value}` });
  }
  for (const line of keys
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))) {
    if (!/^(?:\S+\s+)?(ssh-(rsa|dss|ed25519)|ecdsa-sha2-\S+|sk-\S+)\s+[A-Za-z0-9+/=]+/.test(line)) fail(`SSH public key validation error`);
  }
}

function checkPool(sim: LabCluster, pool: string | undefined): void {
  if (pool !== undefined && !sim.state.pools[pool]) fail(`pool '${pool}' does not exist`);
}

function optionExists(key: string): boolean {
  return schemaFor(VM_CONFIG_PARAMS, key) !== undefined;
}

export function configResponse(sim: LabCluster, vm: VmRecord, current: boolean): Record<string, string | number> {
  const conf = sim.configWithMeta(vm, current);
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(conf)) {
    if (k === 'cipassword') {
      out[k] = '**********';
      continue;
    }
    const schema = schemaFor(VM_CONFIG_PARAMS, k);
    // Integer and boolean keys are bare JSON numbers on the wire; everything else stays a string.
    out[k] = schema && (schema.type === 'integer' || schema.type === 'boolean') && /^-?\d+$/.test(v) ? Number(v) : schema?.type === 'number' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  out.digest = sim.digestOf(vm);
  return out;
}

interface UpdateRequest {
  readonly params: Params;
  readonly userid: string;
}

/** PVE's update_vm_api body (shared by PUT and POST): returns after applying or pending the changes. */
function updateVm(sim: LabCluster, node: string, vmid: number, req: UpdateRequest, print: (l: string) => void): void {
  const p = req.params;
  const vm = sim.vmOn(node, vmid);
  const digest = str(p, 'digest');
  checkConfigFlock(sim, vmid);
  if (digest && digest !== sim.digestOf(vm)) fail('checksum mismatch (file change by other user?)');
  sim.checkLock(vm, flag(p, 'skiplock'));
  const deletes = list(p, 'delete').map((k) => (k === 'cdrom' ? 'ide2' : k));
  const reverts = list(p, 'revert');
  const values = configValues(p, new Set(['node', 'vmid', 'digest', 'skiplock', 'delete', 'revert', 'force', 'background_delay', 'import-working-storage']));
  if (values.cdrom !== undefined) {
    values.ide2 = values.cdrom.includes('media=') ? values.cdrom : `${values.cdrom},media=cdrom`;
    delete values.cdrom;
  }
  for (const key of reverts) delete vm.pending[key];
  vm.pendingDelete = vm.pendingDelete.filter((k) => !reverts.includes(k));
  const current = effectiveConfig(vm);
  for (const key of deletes) {
    if (vm.pending[key] !== undefined) delete vm.pending[key];
    if (vm.config[key] !== undefined && !vm.pendingDelete.includes(key)) vm.pendingDelete.push(key);
  }
  if (values.tags !== undefined) values.tags = normaliseTags(values.tags);
  withMacs(values);
  if (values.sshkeys !== undefined) decodeSshKeys(values.sshkeys);
  if (values.cipassword !== undefined) {
    vm.config.cipassword = values.cipassword.startsWith('$') ? values.cipassword : `$5$lab$${Buffer.from(values.cipassword).toString('base64')}`;
    delete values.cipassword;
  }
  if (values.boot !== undefined) {
    const order = /order=([^,]+)/.exec(values.boot)?.[1];
    for (const dev of order ? order.split(';') : []) {
      if (current[dev] === undefined && values[dev] === undefined) fail(`invalid bootorder: device '${dev}' does not exist'`);
      if (deletes.includes(dev)) fail(`invalid bootorder: device '${dev}' does not exist'`);
    }
  }
  const driveValues: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (isDriveKey(key)) {
      checkDriveStorage(sim, key, value);
      driveValues[key] = value;
    } else {
      vm.pending[key] = value;
    }
  }
  if (Object.keys(driveValues).length > 0) {
    const created = createDisks(sim, node, vmid, driveValues, print);
    Object.assign(vm.pending, created.values);
  }
  vm.pendingDelete = vm.pendingDelete.filter((k) => vm.pending[k] === undefined);
  cleanupPending(vm);
  if (vm.status === 'running') {
    const hot = new Set([...Object.keys(vm.pending), ...vm.pendingDelete].filter((k) => hotpluggable(k, vm.config)));
    applyPending(sim, vm, hot);
  } else {
    applyPending(sim, vm);
  }
  sim.save();
}

export function registerQemuRoutes(router: Router<LabCluster>): void {
  router.add({
    method: 'GET',
    path: '/nodes/{node}/qemu',
    proxyToNode: true,
    params: { node: NODE, full: { type: 'boolean', optional: true } },
    handler: ({ sim, params }) => {
      const node = reqStr(params, 'node');
      return Object.values(sim.state.vms)
        .filter((vm) => vm.node === node)
        .sort((a, b) => a.vmid - b.vmid)
        .map((vm) => {
          const conf = effectiveConfig(vm);
          const running = vm.status === 'running';
          const e: Record<string, string | number> = {
            vmid: vm.vmid,
            name: conf.name ?? `VM ${vm.vmid}`,
            status: vm.status,
            cpus: vmMaxcpu(conf),
            maxmem: vmMaxmem(conf),
            maxdisk: vmMaxdisk(conf),
            mem: running ? Math.floor(vmMaxmem(conf) / 4) : 0,
            cpu: running ? 0.01 : 0,
            disk: 0,
            uptime: running && vm.startedAt ? Math.floor((sim.now() - vm.startedAt) / 1000) : 0,
            netin: 0,
            netout: 0,
            diskread: 0,
            diskwrite: 0,
          };
          if (running) e.pid = 10000 + vm.vmid;
          if (conf.tags) e.tags = conf.tags;
          if (conf.template === '1') e.template = 1;
          const lock = sim.lockOf(vm);
          if (lock) e.lock = lock;
          return e;
        });
    },
  });

  router.add({
    method: 'POST',
    path: '/nodes/{node}/qemu',
    proxyToNode: true,
    params: VM_CREATE_PARAMS,
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const vmid = reqNum(params, 'vmid');
      const pool = str(params, 'pool');
      if (params.archive !== undefined) fail(`unable to restore VM ${vmid} - restoring backups is not simulated`);
      if (params.sshkeys !== undefined) decodeSshKeys(paramString(params, 'sshkeys'));
      checkPool(sim, pool);
      const values = configValues(params, CREATE_ONLY);
      if (values.cdrom !== undefined) {
        values.ide2 = `${values.cdrom},media=cdrom`;
        delete values.cdrom;
      }
      for (const [key, value] of Object.entries(values)) if (isDriveKey(key)) checkDriveStorage(sim, key, value);
      withMacs(values);
      const existing = sim.findVm(vmid);
      if (existing) fail(`unable to create VM ${vmid} - VM ${vmid} already exists on node '${existing.node}'`);
      const vm: VmRecord = { vmid, node, config: { lock: 'create' }, pending: {}, pendingDelete: [], status: 'stopped' };
      sim.state.vms[String(vmid)] = vm;
      sim.save();
      const task = sim.tasks.start({
        node,
        type: 'qmcreate',
        id: String(vmid),
        user: userid,
        action: { kind: 'qmcreate', vmid, values, pool: pool ?? null, start: flag(params, 'start') },
      });
      return task.upid;
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}',
    proxyToNode: true,
    params: { node: NODE, vmid: VMID },
    handler: ({ sim, params }) => {
      sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid'));
      return ['agent', 'cloudinit', 'config', 'firewall', 'migrate', 'pending', 'rrd', 'rrddata', 'snapshot', 'status', 'unlink', 'vncproxy'].map((subdir) => ({ subdir }));
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/config',
    proxyToNode: true,
    params: { node: NODE, vmid: VMID, current: { type: 'boolean', optional: true }, snapshot: { type: 'string', optional: true, maxLength: 40, format: 'pve-configid' } },
    handler: ({ sim, params }) => {
      const vm = sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid'));
      const snap = str(params, 'snapshot');
      if (snap !== undefined) fail(`snapshot '${snap}' does not exist`);
      return configResponse(sim, vm, flag(params, 'current'));
    },
  });

  router.add({
    method: 'PUT',
    path: '/nodes/{node}/qemu/{vmid}/config',
    proxyToNode: true,
    params: VM_UPDATE_SYNC_PARAMS,
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const vmid = reqNum(params, 'vmid');
      checkUpdateParams(params);
      sim.vmOn(node, vmid);
      updateVm(sim, node, vmid, { params, userid }, () => undefined);
      return null;
    },
  });

  router.add({
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/config',
    proxyToNode: true,
    params: VM_UPDATE_ASYNC_PARAMS,
    handler: async ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const vmid = reqNum(params, 'vmid');
      checkUpdateParams(params);
      const vm = sim.vmOn(node, vmid);
      // Early checks before forking, as PVE's load_and_check_config(0).
      const digest = str(params, 'digest');
      if (digest && digest !== sim.digestOf(vm)) fail('checksum mismatch (file change by other user?)');
      sim.checkLock(vm, flag(params, 'skiplock'));
      const task = sim.tasks.start({ node, type: 'qmconfig', id: String(vmid), user: userid, action: { kind: 'qmconfig', node, vmid, params, userid } });
      const delay = num(params, 'background_delay');
      if (!delay) return task.upid;
      const deadline = sim.now() + delay * 1000;
      while (sim.now() < deadline && task.status === 'running') {
        await new Promise((r) => setTimeout(r, 50));
        sim.tasks.tick();
      }
      if (task.status === 'running') return task.upid;
      if (task.exitstatus !== 'OK' && !task.exitstatus?.startsWith('WARNINGS')) fail(task.exitstatus ?? 'task failed');
      return null;
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/pending',
    proxyToNode: true,
    params: { node: NODE, vmid: VMID },
    handler: ({ sim, params }) => {
      const vm = sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid'));
      const current = sim.configWithMeta(vm, true);
      const keys = new Set([...Object.keys(current), ...Object.keys(vm.pending), ...vm.pendingDelete]);
      const res: Array<Record<string, string | number>> = [];
      for (const key of [...keys].sort()) {
        const e: Record<string, string | number> = { key };
        if (current[key] !== undefined) e.value = key === 'cipassword' ? '**********' : current[key];
        if (vm.pending[key] !== undefined) e.pending = vm.pending[key];
        if (vm.pendingDelete.includes(key)) e.delete = 1;
        res.push(e);
      }
      res.push({ key: 'digest', value: sim.digestOf(vm) });
      return res;
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/cloudinit',
    proxyToNode: true,
    params: { node: NODE, vmid: VMID },
    handler: ({ sim, params }) => {
      const vm = sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid'));
      const conf = effectiveConfig(vm);
      const generated = vm.generatedCloudInit ?? {};
      const keys = Object.keys(conf).filter((k) => /^(ipconfig\d+|nameserver|searchdomain|ciuser|cipassword|sshkeys|cicustom|citype|ciupgrade)$/.test(k));
      const out: Array<Record<string, string | number>> = [];
      for (const key of new Set([...keys, ...Object.keys(generated)])) {
        const e: Record<string, string | number> = { key };
        if (generated[key] !== undefined) e.value = generated[key];
        if (conf[key] !== generated[key]) {
          if (conf[key] === undefined) e.delete = 1;
          else e.pending = conf[key];
        }
        out.push(e);
      }
      return out.sort((a, b) => String(a.key).localeCompare(String(b.key)));
    },
  });

  router.add({
    method: 'PUT',
    path: '/nodes/{node}/qemu/{vmid}/cloudinit',
    proxyToNode: true,
    params: { node: NODE, vmid: VMID },
    handler: ({ sim, params }) => {
      const vm = sim.vmOn(reqStr(params, 'node'), reqNum(params, 'vmid'));
      sim.checkLock(vm, false);
      vm.generatedCloudInit = cloudInitValues(effectiveConfig(vm));
      sim.save();
      return null;
    },
  });

  router.add({
    method: 'PUT',
    path: '/nodes/{node}/qemu/{vmid}/resize',
    proxyToNode: true,
    params: {
      node: NODE,
      vmid: VMID,
      disk: { type: 'string', enum: DRIVE_KEYS_FOR_RESIZE },
      size: { type: 'string', pattern: '\\+?\\d+(\\.\\d+)?[KMGT]?' },
      digest: { type: 'string', optional: true, maxLength: 40 },
      skiplock: { type: 'boolean', optional: true },
    },
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const vmid = reqNum(params, 'vmid');
      if (flag(params, 'skiplock') && userid !== 'root@pam') throw new ParamError({ skiplock: 'Only root may use this option.' });
      sim.vmOn(node, vmid);
      const task = sim.tasks.start({
        node,
        type: 'resize',
        id: String(vmid),
        user: userid,
        action: { kind: 'resize', node, vmid, disk: reqStr(params, 'disk'), size: reqStr(params, 'size'), digest: str(params, 'digest') ?? null, skiplock: flag(params, 'skiplock') },
      });
      return task.upid;
    },
  });

  router.add({
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/template',
    proxyToNode: true,
    params: { node: NODE, vmid: VMID, disk: { type: 'string', optional: true, enum: DRIVE_KEYS_FOR_RESIZE } },
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const vmid = reqNum(params, 'vmid');
      const vm = sim.vmOn(node, vmid);
      checkConfigFlock(sim, vmid);
      sim.checkLock(vm, false);
      if (vm.config.template === '1') fail("you can't convert a template to a template");
      if (vm.status === 'running') fail("you can't convert a VM to template if VM is running");
      const task = sim.tasks.start({ node, type: 'qmtemplate', id: String(vmid), user: userid, action: { kind: 'qmtemplate', vmid } });
      return task.upid;
    },
  });

  router.add({
    method: 'DELETE',
    path: '/nodes/{node}/qemu/{vmid}',
    proxyToNode: true,
    params: { node: NODE, vmid: VMID, 'destroy-unreferenced-disks': { type: 'boolean', optional: true }, purge: { type: 'boolean', optional: true }, skiplock: { type: 'boolean', optional: true } },
    handler: ({ sim, params, userid }) => {
      const node = reqStr(params, 'node');
      const vmid = reqNum(params, 'vmid');
      if (flag(params, 'skiplock') && userid !== 'root@pam') throw new ParamError({ skiplock: 'Only root may use this option.' });
      const vm = sim.vmOn(node, vmid);
      destroyEarlyChecks(sim, vm, flag(params, 'purge'));
      const task = sim.tasks.start({
        node,
        type: 'qmdestroy',
        id: String(vmid),
        user: userid,
        action: { kind: 'qmdestroy', vmid, purge: flag(params, 'purge'), unreferenced: flag(params, 'destroy-unreferenced-disks'), skiplock: flag(params, 'skiplock') },
      });
      return task.upid;
    },
  });
}

function checkUpdateParams(p: Params): void {
  const deletes = list(p, 'delete');
  const reverts = list(p, 'revert');
  const hasValues = Object.keys(p).some((k) => !['node', 'vmid', 'digest', 'skiplock', 'delete', 'revert', 'force', 'background_delay'].includes(k));
  if (deletes.length === 0 && reverts.length === 0 && !hasValues) fail('no options specified');
  for (const opt of reverts) {
    if (!optionExists(opt)) throw new ParamError({ revert: `unknown option '${opt}'` });
    if (p[opt] !== undefined) throw new ParamError({ delete: `you can't use '-${opt}' and -revert ${opt}' at the same time` });
  }
  for (const raw of deletes) {
    const opt = raw === 'cdrom' ? 'ide2' : raw;
    if (p[opt] !== undefined) throw new ParamError({ delete: `you can't use '-${opt}' and -delete ${opt}' at the same time` });
    if (reverts.includes(opt)) throw new ParamError({ revert: `you can't use '-delete ${opt}' and -revert ${opt}' at the same time` });
    if (!optionExists(opt)) throw new ParamError({ delete: `unknown option '${opt}'` });
  }
}

function destroyEarlyChecks(sim: LabCluster, vm: VmRecord, purge: boolean): void {
  if (effectiveConfig(vm).protection === '1' || vm.config.protection === '1') fail(`can't remove VM ${vm.vmid} - protection mode enabled`);
  if (!purge && sim.state.ha[`vm:${vm.vmid}`]) fail(`unable to remove VM ${vm.vmid} - used in HA resources and purge parameter not set.`);
  if (vm.status === 'running') fail(`VM ${vm.vmid} is running - destroy failed`);
}

/** PVE's destroy_vm for templates: a base volume that linked clones still use cannot go. */
function checkBaseVolumesUnused(sim: LabCluster, node: string, conf: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(conf).filter(isDriveKey)) {
    const file = conf[key].split(',')[0];
    const ref = parseVolid(file);
    if (!ref || !sim.state.storages[ref.storage] || !/^(\d+\/)?base-\d+-/.test(ref.volname)) continue;
    if (Object.keys(volumesOf(sim.state, ref.storage, node)).some((v) => v.startsWith(`${ref.volname}/`))) throw new Error(`base volume '${file}' is still in use by linked cloned`);
  }
}

/** The keys PVE tracks for cloud-init regeneration. */
export function cloudInitValues(conf: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(conf).filter(([k]) => /^(ipconfig\d+|nameserver|searchdomain|ciuser|cipassword|sshkeys|cicustom|citype|ciupgrade)$/.test(k)));
}

export function registerQemuWorkers(sim: LabCluster): void {
  sim.tasks.register(
    'qmcreate',
    (task: TaskRecord, print) => {
      const a = task.action as unknown as { vmid: number; values: Record<string, string>; pool: string | null; start: boolean };
      const vm = sim.findVm(a.vmid);
      if (!vm) throw new Error(`unable to create VM ${a.vmid} - config file vanished`);
      try {
        const drives = Object.fromEntries(Object.entries(a.values).filter(([k]) => isDriveKey(k)));
        const others = Object.fromEntries(Object.entries(a.values).filter(([k]) => !isDriveKey(k)));
        const created = createDisks(sim, vm.node, a.vmid, drives, print);
        const conf: Record<string, string> = { ...others, ...created.values };
        if (conf.cipassword !== undefined && !conf.cipassword.startsWith('$')) conf.cipassword = `$5$lab$${Buffer.from(conf.cipassword).toString('base64')}`;
        if (!conf.boot) conf.boot = defaultBootOrder(conf);
        if (!conf.smbios1) conf.smbios1 = `uuid=${randomUUID()}`;
        if (!conf.vmgenid || conf.vmgenid === '1') conf.vmgenid = randomUUID();
        if (conf.vmgenid === '0') delete conf.vmgenid;
        if (conf.tags !== undefined) conf.tags = normaliseTags(conf.tags);
        conf.meta = `creation-qemu=${QEMU_VERSION},ctime=${Math.floor(sim.now() / 1000)}`;
        vm.config = conf;
        vm.generatedCloudInit = cloudInitValues(conf);
        if (a.pool && sim.state.pools[a.pool] && !sim.state.pools[a.pool].vms.includes(a.vmid)) sim.state.pools[a.pool].vms.push(a.vmid);
      } catch (err) {
        delete sim.state.vms[String(a.vmid)];
        const msg = err instanceof PropertyStringError ? err.describe() : (err as Error).message;
        throw new Error(`unable to create VM ${a.vmid} - ${msg}`);
      }
      if (a.start) {
        print('Execute autostart');
        bootVm(sim, vm);
      }
      return undefined;
    },
    (task) => {
      const a = task.action as unknown as { vmid: number };
      const vm = sim.findVm(a.vmid);
      if (vm?.config.lock === 'create') delete sim.state.vms[String(a.vmid)];
    },
  );

  sim.tasks.register('qmconfig', (task: TaskRecord, print) => {
    const a = task.action as unknown as { node: string; vmid: number; params: Params; userid: string };
    updateVm(sim, a.node, a.vmid, { params: a.params, userid: a.userid }, print);
    return undefined;
  });

  sim.tasks.register('resize', (task: TaskRecord) => {
    const a = task.action as unknown as { node: string; vmid: number; disk: string; size: string; digest: string | null; skiplock: boolean };
    const vm = sim.vmOn(a.node, a.vmid);
    checkConfigFlock(sim, a.vmid);
    if (a.digest && a.digest !== sim.digestOf(vm)) throw new Error('checksum mismatch (file change by other user?)');
    sim.checkLock(vm, a.skiplock);
    const value = vm.config[a.disk];
    if (!value) throw new Error(`disk '${a.disk}' does not exist`);
    const drive = parseDrive(a.disk, value);
    if (!drive.file || drive.file === 'none') throw new Error(`disk '${a.disk}' has no associated volume`);
    if (isCdrom(drive)) throw new Error("you can't resize a cdrom");
    const ref = parseVolid(drive.file);
    const vol = ref ? findVolume(sim.state, vm.node, ref) : undefined;
    if (!vol) throw new Error(`Could not determine current size of volume '${drive.file}'`);
    const m = /^(\+)?(.*)$/.exec(a.size);
    const amount = parseSize(m?.[2] ?? '') ?? 0;
    const newSize = m?.[1] ? vol.size + amount : amount;
    if (newSize < vol.size) throw new Error('shrinking disks is not supported');
    if (newSize === vol.size) return undefined;
    if (sim.faults.storageFull(ref?.storage ?? '', vm.node)) throw new Error(`lvextend 'pve/${ref?.volname}' error:   Insufficient free space: 1 extents needed, but only 0 available`);
    vol.size = newSize;
    drive.size = formatSize(newSize);
    vm.config[a.disk] = printDrive(a.disk, drive);
    return undefined;
  });

  sim.tasks.register('qmtemplate', (task: TaskRecord) => {
    const a = task.action as unknown as { vmid: number };
    const vm = sim.findVm(a.vmid);
    if (!vm) throw new Error(`Configuration file 'nodes/${task.node}/qemu-server/${a.vmid}.conf' does not exist`);
    for (const { key, volid } of ownedVolumes(vm.config, vm.vmid)) {
      if (/^unused/.test(key)) continue;
      const ref = parseVolid(volid);
      if (!ref) continue;
      const vols = volumesOf(sim.state, ref.storage, vm.node);
      const vol = vols[ref.volname];
      if (!vol || ref.volname.includes('cloudinit')) continue;
      const base = ref.volname.replace(/vm-(\d+)-disk-/, 'base-$1-disk-');
      delete vols[ref.volname];
      vols[base] = { ...vol, volname: base };
      vm.config[key] = vm.config[key].replace(volid, `${ref.storage}:${base}`);
    }
    vm.config.template = '1';
    return undefined;
  });

  sim.tasks.register('qmdestroy', (task: TaskRecord, print) => {
    const a = task.action as unknown as { vmid: number; purge: boolean; unreferenced: boolean; skiplock: boolean };
    const vm = sim.findVm(a.vmid);
    if (!vm) throw new Error(`Configuration file 'nodes/${task.node}/qemu-server/${a.vmid}.conf' does not exist`);
    destroyEarlyChecks(sim, vm, a.purge);
    checkConfigFlock(sim, vm.vmid);
    sim.checkLock(vm, a.skiplock);
    const conf = { ...vm.config, ...vm.pending };
    if (conf.template === '1') checkBaseVolumesUnused(sim, vm.node, conf);
    for (const { volid } of ownedVolumes(conf, vm.vmid)) {
      const ref = parseVolid(volid);
      if (ref && freeVolume(sim.state, vm.node, ref)) print(`  Logical volume "${ref.volname}" successfully removed.`);
    }
    if (a.unreferenced) {
      for (const [storage, def] of Object.entries(sim.state.storages)) {
        if (!def.content.includes('images')) continue;
        const vols = volumesOf(sim.state, storage, vm.node);
        for (const [name, v] of Object.entries(vols)) if (v.vmid === vm.vmid && v.content === 'images') delete vols[name];
      }
    }
    for (const pool of Object.values(sim.state.pools)) pool.vms = pool.vms.filter((id) => id !== vm.vmid);
    delete sim.state.firewall.vms[String(vm.vmid)];
    if (a.purge) {
      print(`purging VM ${vm.vmid} from related configurations..`);
      if (sim.state.ha[`vm:${vm.vmid}`]) {
        delete sim.state.ha[`vm:${vm.vmid}`];
        print(`NOTE: removed VM ${vm.vmid} from HA resource configuration.`);
      }
    }
    delete sim.state.vms[String(vm.vmid)];
    sim.emitPowerOff({ vmid: vm.vmid, node: vm.node, reason: 'destroy' });
    return undefined;
  });
}
