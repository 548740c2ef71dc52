import { importImage, runTask, startLab, talosVmBody, type Lab } from './support';

describe('fault injection', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
    await importImage(lab.api);
  });
  afterEach(() => lab.sim.clearFaults());
  afterAll(() => lab.sim.close());

  it('fails a create task with the injected error and leaves no VM behind, so a re-run converges', async () => {
    const fault = lab.sim.addFault({ kind: 'task-error', match: { type: 'qmcreate' }, message: 'unable to create VM 600 - lvcreate error', times: 1 });
    const failed = await runTask(lab.api, 'POST', '/nodes/pve1/qemu', talosVmBody(600));
    expect(failed.exitstatus).toBe('unable to create VM 600 - lvcreate error');
    expect(failed.log.at(-1)).toBe('TASK ERROR: unable to create VM 600 - lvcreate error');
    expect(fault.fired()).toBe(1);
    expect((await lab.api.call('GET', '/nodes/pve1/qemu/600/config')).statusText).toContain('does not exist');
    expect(lab.sim.inventory().images).toEqual([]);
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu', talosVmBody(600))).exitstatus).toBe('OK');
  });

  it('answers a request with an injected HTTP error a limited number of times', async () => {
    lab.sim.addFault({
      kind: 'http-error',
      match: { method: 'GET', path: /\/qemu\/600\/config$/ },
      status: 500,
      message: "can't lock file '/var/lock/qemu-server/lock-600.conf' - got timeout",
      times: 2,
    });
    const a = await lab.api.call('GET', '/nodes/pve1/qemu/600/config');
    const b = await lab.api.call('GET', '/nodes/pve1/qemu/600/config');
    const c = await lab.api.call('GET', '/nodes/pve1/qemu/600/config');
    expect([a.status, a.statusText, a.body?.message]).toEqual([
      500,
      "can't lock file '/var/lock/qemu-server/lock-600.conf' - got timeout",
      "can't lock file '/var/lock/qemu-server/lock-600.conf' - got timeout\n",
    ]);
    expect(b.status).toBe(500);
    expect(c.status).toBe(200);
  });

  it('delays or drops requests to simulate timeouts', async () => {
    lab.sim.addFault({ kind: 'timeout', match: { path: '/version' }, delayMs: 400, times: 1 });
    const t0 = Date.now();
    expect((await lab.api.call('GET', '/version')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    lab.sim.addFault({ kind: 'timeout', match: { path: '/nodes' }, times: 1 });
    await expect(lab.api.call('GET', '/nodes', { timeoutMs: 300 })).rejects.toThrow('request timed out: GET /nodes');
  });

  it('reports a VM lock held by another operation (backup) on config changes, start and destroy', async () => {
    const lock = lab.sim.addFault({ kind: 'vm-lock', vmid: 600, lock: 'backup' });
    expect((await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/600/config')).lock).toBe('backup');
    expect((await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/600/status/current')).lock).toBe('backup');
    expect((await lab.api.call('PUT', '/nodes/pve1/qemu/600/config', { params: { cores: 4 } })).statusText).toBe('VM is locked (backup)');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/600/status/start')).exitstatus).toBe('VM is locked (backup)');
    expect((await runTask(lab.api, 'DELETE', '/nodes/pve1/qemu/600')).exitstatus).toBe('VM is locked (backup)');
    lock.remove();
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/600/status/start')).exitstatus).toBe('OK');
  });

  it('fails allocations on a full storage with the storage backend error', async () => {
    lab.sim.addFault({ kind: 'storage-full', storage: 'local-lvm' });
    const status = (await lab.api.data<Array<Record<string, number | string>>>('GET', '/nodes/pve1/storage')).find((s) => s.storage === 'local-lvm');
    expect(status?.avail).toBe(0);
    const create = await runTask(lab.api, 'POST', '/nodes/pve1/qemu', talosVmBody(601));
    expect(create.exitstatus).toMatch(/^unable to create VM 601 - lvcreate 'pve\/vm-601-disk-0' error: {3}Insufficient free space: \d+ extents needed, but only 0 available$/);
    expect((await lab.api.call('GET', '/nodes/pve1/qemu/601/config')).status).toBe(500);
    lab.sim.clearFaults();
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu', talosVmBody(601))).exitstatus).toBe('OK');
  });

  it('keeps a task running while a task-hang fault is active', async () => {
    const hang = lab.sim.addFault({ kind: 'task-hang', match: { type: 'qmstop', id: '600' } });
    const upid = await lab.api.data<string>('POST', '/nodes/pve1/qemu/600/status/stop');
    await new Promise((r) => setTimeout(r, 250));
    expect((await lab.api.data<{ status: string }>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`)).status).toBe('running');
    hang.remove();
    expect((await lab.api.waitForTask(upid)).exitstatus).toBe('OK');
  });
});
