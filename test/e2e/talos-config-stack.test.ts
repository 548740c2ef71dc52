/**
 * The product path under real Terraform: `cdktf synth` of the app, then init / plan / apply /
 * empty re-plan / import / destroy on the Talos configuration stack (secrets, per-node machine
 * configurations, talosconfig) with our `talos` provider from the filesystem mirror; and the
 * same stack through `cdktf deploy` / `cdktf destroy`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS, REPO_ROOT } from '../../tools/build/catalog';
import { base64ToPem } from '../../providers/pki';
import { formatSecretsYaml, generateSecretsBundle, validateSecretsBundle } from '../../providers/machinery/secrets';
import { valueToSecrets, type MachineSecretsValue } from '../../providers/machinery/secrets/secrets-value';
import { ok, run, TerraformWorkspace } from '../support/terraform';
import { parseAllDocuments } from 'yaml';
import { parseTalosconfig } from '../../providers/machinery/clientconfig';

const STACK = 'lab-talos';
const cdktfBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
let ws: TerraformWorkspace;

beforeAll(() => {
  ws = new TerraformWorkspace(
    'ptc-e2e-talos',
    PROVIDERS.filter((p) => p.type === 'talos'),
  );
});

afterAll(() => ws.cleanup());

// The Talos stage alone (main.ts also deploys the Proxmox and Cluster API stages, tested elsewhere).
const APP = `npx tsx ${path.join(REPO_ROOT, 'test/e2e/support/talos-config-app.ts')}`;

function cdktf(args: string[], outDir: string) {
  return run(cdktfBin, [...args, '-a', APP, '-o', outDir], {
    cwd: REPO_ROOT,
    env: ws.env({ CI: 'true', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', FORCE_COLOR: '0', DISABLE_VERSION_CHECK: '1' }),
    timeoutMs: 600_000,
  });
}

interface StateResource {
  mode: string;
  type: string;
  name: string;
  instances: { attributes: Record<string, unknown> }[];
}

function stateResources(stackDir: string): StateResource[] {
  return JSON.parse(fs.readFileSync(path.join(stackDir, `terraform.${STACK}.tfstate`), 'utf8')).resources;
}

function machineSecretsFromState(stackDir: string): MachineSecretsValue {
  const res = stateResources(stackDir).find((r) => r.type === 'talos_machine_secrets')!;
  return res.instances[0].attributes.machine_secrets as MachineSecretsValue;
}

function machineConfigFromState(stackDir: string, node: string): string {
  const res = stateResources(stackDir).find((r) => r.type === 'talos_machine_configuration' && r.name.startsWith(`machine-configs_${node}_`))!;
  return res.instances[0].attributes.machine_configuration as string;
}

describe('synth, then plain terraform', () => {
  let out: string;
  let stackDir: string;
  let address: string;
  const tf = (...args: string[]) => ws.run(args, { cwd: stackDir });

  beforeAll(async () => {
    out = ws.dir('synth');
    ok(await cdktf(['synth'], out));
    stackDir = path.join(out, 'stacks', STACK);
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    address = `talos_machine_secrets.${Object.keys(json.resource.talos_machine_secrets)[0]}`;
    ok(await tf('init', '-no-color'));
  }, 600_000);

  test('plan, apply, empty re-plan; secrets in state are a valid Talos bundle, never in plan output', async () => {
    const plan = ok(await tf('plan', '-no-color', '-out', 'tfplan'));
    expect(plan.stdout).toContain(`${address} will be created`);
    expect(plan.stdout).toMatch(/machine_secrets\s+= \(sensitive value\)/);
    ok(await tf('apply', '-no-color', 'tfplan'));

    const secrets = machineSecretsFromState(stackDir);
    const bundle = valueToSecrets(secrets);
    expect(() => validateSecretsBundle(bundle)).not.toThrow();
    expect(base64ToPem(secrets.certs.os.cert)).toContain('BEGIN CERTIFICATE');

    const cp = parseAllDocuments(machineConfigFromState(stackDir, 'lab-cp-1')).map((d) => d.toJSON());
    expect(cp[0].machine.type).toBe('controlplane');
    expect(cp[0].machine.kubelet.extraArgs['provider-id']).toBe('proxmox://3b1c7f52-0d52-4a53-9a4c-0a6f1d2e1101');
    expect(cp[0].machine.ca.key).toBe(secrets.certs.os.key);
    const worker = parseAllDocuments(machineConfigFromState(stackDir, 'lab-worker-1')).map((d) => d.toJSON());
    expect(worker[0].machine.type).toBe('worker');
    expect(worker[0].machine.ca.key).toBe('');
    expect(worker[0].cluster.ca.key).toBe('');
    const talosconfig = parseTalosconfig(JSON.parse(ok(await tf('output', '-json', 'talosconfig')).stdout));
    expect(talosconfig.context).toBe('lab');
    expect(talosconfig.contexts.lab.endpoints).toEqual(['127.0.10.11', '127.0.10.12', '127.0.10.13']);

    const replan = await tf('plan', '-no-color', '-detailed-exitcode');
    expect(replan.code).toBe(0);
    const shown = ok(await tf('show', '-no-color'));
    for (const secret of [secrets.cluster.secret, secrets.secrets.bootstrap_token, secrets.certs.os.key, secrets.trustdinfo.token]) {
      expect(replan.stdout).not.toContain(secret);
      expect(shown.stdout).not.toContain(secret);
      expect(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).not.toContain(secret);
    }
  }, 300_000);

  test('import takes an existing talosctl secrets.yaml; destroy empties the state', async () => {
    const bundle = await generateSecretsBundle();
    const file = path.join(ws.root, 'secrets.yaml');
    fs.writeFileSync(file, formatSecretsYaml(bundle), { mode: 0o600 });
    ok(await tf('state', 'rm', address));
    ok(await tf('import', '-no-color', address, file));
    expect(machineSecretsFromState(stackDir).cluster.id).toBe(bundle.cluster.id);
    expect((await tf('plan', '-no-color', '-detailed-exitcode')).code).toBe(0);

    const bad = await tf('import', '-no-color', 'talos_machine_secrets.other', path.join(ws.root, 'missing.yaml'));
    expect(bad.code).toBe(1);

    ok(await tf('destroy', '-auto-approve', '-no-color'));
    expect(stateResources(stackDir).filter((r) => r.mode === 'managed')).toEqual([]);
  }, 300_000);
});

describe('cdktf deploy / destroy', () => {
  test('deploys, re-deploys with no changes, destroys', async () => {
    const out = ws.dir('cdktf');
    const deploy = await cdktf(['deploy', STACK, '--auto-approve', '--skip-provider-lock'], out);
    ok(deploy);
    expect(deploy.stdout).toMatch(/Apply complete! Resources: 1 added/);
    const secrets = machineSecretsFromState(path.join(out, 'stacks', STACK));
    expect(deploy.stdout).not.toContain(secrets.cluster.secret);

    const diff = ok(await cdktf(['diff', STACK, '--skip-provider-lock'], out));
    expect(diff.stdout).toContain('No changes');

    const destroy = ok(await cdktf(['destroy', STACK, '--auto-approve', '--skip-provider-lock'], out));
    expect(destroy.stdout).toMatch(/Destroy complete! Resources: 1 destroyed/);
  }, 900_000);
});
