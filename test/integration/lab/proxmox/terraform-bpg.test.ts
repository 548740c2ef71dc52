import { join } from 'node:path';
import type { VmBootEvent } from '../../../lab/proxmox/cluster';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../../lab/proxmox/simulator';
import { TALOS_IMAGE_URL, tempDir } from './support';
import { assertToolsPresent, talosStackConfig, TerraformRunner, type StackVm } from './terraform-support';

jest.setTimeout(600_000);

const VMS: StackVm[] = [
  { key: 'cp-1', node: 'pve1', vmid: 1001, ip: '10.20.0.11', mac: 'BC:24:11:00:10:01', uuid: '5e1b9a52-7b38-4a5e-9f1c-0f6f4c1d2a11' },
  { key: 'cp-2', node: 'pve2', vmid: 1002, ip: '10.20.0.12', mac: 'BC:24:11:00:10:02', uuid: '5e1b9a52-7b38-4a5e-9f1c-0f6f4c1d2a12' },
];

describe('real terraform + bpg/proxmox 0.111.1 against the simulator', () => {
  const tmp = tempDir('pve-lab-tf-');
  let sim: ProxmoxSimulator;
  let tf: TerraformRunner;
  const boots: VmBootEvent[] = [];

  beforeAll(async () => {
    assertToolsPresent();
    sim = await startProxmoxSimulator({ stateFile: join(tmp.dir, 'state', 'pve.json'), timings: { taskMs: 200, agentBootMs: 300, authFailureDelayMs: 0 } });
    sim.onBoot((e) => {
      boots.push(e);
    });
    tf = new TerraformRunner(tmp.dir, sim);
    tf.writeConfig(talosStackConfig(VMS, TALOS_IMAGE_URL));
    const init = await tf.run('init', '-input=false');
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
  });

  afterAll(async () => {
    await sim?.close();
    tmp.cleanup();
  });

  it('applies the stack: image download, pool, bridges, VMs with imported disks booted on their cloud-init IPs', async () => {
    const apply = await tf.run('apply', '-auto-approve', '-input=false');
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 7 added, 0 changed, 0 destroyed.');
    expect(boots.map((b) => [b.vmid, b.node, b.interfaces[0].ip, b.smbiosUuid]).sort()).toEqual(VMS.map((v) => [v.vmid, v.node, `${v.ip}/24`, v.uuid]).sort());
    const inv = sim.inventory();
    expect(inv.vms).toEqual([1001, 1002]);
    expect(inv.pools).toEqual(['talos-lab']);
    expect(inv.interfaces).toEqual(['pve1:vmbr1', 'pve2:vmbr1']);
    const conf = sim.snapshot().vms['1001'].config;
    expect(conf.scsi0).toMatch(/^local-lvm:vm-1001-disk-1,aio=io_uring,backup=1,cache=none,discard=on,iothread=1,replicate=1,size=20G,ssd=1$/);
    expect(conf.net0).toBe('virtio=BC:24:11:00:10:01,bridge=vmbr1,firewall=0');
    expect(conf.ipconfig0).toBe('gw=10.20.0.1,ip=10.20.0.11/24');
    // One create per VM; every task the provider started was polled to completion.
    const log = sim.requests();
    expect(log.filter((e) => e.method === 'POST' && e.route === '/nodes/{node}/qemu').length).toBe(2);
    // PVE answers 500 while a VM's guest agent has not started yet (and status/current while a task
    // holds the VM); bpg polls until it answers. Any other 5xx, or an agent that never answered, is a defect.
    const agent = '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces';
    const answeredLater = (e: (typeof log)[number]) => log.some((x) => x.path === e.path && x.status === 200 && x.time >= e.time);
    expect(log.filter((e) => e.status >= 500 && e.route !== '/nodes/{node}/qemu/{vmid}/status/current' && !(e.route === agent && answeredLater(e)))).toEqual([]);
  });

  it('plans no changes on a second run (the simulator echoes what PVE stores)', async () => {
    const plan = await tf.run('plan', '-detailed-exitcode', '-input=false');
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('destroys everything, leaving the simulator empty', async () => {
    const destroy = await tf.run('destroy', '-auto-approve', '-input=false');
    expect(destroy.stderr).toBe('');
    expect(destroy.code).toBe(0);
    expect(destroy.stdout).toContain('Destroy complete! Resources: 7 destroyed.');
    expect(sim.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
    const volumes = Object.values(sim.snapshot().volumes).flatMap((v) => Object.keys(v));
    expect(volumes).toEqual([]);
  });

  it('surfaces an injected task failure and converges on re-run', async () => {
    const message = 'unable to create VM 1002 - lvcreate \'pve/vm-1002-disk-1\' error:   Volume group "pve" has insufficient free space (0 extents): 5120 required.';
    sim.addFault({ kind: 'task-error', match: { type: 'qmcreate', id: '1002' }, message, times: 1 });
    const failed = await tf.run('apply', '-auto-approve', '-input=false');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(message);
    expect(sim.inventory().vms).toEqual([1001]);
    const rerun = await tf.run('apply', '-auto-approve', '-input=false');
    expect(rerun.code).toBe(0);
    expect(sim.inventory().vms).toEqual([1001, 1002]);
    const plan = await tf.run('plan', '-detailed-exitcode', '-input=false');
    expect(plan.code).toBe(0);
  });

  it('lets the provider retry a task that fails with "got timeout" within one apply', async () => {
    expect((await tf.run('destroy', '-auto-approve', '-input=false', '-target=proxmox_virtual_environment_vm.cp-2')).code).toBe(0);
    sim.clearRequests();
    const fault = sim.addFault({ kind: 'task-error', match: { type: 'qmcreate', id: '1002' }, message: "can't lock file '/var/lock/qemu-server/lock-1002.conf' - got timeout", times: 1 });
    const apply = await tf.run('apply', '-auto-approve', '-input=false');
    expect(apply.code).toBe(0);
    expect(fault.fired()).toBe(1);
    expect(sim.requests().filter((e) => e.method === 'POST' && e.route === '/nodes/{node}/qemu').length).toBe(2);
    expect((await tf.run('destroy', '-auto-approve', '-input=false')).code).toBe(0);
    expect(sim.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
  });
});
