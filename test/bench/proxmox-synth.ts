/**
 * Synth time of the Proxmox infrastructure stage: one App holding 1, 10 and 50 ProxmoxInfraStacks
 * (6 VMs each: 3 control planes, 3 workers; SDN network, image per node, firewall), from
 * construction to the written cdk.tf.json files. Median wall time over a few runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from '../../stacks/cdk';
import type { ProxmoxClusterSpec } from '../../stacks/plan/cluster-spec';
import { ProxmoxInfraStack } from '../../stacks/proxmox-infra-stack';
import { ratios } from './figures';

function benchCluster(i: number): ProxmoxClusterSpec {
  // Cluster i lives in 10.<100 + i / 250>.<i % 250>.0/24 with its own VMID block and SDN IDs.
  const net = `10.${100 + Math.floor(i / 250)}.${i % 250}`;
  return {
    clusterName: `bench${i}`,
    vmidBase: 10_000 + i * 10,
    proxmox: {
      endpoint: 'https://pve.example.com:8006/',
      credentials: { apiTokenEnv: 'PROXMOX_VE_API_TOKEN' },
      nodes: ['pve1', 'pve2', 'pve3'],
      datastores: [
        { id: 'local', content: ['import', 'iso'] },
        { id: 'local-lvm', content: ['images'] },
      ],
    },
    talos: { version: 'v1.13.9', extensions: ['siderolabs/qemu-guest-agent', 'siderolabs/iscsi-tools'] },
    network: {
      cidr: `${net}.0/24`,
      gateway: `${net}.1`,
      dnsServers: [`${net}.1`],
      vip: `${net}.10`,
      attachment: { kind: 'sdn', zoneType: 'simple', zoneId: `z${i}`, vnetId: `v${i}` },
    },
    nodePools: [
      { name: 'cp', role: 'controlplane', count: 3, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: `${net}.11` },
      { name: 'worker', role: 'worker', count: 3, cores: 4, memoryMiB: 8192, diskGiB: 40, firstIp: `${net}.21` },
    ],
  };
}

/** Pool 1 + SDN 5 (zone, VNet, subnet, two appliers) + image 3 (one per node) + 6 VMs + 6 x (firewall options, rules). */
const RESOURCES_PER_CLUSTER = 1 + 5 + 3 + 6 + 12;

function synthOnce(clusters: number, outdir: string): { ms: number; resources: number } {
  fs.rmSync(outdir, { recursive: true, force: true });
  const t0 = performance.now();
  const app = new App({ outdir });
  for (let i = 0; i < clusters; i++) new ProxmoxInfraStack(app, `bench${i}-proxmox`, benchCluster(i));
  app.synth();
  const ms = performance.now() - t0;
  let resources = 0;
  for (let i = 0; i < clusters; i++) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', `bench${i}-proxmox`, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, object> };
    resources += Object.values(json.resource).reduce((n, byId) => n + Object.keys(byId).length, 0);
  }
  return { ms, resources };
}

export async function benchProxmoxSynth(sizes: readonly number[] = [1, 10, 50], runs = 3): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-bench-pxsynth-'));
  try {
    synthOnce(1, path.join(dir, 'warmup'));
    for (const clusters of sizes) {
      const times: number[] = [];
      let resources = 0;
      for (let r = 0; r < runs; r++) {
        const res = synthOnce(clusters, path.join(dir, `out-${clusters}`));
        times.push(res.ms);
        resources = res.resources;
      }
      if (resources !== clusters * RESOURCES_PER_CLUSTER) throw new Error(`expected ${clusters * RESOURCES_PER_CLUSTER} resources, synthesized ${resources}`);
      const median = [...times].sort((a, b) => a - b)[Math.floor(runs / 2)];
      console.log(
        `proxmox-synth: ${clusters} cluster(s) x 6 VMs (${resources} resources): median ${median.toFixed(0)} ms ` +
          `(${(median / clusters).toFixed(1)} ms per cluster, ${runs} runs, node ${process.version})` +
          ratios(`proxmoxSynth.${clusters}`, median),
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchProxmoxSynth().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  });
}
