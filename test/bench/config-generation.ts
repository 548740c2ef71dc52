/**
 * Per-node configuration work against its native baseline: for N nodes, generate the machine
 * configuration from one secrets bundle, apply a host name patch and a shared install-disk
 * patch, and encode the YAML, once with our generator and once with Talos' own Go library
 * (test/bench/go/machinery, built from the Go module proxy at the version talosctl pins).
 * Prints both medians per configuration and their ratio (the issue's goal: at most 1.1).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseContract } from '../../providers/machinery/config/contract';
import { generateMachineConfigDocuments, serializeMachineConfig } from '../../providers/machinery/config/generate';
import { applyPatchStrings } from '../../providers/machinery/patch';
import { generateSecretsBundle } from '../../providers/machinery/secrets';
import { median } from './figures';

const SHARED_PATCH = 'machine:\n  install:\n    disk: /dev/vda\n';

function buildNative(): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-bench-machinery-')), 'machinery-bench');
  const dir = path.join(__dirname, 'go', 'machinery');
  execFileSync('bash', ['-c', `source ${JSON.stringify(path.join(__dirname, '..', 'lab', 'build', 'go-env.sh'))} && go build -o ${JSON.stringify(out)} .`], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return out;
}

export async function benchConfigGeneration(nodes = 100, runs = 7): Promise<void> {
  const contract = parseContract('v1.13');
  const secrets = await generateSecretsBundle({ contract });
  const perConfig: number[] = [];
  let bytes = 0;
  // The first round warms the JIT, as the first data source read of a plan does.
  for (let r = -1; r < runs; r++) {
    const started = performance.now();
    for (let i = 0; i < nodes; i++) {
      const docs = generateMachineConfigDocuments({
        machineType: i < 3 ? 'controlplane' : 'worker',
        clusterName: 'bench',
        endpoint: 'https://10.0.0.10:6443',
        secrets,
        contract,
      });
      bytes += serializeMachineConfig(applyPatchStrings(docs, [`machine:\n  network:\n    hostname: bench-${i}\n`, SHARED_PATCH])).length;
    }
    if (r >= 0) perConfig.push((performance.now() - started) / nodes);
  }
  if (bytes === 0) throw new Error('no configuration generated');
  const ours = median(perConfig);
  const exe = buildNative();
  try {
    const line = execFileSync(exe, [String(nodes), String(runs)], { encoding: 'utf8' }).trim();
    const native = Number(/^ns-per-config (\d+)$/.exec(line)?.[1]) / 1e6;
    if (!Number.isFinite(native) || native <= 0) throw new Error(`unexpected output of the Go baseline: ${line}`);
    console.log(
      `configGen: generate + 2 patches + encode, ${nodes} nodes: ours ${ours.toFixed(3)} ms per config (node ${process.version}), ` +
        `Talos machinery (Go) ${native.toFixed(3)} ms: ratio ${(ours / native).toFixed(2)}`,
    );
  } finally {
    fs.rmSync(path.dirname(exe), { recursive: true, force: true });
  }
}
