import type { VmBootEvent } from '../../../lab/proxmox/cluster';
import { parseVolid } from '../../../lab/proxmox/domain/storage';
import { GiB } from '../../../lab/proxmox/domain/sizes';
import { importImage, runTask, startLab, talosVmBody, type Lab } from './support';

type Conf = Record<string, string | number>;

const uuidOf = (smbios: unknown) => /uuid=([0-9a-f-]{36})/.exec(String(smbios))?.[1];
const macOf = (net: unknown) => /^virtio=([0-9A-F:]{17})/.exec(String(net))?.[1];

describe('VM clone and templates over HTTPS', () => {
  let lab: Lab;
  const boots: VmBootEvent[] = [];
  const config = (node: string, vmid: number) => lab.api.data<Conf>('GET', `/nodes/${node}/qemu/${vmid}/config`);

  beforeAll(async () => {
    lab = await startLab({
      // A shared images storage (as NFS/Ceph would be) for cross-node clones; slow clones to observe locks.
      cluster: {
        storages: {
          local: { type: 'dir', path: '/var/lib/vz', content: ['import', 'iso'], shared: false, totalBytes: 100 * GiB },
          'local-lvm': { type: 'lvmthin', content: ['images'], shared: false, totalBytes: 500 * GiB },
          shared: { type: 'nfs', path: '/mnt/pve/shared', content: ['images'], shared: true, totalBytes: 500 * GiB },
        },
      },
      timings: { taskMsByType: { qmclone: 400 } },
    });
    lab.sim.onBoot((e) => {
      boots.push(e);
    });
    await importImage(lab.api);
    await lab.api.data('POST', '/pools', { params: { poolid: 'lab' } });
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu', talosVmBody(200, { name: 'talos-template' }))).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/200/template')).exitstatus).toBe('OK');
  });
  afterAll(() => lab.sim.close());

  it('a template has base volumes, shows template=1 and cannot start', async () => {
    const conf = await config('pve1', 200);
    expect(conf).toMatchObject({ template: 1, scsi0: expect.stringMatching(/^local-lvm:base-200-disk-1,/), efidisk0: expect.stringMatching(/^local-lvm:base-200-disk-0,/) });
    expect(conf.ide2).toBe('local-lvm:vm-200-cloudinit,media=cdrom');
    const start = await runTask(lab.api, 'POST', '/nodes/pve1/qemu/200/status/start');
    expect(start.exitstatus).toBe("you can't start a vm if it's a template");
    expect((await lab.api.data<{ status: string; template: number }>('GET', '/nodes/pve1/qemu/200/status/current')).template).toBe(1);
    const again = await lab.api.call('POST', '/nodes/pve1/qemu/200/template');
    expect([again.status, again.statusText]).toEqual([500, "you can't convert a template to a template"]);
  });

  it('clones a template: linked by default, concurrent clones allowed, the new VMID locked `clone` until done', async () => {
    const linked = await lab.api.data<string>('POST', '/nodes/pve1/qemu/200/clone', { params: { newid: 201, name: 'lab-cp-4', pool: 'lab', description: 'by CAPMOX' } });
    expect(linked).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:200:root@pam!lab:$/);
    expect(await config('pve1', 201)).toEqual({ lock: 'clone', digest: expect.stringMatching(/^[0-9a-f]{40}$/) });
    // A stopped source is held by a shared lock: a second clone runs at the same time (go-proxmox sends JSON, as CAPMOX does).
    const full = await lab.api.data<string>('POST', '/nodes/pve1/qemu/200/clone', { params: { newid: 202, name: 'lab-worker-3', full: 1, storage: 'local-lvm', format: 'qcow2' }, json: true });
    // ... but changing the template waits for the lock and times out.
    const edit = await lab.api.call('PUT', '/nodes/pve1/qemu/200/config', { params: { description: 'x' } });
    expect([edit.status, edit.statusText]).toEqual([500, "can't lock file '/var/lock/qemu-server/lock-200.conf' - got timeout"]);
    expect((await runTask(lab.api, 'DELETE', '/nodes/pve1/qemu/201')).exitstatus).toBe('VM is locked (clone)');

    const l = await lab.api.waitForTask(linked);
    expect(l.exitstatus).toBe('OK');
    expect(l.log).toContain('create linked clone of drive scsi0 (local-lvm:base-200-disk-1)');
    expect((await lab.api.waitForTask(full)).exitstatus).toBe('OK');

    const source = await config('pve1', 200);
    const a = await config('pve1', 201);
    expect(a.lock).toBeUndefined();
    expect(a.template).toBeUndefined();
    expect(a).toMatchObject({ name: 'lab-cp-4', description: 'by CAPMOX', cores: 2, memory: '4096', bios: 'ovmf', boot: 'order=scsi0;net0' });
    expect(a.scsi0).toMatch(/^local-lvm:base-200-disk-1\/vm-201-disk-1,.*size=/);
    expect(a.efidisk0).toMatch(/^local-lvm:base-200-disk-0\/vm-201-disk-0,/);
    expect(a.ide2).toBe('local-lvm:vm-201-cloudinit,media=cdrom');
    // A new machine: new SMBIOS UUID (other SMBIOS fields kept), MAC and vmgenid.
    expect(a.smbios1).toMatch(/^base64=1,uuid=/);
    expect(uuidOf(a.smbios1)).not.toBe(uuidOf(source.smbios1));
    expect(macOf(a.net0)).toMatch(/^BC:24:11:/);
    expect(macOf(a.net0)).not.toBe(macOf(source.net0));
    expect(a.vmgenid).not.toBe(source.vmgenid);
    const b = await config('pve1', 202);
    expect(b.name).toBe('lab-worker-3');
    // Full clone onto LVM-thin: its own raw volumes (qcow2 is not an LVM format, PVE falls back to raw).
    expect(b.scsi0).toMatch(/^local-lvm:vm-202-disk-\d,/);
    expect(uuidOf(b.smbios1)).not.toBe(uuidOf(a.smbios1));
    const pool = await lab.api.data<Array<{ members: Array<{ id: string }> }>>('GET', '/pools', { params: { poolid: 'lab' } });
    expect(pool[0].members.map((m) => m.id)).toEqual(['qemu/201']);
    const resources = await lab.api.data<Array<Record<string, unknown>>>('GET', '/cluster/resources', { params: { type: 'vm' } });
    expect(resources.map((r) => [r.vmid, r.template, r.name])).toEqual([
      [200, 1, 'talos-template'],
      [201, 0, 'lab-cp-4'],
      [202, 0, 'lab-worker-3'],
    ]);
  });

  it('a clone boots with its own identity', async () => {
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/201/status/start')).exitstatus).toBe('OK');
    const a = await config('pve1', 201);
    expect(boots.at(-1)).toMatchObject({ vmid: 201, name: 'lab-cp-4', smbiosUuid: uuidOf(a.smbios1), interfaces: [expect.objectContaining({ mac: macOf(a.net0) })] });
  });

  it('refuses what PVE refuses, before forking', async () => {
    const cases: Array<[Record<string, string | number>, number, string]> = [
      [{ newid: 201 }, 500, 'unable to create VM 201: config file already exists'],
      [{ newid: 200 }, 500, 'unable to create VM 200: config file already exists'],
      [{ newid: 203, target: 'pve2' }, 500, "can't clone VM to node 'pve2' (VM uses local storage)"],
      [{ newid: 203, target: 'pve2', storage: 'local-lvm', full: 1 }, 500, "can't clone to non-shared storage 'local-lvm'"],
      [{ newid: 203, target: 'pve9' }, 500, "no such cluster node 'pve9'"],
      [{ newid: 203, storage: 'shared', full: 0 }, 500, "parameter 'storage' not allowed for linked clones"],
      [{ newid: 203, format: 'qcow2' }, 500, "parameter 'format' not allowed for linked clones"],
      [{ newid: 203, pool: 'nopool' }, 500, "pool 'nopool' does not exist"],
      [{ newid: 203, storage: 'nosuch', full: 1 }, 500, "storage 'nosuch' does not exist"],
      [{ newid: 203, snapname: 'before' }, 500, "snapshot 'before' does not exist"],
    ];
    for (const [params, status, text] of cases) {
      const r = await lab.api.call('POST', '/nodes/pve1/qemu/200/clone', { params });
      expect([params, r.status, r.statusText]).toEqual([params, status, text]);
    }
    const missing = await lab.api.call('POST', '/nodes/pve1/qemu/200/clone', { params: { name: 'x' } });
    expect([missing.status, missing.body?.errors]).toEqual([400, { newid: 'property is missing and it is not optional' }]);
    // A normal VM has no base volumes: only full clones.
    const linkedFromVm = await lab.api.call('POST', '/nodes/pve1/qemu/202/clone', { params: { newid: 203, full: 0 } });
    expect(linkedFromVm.statusText).toBe("Linked clone feature is not supported for drive 'efidisk0'");
    // A running source is locked exclusively: a second clone of it times out on the lock.
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/202/status/start')).exitstatus).toBe('OK');
    const first = await lab.api.data<string>('POST', '/nodes/pve1/qemu/202/clone', { params: { newid: 203 } });
    const second = await lab.api.call('POST', '/nodes/pve1/qemu/202/clone', { params: { newid: 204 } });
    expect(second.statusText).toBe("can't lock file '/var/lock/qemu-server/lock-202.conf' - got timeout");
    const done = await lab.api.waitForTask(first);
    expect(done.exitstatus).toBe('OK');
    expect(done.log).toContain('create full clone of drive scsi0 (local-lvm:vm-202-disk-1)');
    expect(await config('pve1', 203)).toMatchObject({ name: 'Copy-of-VM-lab-worker-3' });
  });

  it('a failed clone leaves no VM and no volume behind', async () => {
    const before = lab.sim.inventory().images;
    const fault = lab.sim.addFault({ kind: 'storage-full', storage: 'local-lvm', node: 'pve1' });
    const r = await runTask(lab.api, 'POST', '/nodes/pve1/qemu/200/clone', { newid: 205, full: 1 });
    fault.remove();
    expect(r.exitstatus).toMatch(/^clone failed: lvcreate .* Insufficient free space/);
    expect((await lab.api.call('GET', '/nodes/pve1/qemu/205/config')).statusText).toBe("Configuration file 'nodes/pve1/qemu-server/205.conf' does not exist");
    expect(lab.sim.inventory().images).toEqual(before);
  });

  it('clones across nodes when the disks are on shared storage', async () => {
    const body = talosVmBody(300, { name: 'shared-template' });
    for (const k of ['efidisk0', 'ide2', 'scsi0']) body[k] = String(body[k]).replace('local-lvm:', 'shared:');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu', body)).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/300/template')).exitstatus).toBe('OK');
    const r = await runTask(lab.api, 'POST', '/nodes/pve1/qemu/300/clone', { newid: 301, name: 'lab-worker-4', target: 'pve2', full: 1, storage: 'shared' });
    expect(r.exitstatus).toBe('OK');
    expect((await lab.api.call('GET', '/nodes/pve1/qemu/301/config')).statusText).toBe("Configuration file 'nodes/pve1/qemu-server/301.conf' does not exist");
    const conf = await config('pve2', 301);
    // The source's format is kept on a file storage.
    expect(conf.scsi0).toMatch(/^shared:301\/vm-301-disk-\d\.qcow2,/);
    expect((await runTask(lab.api, 'POST', '/nodes/pve2/qemu/301/status/start')).exitstatus).toBe('OK');
    expect(boots.at(-1)).toMatchObject({ vmid: 301, node: 'pve2' });
  });

  it('keeps a template whose base volumes linked clones use; destroys it once they are gone', async () => {
    const blocked = await runTask(lab.api, 'DELETE', '/nodes/pve1/qemu/200', { purge: 1 });
    expect(blocked.exitstatus).toBe("base volume 'local-lvm:base-200-disk-0' is still in use by linked cloned");
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/201/status/stop')).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'DELETE', '/nodes/pve1/qemu/201', { purge: 1 })).exitstatus).toBe('OK');
    expect(lab.sim.inventory().images.filter((v) => v.includes('vm-201-'))).toEqual([]);
    expect((await runTask(lab.api, 'DELETE', '/nodes/pve1/qemu/200', { purge: 1 })).exitstatus).toBe('OK');
    expect(
      lab.sim
        .inventory()
        .images.map((v) => parseVolid(v)?.volname)
        .filter((v) => v?.includes('-200-')),
    ).toEqual([]);
  });
});
