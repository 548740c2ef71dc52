import { importImage, runTask, startLab, talosVmBody, type Lab } from './support';

describe('pools and firewall', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
    await importImage(lab.api);
    expect((await runTask(lab.api, 'POST', '/nodes/pve1/qemu', talosVmBody(700))).exitstatus).toBe('OK');
  });
  afterAll(() => lab.sim.close());

  it('manages pools and their members like PVE 8.1+ (`?poolid=`)', async () => {
    await lab.api.data('POST', '/pools', { params: { poolid: 'talos', comment: 'cluster a' } });
    expect((await lab.api.call('POST', '/pools', { params: { poolid: 'talos' } })).statusText).toBe("create pool failed: pool 'talos' already exists");
    await lab.api.data('PUT', '/pools?poolid=talos', { params: { vms: '700' } });
    expect((await lab.api.call('PUT', '/pools', { params: { poolid: 'talos', vms: '700' } })).statusText).toBe('update pools failed: VM 700 is already a pool member');
    expect(await lab.api.data('GET', '/pools')).toEqual([{ poolid: 'talos', comment: 'cluster a' }]);
    const pool = await lab.api.data<Array<{ members: Array<Record<string, unknown>> }>>('GET', '/pools', { params: { poolid: 'talos' } });
    expect(pool[0].members).toEqual([expect.objectContaining({ id: 'qemu/700', type: 'qemu', vmid: 700, node: 'pve1', status: 'stopped' })]);
    expect((await lab.api.data<Array<Record<string, unknown>>>('GET', '/cluster/resources', { params: { type: 'vm' } }))[0].pool).toBe('talos');
    expect((await lab.api.call('DELETE', '/pools', { params: { poolid: 'talos' } })).statusText).toBe("delete pool failed: pool 'talos' is not empty (contains VM 700)");
    await lab.api.data('PUT', '/pools', { params: { poolid: 'talos', vms: '700', delete: 1 } });
    await lab.api.data('DELETE', '/pools', { params: { poolid: 'talos' } });
    const gone = await lab.api.call('GET', '/pools', { params: { poolid: 'talos' } });
    expect([gone.status, gone.statusText]).toEqual([500, "pool 'talos' does not exist"]);
  });

  it('stores cluster firewall options with numbers and a digest', async () => {
    await lab.api.data('PUT', '/cluster/firewall/options', { params: { enable: 1, ebtables: 1, policy_in: 'DROP', policy_out: 'ACCEPT', log_ratelimit: 'enable=1,burst=5,rate=1/second' } });
    const opts = await lab.api.data<Record<string, unknown>>('GET', '/cluster/firewall/options');
    expect(opts).toEqual({ enable: 1, ebtables: 1, policy_in: 'DROP', policy_out: 'ACCEPT', log_ratelimit: 'enable=1,burst=5,rate=1/second', digest: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const stale = await lab.api.call('PUT', '/cluster/firewall/options', { params: { enable: 0, digest: '0'.repeat(40) } });
    expect(stale.statusText).toBe('detected modified configuration - file changed by other user? Try again.');
  });

  it('inserts VM rules at position 0 (the provider posts them in reverse) and reads single rules with a string pos', async () => {
    await lab.api.data('POST', '/cluster/firewall/groups', { params: { group: 'talos-cp', comment: 'control plane' } });
    await lab.api.data('POST', '/cluster/firewall/groups/talos-cp', { params: { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '6443', enable: 1 } });
    const rules = [
      { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '50000', comment: 'talos api', enable: 1 },
      { type: 'group', action: 'talos-cp', enable: 1 },
    ];
    for (const r of [...rules].reverse()) await lab.api.data('POST', '/nodes/pve1/qemu/700/firewall/rules', { params: r });
    const list = await lab.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/qemu/700/firewall/rules');
    expect(list.map((r) => [r.pos, r.type, r.action])).toEqual([
      [0, 'in', 'ACCEPT'],
      [1, 'group', 'talos-cp'],
    ]);
    const one = await lab.api.data<Record<string, unknown>>('GET', '/nodes/pve1/qemu/700/firewall/rules/0');
    expect(one).toEqual({ pos: '0', type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '50000', comment: 'talos api', enable: 1, digest: expect.any(String) });
    expect((await lab.api.call('GET', '/nodes/pve1/qemu/700/firewall/rules/5')).statusText).toBe('no rule at position 5');
    await lab.api.data('PUT', '/nodes/pve1/qemu/700/firewall/rules/1', { params: { moveto: 0 } });
    expect((await lab.api.data<Array<Record<string, unknown>>>('GET', '/nodes/pve1/qemu/700/firewall/rules'))[0].type).toBe('group');
    const badGroup = await lab.api.call('POST', '/nodes/pve1/qemu/700/firewall/rules', { params: { type: 'group', action: 'nope' } });
    expect(badGroup.body?.errors).toEqual({ action: "security group 'nope' does not exist" });
    await lab.api.data('PUT', '/nodes/pve1/qemu/700/firewall/options', { params: { enable: 1, dhcp: 1, policy_in: 'DROP' } });
    expect(await lab.api.data('GET', '/nodes/pve1/qemu/700/firewall/options')).toEqual({ enable: 1, dhcp: 1, policy_in: 'DROP', digest: expect.any(String) });
  });

  it('drops the VM firewall config with the VM', async () => {
    expect((await runTask(lab.api, 'DELETE', '/nodes/pve1/qemu/700', { purge: 1 })).exitstatus).toBe('OK');
    expect((await lab.api.call('GET', '/nodes/pve1/qemu/700/firewall/rules')).statusText).toBe("Configuration file 'nodes/pve1/qemu-server/700.conf' does not exist");
    expect(lab.sim.snapshot().firewall.vms).toEqual({});
  });
});
