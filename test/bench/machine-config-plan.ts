/**
 * Per-resource work: `terraform plan` of N `talos_machine_configuration` data sources and one
 * `talos_client_configuration`, all reading one existing `talos_machine_secrets` (applied first,
 * so the data sources are read during the plan). Reports the plan's wall time and the CPU time
 * our provider processes spent (from /proc), which is the part that is ours.
 * `PTC_BENCH_CPU_PROF=<dir>` writes a CPU profile of every provider process there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../tools/build/catalog';
import { ok, TerraformWorkspace } from '../support/terraform';
import { ratios } from './figures';

const CLOCK_TICKS_PER_SECOND = 100;

/** user+system CPU milliseconds of every live process running our provider bundle, by pid. */
function sampleProviderCpu(cpu: Map<number, number>): void {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('provider.cjs')) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
      cpu.set(Number(pid), Math.max(cpu.get(Number(pid)) ?? 0, (ticks * 1000) / CLOCK_TICKS_PER_SECOND));
    } catch {
      // the process ended between readdir and read
    }
  }
}

function configuration(count: number, withConfigs: boolean): object {
  const data: Record<string, object> = {};
  if (withConfigs) {
    data.talos_client_configuration = {
      this: { cluster_name: 'bench', client_configuration: '${talos_machine_secrets.this.client_configuration}', endpoints: ['10.0.0.10'] },
    };
    data.talos_machine_configuration = {
      node: {
        count,
        cluster_name: 'bench',
        cluster_endpoint: 'https://10.0.0.10:6443',
        machine_type: '${count.index < 3 ? "controlplane" : "worker"}',
        machine_secrets: '${talos_machine_secrets.this.machine_secrets}',
        talos_version: 'v1.13',
        hostname: 'bench-${count.index}',
        config_patches: ['machine:\n  install:\n    disk: /dev/vda\n'],
      },
    };
  }
  return {
    terraform: { required_providers: { talos: { source: 'ptc.internal/ptc/talos', version: '0.1.0' } } },
    resource: { talos_machine_secrets: { this: { talos_version: 'v1.13' } } },
    ...(withConfigs ? { data } : {}),
  };
}

export async function benchMachineConfigPlan(count = 100): Promise<void> {
  const talos = PROVIDERS.find((p) => p.type === 'talos');
  if (!talos) throw new Error('the talos provider is not in the catalog');
  const ws = new TerraformWorkspace('ptc-bench-configs', [talos]);
  try {
    const work = ws.dir('work');
    const write = (withConfigs: boolean) => fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(configuration(count, withConfigs)));
    write(false);
    ok(await ws.run(['init', '-no-color'], { cwd: work }));
    ok(await ws.run(['apply', '-auto-approve', '-no-color'], { cwd: work }));
    write(true);
    const profDir = process.env.PTC_BENCH_CPU_PROF;
    const env = profDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(profDir)}` } : {};
    const cpu = new Map<number, number>();
    const timer = setInterval(() => sampleProviderCpu(cpu), 10);
    const started = Date.now();
    const res = ok(await ws.run(['plan', '-no-color', '-refresh=false'], { cwd: work, env }));
    const wall = Date.now() - started;
    clearInterval(timer);
    if (!res.stdout.includes('No changes.') && !res.stdout.includes('Plan:')) throw new Error(`unexpected plan output:\n${res.stdout.slice(-500)}`);
    const cpuMs = [...cpu.values()].reduce((a, b) => a + b, 0);
    console.log(
      `configPlan: terraform plan reading ${count} talos_machine_configuration + 1 talos_client_configuration: ` +
        `${(wall / 1000).toFixed(2)} s wall, provider CPU ${cpuMs.toFixed(0)} ms over ${cpu.size} launches` +
        ratios(`configPlan.${count}`, wall),
    );
  } finally {
    ws.cleanup();
  }
}
