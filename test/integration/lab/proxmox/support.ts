/** Shared setup for the simulator's integration tests: a fast simulator and a token client. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PveClient, apiPath } from '../../../lab/proxmox/client';
import { startProxmoxSimulator, type ProxmoxSimulator, type ProxmoxSimulatorOptions } from '../../../lab/proxmox/simulator';

export { apiPath };

export const FAST = { taskMs: 60, agentBootMs: 80, authFailureDelayMs: 0 } as const;

export interface Lab {
  readonly sim: ProxmoxSimulator;
  readonly api: PveClient;
}

export async function startLab(options: ProxmoxSimulatorOptions = {}): Promise<Lab> {
  const sim = await startProxmoxSimulator({ ...options, timings: { ...FAST, ...options.timings } });
  return { sim, api: new PveClient(sim.url, sim.caPem, { kind: 'token', apiToken: sim.credentials.apiToken }) };
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a task-returning call and waits for the task; returns its exit status and log. */
export async function runTask(
  api: PveClient,
  method: string,
  path: string,
  params?: Record<string, string | number | boolean | undefined>,
): Promise<{ upid: string; exitstatus: string; log: string[] }> {
  const upid = await api.data<string>(method, path, { params });
  const r = await api.waitForTask(upid);
  return { upid, exitstatus: r.exitstatus, log: r.log };
}

export const TALOS_IMAGE_URL = 'https://factory.talos.dev/image/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba/v1.13.0/nocloud-amd64.qcow2';

/** Downloads the (synthetic) Talos image into local:import on `node`. */
export async function importImage(api: PveClient, node = 'pve1', filename = 'talos.qcow2'): Promise<string> {
  const r = await runTask(api, 'POST', `/nodes/${node}/storage/local/download-url`, { content: 'import', filename, url: TALOS_IMAGE_URL, node, storage: 'local' });
  if (r.exitstatus !== 'OK') throw new Error(`image download failed: ${r.exitstatus}`);
  return `local:import/${filename}`;
}

/** The create body the bpg provider sends for a Talos VM (see spec §2.2/§3.3), trimmed to the keys that matter. */
export function talosVmBody(vmid: number, opts: { name?: string; image?: string; ip?: string; bridge?: string; pool?: string } = {}): Record<string, string | number> {
  const body: Record<string, string | number> = {
    vmid,
    name: opts.name ?? `talos-${vmid}`,
    acpi: 1,
    agent: 'enabled=1,fstrim_cloned_disks=0,type=virtio',
    balloon: 0,
    bios: 'ovmf',
    boot: 'order=scsi0;net0',
    cores: 2,
    cpu: 'host',
    efidisk0: 'file=local-lvm:1,format=raw,efitype=4m,pre-enrolled-keys=0',
    ide2: 'file=local-lvm:cloudinit,',
    ipconfig0: `gw=10.0.0.1,ip=${opts.ip ?? '10.0.0.11/24'}`,
    keyboard: 'en-us',
    machine: 'q35',
    memory: 4096,
    nameserver: '1.1.1.1 8.8.8.8',
    net0: `model=virtio,bridge=${opts.bridge ?? 'vmbr0'},firewall=0`,
    numa: 0,
    onboot: 1,
    ostype: 'l26',
    protection: 0,
    scsi0: `file=local-lvm:0,import-from=${opts.image ?? 'local:import/talos.qcow2'},size=21474836480,aio=io_uring,backup=1,iothread=1,ssd=1,discard=on,cache=none,replicate=1`,
    scsihw: 'virtio-scsi-single',
    searchdomain: 'lab.local',
    smbios1: 'base64=1,uuid=5e1b9a52-7b38-4a5e-9f1c-0f6f4c1d2a11',
    sockets: 1,
    tablet: 1,
    tags: 'talos;control-plane',
    template: 0,
  };
  if (opts.pool) body.pool = opts.pool;
  return body;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
