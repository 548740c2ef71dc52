import { importImage, runTask, sleep, startLab, talosVmBody, type Lab } from './support';

describe('Linux bridges and VLANs (pending until the node network is reloaded)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
    await importImage(lab.api);
  });
  afterAll(() => lab.sim.close());

  it('keeps a new bridge pending with a changes diff, and VMs cannot use it before the reload', async () => {
    await lab.api.data('POST', '/nodes/pve1/network', {
      params: { iface: 'vmbr1', type: 'bridge', cidr: '10.20.0.1/24', autostart: 1, mtu: 1500, comments: 'talos', bridge_vlan_aware: 1, bridge_vids: '2-4094' },
    });
    await lab.api.data('POST', '/nodes/pve1/network', { params: { iface: 'vmbr1.30', type: 'vlan', cidr: '10.30.0.1/24', autostart: 1 } });
    const res = await lab.api.call<Array<Record<string, unknown>>>('GET', '/nodes/pve1/network');
    expect(res.body?.changes).toContain('+iface vmbr1 inet static');
    const br = res.body?.data.find((i) => i.iface === 'vmbr1');
    expect(br).toEqual({
      iface: 'vmbr1',
      type: 'bridge',
      address: '10.20.0.1',
      netmask: '24',
      cidr: '10.20.0.1/24',
      autostart: 1,
      mtu: '1500',
      comments: 'talos',
      bridge_vlan_aware: 1,
      bridge_vids: '2-4094',
      families: ['inet'],
      method: 'static',
      method6: 'manual',
      priority: expect.any(Number),
    });
    expect(res.body?.data.find((i) => i.iface === 'vmbr1.30')).toMatchObject({ type: 'vlan', 'vlan-raw-device': 'vmbr1', 'vlan-id': '30' });
    const dup = await lab.api.call('POST', '/nodes/pve1/network', { params: { iface: 'vmbr1', type: 'bridge' } });
    expect([dup.status, dup.body?.errors]).toEqual([400, { iface: 'interface already exists' }]);

    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu', talosVmBody(200, { bridge: 'vmbr1', ip: '10.20.0.11/24' }))).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/200/status/start')).exitstatus).toBe("bridge 'vmbr1' does not exist");

    const reload = await runTask(lab.api, 'PUT', '/nodes/pve1/network');
    expect(reload.upid).toContain(':srvreload:networking:');
    expect(reload.exitstatus).toBe('OK');
    const after = await lab.api.call<Array<Record<string, unknown>>>('GET', '/nodes/pve1/network');
    expect(after.body?.changes).toBeUndefined();
    expect(after.body?.data.find((i) => i.iface === 'vmbr1')?.active).toBe(1);
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu/200/status/start')).exitstatus).toBe('OK');
    // Only pve1 got the bridge.
    expect((await lab.api.data<Array<{ iface: string }>>('GET', '/nodes/pve2/network')).map((i) => i.iface)).toEqual(['eno1', 'vmbr0']);
  });

  it('reverts pending changes with DELETE /nodes/{node}/network and deletes interfaces after a reload', async () => {
    await lab.api.data('PUT', '/nodes/pve1/network/vmbr1', { params: { type: 'bridge', comments: 'changed', delete: 'mtu' } });
    expect((await lab.api.call('GET', '/nodes/pve1/network')).body?.changes).toBeDefined();
    await lab.api.data('DELETE', '/nodes/pve1/network');
    const reverted = await lab.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/network');
    expect(reverted.find((i) => i.iface === 'vmbr1')).toMatchObject({ comments: 'talos', mtu: '1500' });
    const missing = await lab.api.call('DELETE', '/nodes/pve1/network/vmbr9');
    expect([missing.status, missing.body?.errors]).toEqual([400, { iface: 'interface does not exist' }]);
    await lab.api.data('DELETE', '/nodes/pve1/network/vmbr1.30');
    expect((await runTask(lab.api, 'PUT', '/nodes/pve1/network')).exitstatus).toBe('OK');
    expect((await lab.api.data<Array<{ iface: string }>>('GET', '/nodes/pve1/network')).map((i) => i.iface)).toEqual(['eno1', 'vmbr0', 'vmbr1']);
  });
});

describe('SDN (pending until PUT /cluster/sdn)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
    await importImage(lab.api, 'pve2');
  });
  afterAll(() => lab.sim.close());

  it('shows new objects as pending, applies them with a reloadnetworkall task, then VMs can use the vnet', async () => {
    await lab.api.data('POST', '/cluster/sdn/zones', { params: { zone: 'talos', type: 'simple', ipam: 'pve', dhcp: 'dnsmasq', nodes: 'pve2,pve1', mtu: 1450 } });
    await lab.api.data('POST', '/cluster/sdn/vnets', { params: { vnet: 'tnet', zone: 'talos', alias: 'talos nodes' } });
    await lab.api.data('POST', '/cluster/sdn/vnets/tnet/subnets', {
      params: { subnet: '10.50.0.0/24', type: 'subnet', gateway: '10.50.0.1', snat: 1, 'dhcp-range': 'start-address=10.50.0.100,end-address=10.50.0.200' },
    });

    const zone = await lab.api.data<Record<string, unknown>>('GET', '/cluster/sdn/zones/talos', { params: { pending: 1 } });
    expect(zone).toEqual({ zone: 'talos', type: 'simple', state: 'new', pending: { ipam: 'pve', dhcp: 'dnsmasq', nodes: 'pve1,pve2', mtu: 1450 }, digest: null });
    const plain = await lab.api.data<Record<string, unknown>>('GET', '/cluster/sdn/zones/talos');
    expect(plain).toMatchObject({ zone: 'talos', type: 'simple', ipam: 'pve', nodes: 'pve1,pve2', mtu: 1450, digest: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect((await lab.api.call('GET', '/cluster/sdn/zones/talos', { params: { running: 1 } })).statusText).toBe("sdn 'talos' does not exist");
    const subnets = await lab.api.data<Array<Record<string, unknown>>>('GET', '/cluster/sdn/vnets/tnet/subnets');
    expect(subnets).toEqual([
      expect.objectContaining({
        subnet: 'talos-10.50.0.0-24',
        cidr: '10.50.0.0/24',
        network: '10.50.0.0',
        mask: '24',
        zone: 'talos',
        vnet: 'tnet',
        type: 'subnet',
        gateway: '10.50.0.1',
        snat: 1,
        'dhcp-range': [{ 'start-address': '10.50.0.100', 'end-address': '10.50.0.200' }],
      }),
    ]);

    const body = talosVmBody(300, { bridge: 'tnet' });
    body.ipconfig0 = 'ip=dhcp';
    expect((await runTask(lab.api, 'POST', '/nodes/pve2/qemu', body)).exitstatus).toBe('OK');
    expect((await runTask(lab.api, 'POST', '/nodes/pve2/qemu/300/status/start')).exitstatus).toBe("bridge 'tnet' does not exist");

    const apply = await runTask(lab.api, 'PUT', '/cluster/sdn');
    expect(apply.upid).toMatch(/:reloadnetworkall::root@pam!lab:$/);
    expect(apply.exitstatus).toBe('OK');
    expect(await lab.api.data('GET', '/cluster/sdn/zones/talos', { params: { pending: 1 } })).toEqual({
      zone: 'talos',
      type: 'simple',
      ipam: 'pve',
      dhcp: 'dnsmasq',
      nodes: 'pve1,pve2',
      mtu: 1450,
      digest: null,
    });
    expect(await lab.api.data('GET', '/cluster/resources', { params: { type: 'sdn' } })).toEqual([
      { id: 'sdn/pve1/talos', type: 'sdn', sdn: 'talos', node: 'pve1', status: 'ok' },
      { id: 'sdn/pve2/talos', type: 'sdn', sdn: 'talos', node: 'pve2', status: 'ok' },
    ]);

    expect((await runTask(lab.api, 'POST', '/nodes/pve2/qemu/300/status/start')).exitstatus).toBe('OK');
    await sleep(150);
    const ifaces = await lab.api.data<{ result: Array<{ name: string; 'ip-addresses': Array<{ 'ip-address': string; 'ip-address-type': string }> }> }>(
      'GET',
      '/nodes/pve2/qemu/300/agent/network-get-interfaces',
    );
    const v4 = ifaces.result[1]['ip-addresses'].find((a) => a['ip-address-type'] === 'ipv4')?.['ip-address'] ?? '';
    const host = Number(v4.split('.')[3]);
    expect(v4.startsWith('10.50.0.')).toBe(true);
    expect(host).toBeGreaterThanOrEqual(100);
    expect(host).toBeLessThanOrEqual(200);
  });

  it('shows changes and deletions as pending until applied, with PVE error texts', async () => {
    await lab.api.data('PUT', '/cluster/sdn/zones/talos', { params: { mtu: 1400, delete: ['dhcp'] } });
    expect(await lab.api.data('GET', '/cluster/sdn/zones/talos', { params: { pending: 1 } })).toMatchObject({ state: 'changed', mtu: 1450, dhcp: 'dnsmasq', pending: { mtu: 1400, dhcp: 'deleted' } });
    const used = await lab.api.call('DELETE', '/cluster/sdn/zones/talos');
    expect([used.status, used.statusText]).toEqual([500, 'zone talos is used by vnet tnet']);
    const gw = await lab.api.call('POST', '/cluster/sdn/vnets/tnet/subnets', { params: { subnet: '10.60.0.0/24', type: 'subnet', gateway: '10.61.0.1' } });
    expect(gw.body?.errors).toEqual({ gateway: '10.61.0.1 is not in subnet 10.60.0.0/24' });
    const dup = await lab.api.call('POST', '/cluster/sdn/zones', { params: { zone: 'talos', type: 'simple' } });
    expect(dup.statusText).toBe("sdn zone object ID 'talos' already defined");
    const stale = await lab.api.call('PUT', '/cluster/sdn/vnets/tnet', { params: { alias: 'x', digest: 'f'.repeat(40) } });
    expect(stale.statusText).toBe('detected modified configuration - file changed by other user? Try again.');

    await lab.api.data('DELETE', '/cluster/sdn/vnets/tnet/subnets/talos-10.50.0.0-24');
    await lab.api.data('DELETE', '/cluster/sdn/vnets/tnet');
    expect(await lab.api.data('GET', '/cluster/sdn/vnets/tnet', { params: { pending: 1 } })).toMatchObject({ vnet: 'tnet', state: 'deleted' });
    expect((await lab.api.call('GET', '/cluster/sdn/vnets/tnet')).statusText).toBe("sdn 'tnet' does not exist");
    await lab.api.data('DELETE', '/cluster/sdn/zones/talos');
    expect((await runTask(lab.api, 'PUT', '/cluster/sdn')).exitstatus).toBe('OK');
    expect(await lab.api.data('GET', '/cluster/sdn/zones', { params: { pending: 1 } })).toEqual([]);
  });
});
