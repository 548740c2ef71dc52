import type { VmBootEvent } from '../../../lab/proxmox/cluster';
import { importImage, runTask, sleep, startLab, talosVmBody, type Lab } from './support';

describe('VM lifecycle over HTTPS', () => {
  let lab: Lab;
  const boots: VmBootEvent[] = [];
  beforeAll(async () => {
    lab = await startLab();
    lab.sim.onBoot((e) => {
      boots.push(e);
    });
    await importImage(lab.api);
  });
  afterAll(() => lab.sim.close());

  it('creates a VM asynchronously: locked `create` config first, then PVE-formatted keys', async () => {
    const upid = await lab.api.data<string>('POST', '/nodes/pve1/qemu', { params: talosVmBody(100) });
    expect(upid).toMatch(/^UPID:pve1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmcreate:100:root@pam!lab:$/);
    // Registered before the UPID was returned, and the VM is already visible and locked.
    expect((await lab.api.data<{ status: string }>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`)).status).toBe('running');
    const locked = await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/100/config');
    expect(locked).toEqual({ lock: 'create', digest: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const resources = await lab.api.data<Array<Record<string, unknown>>>('GET', '/cluster/resources', { params: { type: 'vm' } });
    expect(resources).toEqual([expect.objectContaining({ id: 'qemu/100', type: 'qemu', vmid: 100, node: 'pve1', status: 'stopped', lock: 'create' })]);
    const busy = await lab.api.call('PUT', '/nodes/pve1/qemu/100/config', { params: { cores: 4 } });
    expect([busy.status, busy.statusText]).toEqual([500, 'VM is locked (create)']);

    const result = await lab.api.waitForTask(upid);
    expect(result.exitstatus).toBe('OK');
    expect(result.log.at(-1)).toBe('TASK OK');
    const conf = await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/100/config');
    expect(conf).toMatchObject({
      name: 'talos-100',
      cores: 2,
      sockets: 1,
      memory: '4096',
      balloon: 0,
      onboot: 1,
      acpi: 1,
      numa: 0,
      cpu: 'host',
      bios: 'ovmf',
      machine: 'q35',
      ostype: 'l26',
      agent: 'enabled=1,fstrim_cloned_disks=0,type=virtio',
      boot: 'order=scsi0;net0',
      ipconfig0: 'gw=10.0.0.1,ip=10.0.0.11/24',
      nameserver: '1.1.1.1 8.8.8.8',
      searchdomain: 'lab.local',
      tags: 'control-plane;talos',
      smbios1: 'base64=1,uuid=5e1b9a52-7b38-4a5e-9f1c-0f6f4c1d2a11',
      efidisk0: 'local-lvm:vm-100-disk-0,efitype=4m,pre-enrolled-keys=0,size=4M',
      ide2: 'local-lvm:vm-100-cloudinit,media=cdrom',
    });
    expect(conf.lock).toBeUndefined();
    expect(String(conf.scsi0)).toMatch(/^local-lvm:vm-100-disk-1,aio=io_uring,backup=1,cache=none,discard=on,iothread=1,replicate=1,size=\d+M,ssd=1$/);
    expect(String(conf.net0)).toMatch(/^virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},bridge=vmbr0,firewall=0$/);
    expect(String(conf.vmgenid)).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(conf.meta)).toMatch(/^creation-qemu=[\d.]+,ctime=\d+$/);
    // The lvmthin volumes have no format= key; the provider asks the storage.
    expect(await lab.api.data('GET', `/nodes/pve1/storage/local-lvm/content/${encodeURIComponent('local-lvm:vm-100-disk-1')}`)).toMatchObject({ format: 'raw', path: '/dev/pve/vm-100-disk-1' });
  });

  it('resizes like PVE: grow in a task, equal is a no-op, shrinking fails the task', async () => {
    expect((await runTask(lab.api, 'PUT', '/nodes/pve1/qemu/100/resize', { disk: 'scsi0', size: 21474836480 })).exitstatus).toBe('OK');
    expect(String((await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/100/config')).scsi0)).toContain('size=20G');
    expect((await runTask(lab.api, 'PUT', '/nodes/pve1/qemu/100/resize', { disk: 'scsi0', size: '20G' })).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'PUT', '/nodes/pve1/qemu/100/resize', { disk: 'scsi0', size: '10G' })).exitstatus).toBe('shrinking disks is not supported');
    expect((await runTask(lab.api, 'PUT', '/nodes/pve1/qemu/100/resize', { disk: 'scsi0', size: '+1G' })).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'PUT', '/nodes/pve1/qemu/100/resize', { disk: 'scsi3', size: '+1G' })).exitstatus).toBe("disk 'scsi3' does not exist");
  });

  it('checks digests and applies config changes of a stopped VM at once', async () => {
    const conf = await lab.api.data<{ digest: string }>('GET', '/nodes/pve1/qemu/100/config');
    const stale = await lab.api.call('PUT', '/nodes/pve1/qemu/100/config', { params: { cores: 3, digest: 'a'.repeat(40) } });
    expect([stale.status, stale.statusText]).toEqual([500, 'checksum mismatch (file change by other user?)']);
    expect((await lab.api.call('PUT', '/nodes/pve1/qemu/100/config', { params: { cores: 3, description: 'cp', digest: conf.digest } })).raw).toBe('{"data":null}');
    const after = await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/100/config');
    expect(after).toMatchObject({ cores: 3, description: 'cp' });
    expect(after.digest).not.toBe(conf.digest);
    expect(await lab.api.data('GET', '/nodes/pve1/qemu/100/pending')).toEqual(expect.not.arrayContaining([expect.objectContaining({ pending: expect.anything() })]));
    const empty = await lab.api.call('PUT', '/nodes/pve1/qemu/100/config');
    expect([empty.status, empty.statusText]).toEqual([500, 'no options specified']);
    const badDelete = await lab.api.call('PUT', '/nodes/pve1/qemu/100/config', { params: { delete: 'nosuchkey' } });
    expect(badDelete.status).toBe(400);
    expect(badDelete.body?.errors).toEqual({ delete: "unknown option 'nosuchkey'" });
  });

  it('starts the VM: boot hook with the cloud-init IP, then the guest agent reports it', async () => {
    const early = await lab.api.call('GET', '/nodes/pve1/qemu/100/agent/network-get-interfaces');
    expect(early.statusText).toBe('VM 100 is not running');
    const start = await runTask(lab.api, 'POST', '/nodes/pve1/qemu/100/status/start', { timeout: 1800 });
    expect(start.exitstatus).toBe('OK');
    expect(boots).toEqual([
      expect.objectContaining({
        vmid: 100,
        node: 'pve1',
        name: 'talos-100',
        nameservers: ['1.1.1.1', '8.8.8.8'],
        searchdomain: 'lab.local',
        smbiosUuid: '5e1b9a52-7b38-4a5e-9f1c-0f6f4c1d2a11',
        tags: ['control-plane', 'talos'],
      }),
    ]);
    expect(boots[0].interfaces).toEqual([expect.objectContaining({ index: 0, ip: '10.0.0.11/24', gw: '10.0.0.1', bridge: 'vmbr0', mac: expect.stringMatching(/^BC:24:11:/) })]);
    // The drives the guest sees (the Talos simulator derives its Disk resources from them): the resized ssd disk and the cloud-init cdrom.
    expect(boots[0].drives).toEqual([
      { key: 'ide2', bytes: expect.any(Number), cdrom: true, ssd: false, readonly: false },
      { key: 'scsi0', bytes: 21 * 1024 ** 3, cdrom: false, ssd: true, readonly: false },
    ]);
    const status = await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/100/status/current');
    expect(status).toMatchObject({ vmid: 100, status: 'running', qmpstatus: 'running', agent: 1, cpus: 3, maxmem: 4096 * 1024 ** 2, pid: expect.any(Number) });
    const again = await runTask(lab.api, 'POST', '/nodes/pve1/qemu/100/status/start');
    expect(again.exitstatus).toBe('VM 100 already running');
    await sleep(150);
    const ifaces = await lab.api.data<{ result: Array<{ name: string; 'ip-addresses': Array<{ 'ip-address': string }> }> }>('GET', '/nodes/pve1/qemu/100/agent/network-get-interfaces');
    expect(ifaces.result.map((i) => i.name)).toEqual(['lo', 'eth0']);
    expect(ifaces.result[1]['ip-addresses'][0]['ip-address']).toBe('10.0.0.11');
    expect(await lab.api.data('POST', '/nodes/pve1/qemu/100/agent/ping')).toEqual({ result: {} });
  });

  it('keeps non-hotpluggable changes of a running VM pending until reboot', async () => {
    await lab.api.data('PUT', '/nodes/pve1/qemu/100/config', { params: { cores: 4, ipconfig0: 'gw=10.0.0.1,ip=10.0.0.21/24', onboot: 0 } });
    const pending = await lab.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/qemu/100/pending');
    expect(pending).toContainEqual({ key: 'cores', value: '3', pending: '4' });
    expect(pending).toContainEqual({ key: 'onboot', value: '0' });
    expect((await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/100/config')).cores).toBe(4);
    expect((await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/100/config', { params: { current: 1 } })).cores).toBe(3);
    const ci = await lab.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/qemu/100/cloudinit');
    expect(ci).toContainEqual({ key: 'ipconfig0', value: 'gw=10.0.0.1,ip=10.0.0.11/24', pending: 'gw=10.0.0.1,ip=10.0.0.21/24' });
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/100/status/reboot', { timeout: 60 })).exitstatus).toBe('OK');
    expect((await lab.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/qemu/100/pending')).some((e) => e.pending !== undefined)).toBe(false);
    expect(boots.at(-1)?.interfaces[0].ip).toBe('10.0.0.21/24');
  });

  it('refuses to destroy a running VM, and after a purge destroy the VM stops answering', async () => {
    const running = await lab.api.call('DELETE', '/nodes/pve1/qemu/100', { params: { purge: 1 } });
    expect([running.status, running.body?.message]).toEqual([500, 'VM 100 is running - destroy failed\n']);
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/100/status/shutdown', { forceStop: 1, timeout: 60 })).exitstatus).toBe('OK');
    expect((await lab.api.data<{ status: string }>('GET', '/nodes/pve1/qemu/100/status/current')).status).toBe('stopped');
    const destroy = await runTask(lab.api, 'DELETE', '/nodes/pve1/qemu/100', { purge: 1, 'destroy-unreferenced-disks': 1 });
    expect(destroy.exitstatus).toBe('OK');
    const gone = await lab.api.call('GET', '/nodes/pve1/qemu/100/status/current');
    expect([gone.status, gone.statusText]).toEqual([500, "Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist"]);
    expect(lab.sim.inventory().images).toEqual([]);
    expect(await lab.api.data('GET', '/cluster/resources', { params: { type: 'vm' } })).toEqual([]);
  });

  it('keeps VMIDs unique cluster-wide and answers nextid like PVE', async () => {
    await importImage(lab.api, 'pve2');
    expect(await lab.api.data('GET', '/cluster/nextid')).toBe('100');
    expect((await runTask(lab.api, 'POST', '/nodes/pve2/qemu', talosVmBody(100, { ip: '10.0.0.12/24' }))).exitstatus).toBe('OK');
    const dup = await lab.api.call('POST', '/nodes/pve1/qemu', { params: talosVmBody(100) });
    expect([dup.status, dup.statusText]).toEqual([500, "unable to create VM 100 - VM 100 already exists on node 'pve2'"]);
    expect(await lab.api.data('GET', '/cluster/nextid')).toBe('101');
    const taken = await lab.api.call('GET', '/cluster/nextid', { params: { vmid: 100 } });
    expect([taken.status, taken.body?.errors]).toEqual([400, { vmid: 'VM 100 already exists' }]);
    expect(await lab.api.data('GET', '/cluster/nextid', { params: { vmid: 105 } })).toBe('105');
    // Reading the VM through the wrong node fails as PVE's load_config does.
    expect((await lab.api.call('GET', '/nodes/pve1/qemu/100/config')).statusText).toBe("Configuration file 'nodes/pve1/qemu-server/100.conf' does not exist");
  });

  it('offers the async config variant (qmconfig task) and background_delay', async () => {
    const upid = await lab.api.data<string>('POST', '/nodes/pve2/qemu/100/config', { params: { description: 'async' } });
    expect(upid).toContain(':qmconfig:100:');
    expect((await lab.api.waitForTask(upid)).exitstatus).toBe('OK');
    expect(await lab.api.data('POST', '/nodes/pve2/qemu/100/config', { params: { description: 'sync-ish', background_delay: 5 } })).toBeNull();
    expect((await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve2/qemu/100/config')).description).toBe('sync-ish');
  });

  it('answers PVE error shapes for bad input, unknown nodes and unknown paths', async () => {
    const bad = await lab.api.call('POST', '/nodes/pve1/qemu', { params: { vmid: 'abc', cores: 0, foo: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.statusText).toBe('Parameter verification failed.');
    expect(bad.body).toEqual({
      data: null,
      errors: {
        vmid: "type check ('integer') failed - got 'abc'",
        cores: 'value must have a minimum value of 1',
        foo: 'property is not defined in schema and the schema does not allow additional properties',
      },
      message: 'Parameter verification failed.\n',
    });
    const node = await lab.api.call('GET', '/nodes/pve9/qemu');
    expect([node.status, node.statusText]).toEqual([500, "hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known"]);
    const path = await lab.api.call('GET', '/nodes/pve1/nonexistent');
    expect([path.status, path.statusText]).toEqual([501, "Method 'GET /nodes/pve1/nonexistent' not implemented"]);
    const task = await lab.api.call('GET', '/nodes/pve1/tasks/UPID:pve1:0000FFFF:00100000:6700AA01:qmstart:100:root@pam:/status');
    expect([task.status, task.body?.errors]).toEqual([400, { upid: 'no such task' }]);
  });

  it('counts API calls per route in the request log', () => {
    const log = lab.sim.requests();
    expect(log.filter((e) => e.method === 'POST' && e.route === '/nodes/{node}/qemu').length).toBeGreaterThanOrEqual(3);
    expect(log.every((e) => e.params.password === undefined || e.params.password === '**********')).toBe(true);
    expect(log.some((e) => e.route === '/nodes/{node}/tasks/{upid}/status' && e.status === 200)).toBe(true);
  });
});
