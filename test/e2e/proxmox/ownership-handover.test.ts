/**
 * The node VMs' ownership handover with real terraform and the real bpg/proxmox provider against
 * the Proxmox VE simulator (ProxmoxInfraStack through cdktf, as the Proxmox e2e does):
 *   1. adoption declared, Terraform owns the machines: deploy builds the VMs (frozen);
 *   2. machineOwner clusterApi: the plan forgets the VMs and their firewall (no destroy), the VMs keep
 *      running, and the next plan is empty;
 *   3. the hand-back (owner terraform with importMachines): the plan imports every VM and firewall,
 *      nothing is added, changed or destroyed, and the next plan is empty; without clusterApi, one
 *      in-place sync follows that reboots no VM;
 *   4. owned by Cluster API again, a VM deleted behind Terraform's back (what Cluster API does in a
 *      scale-down) is not re-created, and a hand-back then fails at plan naming the missing VM.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planProxmoxCluster } from '../../../stacks/plan/cluster-plan';
import type { MachineOwnership } from '../../../stacks/plan/machine-ownership';
import type { ProxmoxInfraStackProps } from '../../../stacks/proxmox-infra-stack';
import { proxmoxLabCluster } from '../../../stacks/proxmox-lab-cluster';
import { PveClient } from '../../lab/proxmox/client';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../lab/proxmox/simulator';
import { ok, run, terraformBinary, type RunResult } from '../../support/terraform';
import { startImageServer, type ImageServer } from '../../lab/images/image-server';
import { ensureBpgProvider, proxmoxStackEnv, runProxmoxApp } from './stack-env';

jest.setTimeout(30 * 60_000);

const STACK = 'own-proxmox';
/** cdktf adds the construct path after an address in plan output: ` (own-cp-1/vm)`. */
const PATH_NOTE = '(?: \\([^)]*\\))?';
const PER_VM_TYPES = ['proxmox_virtual_environment_vm', 'proxmox_virtual_environment_firewall_options', 'proxmox_virtual_environment_firewall_rules'];

/**
 * The lab cluster with node addresses from TEST-NET-3: nothing binds them here, and the guest
 * agent must report a global address, because bpg's read after an import waits for one (the
 * imported state has no `wait_for_ip`), which a loopback address never is.
 */
function baseSpec(endpoint: string, factoryUrl: string): ProxmoxInfraStackProps {
  const lab = proxmoxLabCluster(endpoint);
  return {
    ...lab,
    clusterName: 'own',
    talos: { ...lab.talos, factoryUrl },
    network: { ...lab.network, cidr: '203.0.113.0/24', gateway: '203.0.113.1', vip: '203.0.113.10', attachment: { kind: 'sdn', zoneType: 'simple', zoneId: 'own', vnetId: 'ownnet' } },
    nodePools: lab.nodePools.map((p) => ({ ...p, firstIp: p.role === 'controlplane' ? '203.0.113.11' : '203.0.113.21' })),
  };
}

describe('node VM ownership: Terraform → Cluster API → Terraform against the PVE simulator', () => {
  let tmp: string;
  let sim: ProxmoxSimulator;
  let images: ImageServer;
  let spec: ProxmoxInfraStackProps;
  let specFile: string;
  let env: NodeJS.ProcessEnv;
  let out: string;
  const timings: string[] = [];

  const cdktf = async (args: string[]): Promise<RunResult> => {
    const started = Date.now();
    const res = await runProxmoxApp(args, out, env, 6 * 60_000);
    timings.push(`${args[0]} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return res;
  };
  const own = (clusterApi: MachineOwnership | undefined): void => fs.writeFileSync(specFile, JSON.stringify({ ...spec, clusterApi }));
  const planned = () => planProxmoxCluster(spec).nodes;
  /** Resource types and addresses in the stack's local state. */
  const stateAddresses = (): string[] => {
    const file = path.join(out, 'stacks', STACK, `terraform.${STACK}.tfstate`);
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { resources: { mode: string; type: string; name: string }[] };
    return state.resources.filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`);
  };
  const perVmInState = () => stateAddresses().filter((a) => PER_VM_TYPES.includes(a.split('.')[0]));
  const running = () =>
    Object.values(sim.snapshot().vms)
      .filter((vm) => vm.status === 'running')
      .map((vm) => vm.vmid)
      .sort((a, b) => a - b);

  beforeAll(async () => {
    await ensureBpgProvider();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-ownership-'));
    out = path.join(tmp, 'out');
    sim = await startProxmoxSimulator({ stateFile: path.join(tmp, 'pve.json'), timings: { taskMs: 200, agentBootMs: 300, authFailureDelayMs: 0 } });
    images = await startImageServer();
    spec = baseSpec(`${sim.url}/`, images.url);
    specFile = path.join(tmp, 'spec.json');
    env = await proxmoxStackEnv({ tmp, sim, stack: STACK, specFile });
  }, 20 * 60_000);

  afterAll(async () => {
    console.log(`ownership e2e timings: ${timings.join('; ')}`);
    await sim?.close();
    await images?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('1. adoption declared, Terraform owns the machines: deploy builds five running VMs', async () => {
    own({ owner: 'terraform' });
    const deploy = ok(await cdktf(['deploy', STACK, '--auto-approve']));
    expect(deploy.stdout).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
    expect(running()).toEqual(planned().map((n) => n.vmid));
    expect(perVmInState()).toHaveLength(15);
  });

  test('2. machineOwner clusterApi: the plan forgets the VMs and their firewall, destroys nothing; the VMs keep running', async () => {
    own({ owner: 'clusterApi' });
    const diff = ok(await cdktf(['diff', STACK]));
    for (const n of planned()) expect(diff.stdout).toMatch(new RegExp(`proxmox_virtual_environment_vm\\.${n.name}_vm_[0-9A-F]+${PATH_NOTE} will no longer be managed by Terraform`));
    const forgotten = new Set([...diff.stdout.matchAll(new RegExp(`(proxmox_[a-z_]+\\.[^\\s(]+)${PATH_NOTE} will no longer be managed by Terraform`, 'g'))].map((m) => m[1]));
    expect([...forgotten].map((a) => a.split('.')[0]).sort()).toEqual(PER_VM_TYPES.flatMap((t) => Array(5).fill(t)).sort());
    expect(diff.stdout).not.toMatch(/will be destroyed|must be replaced/);
    expect(diff.stdout).toMatch(/Plan: 0 to add, 0 to change, 0 to destroy/);

    sim.clearRequests();
    const deploy = ok(await cdktf(['deploy', STACK, '--auto-approve']));
    expect(deploy.stdout).toMatch(/Apply complete! Resources: 0 added, 0 changed, 0 destroyed/);
    // Nothing was written to a VM: forgetting is a state-only operation.
    expect(sim.requests().filter((r) => r.method !== 'GET' && /\/qemu\//.test(r.path))).toEqual([]);
    expect(running()).toEqual(planned().map((n) => n.vmid));
    expect(Object.values(sim.snapshot().firewall.vms).filter((fw) => fw.rules.length > 0)).toHaveLength(5);
    expect(perVmInState()).toEqual([]);
    // Pool, network and images stay Terraform's.
    expect(stateAddresses().length).toBeGreaterThan(0);

    expect(ok(await cdktf(['diff', STACK])).stdout).toContain('No changes');
  });

  test('3. the hand-back: owner terraform with importMachines imports every VM and firewall; nothing is added, changed or destroyed', async () => {
    own({ owner: 'terraform', importMachines: true });
    const diff = ok(await cdktf(['diff', STACK]));
    for (const n of planned()) expect(diff.stdout).toMatch(new RegExp(`proxmox_virtual_environment_vm\\.${n.name}_vm_[0-9A-F]+${PATH_NOTE} will be imported`));
    expect(diff.stdout).toMatch(/Plan: 15 to import, 0 to add, 0 to change, 0 to destroy/);

    sim.clearRequests();
    const deploy = ok(await cdktf(['deploy', STACK, '--auto-approve']));
    expect(deploy.stdout).toMatch(/Apply complete! Resources: 15 imported, 0 added, 0 changed, 0 destroyed/);
    expect(sim.requests().filter((r) => r.method !== 'GET' && /\/qemu\//.test(r.path))).toEqual([]);
    expect(perVmInState()).toHaveLength(15);
    expect(running()).toEqual(planned().map((n) => n.vmid));
    // The import blocks may stay in the definition: for resources already in state they are no-ops.
    expect(ok(await cdktf(['diff', STACK])).stdout).toContain('No changes');
  });

  test('3b. after the hand-back, without clusterApi (full Terraform management): one in-place sync of what an import cannot read, no reboot, then no changes', async () => {
    own(undefined);
    const diff = ok(await cdktf(['diff', STACK]));
    expect(diff.stdout).not.toMatch(/must be replaced|will be destroyed|will be created/);
    // Settings an import cannot read back (stop_on_destroy, wait_for_ip, import_from, the smbios block) are written once.
    expect(diff.stdout).toMatch(/Plan: 0 to add, 5 to change, 0 to destroy/);

    sim.clearRequests();
    const uuids = () =>
      Object.values(sim.snapshot().vms)
        .map((vm) => String(vm.config.smbios1))
        .sort();
    const before = uuids();
    expect(ok(await cdktf(['deploy', STACK, '--auto-approve'])).stdout).toMatch(/Apply complete! Resources: 0 added, 5 changed, 0 destroyed/);
    expect(sim.requests().filter((r) => r.method === 'POST' && /\/status\/(stop|shutdown|reboot|reset)$/.test(r.path))).toEqual([]);
    expect(sim.requests().filter((r) => /\/(resize|move_disk)$/.test(r.path) || 'import-from' in r.params)).toEqual([]);
    expect(running()).toEqual(planned().map((n) => n.vmid));
    expect(uuids()).toEqual(before);
    expect(ok(await cdktf(['diff', STACK])).stdout).toContain('No changes');
  });

  test('4. owned by Cluster API again, a VM it deletes (a scale-down) is not re-created; a hand-back then names the missing VM before changing anything', async () => {
    own({ owner: 'clusterApi' });
    ok(await cdktf(['deploy', STACK, '--auto-approve']));
    expect(perVmInState()).toEqual([]);
    const gone = planned()[planned().length - 1];
    const api = new PveClient(sim.url, sim.caPem, { kind: 'token', apiToken: sim.credentials.apiToken });
    await api.waitForTask(await api.data<string>('POST', `/nodes/${gone.proxmoxNode}/qemu/${gone.vmid}/status/stop`));
    await api.waitForTask(await api.data<string>('DELETE', `/nodes/${gone.proxmoxNode}/qemu/${gone.vmid}`, { params: { purge: 1 } }));
    expect(sim.inventory().vms).not.toContain(gone.vmid);

    expect(ok(await cdktf(['diff', STACK])).stdout).toContain('No changes');
    expect(sim.inventory().vms).not.toContain(gone.vmid);

    own({ owner: 'terraform', importMachines: true });
    sim.clearRequests();
    const failed = await cdktf(['deploy', STACK, '--auto-approve']);
    expect(failed.code).not.toBe(0);
    // cdktf shortens Terraform's error; the stack's own plan shows it in full.
    const plan = await run(terraformBinary(), ['plan', '-no-color', '-input=false'], { cwd: path.join(out, 'stacks', STACK), env, timeoutMs: 5 * 60_000 });
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toMatch(new RegExp(`Cannot import non-existent remote object[\\s\\S]*"proxmox_virtual_environment_vm\\.${gone.name}_vm_`));
    expect(sim.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    expect(running()).toEqual(
      planned()
        .filter((n) => n.vmid !== gone.vmid)
        .map((n) => n.vmid),
    );
  });
});
