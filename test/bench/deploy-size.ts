/**
 * How the whole deploy grows with the cluster: `cdktf deploy '*'` of the lab cluster as a user's
 * definition file with 3 control planes and 2, then 7 workers, each on a new in-process lab (real
 * Terraform, bpg/proxmox, our providers, the real Cluster API managers), through adoption
 * confirmed. Prints both times and their ratio (the goal: 3+7 within 1.3× of 3+2).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { buildAll } from '../../tools/build/build-providers';
import { REPO_ROOT } from '../../tools/build/catalog';
import { parseClusterDefinition } from '../../stacks/definition';
import { LAB_DEFAULT_INPUT } from '../../stacks/definition/lab-default';
import { cdktfTestEnv } from '../e2e/support/cdktf-env';
import { DeployTimeline } from '../lab/deploy-timeline';
import { startLabEnvironment } from '../lab/env/lab-env';
import { labPaths } from '../lab/env/paths';
import { ensureProxmoxProvider } from '../../tools/build/proxmox-provider';
import { ratios } from './figures';

async function deployMs(workers: number): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-bench-size-'));
  const lab = { current: undefined as Awaited<ReturnType<typeof startLabEnvironment>> | undefined };
  try {
    const project = path.join(tmp, 'project');
    fs.mkdirSync(path.join(project, 'clusters'), { recursive: true });
    fs.writeFileSync(
      path.join(project, 'cdktf.json'),
      JSON.stringify({ language: 'typescript', app: `${process.execPath} --import ${pathToFileURL(require.resolve('tsx')).href} ${path.join(REPO_ROOT, 'main.ts')}`, output: 'cdktf.out' }),
    );
    const base = { ...LAB_DEFAULT_INPUT, workers: [{ ...LAB_DEFAULT_INPUT.workers![0], count: workers }], outputs: undefined };
    const nodes = parseClusterDefinition(JSON.parse(JSON.stringify(base)), { baseDir: project }).plan.nodes.map((n) => n.ip);
    lab.current = await startLabEnvironment({ paths: labPaths(tmp), pvePort: 0, talosNodes: nodes });
    const input = {
      ...base,
      proxmox: { ...base.proxmox, endpoint: lab.current.env.PROXMOX_VE_ENDPOINT, caFile: lab.current.pve.caFile },
      talos: { ...base.talos, factoryUrl: lab.current.images.url },
    };
    fs.writeFileSync(path.join(project, 'clusters', 'lab.yaml'), stringify(JSON.parse(JSON.stringify(input))));
    const started = Date.now();
    const timeline = new DeployTimeline(started);
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), ['deploy', '*', '--auto-approve', '--skip-provider-lock'], {
        cwd: project,
        env: cdktfTestEnv(lab.current!.env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        const lines = (out + d.toString('utf8')).split('\n');
        out = lines.pop() ?? '';
        for (const line of lines) timeline.line(line);
      });
      child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`cdktf deploy of 3+${workers} failed (exit ${code})`);
    const ms = Date.now() - started;
    console.log(`  3+${workers}: synth ${timeline.firstStackSeconds?.toFixed(1)} s; ${timeline.summary().join('; ')}`);
    return ms;
  } finally {
    await lab.current?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchDeploySize(): Promise<void> {
  await ensureProxmoxProvider({ log: () => undefined });
  buildAll();
  const small = await deployMs(2);
  const large = await deployMs(7);
  console.log(
    `deploySize: cdktf deploy '*' through adoption confirmed, 3+2 ${(small / 1000).toFixed(1)} s${ratios('deploySize.3+2', small)}; ` +
      `3+7 ${(large / 1000).toFixed(1)} s${ratios('deploySize.3+7', large)}: 3+7 / 3+2 = ${(large / small).toFixed(2)}`,
  );
}
