/**
 * `outputs` end to end with real Terraform against the lab: the Talos stage with bring-up and
 * `outputs.kubeconfig` / `outputs.talosconfig` writes both files (mode 0600, new directory 0700)
 * with exactly what `terraform output` holds, the kubeconfig works with kubectl, a second plan is
 * empty, a removed, edited or loosened file is repaired by the next apply, destroy removes them,
 * and no credential appears in anything Terraform prints (provider debug logs included).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { PROVIDERS } from '../../tools/build/catalog';
import { App } from '../../stacks/cdk';
import { LAB_CLUSTER } from '../../stacks/lab-cluster';
import { TalosConfigStack, type TalosConfigStackProps } from '../../stacks/talos-config-stack';
import { runKubectl } from '../lab/k8s';
import { LabWorkload } from '../lab/workload';
import { ok, TerraformWorkspace, type RunResult } from '../support/terraform';

jest.setTimeout(240_000);

const STACK = 'e2e-files';
const SUBNET = '127.0.66';
const NODES = LAB_CLUSTER.nodes.map((n) => ({ ...n, address: n.address.replace('127.0.10.', `${SUBNET}.`) }));

let ws: TerraformWorkspace;
let lab: LabWorkload;
let creds: string;
let kubeconfigFile: string;
let talosconfigFile: string;
/** Everything terraform printed, for the leak check at the end. */
const printed: string[] = [];

beforeAll(async () => {
  ws = new TerraformWorkspace(
    'ptc-e2e-files',
    PROVIDERS.filter((p) => p.type === 'talos'),
  );
  lab = await LabWorkload.start({ nodes: NODES.map((n) => n.address), baseDir: ws.dir('lab'), delays: { installMs: 100, rebootMs: 300, bootMs: 100 } });
  // A directory that does not exist yet: the provider creates it owner-only.
  creds = path.join(ws.root, 'home', 'creds');
  kubeconfigFile = path.join(creds, 'e2e.kubeconfig');
  talosconfigFile = path.join(creds, 'e2e.talosconfig');
  const props: TalosConfigStackProps = {
    ...LAB_CLUSTER,
    clusterName: 'e2e',
    clusterEndpoint: `https://${SUBNET}.10:6443`,
    nodes: NODES,
    bootstrap: { timeouts: { apply: '2m', reset: '1m', bootstrap: '2m', kubeconfig: '1m', health: '3m' } },
    outputs: { kubeconfig: kubeconfigFile, talosconfig: talosconfigFile },
  };
  const app = new App({ outdir: path.join(ws.root, 'synth') });
  new TalosConfigStack(app, STACK, props);
  app.synth();
}, 120_000);

afterAll(async () => {
  await lab?.stop();
  ws?.cleanup();
}, 60_000);

const stackDir = (): string => path.join(ws.root, 'synth', 'stacks', STACK);

async function tf(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const res = await ws.run([`-chdir=${stackDir()}`, ...args], { cwd: ws.root, env, timeoutMs: 200_000 });
  if (args[0] !== 'output') printed.push(res.stdout, res.stderr);
  return res;
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const outputValue = async (name: string) => ok(await tf(['output', '-raw', name])).stdout;

/** The secret parts of both files: the admin client keys. */
function secretsIn(kubeconfig: string, talosconfig: string): string[] {
  const kube = parse(kubeconfig) as { users: { user: Record<string, string> }[] };
  const talos = parse(talosconfig) as { contexts: Record<string, { key: string }> };
  const keys = [kube.users[0].user['client-key-data'], ...Object.values(talos.contexts).map((c) => c.key)];
  expect(keys.every((k) => typeof k === 'string' && k.length > 40)).toBe(true);
  return keys;
}

describe('credential files written by the Talos stage', () => {
  let secrets: string[];

  test('apply writes both files, 0600 in a new 0700 directory, equal to terraform output; kubectl uses it; empty re-plan', async () => {
    ok(await tf(['init', '-no-color']));
    const plan = ok(await tf(['plan', '-no-color']));
    expect(plan.stdout).toContain('Plan: 10 to add, 0 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/content\s+= \(sensitive value\)/);
    const started = Date.now();
    const apply = ok(await tf(['apply', '-auto-approve', '-no-color'], { TF_LOG_PROVIDER: 'debug' }));
    process.stderr.write(`bring-up with credential files: terraform apply ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(apply.stdout).toContain('Apply complete! Resources: 10 added, 0 changed, 0 destroyed.');
    expect(apply.stderr).toContain('wrote local file');

    for (const file of [kubeconfigFile, talosconfigFile]) expect(mode(file)).toBe(0o600);
    expect(mode(creds)).toBe(0o700);
    expect(mode(path.dirname(creds))).toBe(0o700);
    const kubeconfig = await outputValue('kubeconfig');
    const talosconfig = await outputValue('talosconfig');
    expect(fs.readFileSync(kubeconfigFile, 'utf8')).toBe(kubeconfig);
    expect(fs.readFileSync(talosconfigFile, 'utf8')).toBe(talosconfig);
    secrets = secretsIn(kubeconfig, talosconfig);

    const nodes = await runKubectl(kubeconfigFile, ['get', 'nodes', '-o', 'name']);
    expect(nodes.code).toBe(0);
    expect(nodes.stdout.trim().split('\n').sort()).toEqual(NODES.map((n) => `node/${n.name}`).sort());

    const replan = await tf(['plan', '-no-color', '-detailed-exitcode']);
    expect(replan.stdout).toContain('No changes.');
    expect(replan.code).toBe(0);
  });

  test('a removed kubeconfig and an edited, loosened talosconfig are repaired by the next apply', async () => {
    const kubeconfig = fs.readFileSync(kubeconfigFile, 'utf8');
    const talosconfig = fs.readFileSync(talosconfigFile, 'utf8');
    fs.rmSync(kubeconfigFile);
    fs.writeFileSync(talosconfigFile, 'context: edited-by-hand\n');
    fs.chmodSync(talosconfigFile, 0o644);

    const plan = await tf(['plan', '-no-color', '-detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 1 to add, 1 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/talos_local_file\.credential-files_kubeconfig_\w+ will be created/);
    expect(plan.stdout).toMatch(/talos_local_file\.credential-files_talosconfig_\w+ will be updated in-place/);
    expect(plan.stdout).toMatch(/~ file_permission\s+= "0644" -> "0600"/);

    const apply = ok(await tf(['apply', '-auto-approve', '-no-color'], { TF_LOG_PROVIDER: 'debug' }));
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 1 changed, 0 destroyed.');
    expect(fs.readFileSync(kubeconfigFile, 'utf8')).toBe(kubeconfig);
    expect(fs.readFileSync(talosconfigFile, 'utf8')).toBe(talosconfig);
    for (const file of [kubeconfigFile, talosconfigFile]) expect(mode(file)).toBe(0o600);
    expect((await tf(['plan', '-no-color', '-detailed-exitcode'])).code).toBe(0);
  });

  test('destroy removes both files; no credential was ever printed', async () => {
    const destroy = ok(await tf(['destroy', '-auto-approve', '-no-color'], { TF_LOG_PROVIDER: 'debug' }));
    expect(destroy.stdout).toContain('Destroy complete!');
    expect(fs.existsSync(kubeconfigFile)).toBe(false);
    expect(fs.existsSync(talosconfigFile)).toBe(false);

    const all = printed.join('\n');
    expect(all.length).toBeGreaterThan(10_000);
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
