import { join } from 'node:path';
import { PveClient } from '../../../lab/proxmox/client';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../../lab/proxmox/simulator';
import { tempDir } from './support';
import { assertToolsPresent, networkBreadthConfig, TerraformRunner } from './terraform-support';

jest.setTimeout(600_000);

describe('real terraform + bpg/proxmox: SDN, VLAN and firewall resources against the simulator', () => {
  const tmp = tempDir('pve-lab-tfnet-');
  let sim: ProxmoxSimulator;
  let tf: TerraformRunner;

  beforeAll(async () => {
    assertToolsPresent();
    sim = await startProxmoxSimulator({ stateFile: join(tmp.dir, 'state', 'pve.json'), timings: { taskMs: 150, agentBootMs: 300, authFailureDelayMs: 0 } });
    tf = new TerraformRunner(tmp.dir, sim);
    tf.writeConfig(networkBreadthConfig());
    const init = await tf.run('init', '-input=false');
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
  });

  afterAll(async () => {
    await sim?.close();
    tmp.cleanup();
  });

  it('applies, re-plans empty and destroys', async () => {
    const apply = await tf.run('apply', '-auto-approve', '-input=false');
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toContain('Apply complete! Resources: 8 added, 0 changed, 0 destroyed.');
    const state = sim.snapshot();
    expect(Object.keys(state.sdn.running.subnets)).toEqual(['talos-10.50.0.0-24']);
    expect(state.network.pve1.running['eno1.30']).toMatchObject({ type: 'vlan', 'vlan-raw-device': 'eno1', 'vlan-id': '30', cidr: '10.30.0.2/24' });
    expect(state.firewall.cluster.rules.map((r) => [r.type, r.action])).toEqual([
      ['group', 'talos-cp'],
      ['in', 'ACCEPT'],
    ]);

    const plan = await tf.run('plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);

    const destroy = await tf.run('destroy', '-auto-approve', '-input=false');
    expect(destroy.stderr).toBe('');
    expect(destroy.stdout).toContain('Destroy complete! Resources: 8 destroyed.');
    // The applier is destroyed (and applies) before the SDN objects it depends on are deleted, so
    // PVE's running SDN config still has them, shown as pending deletions, until the next apply.
    expect(sim.inventory()).toMatchObject({ vnets: ['tnet'], zones: ['talos'], interfaces: [] });
    const api = new PveClient(sim.url, sim.caPem, { kind: 'token', apiToken: sim.credentials.apiToken });
    expect(await api.data('GET', '/cluster/sdn/vnets/tnet', { params: { pending: 1 } })).toMatchObject({ state: 'deleted' });
    await api.waitForTask(await api.data<string>('PUT', '/cluster/sdn'));
    expect(sim.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
    expect(sim.snapshot().firewall.cluster.rules).toEqual([]);
    expect(sim.snapshot().firewall.groups).toEqual({});
  });
});
