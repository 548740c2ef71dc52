/**
 * `npm run bench`: performance figures reported in the README (not asserted in tests).
 *   - each provider's start + handshake, median of 20 launches
 * Each figure carries its ratios to bare `node -e 0` and to the README's last figure (figures.ts).
 *   - `terraform plan` of 200 instances of one of our resources: wall time and provider peak RSS
 *   - Talos secrets bundle and 50-node configuration generation
 *   - synth time of 1, 10 and 50 Proxmox clusters (6 VMs each)
 *   - Talos bring-up of 3+2, 3+7 and 3+47 nodes against the lab (simulated delays zero)
 *   - `npm start` on a new lab, with its breakdown by phase and stack
 *   - the whole deploy of 3+2 against 3+7 nodes (how it grows with the cluster)
 *   - `terraform plan` reading 100 machine configurations from existing secrets (per-resource work)
 *   - the per-node configuration work against Talos' Go library doing the same (native baseline)
 * Run one with `npm run bench -- handshake` (names: handshake, plan200, configPlan, configGen, talos, proxmoxSynth, bringup, start, deploySize).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildProvider } from '../../tools/build/build-providers';
import { PROVIDERS } from '../../tools/build/catalog';
import { connect, launchProvider, makeClientCert, parseHandshake, terraformEnv } from '../support/plugin-client';
import { ok, TerraformWorkspace } from '../support/terraform';
import { median, nodeBaselineMs, nodeStartMs, ratios } from './figures';
import { benchConfigGeneration } from './config-generation';
import { benchDeploySize } from './deploy-size';
import { benchMachineConfigPlan } from './machine-config-plan';
import { benchProxmoxSynth } from './proxmox-synth';
import { benchStart } from './start';
import { benchTalosBringup } from './talos-bringup';
import { benchTalosGeneration } from './talos-generation';

/**
 * Start + go-plugin handshake of each provider, launched through the mirror's launcher script
 * exactly as Terraform starts it. Launches alternate with bare `node -e 0` starts, so both see the
 * same machine state and their ratio compares across machines.
 */
async function benchHandshake(runs = 20): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-bench-hs-'));
  try {
    const cert = await makeClientCert();
    for (const provider of PROVIDERS) {
      const exe = buildProvider(provider, dir);
      const times: number[] = [];
      const nodeTimes: number[] = [];
      // One unmeasured launch fills Node's compile cache, as the first start of a Terraform command does.
      for (let i = -1; i < runs; i++) {
        const started = process.hrtime.bigint();
        const p = await launchProvider(exe, [], terraformEnv(cert));
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const clients = connect(parseHandshake(p.handshakeLine), cert);
        await clients.call('controller', 'Shutdown');
        await p.exited;
        clients.close();
        if (i < 0) continue;
        times.push(ms);
        nodeTimes.push(nodeStartMs());
      }
      const ms = median(times);
      console.log(
        `handshake ${provider.type}: start + handshake median ${ms.toFixed(1)} ms over ${runs} launches ` +
          `(min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, node ${process.version})` +
          ratios(`handshake.${provider.type}`, ms, median(nodeTimes)),
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak resident set (VmHWM) of every running provider process, sampled from /proc. */
function sampleProviderRss(peaks: Map<number, number>): void {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('provider.cjs')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peaks.set(Number(pid), Math.max(peaks.get(Number(pid)) ?? 0, Number(hwm[1]) * 1024));
    } catch {
      // process ended between readdir and read
    }
  }
}

async function benchPlan200(instances = 200): Promise<void> {
  const talos = PROVIDERS.find((p) => p.type === 'talos')!;
  const ws = new TerraformWorkspace('ptc-bench-plan', [talos]);
  try {
    const work = ws.dir('work');
    fs.writeFileSync(
      path.join(work, 'main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { talos: { source: 'ptc.internal/ptc/talos', version: '0.1.0' } } },
        resource: { talos_machine_secrets: { many: { count: instances, talos_version: 'v1.13' } } },
      }),
    );
    ok(await ws.run(['init', '-no-color'], { cwd: work }));
    const peaks = new Map<number, number>();
    const timer = setInterval(() => sampleProviderRss(peaks), 25);
    const started = Date.now();
    const res = ok(await ws.run(['plan', '-no-color'], { cwd: work }));
    const wall = Date.now() - started;
    clearInterval(timer);
    if (!res.stdout.includes(`Plan: ${instances} to add`)) throw new Error(`unexpected plan output:\n${res.stdout.slice(-500)}`);
    const peak = Math.max(0, ...peaks.values());
    console.log(
      `plan200: terraform plan of ${instances} talos_machine_secrets: ${(wall / 1000).toFixed(2)} s wall, ` +
        `provider peak RSS ${(peak / 1048576).toFixed(0)} MiB over ${peaks.size} provider launches` +
        ratios('plan200.talos_machine_secrets', wall),
    );
  } finally {
    ws.cleanup();
  }
}

const BENCHES: Record<string, () => Promise<void>> = {
  handshake: () => benchHandshake(),
  plan200: () => benchPlan200(),
  configPlan: () => benchMachineConfigPlan(),
  configGen: () => benchConfigGeneration(),
  talos: () => benchTalosGeneration(),
  proxmoxSynth: () => benchProxmoxSynth(),
  bringup: () => benchTalosBringup(),
  start: () => benchStart(),
  deploySize: () => benchDeploySize(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  console.log(`baseline: node -e 0 median ${nodeBaselineMs().toFixed(1)} ms over 20 starts (node ${process.version})`);
  for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark ${name}; choose from ${Object.keys(BENCHES).join(', ')}`);
    await bench();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
