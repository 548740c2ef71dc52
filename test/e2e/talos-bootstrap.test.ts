/**
 * The Talos bring-up under real Terraform against the lab: simulated Talos nodes (maintenance
 * mode, install, reboot, mTLS) and, once bootstrapped, a real kube-apiserver on the cluster
 * endpoint where each configured node registers. The Talos stack (secrets → configs → apply per
 * node → bootstrap → kubeconfig → health) is synthesized in-process and run with terraform:
 * bring-up, empty re-plan, a patch change touching only its nodes (one reboots for it, one is
 * down when the apply reaches it), faults, destroy resetting the nodes, and an apply killed
 * mid-way that converges when re-run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../tools/build/catalog';
import { base64ToPem } from '../../providers/pki';
import type { ClientConfigurationValue } from '../../providers/machinery/secrets/secrets-value';
import { App } from '../../stacks/cdk';
import { LAB_CLUSTER } from '../../stacks/lab-cluster';
import { TalosConfigStack, type TalosConfigStackProps } from '../../stacks/talos-config-stack';
import { runKubectl } from '../lab/k8s';
import { LabWorkload } from '../lab/workload';
import { ok, terraformBinary, TerraformWorkspace, type RunResult } from '../support/terraform';

jest.setTimeout(240_000);

const STACK = 'e2e-talos';
const SUBNET = '127.0.62';
const ENDPOINT = `https://${SUBNET}.10:6443`;
const NODES = LAB_CLUSTER.nodes.map((n) => ({ ...n, address: n.address.replace('127.0.10.', `${SUBNET}.`) }));
const CPS = NODES.filter((n) => n.role === 'controlplane');
const WORKERS = NODES.filter((n) => n.role === 'worker');
const BASE_PROPS: TalosConfigStackProps = {
  ...LAB_CLUSTER,
  clusterName: 'e2e',
  clusterEndpoint: ENDPOINT,
  nodes: NODES,
  bootstrap: { timeouts: { apply: '2m', reset: '1m', bootstrap: '2m', kubeconfig: '1m', health: '3m' } },
};

let ws: TerraformWorkspace;
let lab: LabWorkload;
const labLog: string[] = [];

beforeAll(async () => {
  ws = new TerraformWorkspace(
    'ptc-e2e-bootstrap',
    PROVIDERS.filter((p) => p.type === 'talos'),
  );
  lab = await LabWorkload.start({
    nodes: NODES.map((n) => n.address),
    baseDir: ws.dir('lab'),
    // bootstrapReadyMs: the first Bootstrap calls meet FailedPrecondition and are retried.
    delays: { installMs: 300, rebootMs: 1500, bootMs: 200, bootstrapReadyMs: 3000 },
    log: (line) => void labLog.push(line),
  });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
  ws?.cleanup();
}, 60_000);

function synth(props: TalosConfigStackProps): string {
  const outdir = path.join(ws.root, 'synth');
  const app = new App({ outdir });
  new TalosConfigStack(app, STACK, props);
  app.synth();
  return path.join(outdir, 'stacks', STACK);
}

const stackDir = (): string => path.join(ws.root, 'synth', 'stacks', STACK);
const tf = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = stackDir()): Promise<RunResult> => ws.run(['-chdir=' + cwd, ...args], { cwd: ws.root, env, timeoutMs: 200_000 });

interface StateResource {
  mode: string;
  type: string;
  name: string;
  instances: { attributes: Record<string, unknown> }[];
}

/** Resources in a state file: the stack's by default. */
function state(file = path.join(stackDir(), `terraform.${STACK}.tfstate`)): StateResource[] {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')).resources as StateResource[]) : [];
}

/** The same while Terraform may be writing the file: a torn read counts as nothing yet. */
function stateWhileRunning(): StateResource[] {
  try {
    return state();
  } catch {
    return [];
  }
}

function adminClientConfiguration(): ClientConfigurationValue {
  const secrets = state().find((r) => r.type === 'talos_machine_secrets' && r.instances.length > 0);
  if (!secrets) throw new Error('no talos_machine_secrets in the stack state');
  return secrets.instances[0].attributes.client_configuration as ClientConfigurationValue;
}

interface KubeNode {
  metadata: { name: string };
  spec: { providerID?: string };
  status: { addresses: { type: string; address: string }[]; conditions: { type: string; status: string }[] };
}

async function kubectlNodes(): Promise<KubeNode[]> {
  const kubeconfig = path.join(ws.root, 'kubeconfig');
  fs.writeFileSync(kubeconfig, ok(await tf(['output', '-raw', 'kubeconfig'])).stdout, { mode: 0o600 });
  const res = await runKubectl(kubeconfig, ['get', 'nodes', '-o', 'json']);
  if (res.code !== 0) throw new Error(`kubectl get nodes failed: ${res.stderr}`);
  return (JSON.parse(res.stdout) as { items: KubeNode[] }).items;
}

async function expectFiveReadyNodes(): Promise<void> {
  const nodes = await kubectlNodes();
  expect(nodes.map((n) => n.metadata.name).sort()).toEqual(NODES.map((n) => n.name).sort());
  for (const n of NODES) {
    const node = nodes.find((k) => k.metadata.name === n.name)!;
    expect(node.spec.providerID).toBe(n.providerId);
    expect(node.status.addresses).toContainEqual({ type: 'InternalIP', address: n.address });
    expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  }
}

const nodeOf = (address: string) => lab.simulator.node(address);

describe('Talos bring-up with real Terraform', () => {
  test('secrets → configs → apply (maintenance) → bootstrap (retried until ready) → kubeconfig → health; 5 Ready nodes; empty re-plan', async () => {
    expect(NODES.every((n) => nodeOf(n.address).mode === 'maintenance')).toBe(true);
    synth(BASE_PROPS);
    ok(await tf(['init', '-no-color']));
    const plan = ok(await tf(['plan', '-no-color']));
    expect(plan.stdout).toContain('Plan: 8 to add, 0 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/data\.talos_cluster_health\.[\w-]+ will be read during apply/);

    const started = Date.now();
    const apply = ok(await tf(['apply', '-auto-approve', '-no-color'], { TF_LOG_PROVIDER: 'debug' }));
    const seconds = (Date.now() - started) / 1000;
    expect(apply.stdout).toContain('Apply complete! Resources: 8 added, 0 changed, 0 destroyed.');
    expect(apply.stdout).toMatch(/data\.talos_cluster_health\.[\w-]+: Read complete/);
    // Every node got its configuration in maintenance mode, installed and came up configured.
    for (const n of NODES) {
      expect(labLog.some((l) => l.startsWith(`${n.address}: apply config request`))).toBe(true);
      expect(nodeOf(n.address).mode).toBe('secure');
      expect(nodeOf(n.address).config?.hostname).toBe(n.name);
    }
    // Bootstrap met "not available yet" first and was retried; it happened exactly once.
    expect(apply.stderr).toContain('not ready to bootstrap yet (FAILED_PRECONDITION: bootstrap is not available yet)');
    expect(lab.events.bootstraps).toHaveLength(1);
    expect(lab.events.bootstraps[0].node).toBe(CPS[0].address);
    // Progress of the health wait reached the provider log.
    expect(apply.stderr).toMatch(/cluster healthy after/);
    process.stderr.write(`bring-up of 3+2 nodes: terraform apply ${seconds.toFixed(1)} s (kube-apiserver start ${lab.events.apiServerStarts[0]?.ms} ms)\n`);

    await expectFiveReadyNodes();
    const replan = await tf(['plan', '-no-color', '-detailed-exitcode']);
    expect(replan.stdout).toContain('No changes.');
    expect(replan.code).toBe(0);
    // Nothing secret leaks into plan output.
    const client = adminClientConfiguration();
    expect(replan.stdout + apply.stdout).not.toContain(client.client_key);
  });

  test('a worker patch re-applies only the workers: one reboots for it, one is down when the apply reaches it', async () => {
    const cpConfigs = CPS.map((n) => nodeOf(n.address).config?.raw);
    // machine.udev cannot change live: Talos applies it with a reboot (apply_mode auto).
    synth({ ...BASE_PROPS, workerPatches: ['machine:\n  nodeLabels:\n    lab/tier: edge\n  udev:\n    rules:\n      - SUBSYSTEM=="lab", TAG+="edge"\n'] });
    const plan = ok(await tf(['plan', '-no-color']));
    expect(plan.stdout).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    const updated = [...plan.stdout.matchAll(/# (talos_machine_configuration_apply\.\S+) will be updated in-place/g)].map((m) => m[1]);
    expect(updated).toHaveLength(2);
    expect(updated.every((a) => /lab-worker-[12]/.test(a))).toBe(true);

    // worker-2 is powered off when Terraform starts; it comes back while the apply waits for it.
    const w2 = nodeOf(WORKERS[1].address);
    await w2.shutdown();
    const powerOn = setTimeout(() => void w2.powerOn(), 6000);
    const rebootsBefore = labLog.filter((l) => l.startsWith(`${WORKERS[0].address}: rebooting`)).length;
    try {
      const apply = ok(await tf(['apply', '-auto-approve', '-no-color']));
      expect(apply.stdout).toContain('Apply complete! Resources: 0 added, 2 changed, 0 destroyed.');
    } finally {
      clearTimeout(powerOn);
      if (w2.mode === 'off') await w2.powerOn();
    }
    expect(labLog.filter((l) => l.startsWith(`${WORKERS[0].address}: rebooting`)).length).toBe(rebootsBefore + 1);
    for (const n of WORKERS) {
      expect(nodeOf(n.address).mode).toBe('secure');
      expect(nodeOf(n.address).config?.nodeLabels['lab/tier']).toBe('edge');
    }
    expect(CPS.map((n) => nodeOf(n.address).config?.raw)).toEqual(cpConfigs);
    expect((await tf(['plan', '-no-color', '-detailed-exitcode'])).code).toBe(0);
    await expectFiveReadyNodes();
  });

  test('faults: unreachable node (timeout naming node and address), second bootstrap, bootstrap on a worker, wrong client CA; kubeconfig renewal', async () => {
    const client = adminClientConfiguration();
    const dir = ws.dir('faults');
    const cp = (i: number) => CPS[i].address;
    const ref = (expr: string) => `\${${expr}}`;
    fs.writeFileSync(
      path.join(dir, 'main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { talos: { source: 'ptc.internal/ptc/talos', version: '0.1.0' } } },
        variable: {
          client: { type: 'object({ca_certificate=string, client_certificate=string, client_key=string})', sensitive: true },
        },
        resource: {
          talos_machine_secrets: { other: {} },
          talos_machine_configuration_apply: {
            unreachable: {
              node: `${SUBNET}.99`,
              client_configuration: ref('var.client'),
              machine_configuration_input: ref('data.talos_machine_configuration.ghost.machine_configuration'),
              timeouts: { create: '3s' },
            },
          },
          talos_machine_bootstrap: {
            second: { node: cp(1), client_configuration: ref('var.client'), timeouts: { create: '30s' } },
            worker: { node: WORKERS[0].address, client_configuration: ref('var.client'), timeouts: { create: '30s' } },
          },
          talos_cluster_kubeconfig: {
            // Talos issues 1-year admin certificates: a longer renewal window renews at every plan.
            renewing: { node: cp(0), client_configuration: ref('var.client'), certificate_renewal_duration: '9000h' },
            // Credentials of other secrets: the node's certificate is not from their CA.
            other_cluster: { node: cp(0), client_configuration: ref('talos_machine_secrets.other.client_configuration'), timeouts: { create: '30s' } },
            // Our CA, but a client certificate another cluster's CA signed: the node refuses it.
            wrong_client_ca: {
              node: cp(0),
              client_configuration: {
                ca_certificate: ref('var.client.ca_certificate'),
                client_certificate: ref('talos_machine_secrets.other.client_configuration.client_certificate'),
                client_key: ref('talos_machine_secrets.other.client_configuration.client_key'),
              },
              timeouts: { create: '30s' },
            },
          },
        },
        data: {
          talos_machine_configuration: {
            ghost: {
              cluster_name: 'ghost',
              cluster_endpoint: `https://${SUBNET}.90:6443`,
              machine_type: 'worker',
              machine_secrets: ref('talos_machine_secrets.other.machine_secrets'),
              hostname: 'lab-ghost',
            },
          },
        },
      }),
    );
    fs.writeFileSync(path.join(dir, 'terraform.tfvars.json'), JSON.stringify({ client }), { mode: 0o600 });
    ok(await tf(['init', '-no-color'], {}, dir));
    const started = Date.now();
    const res = await tf(['apply', '-auto-approve', '-no-color'], {}, dir);
    const seconds = (Date.now() - started) / 1000;
    expect(res.code).toBe(1);
    const text = (res.stdout + res.stderr).replace(/\s+/g, ' ');
    expect(text).toMatch(new RegExp(`node lab-ghost \\(${SUBNET}\\.99:50000\\) did not answer within 3s: `));
    expect(text).toContain(`node ${WORKERS[0].address}:50000 cannot bootstrap: UNIMPLEMENTED: bootstrap is only available on control plane nodes`);
    expect(text).toContain(`node ${cp(0)}:50000 presents a certificate that client_configuration.ca_certificate does not trust`);
    expect(text).toContain(`node ${cp(0)}:50000 refused the client certificate of client_configuration`);
    // Wrong credentials fail at once, not after the 30s timeout.
    expect(seconds).toBeLessThan(25);
    // The second bootstrap (another control plane of the running cluster) counts as done.
    expect(res.stdout).toMatch(/talos_machine_bootstrap\.second: Creation complete/);
    expect(state(path.join(dir, 'terraform.tfstate')).find((r) => r.type === 'talos_machine_bootstrap' && r.name === 'second')?.instances).toHaveLength(1);
    expect(lab.events.bootstraps).toHaveLength(1);

    // The kubeconfig's client certificate expires within its renewal window: the plan renews it.
    const kubeconfigState = () => state(path.join(dir, 'terraform.tfstate')).find((r) => r.name === 'renewing')!.instances[0].attributes;
    const before = kubeconfigState();
    expect(Date.parse(before.client_certificate_expires_at as string)).toBeGreaterThan(Date.now() + 8000 * 3_600_000);
    const target = '-target=talos_cluster_kubeconfig.renewing';
    const renewPlan = ok(await tf(['plan', '-no-color', target], {}, dir));
    expect(renewPlan.stdout).toContain('talos_cluster_kubeconfig.renewing will be updated in-place');
    expect(renewPlan.stdout).toMatch(/client_certificate_expires_at\s+= "[^"]+" -> \(known after apply\)/);
    ok(await tf(['apply', '-auto-approve', '-no-color', target], {}, dir));
    const after = kubeconfigState();
    expect(after.client_certificate_expires_at).not.toBe(before.client_certificate_expires_at);
    expect(after.kubeconfig_raw).not.toBe(before.kubeconfig_raw);
    ok(await tf(['destroy', '-auto-approve', '-no-color'], {}, dir));
  });

  test('destroy resets every node back to maintenance mode and the workload API server stops', async () => {
    const destroy = ok(await tf(['destroy', '-auto-approve', '-no-color']));
    expect(destroy.stdout).toContain('Destroy complete! Resources: 8 destroyed.');
    for (const n of NODES) expect(nodeOf(n.address).mode).toBe('maintenance');
    expect(state().filter((r) => r.mode === 'managed')).toEqual([]);
    // A deadline only for a lab that never reacts; the event normally follows within a second.
    const until = Date.now() + 60_000;
    while (lab.events.apiServerStops.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(lab.events.apiServerStops).toHaveLength(1);
  });

  test('an apply killed mid-way (SIGKILL) converges when run again', async () => {
    synth(BASE_PROPS);
    const child = spawn(terraformBinary(), [`-chdir=${stackDir()}`, 'apply', '-auto-approve', '-no-color'], { cwd: ws.root, env: ws.env(), stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      // Kill once the secrets are saved and the first nodes are installing.
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        const secretsSaved = stateWhileRunning().some((r) => r.type === 'talos_machine_secrets' && r.instances.length > 0);
        if (secretsSaved && NODES.some((n) => nodeOf(n.address).mode !== 'maintenance')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(lab.events.bootstraps).toHaveLength(1);
    // The provider processes notice they were orphaned and exit; then run again.
    await new Promise((r) => setTimeout(r, 1500));
    const rerun = ok(await tf(['apply', '-auto-approve', '-no-color']));
    expect(rerun.stdout).toMatch(/Apply complete!/);
    expect(lab.events.bootstraps).toHaveLength(2);
    await expectFiveReadyNodes();
    expect((await tf(['plan', '-no-color', '-detailed-exitcode'])).code).toBe(0);
    // The nodes run the configuration of the secrets in state (nothing was lost or regenerated).
    const caPem = base64ToPem(adminClientConfiguration().ca_certificate);
    for (const n of NODES) expect(nodeOf(n.address).config?.osCa.crt).toBe(caPem);
    ok(await tf(['destroy', '-auto-approve', '-no-color']));
  });
});
