import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PveClient } from '../../../lab/proxmox/client';
import { importImage, runTask, startLab, talosVmBody, tempDir } from './support';

describe('state persisted across simulator processes', () => {
  const tmp = tempDir('pve-lab-state-');
  afterAll(() => tmp.cleanup());

  it('a restarted simulator on the same state file sees the same cluster, CA, credentials and tasks', async () => {
    const stateFile = join(tmp.dir, 'pve.json');
    const first = await startLab({ stateFile, cluster: { nodes: ['alpha', 'beta'] } });
    await importImage(first.api, 'beta');
    await first.api.data('POST', '/pools', { params: { poolid: 'talos' } });
    const create = await runTask(first.api, 'POST', '/nodes/beta/qemu', talosVmBody(500, { pool: 'talos' }));
    expect(create.exitstatus).toBe('OK');
    expect((await runTask(first.api, 'POST', '/nodes/beta/qemu/500/status/start')).exitstatus).toBe('OK');
    await first.api.data('POST', '/cluster/sdn/zones', { params: { zone: 'z1', type: 'simple' } });
    const ticketClient = new PveClient(first.sim.url, first.sim.caPem, { kind: 'none' });
    await ticketClient.login(first.sim.credentials.username, first.sim.credentials.password);
    // A task still running when the process stops finishes after the restart.
    const pendingStop = await first.api.data<string>('POST', '/nodes/beta/qemu/500/status/stop');
    const caPem = first.sim.caPem;
    const credentials = first.sim.credentials;
    await first.sim.close();

    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${stateFile}.ca.pem`, 'utf8')).toBe(caPem);

    const second = await startLab({ stateFile });
    try {
      expect(second.sim.caPem).toBe(caPem);
      expect(second.sim.credentials).toEqual(credentials);
      expect(await second.api.data('GET', '/nodes')).toEqual([expect.objectContaining({ node: 'alpha' }), expect.objectContaining({ node: 'beta' })]);
      expect((await second.api.waitForTask(pendingStop)).exitstatus).toBe('OK');
      expect((await second.api.data<{ status: string }>('GET', '/nodes/beta/qemu/500/status/current')).status).toBe('stopped');
      expect((await second.api.data<Record<string, unknown>>('GET', '/nodes/beta/qemu/500/config')).name).toBe('talos-500');
      expect((await second.api.waitForTask(create.upid)).exitstatus).toBe('OK');
      expect(await second.api.data('GET', '/pools', { params: { poolid: 'talos' } })).toEqual([
        { poolid: 'talos', members: [expect.objectContaining({ id: 'qemu/500', vmid: 500, node: 'beta', type: 'qemu' })] },
      ]);
      expect(await second.api.data('GET', '/cluster/sdn/zones', { params: { pending: 1 } })).toEqual([expect.objectContaining({ zone: 'z1', state: 'new' })]);
      // The ticket issued by the first process is still valid (same auth key).
      const reuse = new PveClient(second.sim.url, second.sim.caPem, ticketClient.auth);
      expect((await reuse.call('GET', '/version')).status).toBe(200);
      // Destroy from the second process.
      expect((await runTask(second.api, 'DELETE', '/nodes/beta/qemu/500', { purge: 1 })).exitstatus).toBe('OK');
      expect(second.sim.inventory()).toMatchObject({ vms: [], images: [], pools: ['talos'] });
    } finally {
      await second.sim.close();
    }
  });

  it('refuses a state file whose nodes differ from the requested ones', async () => {
    const stateFile = join(tmp.dir, 'nodes.json');
    const lab = await startLab({ stateFile, cluster: { nodes: ['pve1'] } });
    await lab.sim.close();
    await expect(startLab({ stateFile, cluster: { nodes: ['pve1', 'pve2'] } })).rejects.toThrow(`${stateFile}: holds nodes pve1 but pve1,pve2 were requested; use another state file`);
  });
});
