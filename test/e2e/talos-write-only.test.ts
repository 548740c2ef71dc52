/**
 * Secrets out of state, under real Terraform (>= 1.11) against the lab's simulated Talos nodes:
 * the Talos stack with `writeOnly` generates each node's configuration as an ephemeral resource
 * and hands it over as `machine_configuration_input_wo` (and the client configuration as
 * `client_configuration_wo` where destroy does not need it). The plan shows the write-only
 * arguments as such; after the bring-up the state file holds no machine configuration, only its
 * hash, and the test takes an inventory of every secret that does remain, attribute by attribute.
 * A changed patch still reaches exactly its node through the hash; destroy resets the nodes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../tools/build/catalog';
import { base64ToPem } from '../../providers/pki';
import type { ClientConfigurationValue, MachineSecretsValue } from '../../providers/machinery/secrets/secrets-value';
import { configurationHash } from '../../providers/talos/resources/machine-configuration-apply/config-render';
import { App } from '../../stacks/cdk';
import { LAB_CLUSTER } from '../../stacks/lab-cluster';
import { TalosConfigStack, type TalosConfigStackProps } from '../../stacks/talos-config-stack';
import { LabWorkload } from '../lab/workload';
import { ok, TerraformWorkspace, type RunResult } from '../support/terraform';

jest.setTimeout(240_000);

const STACK = 'e2e-talos-wo';
const SUBNET = '127.0.68';
const at = (address: string) => address.replace('127.0.10.', `${SUBNET}.`);
// One control plane and one worker: every resource kind, at the least cost.
const cpNode = LAB_CLUSTER.nodes.find((n) => n.role === 'controlplane')!;
const workerNode = LAB_CLUSTER.nodes.find((n) => n.role === 'worker')!;
const CP = { ...cpNode, address: at(cpNode.address) };
const WORKER = { ...workerNode, address: at(workerNode.address) };
const PROPS: TalosConfigStackProps = {
  ...LAB_CLUSTER,
  clusterName: 'e2e-wo',
  clusterEndpoint: `https://${SUBNET}.10:6443`,
  nodes: [CP, WORKER],
  bootstrap: { timeouts: { apply: '2m', reset: '1m', bootstrap: '2m', kubeconfig: '1m', health: '3m' } },
  writeOnly: true,
};

let ws: TerraformWorkspace;
let lab: LabWorkload;
const labLog: string[] = [];
const configRequests = (address: string) => labLog.filter((l) => l.startsWith(`${address}: apply config request`)).length;

beforeAll(async () => {
  ws = new TerraformWorkspace(
    'ptc-e2e-write-only',
    PROVIDERS.filter((p) => p.type === 'talos'),
  );
  lab = await LabWorkload.start({
    nodes: [CP.address, WORKER.address],
    baseDir: ws.dir('lab'),
    delays: { installMs: 200, rebootMs: 500, bootMs: 100, bootstrapReadyMs: 500 },
    log: (line) => void labLog.push(line),
  });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
  ws?.cleanup();
}, 60_000);

function synth(props: TalosConfigStackProps): void {
  const app = new App({ outdir: path.join(ws.root, 'synth') });
  new TalosConfigStack(app, STACK, props);
  app.synth();
}

const stackDir = (): string => path.join(ws.root, 'synth', 'stacks', STACK);
const stateFile = (): string => path.join(stackDir(), `terraform.${STACK}.tfstate`);
const tf = (args: string[]): Promise<RunResult> => ws.run(['-chdir=' + stackDir(), ...args], { cwd: ws.root, timeoutMs: 200_000 });

interface StateResource {
  mode: string;
  type: string;
  name: string;
  instances: { attributes: Record<string, unknown> }[];
}

interface StateFile {
  resources: StateResource[];
  outputs: Record<string, { value: unknown }>;
}

const readState = (): StateFile => JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as StateFile;

/** Every string in the state with where it is: `<mode>.<type>.<attribute path>` or `output.<name>`. */
function stateStrings(s: StateFile): { where: string; value: string }[] {
  const out: { where: string; value: string }[] = [];
  const walk = (where: string, v: unknown) => {
    if (typeof v === 'string') out.push({ where, value: v });
    else if (Array.isArray(v)) v.forEach((el) => walk(where, el));
    else if (v && typeof v === 'object') for (const [k, el] of Object.entries(v)) walk(`${where}.${k}`, el);
  };
  for (const r of s.resources) for (const i of r.instances) walk(`${r.mode === 'data' ? 'data.' : ''}${r.type}`, i.attributes);
  for (const [name, o] of Object.entries(s.outputs ?? {})) walk(`output.${name}`, o.value);
  return out;
}

/** Where in the state a secret occurs (base64 PEM as in state, or its decoded PEM inside a talosconfig). */
function whereIs(s: StateFile, secret: string): string[] {
  const needles = [secret, ...(secret.length > 40 ? [decodedPem(secret)] : [])].filter((n): n is string => !!n);
  const places = stateStrings(s)
    .filter((e) => needles.some((n) => e.value.includes(n)))
    .map((e) => e.where);
  return [...new Set(places)].sort();
}

function decodedPem(b64: string): string | undefined {
  try {
    // The body of the PEM, which a YAML talosconfig keeps as base64 again: match its first line.
    return base64ToPem(b64).split('\n')[1];
  } catch {
    return undefined;
  }
}

describe('write-only bring-up with real Terraform', () => {
  test('plan marks the write-only arguments; apply brings the nodes up; state keeps hashes, never a machine configuration', async () => {
    synth(PROPS);
    const json = JSON.parse(fs.readFileSync(path.join(stackDir(), 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.required_version).toBe('>= 1.11.0');
    expect(Object.keys(json.ephemeral.talos_machine_configuration)).toHaveLength(2);
    ok(await tf(['init', '-no-color']));

    const plan = ok(await tf(['plan', '-no-color', '-out', 'tfplan']));
    expect(plan.stdout).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
    // Terraform shows every write-only argument so, set or not: its value is never in the plan.
    expect(plan.stdout.match(/machine_configuration_input_wo\s+= \(write-only attribute\)/g)).toHaveLength(2);
    expect(plan.stdout).not.toMatch(/machine_configuration_input\s+=/);
    const shown = JSON.parse(ok(await tf(['show', '-json', 'tfplan'])).stdout) as {
      resource_changes: { type: string; change: { after: Record<string, unknown>; after_sensitive: Record<string, unknown> } }[];
      configuration: { root_module: { resources: { type: string; mode: string; expressions: Record<string, { references?: string[] }> }[] } };
    };
    // Which arguments the configuration sets: the applies take the configuration write-only and keep
    // the stored credentials (destroy resets the nodes with them); bootstrap and kubeconfig take them write-only.
    const configured = (type: string) =>
      shown.configuration.root_module.resources
        .filter((r) => r.type === type && r.mode === 'managed')
        .map((r) =>
          Object.keys(r.expressions)
            .filter((k) => /client_configuration|machine_configuration_input/.test(k))
            .sort(),
        );
    expect(configured('talos_machine_configuration_apply')).toEqual([
      ['client_configuration', 'machine_configuration_input_wo'],
      ['client_configuration', 'machine_configuration_input_wo'],
    ]);
    expect(configured('talos_machine_bootstrap')).toEqual([['client_configuration_wo']]);
    expect(configured('talos_cluster_kubeconfig')).toEqual([['client_configuration_wo']]);
    const schemas = JSON.parse(ok(await tf(['providers', 'schema', '-json'])).stdout);
    const applySchema = schemas.provider_schemas['ptc.internal/ptc/talos'].resource_schemas.talos_machine_configuration_apply.block.attributes;
    expect(applySchema.machine_configuration_input_wo.write_only).toBe(true);
    expect(applySchema.client_configuration_wo.write_only).toBe(true);
    const applies = shown.resource_changes.filter((c) => c.type === 'talos_machine_configuration_apply');
    expect(applies).toHaveLength(2);
    for (const c of applies) {
      // The plan file holds null for the write-only values and for the configuration text.
      expect(c.change.after).toMatchObject({ machine_configuration_input_wo: null, machine_configuration_input: null, machine_configuration: null });
      expect(c.change.after_sensitive.machine_configuration_input_wo).toBe(true);
    }

    const started = Date.now();
    const apply = ok(await tf(['apply', '-no-color', 'tfplan']));
    process.stderr.write(`write-only bring-up of 1+1 nodes: terraform apply ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    for (const n of [CP, WORKER]) expect(lab.simulator.node(n.address).mode).toBe('secure');

    const bytes = fs.readFileSync(stateFile(), 'utf8');
    const s = readState();
    // No machine configuration, in any form: each node's applied text is absent, and no string is a Talos config.
    for (const n of [CP, WORKER]) {
      const raw = lab.simulator.node(n.address).config!.raw;
      expect(bytes).not.toContain(raw);
      const apply = s.resources.find((r) => r.type === 'talos_machine_configuration_apply' && r.instances[0].attributes.node === n.address)!.instances[0].attributes;
      expect(apply).toMatchObject({ machine_configuration: null, machine_configuration_input: null, machine_configuration_input_wo: null, client_configuration_wo: null });
      expect(apply.machine_configuration_hash).toBe(configurationHash(raw));
    }
    expect(stateStrings(s).filter((e) => /^version: v1alpha1$/m.test(e.value))).toEqual([]);
    for (const type of ['talos_machine_bootstrap', 'talos_cluster_kubeconfig']) {
      expect(s.resources.find((r) => r.type === type)!.instances[0].attributes).toMatchObject({ client_configuration: null, client_configuration_wo: null });
    }

    // The inventory of what remains, attribute by attribute (README: "what stays in state").
    const secrets = s.resources.find((r) => r.type === 'talos_machine_secrets')!.instances[0].attributes as { machine_secrets: MachineSecretsValue; client_configuration: ClientConfigurationValue };
    const inventory = {
      'Talos admin client key': whereIs(s, secrets.client_configuration.client_key),
      'OS CA key': whereIs(s, secrets.machine_secrets.certs.os.key),
      'Kubernetes CA key': whereIs(s, secrets.machine_secrets.certs.k8s.key),
      'etcd CA key': whereIs(s, secrets.machine_secrets.certs.etcd.key),
      'cluster secret': whereIs(s, secrets.machine_secrets.cluster.secret),
      'bootstrap token': whereIs(s, secrets.machine_secrets.secrets.bootstrap_token),
      'trustd token': whereIs(s, secrets.machine_secrets.trustdinfo.token),
    };
    process.stderr.write(`secrets remaining in state (write-only path):\n${JSON.stringify(inventory, null, 2)}\n`);
    expect(inventory).toEqual({
      'Talos admin client key': [
        'data.talos_client_configuration.client_configuration.client_key',
        'data.talos_client_configuration.talos_config',
        'data.talos_cluster_health.client_configuration.client_key',
        'output.talosconfig',
        'talos_machine_configuration_apply.client_configuration.client_key',
        'talos_machine_secrets.client_configuration.client_key',
      ],
      'OS CA key': ['talos_machine_secrets.machine_secrets.certs.os.key'],
      'Kubernetes CA key': ['talos_machine_secrets.machine_secrets.certs.k8s.key'],
      'etcd CA key': ['talos_machine_secrets.machine_secrets.certs.etcd.key'],
      'cluster secret': ['talos_machine_secrets.machine_secrets.cluster.secret'],
      'bootstrap token': ['talos_machine_secrets.machine_secrets.secrets.bootstrap_token'],
      'trustd token': ['talos_machine_secrets.machine_secrets.trustdinfo.token'],
    });
    // The kubeconfig is state's by design (later stages read it): the Kubernetes admin key sits there.
    const kube = s.resources.find((r) => r.type === 'talos_cluster_kubeconfig')!.instances[0].attributes as { kubernetes_client_configuration: { client_key: string } };
    expect(whereIs(s, kube.kubernetes_client_configuration.client_key)).toEqual([
      'output.kubeconfig',
      'talos_cluster_kubeconfig.kubeconfig_raw',
      'talos_cluster_kubeconfig.kubernetes_client_configuration.client_key',
    ]);

    // Ephemeral configurations are generated again on each run, identically: nothing to change.
    const replan = await tf(['plan', '-no-color', '-detailed-exitcode']);
    expect(replan.stdout).toContain('No changes.');
    expect(replan.code).toBe(0);
  });

  test('a changed patch reaches its node through the hash alone', async () => {
    const before = lab.simulator.node(CP.address).config!.raw;
    synth({ ...PROPS, workerPatches: ['machine:\n  nodeLabels:\n    lab/tier: edge\n'] });
    const plan = ok(await tf(['plan', '-no-color']));
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(new RegExp(`# talos_machine_configuration_apply\\.\\S*${WORKER.name}\\S* will be updated in-place`));
    expect(plan.stdout).toMatch(/~ machine_configuration_hash\s+= "[0-9a-f]{64}" -> "[0-9a-f]{64}"/);
    ok(await tf(['apply', '-auto-approve', '-no-color']));
    expect(lab.simulator.node(WORKER.address).config?.nodeLabels['lab/tier']).toBe('edge');
    expect(lab.simulator.node(CP.address).config!.raw).toBe(before);
    expect(fs.readFileSync(stateFile(), 'utf8')).not.toContain('lab/tier: edge');
    expect((await tf(['plan', '-no-color', '-detailed-exitcode'])).code).toBe(0);
  });

  test('destroy resets the nodes with the credentials state kept for it', async () => {
    const destroy = ok(await tf(['destroy', '-auto-approve', '-no-color']));
    expect(destroy.stdout).toContain('Destroy complete! Resources: 5 destroyed.');
    for (const n of [CP, WORKER]) expect(lab.simulator.node(n.address).mode).toBe('maintenance');
    // The workload API server stops once etcd is gone; the next bring-up starts a new one.
    // A deadline only for a lab that never reacts; the event normally follows within a second.
    const until = Date.now() + 60_000;
    while (lab.events.apiServerStops.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(lab.events.apiServerStops).toHaveLength(1);
  });

  test('a stage brought up on the stored path (PTC_WRITE_ONLY=false) moves to write-only without sending a node anything', async () => {
    synth({ ...PROPS, writeOnly: false });
    ok(await tf(['apply', '-auto-approve', '-no-color']));
    const stored = readState();
    expect(
      stateStrings(stored)
        .filter((e) => /^version: v1alpha1$/m.test(e.value))
        .map((e) => e.where)
        .sort(),
    ).toEqual([
      'data.talos_machine_configuration.machine_configuration',
      'data.talos_machine_configuration.machine_configuration',
      'talos_machine_configuration_apply.machine_configuration',
      'talos_machine_configuration_apply.machine_configuration',
      'talos_machine_configuration_apply.machine_configuration_input',
      'talos_machine_configuration_apply.machine_configuration_input',
    ]);
    const requests = [CP, WORKER].map((n) => configRequests(n.address));

    synth(PROPS);
    const plan = ok(await tf(['plan', '-no-color']));
    // The applies drop the configuration text (same hash), bootstrap and kubeconfig switch to the write-only credentials.
    expect(plan.stdout).toContain('Plan: 0 to add, 4 to change, 0 to destroy.');
    expect(plan.stdout).not.toMatch(/machine_configuration_hash\s+=.*->/);
    ok(await tf(['apply', '-auto-approve', '-no-color']));
    expect([CP, WORKER].map((n) => configRequests(n.address))).toEqual(requests);
    expect(stateStrings(readState()).filter((e) => /^version: v1alpha1$/m.test(e.value))).toEqual([]);
    expect((await tf(['plan', '-no-color', '-detailed-exitcode'])).code).toBe(0);
    ok(await tf(['destroy', '-auto-approve', '-no-color']));
  });
});
