/**
 * Wall time of the Talos bring-up under real Terraform (default parallelism 10) against the lab:
 * secrets → configs → apply per node (maintenance) → bootstrap → kubeconfig → health with every
 * Kubernetes node Ready, with the simulator's install/reboot/boot/bootstrap delays at zero, so
 * the figure is our overhead (Terraform, provider, Talos API round trips, the lab kube-apiserver
 * start). Sizes: 3 control planes + 2 workers, then 10 and 50 nodes (3 control planes each).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../tools/build/catalog';
import { App } from '../../stacks/cdk';
import type { TalosNode } from '../../stacks/constructs/talos-machine-configs';
import { LAB_CLUSTER } from '../../stacks/lab-cluster';
import { TalosConfigStack } from '../../stacks/talos-config-stack';
import { LabWorkload } from '../lab/workload';
import { ok, TerraformWorkspace } from '../support/terraform';
import { ratios } from './figures';

const CONTROL_PLANES = 3;

function benchNodes(total: number, subnet: string): TalosNode[] {
  return Array.from({ length: total }, (_, i) => {
    const cp = i < CONTROL_PLANES;
    const n = cp ? i + 1 : i - CONTROL_PLANES + 1;
    return {
      name: cp ? `bench-cp-${n}` : `bench-worker-${n}`,
      role: cp ? 'controlplane' : 'worker',
      // .11.. for control planes, .101.. for workers (up to 150 workers).
      address: `${subnet}.${cp ? 10 + n : 100 + n}`,
      providerId: `proxmox://${randomUUID()}`,
    };
  });
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function bringUp(ws: TerraformWorkspace, total: number, subnet: string): Promise<string> {
  const nodes = benchNodes(total, subnet);
  const lab = await LabWorkload.start({
    nodes: nodes.map((n) => n.address),
    baseDir: ws.dir(`lab-${total}`),
    // teardownGraceMs stays: it only lets a reply leave before the simulated API goes down.
    delays: { installMs: 0, rebootMs: 0, bootMs: 0, bootstrapReadyMs: 0 },
    // PTC_BENCH_LAB_LOG=<file> keeps the simulator's and the workload's log for diagnosis.
    log: process.env.PTC_BENCH_LAB_LOG ? (line) => fs.appendFileSync(process.env.PTC_BENCH_LAB_LOG as string, `${new Date().toISOString()} ${line}\n`) : undefined,
  });
  try {
    const outdir = ws.dir(`synth-${total}`);
    const app = new App({ outdir });
    const id = `bench-${total}`;
    new TalosConfigStack(app, id, {
      ...LAB_CLUSTER,
      clusterName: `bench-${total}`,
      clusterEndpoint: `https://${subnet}.10:6443`,
      nodes,
      bootstrap: { timeouts: { apply: '5m', health: '5m' } },
    });
    app.synth();
    const dir = path.join(outdir, 'stacks', id);
    const tf = (...args: string[]) => ws.run([`-chdir=${dir}`, ...args], { cwd: ws.root, timeoutMs: 900_000 });
    ok(await tf('init', '-no-color'));
    const started = Date.now();
    const apply = ok(await tf('apply', '-auto-approve', '-no-color'));
    const applyMs = Date.now() - started;
    if (!/Apply complete!/.test(apply.stdout)) throw new Error(`unexpected apply output:\n${apply.stdout.slice(-800)}`);
    const bootstrapAt = (lab.events.bootstraps[0]?.at ?? NaN) - started;
    const apiStartMs = lab.events.apiServerStarts[0]?.ms ?? NaN;
    const lastReadyAt = Math.max(...lab.events.registrations.map((r) => r.at)) - started;
    if (lab.events.registrations.length !== total) throw new Error(`${lab.events.registrations.length} of ${total} nodes registered`);
    const destroyStarted = Date.now();
    ok(await tf('destroy', '-auto-approve', '-no-color'));
    const destroyMs = Date.now() - destroyStarted;
    return (
      `bringup: ${CONTROL_PLANES} CP + ${total - CONTROL_PLANES} workers (simulated delays 0): terraform apply ${seconds(applyMs)} ` +
      `(bootstrap at ${seconds(bootstrapAt)}, kube-apiserver start ${seconds(apiStartMs)}, all ${total} nodes Ready at ${seconds(lastReadyAt)}), ` +
      `destroy with reset ${seconds(destroyMs)}` +
      ratios(`bringup.${total}.apply`, applyMs)
    );
  } finally {
    await lab.stop();
  }
}

/** Runs the bring-up at each size and prints one line per size. */
export async function benchTalosBringup(sizes: readonly number[] = [5, 10, 50]): Promise<void> {
  const talos = PROVIDERS.find((p) => p.type === 'talos');
  if (!talos) throw new Error('the talos provider is not in the catalog');
  const ws = new TerraformWorkspace('ptc-bench-bringup', [talos]);
  try {
    for (const [i, total] of sizes.entries()) {
      if (total <= CONTROL_PLANES || total > CONTROL_PLANES + 150) throw new Error(`size ${total}: use ${CONTROL_PLANES + 1}..${CONTROL_PLANES + 150} nodes`);
      console.log(await bringUp(ws, total, `127.0.${80 + i}`));
    }
  } finally {
    ws.cleanup();
  }
}

if (require.main === module) {
  benchTalosBringup(
    process.argv
      .slice(2)
      .map(Number)
      .filter((n) => n > 0).length
      ? process.argv.slice(2).map(Number)
      : undefined,
  ).catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  });
}
