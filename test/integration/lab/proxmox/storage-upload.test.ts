/**
 * `POST …/storage/{storage}/upload` (multipart, as go-proxmox sends CAPMOX's bootstrap ISO) and a
 * VM booting with the uploaded NoCloud seed on a cdrom: the boot hook and the guest agent see the
 * addresses its network-config gives the VM's MAC.
 */
import { createHash } from 'node:crypto';
import type { VmBootEvent } from '../../../lab/proxmox/cluster';
import { writeIsoImage } from '../../../support/iso-image';
import { importImage, runTask, sleep, startLab, type Lab } from './support';

const seedIso = (mac: string, ip: string): Buffer =>
  writeIsoImage({
    volumeId: 'cidata',
    rockRidge: true,
    joliet: true,
    files: {
      'meta-data': 'instance-id: 6c3fa683-bef9-4425-b413-eaa45a9d6191\nlocal-hostname: lab-md-0-x\n',
      'user-data': 'version: v1alpha1\nmachine:\n  type: worker\n',
      'network-config': `network:\n  version: 2\n  ethernets:\n    eth0:\n      match:\n        macaddress: ${mac}\n      addresses: ['${ip}']\n      routes:\n        - { to: 0.0.0.0/0, via: 10.0.0.1 }\n      nameservers:\n        addresses: ['10.0.0.1']\n`,
    },
  });

describe('storage upload and NoCloud seeds', () => {
  let lab: Lab;
  const boots: VmBootEvent[] = [];
  const upload = (bytes: Buffer, fields: Record<string, string>, name = 'user-data-101.iso', field = 'filename') =>
    lab.api.call<string>('POST', '/nodes/pve1/storage/local/upload', { multipart: { fields, file: { field, name, bytes } } });

  beforeAll(async () => {
    lab = await startLab();
    lab.sim.onBoot((e) => void boots.push(e));
  });
  afterAll(() => lab.sim.close());

  it('copies the file in an imgcopy task (empty task ID) and lists it as an ISO', async () => {
    const iso = seedIso('BC:24:11:00:00:01', '10.0.0.51/24');
    const res = await upload(iso, { content: 'iso' });
    expect(res.status).toBe(200);
    const upid = res.body?.data as string;
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:imgcopy::root@pam!lab:$/);
    const task = await lab.api.waitForTask(upid);
    expect(task.exitstatus).toBe('OK');
    expect(task.log).toEqual(expect.arrayContaining(['target file: /var/lib/vz/template/iso/user-data-101.iso', `file size is: ${iso.length}`, 'finished file import successfully']));
    const content = await lab.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/storage/local/content', { params: { content: 'iso' } });
    expect(content).toEqual([{ volid: 'local:iso/user-data-101.iso', content: 'iso', format: 'iso', size: iso.length, ctime: expect.any(Number) }]);
    // Local storage: only the node it was copied to has it.
    expect(await lab.api.data('GET', '/nodes/pve2/storage/local/content', { params: { content: 'iso' } })).toEqual([]);
  });

  it('overwrites a file of the same name, verifies a checksum, and refuses what PVE refuses', async () => {
    const iso = seedIso('BC:24:11:00:00:02', '10.0.0.52/24');
    const sha = createHash('sha256').update(iso).digest('hex');
    const again = await upload(iso, { content: 'iso', 'checksum-algorithm': 'sha256', checksum: sha });
    expect((await lab.api.waitForTask(again.body?.data as string)).exitstatus).toBe('OK');
    const [listed] = await lab.api.data<Array<{ size: number }>>('GET', '/nodes/pve1/storage/local/content', { params: { content: 'iso' } });
    expect(listed.size).toBe(iso.length);

    const mismatch = await upload(iso, { content: 'iso', 'checksum-algorithm': 'sha256', checksum: '0'.repeat(64) }, 'other.iso');
    const failed = await lab.api.waitForTask(mismatch.body?.data as string);
    expect(failed.exitstatus).toBe(`checksum mismatch: got '${sha}' != expect '${'0'.repeat(64)}'`);

    const wrongField = await upload(iso, { content: 'iso' }, 'a.iso', 'file');
    expect([wrongField.status, wrongField.body?.errors]).toEqual([400, { filename: "wrong field name 'file' for file upload, expected 'filename'" }]);
    const wrongExt = await upload(iso, { content: 'iso' }, 'seed.txt');
    expect([wrongExt.status, wrongExt.body?.errors]).toEqual([400, { filename: 'wrong file extension' }]);
    const blockStorage = await lab.api.call('POST', '/nodes/pve1/storage/local-lvm/upload', { multipart: { fields: { content: 'iso' }, file: { field: 'filename', name: 'a.iso', bytes: iso } } });
    expect([blockStorage.status, blockStorage.statusText]).toEqual([500, "can't upload to storage type 'lvmthin'"]);
    const noFile = await lab.api.call('POST', '/nodes/pve1/storage/local/upload', { params: { content: 'iso', filename: 'a.iso' } });
    expect([noFile.status, noFile.statusText]).toEqual([500, 'missing temporary file name']);
    // The file name is normalised as PVE does.
    const odd = await upload(iso, { content: 'iso' }, '../x y.iso');
    expect((await lab.api.waitForTask(odd.body?.data as string)).exitstatus).toBe('OK');
    expect((await lab.api.data<Array<{ volid: string }>>('GET', '/nodes/pve1/storage/local/content', { params: { content: 'iso' } })).map((v) => v.volid)).toContain('local:iso/x_y.iso');
  });

  it('a VM booting with the seed on a cdrom gets its network-config address (boot hook and guest agent)', async () => {
    const image = await importImage(lab.api);
    const created = await runTask(lab.api, 'POST', '/nodes/pve1/qemu', {
      vmid: 101,
      name: 'lab-md-0-x',
      memory: 2048,
      agent: 'enabled=1',
      scsi0: `local-lvm:0,import-from=${image}`,
      net0: 'virtio=BC:24:11:00:00:02,bridge=vmbr0',
      boot: 'order=scsi0;net0',
    });
    expect(created.exitstatus).toBe('OK');
    // CAPMOX's attach: the seed on ide0 and appended to the boot order.
    const attached = await runTask(lab.api, 'POST', '/nodes/pve1/qemu/101/config', { ide0: 'local:iso/user-data-101.iso,media=cdrom', boot: 'order=scsi0;net0;ide0' });
    expect(attached.exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/101/status/start')).exitstatus).toBe('OK');

    const boot = boots.find((b) => b.vmid === 101);
    expect(boot?.interfaces).toEqual([expect.objectContaining({ index: 0, mac: 'BC:24:11:00:00:02', ip: '10.0.0.52/24', gw: '10.0.0.1' })]);
    expect(boot?.nameservers).toEqual(['10.0.0.1']);
    expect(boot?.noCloud).toMatchObject({ volid: 'local:iso/user-data-101.iso', userData: 'version: v1alpha1\nmachine:\n  type: worker\n' });
    expect(boot?.noCloud?.metaData).toContain('local-hostname: lab-md-0-x');

    await sleep(150); // the agent answers agentBootMs after boot
    const agent = await lab.api.data<{ result: Array<{ name: string; 'ip-addresses': Array<{ 'ip-address': string; prefix: number }> }> }>('GET', '/nodes/pve1/qemu/101/agent/network-get-interfaces');
    expect(agent.result.find((i) => i.name === 'eth0')?.['ip-addresses']).toEqual(expect.arrayContaining([{ 'ip-address': '10.0.0.52', 'ip-address-type': 'ipv4', prefix: 24 }]));

    // In use by the VM: the ISO cannot be deleted until it is detached.
    await runTask(lab.api, 'POST', '/nodes/pve1/qemu/101/config', { ide0: 'none,media=cdrom' });
    const del = await runTask(lab.api, 'DELETE', '/nodes/pve1/storage/local/content/local:iso/user-data-101.iso');
    expect(del.exitstatus).toBe('OK');
  });
});
