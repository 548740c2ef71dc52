/**
 * ProxmoxInfraStack with the embedded lab cluster spec through `cdktf deploy / diff / destroy` with
 * the real bpg/proxmox provider (filesystem mirror, offline) against the Proxmox VE simulator: SDN network + Talos image +
 * 3 control-plane and 2 worker VMs + per-VM firewall. The image comes from a loopback stand-in
 * for Image Factory (the stack's configurable factory URL). The API token reaches the provider
 * only through the ephemeral talos_proxmox_credentials reading the variable the spec names.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planProxmoxCluster } from '../../../stacks/plan/cluster-plan';
import type { ProxmoxClusterSpec, SdnAttachment } from '../../../stacks/plan/cluster-spec';
import { proxmoxLabCluster } from '../../../stacks/proxmox-lab-cluster';
import type { VmBootEvent } from '../../lab/proxmox/cluster';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../lab/proxmox/simulator';
import { ok, type RunResult } from '../../support/terraform';
import { startImageServer, type ImageServer } from '../../lab/images/image-server';
import { ensureBpgProvider, proxmoxStackEnv, runProxmoxApp } from './stack-env';

jest.setTimeout(20 * 60_000);

/** The lab cluster the app ships with, pointed at this simulator and this image server. */
function clusterSpec(endpoint: string, factoryUrl: string): ProxmoxClusterSpec {
  const lab = proxmoxLabCluster(endpoint);
  return { ...lab, talos: { ...lab.talos, factoryUrl } };
}

describe('ProxmoxInfraStack: cdktf deploy / diff / destroy against the PVE simulator', () => {
  let tmp: string;
  let sim: ProxmoxSimulator;
  let images: ImageServer;
  let spec: ProxmoxClusterSpec;
  let env: NodeJS.ProcessEnv;
  let out: string;
  const stack = 'lab-proxmox';
  const boots: VmBootEvent[] = [];

  const cdktf = (args: string[]): Promise<RunResult> => runProxmoxApp(args, out, env);

  beforeAll(async () => {
    await ensureBpgProvider();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-proxmox-'));
    out = path.join(tmp, 'out');
    sim = await startProxmoxSimulator({ stateFile: path.join(tmp, 'pve.json'), timings: { taskMs: 200, agentBootMs: 300, authFailureDelayMs: 0 } });
    sim.onBoot((e) => {
      boots.push(e);
    });
    images = await startImageServer();
    spec = clusterSpec(`${sim.url}/`, images.url);
    const specFile = path.join(tmp, 'spec.json');
    fs.writeFileSync(specFile, JSON.stringify(spec));
    env = await proxmoxStackEnv({ tmp, sim, stack, specFile });
  }, 20 * 60_000);

  afterAll(async () => {
    await sim?.close();
    await images?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('deploy creates the SDN network, one image per node, five Talos VMs and their firewall', async () => {
    sim.clearRequests();
    const started = Date.now();
    const deploy = ok(await cdktf(['deploy', stack, '--auto-approve']));
    const seconds = (Date.now() - started) / 1000;
    const calls = sim.requests();
    const perVm = calls.filter((r) => /^\/nodes\/[^/]+\/qemu(\/\d+(\/|$)|$)/.test(r.path)).length / 5;
    console.log(
      `proxmox e2e: cdktf deploy of network + image + 3 CP + 2 worker VMs: ${seconds.toFixed(1)} s wall; ` +
        `${calls.length} PVE API calls, ${perVm.toFixed(1)} per VM on /nodes/{node}/qemu paths (task polls excluded)`,
    );
    expect(deploy.stdout).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);

    const plan = planProxmoxCluster(spec);
    const inv = sim.inventory();
    expect(inv.vms).toEqual(plan.nodes.map((n) => n.vmid));
    const sdn = spec.network.attachment as SdnAttachment;
    expect(inv.pools).toEqual([spec.clusterName]);
    expect(inv.zones).toEqual([sdn.zoneId]);
    expect(inv.vnets).toEqual([sdn.vnetId]);

    const state = sim.snapshot();
    for (const n of plan.nodes) {
      const vm = state.vms[String(n.vmid)];
      expect(vm.node).toBe(n.proxmoxNode);
      // The simulator keeps the config file's text values.
      const c = Object.fromEntries(Object.entries(vm.config).map(([k, v]) => [k, String(v)]));
      expect(c).toMatchObject({
        name: n.name,
        bios: 'ovmf',
        machine: 'q35',
        cpu: 'host',
        cores: '2',
        sockets: '1',
        memory: '4096',
        balloon: '0',
        scsihw: 'virtio-scsi-pci',
        ostype: 'l26',
        onboot: '1',
        boot: 'order=scsi0',
        serial0: 'socket',
      });
      expect(c.agent).toMatch(/^enabled=1/);
      expect(c.smbios1).toContain(`uuid=${n.smbiosUuid}`);
      expect(c.ipconfig0).toBe(`gw=${spec.network.gateway},ip=${n.ip}/24`);
      expect(c.net0).toBe(`virtio=${n.macAddress},bridge=${sdn.vnetId},firewall=1`);
      expect(c.efidisk0).toMatch(/efitype=4m/);
      expect(c.efidisk0).toMatch(/pre-enrolled-keys=0/);
      expect(c.scsi0).toMatch(/discard=on/);
      expect(c.scsi0).toMatch(/size=20G/);
      expect(c.ide2).toMatch(/cloudinit/);
      expect(c.nameserver).toBe(spec.network.dnsServers.join(' '));
      expect(c.searchdomain).toBe(spec.network.searchDomain);
      expect(c.tags).toBe(n.tags.join(';'));
    }
    // Every VM booted with its planned IP and SMBIOS UUID: the providerID Talos will report is the planned one.
    expect(boots.map((b) => [b.vmid, b.interfaces[0].ip, b.smbiosUuid]).sort()).toEqual(plan.nodes.map((n) => [n.vmid, `${n.ip}/24`, n.smbiosUuid]).sort());
    // PVE fetched the image from the configured factory URL, once per Proxmox node.
    const gets = images.requests.filter((r) => r.startsWith('GET '));
    expect(gets).toHaveLength(3);
    expect(new Set(gets).size).toBe(1);
    // The documented schematic ID of qemu-guest-agent-only images, computed offline at synth.
    expect(gets[0]).toBe('GET /image/ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515/v1.13.9/nocloud-amd64.qcow2');

    // Per-VM firewall: enabled, inbound DROP, the role's rules (7 for control planes, 4 for workers).
    for (const n of plan.nodes) {
      const fw = state.firewall.vms[String(n.vmid)];
      expect(fw.options).toMatchObject({ enable: 1, policy_in: 'DROP', policy_out: 'ACCEPT' });
      expect(fw.rules).toHaveLength(n.role === 'controlplane' ? 7 : 4);
    }

    const stackJson = fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    expect(stackJson).not.toContain(sim.credentials.tokenSecret);
    expect(deploy.stdout).not.toContain(sim.credentials.tokenSecret);
  });

  test('a second diff shows no changes', async () => {
    const diff = ok(await cdktf(['diff', stack]));
    expect(diff.stdout).toContain('No changes');
  });

  test('destroy leaves the simulator empty', async () => {
    const destroy = ok(await cdktf(['destroy', stack, '--auto-approve']));
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: \d+ destroyed/);
    expect(sim.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
    expect(Object.values(sim.snapshot().volumes).flatMap((v) => Object.keys(v))).toEqual([]);
  });

  test('a full datastore on one Proxmox node fails the deploy with PVE’s error; the re-run converges', async () => {
    const full = sim.addFault({ kind: 'storage-full', storage: 'local-lvm', node: 'pve2' });
    const failed = await cdktf(['deploy', stack, '--auto-approve']);
    expect(failed.code).not.toBe(0);
    expect(`${failed.stdout}\n${failed.stderr}`).toMatch(/Insufficient free space/);
    const onPve2 = planProxmoxCluster(spec)
      .nodes.filter((n) => n.proxmoxNode === 'pve2')
      .map((n) => n.vmid);
    expect(sim.inventory().vms.some((id) => onPve2.includes(id))).toBe(false);

    full.remove();
    ok(await cdktf(['deploy', stack, '--auto-approve']));
    expect(sim.inventory().vms).toEqual(planProxmoxCluster(spec).nodes.map((n) => n.vmid));
    expect(ok(await cdktf(['diff', stack])).stdout).toContain('No changes');
    ok(await cdktf(['destroy', stack, '--auto-approve']));
    expect(sim.inventory()).toEqual({ vms: [], images: [], pools: [], vnets: [], zones: [], interfaces: [] });
  });
});
