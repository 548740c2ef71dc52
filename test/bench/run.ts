/**
 * `npm run bench`: performance figures reported in the README (not asserted in tests).
 *   - provider start + handshake, median of 20 launches
 *   - `terraform plan` of 200 instances of one of our resources: wall time and provider peak RSS
 *   - Talos secrets bundle and 50-node configuration generation
 *   - synth time of 1, 10 and 50 Proxmox clusters (6 VMs each)
 *   - Talos bring-up of 3+2, 3+7 and 3+47 nodes against the lab (simulated delays zero)
 * Run one with `npm run bench -- handshake` (names: handshake, plan200, talos, proxmoxSynth, bringup).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildProvider } from '../../providers/build/build-providers';
import { PROVIDERS } from '../../providers/build/catalog';
import { connect, launchProvider, makeClientCert, parseHandshake, terraformEnv } from '../support/plugin-client';
import { ok, TerraformWorkspace } from '../support/terraform';
import { benchProxmoxSynth } from './proxmox-synth';
import { benchTalosBringup } from './talos-bringup';
import { benchTalosGeneration } from './talos-generation';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median wall time of `node -e 0` with the Node the launcher runs (PTC_NODE, else `node` on PATH): the start-up baseline. */
function nodeBaseline(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const res = spawnSync(process.env.PTC_NODE || 'node', ['-e', '0'], { stdio: 'ignore' });
    if (res.status !== 0) throw new Error(`node -e 0 exited with ${res.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

async function benchHandshake(runs = 20): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-bench-hs-'));
  try {
    const talos = PROVIDERS.find((p) => p.type === 'talos')!;
    // Launched through the mirror's launcher script, exactly as Terraform starts it.
    const exe = buildProvider(talos, dir);
    const cert = await makeClientCert();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      const p = await launchProvider(exe, [], terraformEnv(cert));
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      const clients = connect(parseHandshake(p.handshakeLine), cert);
      await clients.call('controller', 'Shutdown');
      await p.exited;
      clients.close();
    }
    // Same run, same machine state: the ratio is what compares across machines.
    const baseline = nodeBaseline(runs);
    console.log(
      `handshake: provider start + handshake median ${median(times).toFixed(1)} ms over ${runs} launches ` +
        `(min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms, node ${process.version}); ` +
        `node -e 0 median ${baseline.toFixed(1)} ms: ratio ${(median(times) / baseline).toFixed(2)}`,
    );
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
        `provider peak RSS ${(peak / 1048576).toFixed(0)} MiB over ${peaks.size} provider launches`,
    );
  } finally {
    ws.cleanup();
  }
}

const BENCHES: Record<string, () => Promise<void>> = {
  handshake: () => benchHandshake(),
  plan200: () => benchPlan200(),
  talos: () => benchTalosGeneration(),
  proxmoxSynth: () => benchProxmoxSynth(),
  bringup: () => benchTalosBringup(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
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
