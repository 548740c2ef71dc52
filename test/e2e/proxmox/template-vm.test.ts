/**
 * The Talos template VM Cluster API clones from, through `cdktf deploy / diff / destroy` with the
 * real bpg/proxmox provider against the Proxmox VE simulator: the template is created stopped
 * and converted (template=1), re-plans empty, and a clone made the way CAPMOX makes it (go-proxmox
 * request shapes: template lookup by tags over /cluster/resources, JSON clone body, config, resize,
 * start) boots as a new machine. Destroy removes the template.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProxmoxClusterSpec } from '../../../stacks/plan/cluster-spec';
import { talosTemplateTag, talosTemplateVmid } from '../../../stacks/plan/template-plan';
import type { VmBootEvent } from '../../lab/proxmox/cluster';
import { PveClient } from '../../lab/proxmox/client';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../lab/proxmox/simulator';
import { ok, type RunResult } from '../../support/terraform';
import { startImageServer, type ImageServer } from '../../lab/images/image-server';
import { ensureBpgProvider, proxmoxStackEnv, runProxmoxApp } from './stack-env';

jest.setTimeout(20 * 60_000);

const VMID_BASE = 1600;

/** One control plane on an existing bridge, handed to Cluster API (so the stack builds the template). */
function clusterSpec(endpoint: string, factoryUrl: string): ProxmoxClusterSpec {
  return {
    clusterName: 'tpl',
    vmidBase: VMID_BASE,
    proxmox: {
      endpoint,
      credentials: { apiTokenEnv: 'PROXMOX_VE_API_TOKEN' },
      nodes: ['pve1', 'pve2'],
      datastores: [
        { id: 'local', content: ['import', 'iso'] },
        { id: 'local-lvm', content: ['images', 'rootdir'] },
      ],
    },
    talos: { version: 'v1.13.9', extensions: ['siderolabs/qemu-guest-agent'], factoryUrl },
    network: { cidr: '127.0.60.0/24', gateway: '127.0.60.1', dnsServers: ['127.0.0.53'], vip: '127.0.60.10', attachment: { kind: 'bridge', bridge: 'vmbr0' } },
    nodePools: [{ name: 'cp', role: 'controlplane', count: 1, cores: 2, memoryMiB: 4096, diskGiB: 12, firstIp: '127.0.60.11' }],
    firewall: { enabled: false },
    capiTemplate: {},
  };
}

interface ClusterResource {
  readonly vmid: number;
  readonly node: string;
  readonly template: number;
  readonly tags?: string;
}

describe('Talos template VM for Cluster API: deploy / diff / CAPMOX-style clone / destroy', () => {
  let tmp: string;
  let sim: ProxmoxSimulator;
  let images: ImageServer;
  let api: PveClient;
  let env: NodeJS.ProcessEnv;
  let out: string;
  const stack = 'tpl-proxmox';
  const templateVmid = talosTemplateVmid(VMID_BASE);
  const tag = talosTemplateTag('tpl');
  const boots: VmBootEvent[] = [];

  const cdktf = (args: string[]): Promise<RunResult> => runProxmoxApp(args, out, env);

  beforeAll(async () => {
    await ensureBpgProvider();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-template-'));
    out = path.join(tmp, 'out');
    sim = await startProxmoxSimulator({ stateFile: path.join(tmp, 'pve.json'), cluster: { nodes: ['pve1', 'pve2'] }, timings: { taskMs: 150, agentBootMs: 200, authFailureDelayMs: 0 } });
    sim.onBoot((e) => {
      boots.push(e);
    });
    api = new PveClient(sim.url, sim.caPem, { kind: 'token', apiToken: sim.credentials.apiToken });
    images = await startImageServer();
    const specFile = path.join(tmp, 'spec.json');
    fs.writeFileSync(specFile, JSON.stringify(clusterSpec(`${sim.url}/`, images.url)));
    env = await proxmoxStackEnv({ tmp, sim, stack, specFile });
  }, 20 * 60_000);

  afterAll(async () => {
    await sim?.close();
    await images?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('deploy creates the template: converted, stopped, tagged for the selector, in the pool', async () => {
    const started = Date.now();
    const deploy = ok(await cdktf(['deploy', stack, '--auto-approve']));
    console.log(`template e2e: cdktf deploy of image + 1 CP + template: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(deploy.stdout).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
    expect(sim.inventory().vms).toEqual([templateVmid, VMID_BASE]);
    const vm = sim.snapshot().vms[String(templateVmid)];
    expect(vm).toMatchObject({ node: 'pve1', status: 'stopped' });
    expect(vm.config).toMatchObject({ template: '1', name: 'tpl-talos-template', tags: tag, bios: 'ovmf', boot: 'order=scsi0' });
    expect(vm.config.scsi0).toMatch(/^local-lvm:base-1599-disk-\d,.*size=12G/);
    expect(vm.config.ide2).toBeUndefined();
    expect(sim.snapshot().pools.tpl.vms).toContain(templateVmid);
    // Never started: no boot of the template, and PVE's task list has no start for it.
    expect(boots.map((b) => b.vmid)).toEqual([VMID_BASE]);
    expect(sim.requests().some((r) => r.path === `/nodes/pve1/qemu/${templateVmid}/status/start`)).toBe(false);
  });

  test('a second diff shows no changes', async () => {
    expect(ok(await cdktf(['diff', stack])).stdout).toContain('No changes');
  });

  test('CAPMOX finds the one template by its tag, clones it, configures, grows and boots the clone', async () => {
    // FindVMTemplateByTags: exactly one template in the cluster whose tags equal matchTags.
    const resources = await api.data<ClusterResource[]>('GET', '/cluster/resources', { params: { type: 'vm' } });
    const matches = resources.filter((r) => r.template === 1 && (r.tags ?? '').split(';').sort().join(';') === tag);
    expect(matches.map((r) => [r.vmid, r.node])).toEqual([[templateVmid, 'pve1']]);
    const { node, vmid } = matches[0];
    // CloneVM: node status, template status + config, a free VMID, then the clone (go-proxmox sends JSON).
    await api.data('GET', `/nodes/${node}/status`);
    await api.data('GET', `/nodes/${node}/qemu/${vmid}/status/current`);
    await api.data('GET', `/nodes/${node}/qemu/${vmid}/config`);
    const newid = await api.data<string>('GET', '/cluster/nextid'); // PVE answers a JSON string
    const clone = await api.data<string>('POST', `/nodes/${node}/qemu/${vmid}/clone`, {
      params: { newid: Number(newid), name: 'tpl-cp-x7k2p', full: 1, pool: 'tpl', storage: 'local-lvm', target: 'pve1', description: 'tpl-cp-x7k2p' },
      json: true,
    });
    expect((await api.waitForTask(clone)).exitstatus).toBe('OK');
    // Cloning to another node needs shared storage: with local-lvm PVE refuses, as the stack's clone_nodes say.
    const elsewhere = await api.call('POST', `/nodes/${node}/qemu/${vmid}/clone`, { params: { newid: Number(newid) + 1, full: 1, storage: 'local-lvm', target: 'pve2' }, json: true });
    expect(elsewhere.statusText).toBe("can't clone to non-shared storage 'local-lvm'");
    // reconcileVirtualMachineConfig (async config), then the boot volume resize, then start.
    const cfg = await api.data<string>('POST', `/nodes/pve1/qemu/${newid}/config`, {
      params: { cores: 2, sockets: 1, memory: 4096, tags: `${tag};ip_net0_127.0.60.100`, net0: 'virtio,bridge=vmbr0' },
      json: true,
    });
    expect((await api.waitForTask(cfg)).exitstatus).toBe('OK');
    const resize = await api.data<string>('PUT', `/nodes/pve1/qemu/${newid}/resize`, { params: { disk: 'scsi0', size: '20G' }, json: true });
    expect((await api.waitForTask(resize)).exitstatus).toBe('OK');
    const start = await api.data<string>('POST', `/nodes/pve1/qemu/${newid}/status/start`, { json: true });
    expect((await api.waitForTask(start)).exitstatus).toBe('OK');

    const conf = sim.snapshot().vms[String(newid)].config;
    const tplConf = sim.snapshot().vms[String(vmid)].config;
    expect(conf.template).toBeUndefined();
    expect(conf.scsi0).toMatch(new RegExp(`^local-lvm:vm-${newid}-disk-\\d,.*size=20G`));
    const uuid = (s: string | undefined) => /uuid=([0-9a-f-]{36})/.exec(s ?? '')?.[1];
    expect(uuid(conf.smbios1)).toMatch(/^[0-9a-f-]{36}$/);
    expect(uuid(conf.smbios1)).not.toBe(uuid(tplConf.smbios1));
    expect(boots.at(-1)).toMatchObject({ vmid: Number(newid), name: 'tpl-cp-x7k2p', smbiosUuid: uuid(conf.smbios1) });

    // Cluster API deletes its machines before the cluster goes (the pool must be empty to go).
    const stop = await api.data<string>('POST', `/nodes/pve1/qemu/${newid}/status/stop`);
    expect((await api.waitForTask(stop)).exitstatus).toBe('OK');
    const del = await api.data<string>('DELETE', `/nodes/pve1/qemu/${newid}`, { params: { purge: 1, 'destroy-unreferenced-disks': 1 } });
    expect((await api.waitForTask(del)).exitstatus).toBe('OK');
  });

  test('destroy removes the template with everything else', async () => {
    const destroy = ok(await cdktf(['destroy', stack, '--auto-approve']));
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: \d+ destroyed/);
    expect(sim.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
  });
});
