/**
 * Talos secrets bundle generation plus controlplane and worker configurations for a 50-node
 * cluster (3 control planes, 47 workers, each with its own hostname and providerID).
 */
import { randomUUID } from 'node:crypto';
import { generateMachineConfig } from '../../providers/machinery/config';
import { generateSecretsBundle } from '../../providers/machinery/secrets';
import { median, ratios } from './figures';

export async function benchTalosGeneration(nodes = 50, controlPlanes = 3, runs = 5): Promise<void> {
  const totals: number[] = [];
  let secretsMs = 0;
  let configsMs = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const secrets = await generateSecretsBundle();
    const t1 = performance.now();
    let bytes = 0;
    for (let i = 0; i < nodes; i++) {
      const text = generateMachineConfig({
        machineType: i < controlPlanes ? 'controlplane' : 'worker',
        clusterName: 'bench',
        endpoint: 'https://10.0.0.10:6443',
        secrets,
        hostname: `bench-${i < controlPlanes ? 'cp' : 'worker'}-${i}`,
        providerId: `proxmox://${randomUUID()}`,
      });
      bytes += text.length;
    }
    const t2 = performance.now();
    if (bytes === 0) throw new Error('no configuration generated');
    secretsMs += t1 - t0;
    configsMs += t2 - t1;
    totals.push(t2 - t0);
  }
  const total = median(totals);
  console.log(
    `talos: secrets bundle + ${nodes} machine configs (${controlPlanes} CP): median ${total.toFixed(0)} ms total ` +
      `(mean secrets ${(secretsMs / runs).toFixed(0)} ms, mean configs ${(configsMs / runs).toFixed(0)} ms, ${runs} runs)` +
      ratios(`talos.secrets+${nodes}configs`, total),
  );
}
