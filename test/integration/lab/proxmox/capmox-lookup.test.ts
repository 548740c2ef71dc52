/**
 * What CAPMOX v0.9.0 reads through go-proxmox v0.6.0 while it adopts or schedules machines:
 * node status by name, `/cluster/resources`, `/cluster/nextid` (a JSON string), the node's VM and
 * container lists, and how PVE answers for nodes that do not exist or are down.
 */
import { runTask, importImage, startLab, talosVmBody, type Lab } from './support';

type Entry = Record<string, unknown>;

const GIB = 1024 ** 3;

describe('the look-ups CAPMOX (go-proxmox) makes', () => {
  let lab: Lab;
  // The simulator's clock runs ahead by `skew` ms, so a test can let guest uptimes pass without sleeping.
  let skew = 0;
  const resources = (type?: string) => lab.api.data<Entry[]>('GET', '/cluster/resources', { params: type ? { type } : {} });

  beforeAll(async () => {
    lab = await startLab({ clock: () => Date.now() + skew });
    await importImage(lab.api);
    await lab.api.data('POST', '/pools', { params: { poolid: 'capi' } });
    // A tagged template (CAPMOX's templateSelector) and a running machine in a pool (an adopted node).
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu', { ...talosVmBody(1000, { name: 'talos-template' }), tags: 'talos;v1.13.0' })).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/1000/template')).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu', talosVmBody(101, { name: 'lab-cp-0', pool: 'capi' }))).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/101/status/start')).exitstatus).toBe('OK');
  });
  afterAll(() => lab.sim.close());

  it('GET /nodes/{node}/status answers by node name with PVE 9 fields and types', async () => {
    const st = await lab.api.data<Entry>('GET', '/nodes/pve1/status');
    expect(Object.keys(st).sort()).toEqual(['boot-info', 'cpu', 'cpuinfo', 'current-kernel', 'idle', 'ksm', 'kversion', 'loadavg', 'memory', 'pveversion', 'rootfs', 'swap', 'uptime', 'wait']);
    expect(st).toMatchObject({ cpu: expect.any(Number), wait: expect.any(Number), idle: 0, uptime: expect.any(Number), pveversion: expect.stringMatching(/^pve-manager\/9\.\d+\.\d+\/[0-9a-f]+$/) });
    expect(st.loadavg).toEqual([expect.stringMatching(/^\d+\.\d+$/), expect.stringMatching(/^\d+\.\d+$/), expect.stringMatching(/^\d+\.\d+$/)]);
    // read_cpuinfo: counts are numbers, mhz and hvm are regex captures (strings)
    expect(st.cpuinfo).toMatchObject({
      cpus: expect.any(Number),
      cores: expect.any(Number),
      sockets: expect.any(Number),
      user_hz: 100,
      mhz: expect.stringMatching(/^\d+\.\d+$/),
      hvm: '1',
      model: expect.any(String),
    });
    const mem = st.memory as Record<string, number>;
    expect(mem.total).toBe(64 * GIB);
    expect(mem.used + mem.available).toBe(mem.total);
    const rootfs = st.rootfs as Record<string, number>;
    expect(rootfs.used + rootfs.free).toBe(rootfs.total);
    expect(st['current-kernel']).toMatchObject({ sysname: 'Linux', machine: 'x86_64' });
    expect(String(st.kversion)).toContain(String((st['current-kernel'] as Entry).release));

    // The node's memory counts its running guests; the same node in /nodes and /cluster/resources agrees.
    const idle = (await lab.api.data<Entry>('GET', '/nodes/pve2/status')).memory as Record<string, number>;
    expect(mem.used).toBeGreaterThan(idle.used);
    const listed = (await lab.api.data<Entry[]>('GET', '/nodes')).find((n) => n.node === 'pve1');
    const node = (await resources('node')).find((n) => n.node === 'pve1');
    expect(listed?.mem).toBe(mem.used);
    expect(node?.mem).toBe(mem.used);
    expect(Math.abs(Number(node?.uptime) - Number(st.uptime))).toBeLessThanOrEqual(1);
  });

  it('an empty node name collapses to /nodes/status, which PVE resolves as node "status" (500 hostname lookup)', async () => {
    // go-proxmox builds /nodes/%s/status; CAPMOX passes "" when a machine has no known node yet.
    for (const path of ['/nodes//status', '/nodes/status']) {
      const r = await lab.api.call('GET', path);
      expect([r.status, r.statusText]).toEqual([500, "hostname lookup 'status' failed - failed to get address info for: status: Name or service not known"]);
    }
    const unknown = await lab.api.call('GET', '/nodes/pve9/status');
    expect([unknown.status, unknown.body?.message]).toEqual([500, "hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known\n"]);
  });

  it('/cluster/resources: guests with numeric vmid/maxmem/maxdisk/maxcpu, template, tags, pool; nodes; storages', async () => {
    const vms = await resources('vm');
    expect(vms.map((v) => v.vmid)).toEqual([1000, 101]); // PVE sorts the VMIDs as strings
    const [template, cp] = vms;
    expect(template).toMatchObject({
      id: 'qemu/1000',
      type: 'qemu',
      vmid: 1000,
      node: 'pve1',
      name: 'talos-template',
      status: 'stopped',
      template: 1,
      tags: 'talos;v1.13.0',
      maxmem: 4096 * 1024 ** 2,
      maxcpu: 2,
      maxdisk: expect.any(Number),
      mem: 0,
      uptime: 0,
    });
    expect(template.pool).toBeUndefined();
    expect(cp).toMatchObject({
      id: 'qemu/101',
      vmid: 101,
      name: 'lab-cp-0',
      status: 'running',
      template: 0,
      pool: 'capi',
      tags: 'control-plane;talos',
      maxmem: 4096 * 1024 ** 2,
      maxcpu: 2,
      memhost: expect.any(Number),
    });
    expect(Number(cp.maxdisk)).toBeGreaterThan(0);
    for (const v of vms) {
      for (const k of ['vmid', 'maxmem', 'maxdisk', 'maxcpu', 'mem', 'cpu', 'disk', 'uptime', 'netin', 'netout', 'diskread', 'diskwrite', 'template']) expect(typeof v[k]).toBe('number');
    }

    const nodes = await resources('node');
    expect(nodes.map((n) => n.id)).toEqual(['node/pve1', 'node/pve2', 'node/pve3']);
    expect(nodes[0]).toMatchObject({ type: 'node', node: 'pve1', status: 'online', level: '', maxcpu: 16, maxmem: 64 * GIB, maxdisk: expect.any(Number), 'cgroup-mode': 2 });
    expect(nodes[0].ssl_fingerprint).toBeUndefined(); // only GET /nodes carries it
    expect((await lab.api.data<Entry[]>('GET', '/nodes'))[0]).toMatchObject({ ssl_fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });

    const storages = await resources('storage');
    expect(storages.map((s) => s.id)).toEqual(['storage/pve1/local', 'storage/pve2/local', 'storage/pve3/local', 'storage/pve1/local-lvm', 'storage/pve2/local-lvm', 'storage/pve3/local-lvm']);
    expect(storages[0]).toMatchObject({
      type: 'storage',
      storage: 'local',
      node: 'pve1',
      status: 'available',
      plugintype: 'dir',
      shared: 0,
      content: expect.any(String),
      maxdisk: expect.any(Number),
      disk: expect.any(Number),
    });

    // Unfiltered: pools first (summing up their guests that have been up for a second or more),
    // then guests, nodes, storages.
    skew += 5000;
    const all = await resources();
    expect(all.map((e) => e.type)).toEqual(['pool', 'qemu', 'qemu', 'node', 'node', 'node', ...storages.map(() => 'storage')]);
    expect(all[0]).toMatchObject({ id: '/pool/capi', type: 'pool', pool: 'capi', maxmem: cp.maxmem, mem: cp.mem, maxcpu: cp.maxcpu });
  });

  it('/cluster/nextid answers a JSON string, honours vmid and refuses a taken one with 400', async () => {
    const next = await lab.api.call('GET', '/cluster/nextid');
    expect(next.raw).toBe('{"data":"100"}');
    expect(await lab.api.data('GET', '/cluster/nextid', { params: { vmid: 4321 } })).toBe('4321');
    for (const vmid of [101, 1000]) {
      const taken = await lab.api.call('GET', '/cluster/nextid', { params: { vmid } });
      expect([taken.status, taken.statusText, taken.body?.errors]).toEqual([400, 'Parameter verification failed.', { vmid: `VM ${vmid} already exists` }]);
    }
    const low = await lab.api.call('GET', '/cluster/nextid', { params: { vmid: 99 } });
    expect([low.status, Object.keys(low.body?.errors ?? {})]).toEqual([400, ['vmid']]);
  });

  it('GET /nodes/{node}/qemu and /nodes/{node}/lxc (the memory scheduler): VMs with maxmem, no containers', async () => {
    const qemu = await lab.api.data<Entry[]>('GET', '/nodes/pve1/qemu');
    expect(qemu.map((v) => [v.vmid, v.template ?? 0, v.maxmem])).toEqual([
      [101, 0, 4096 * 1024 ** 2],
      [1000, 1, 4096 * 1024 ** 2],
    ]);
    const lxc = await lab.api.call('GET', '/nodes/pve1/lxc');
    expect([lxc.status, lxc.raw]).toEqual([200, '{"data":[]}']);
    const unknown = await lab.api.call('GET', '/nodes/nope/lxc');
    expect([unknown.status, unknown.statusText]).toEqual([500, "hostname lookup 'nope' failed - failed to get address info for: nope: Name or service not known"]);
  });

  it('a node that is down: 595 without body for everything proxied to it, offline in the cluster views', async () => {
    const down = lab.sim.addFault({ kind: 'node-offline', node: 'pve2' });
    try {
      for (const path of ['/nodes/pve2/lxc', '/nodes/pve2/status', '/nodes/pve2/qemu']) {
        const r = await lab.api.call('GET', path);
        expect([r.status, r.statusText, r.raw]).toEqual([595, 'No route to host', '']);
      }
      expect((await lab.api.call('GET', '/nodes/pve1/lxc')).status).toBe(200);
      const nodes = await resources('node');
      expect(nodes.find((n) => n.node === 'pve2')).toEqual({
        id: 'node/pve2',
        type: 'node',
        node: 'pve2',
        status: 'offline',
        level: '',
        maxcpu: 16,
        maxmem: 64 * GIB,
        maxdisk: expect.any(Number),
        'cgroup-mode': 2,
      });
      expect((await lab.api.data<Entry[]>('GET', '/nodes')).find((n) => n.node === 'pve2')).toMatchObject({ status: 'offline', ssl_fingerprint: expect.any(String) });
      const storages = (await resources('storage')).filter((s) => s.node === 'pve2');
      expect(storages.map((s) => [s.status, s.maxdisk])).toEqual([
        ['unknown', undefined],
        ['unknown', undefined],
      ]);
      const status = await lab.api.data<Entry[]>('GET', '/cluster/status');
      expect(status.find((e) => e.name === 'pve2')).toMatchObject({ online: 0 });
      expect(status.find((e) => e.type === 'cluster')).toMatchObject({ quorate: 1 });
    } finally {
      down.remove();
    }
    expect((await lab.api.call('GET', '/nodes/pve2/lxc')).status).toBe(200);
  });

  it('guests on a node that is down keep only their identity in /cluster/resources', async () => {
    const down = lab.sim.addFault({ kind: 'node-offline', node: 'pve1', reason: 'Connection timed out' });
    try {
      const vms = await resources('vm');
      expect(vms.find((v) => v.vmid === 101)).toEqual({ id: 'qemu/101', type: 'qemu', vmid: 101, node: 'pve1', status: 'unknown', pool: 'capi', tags: 'control-plane;talos' });
      const r = await lab.api.call('GET', '/nodes/pve1/qemu/101/status/current');
      expect([r.status, r.statusText]).toEqual([595, 'Connection timed out']);
    } finally {
      down.remove();
    }
  });

  it('takes offline rules over the control API too, and refuses one for a node the cluster does not have', async () => {
    expect(() => lab.sim.addFault({ kind: 'node-offline', node: 'pve7' })).toThrow("fault.node: 'pve7' is not a cluster node (nodes: pve1, pve2, pve3)");
    expect(() => lab.sim.addFault({ kind: 'node-offline', node: 'pve1', reason: 'a\nb' })).toThrow('fault.reason');
    const bad = await lab.api.call('POST', '/_lab/faults', { params: { kind: 'node-offline', node: 'pve7' }, json: true });
    expect([bad.status, bad.body?.message]).toEqual([400, "fault.node: 'pve7' is not a cluster node (nodes: pve1, pve2, pve3)\n"]);
    expect((await lab.api.call('POST', '/_lab/faults', { params: { kind: 'node-offline', node: 'pve3', reason: 'Connection refused' }, json: true })).status).toBe(200);
    const r = await lab.api.call('GET', '/nodes/pve3/lxc');
    expect([r.status, r.statusText]).toEqual([595, 'Connection refused']);
    await lab.api.call('DELETE', '/_lab/faults');
    expect((await lab.api.call('GET', '/nodes/pve3/lxc')).status).toBe(200);
  });
});
