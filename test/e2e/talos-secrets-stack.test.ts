/**
 * The product path under real Terraform: `cdktf synth` of the app, then init / plan / apply /
 * empty re-plan / import / destroy on the Talos secrets stack with our `talos` provider from the
 * filesystem mirror; and the same stack through `cdktf deploy` / `cdktf destroy`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS, REPO_ROOT } from '../../providers/build/catalog';
import { base64ToPem } from '../../providers/pki';
import { formatSecretsYaml, generateSecretsBundle, validateSecretsBundle } from '../../providers/talos/secrets';
import { valueToSecrets, type MachineSecretsValue } from '../../providers/talos/resources/secrets-model';
import { ok, run, TerraformWorkspace } from '../support/terraform';

const STACK = 'lab-talos-secrets';
const cdktfBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
let ws: TerraformWorkspace;

beforeAll(() => {
  ws = new TerraformWorkspace('ptc-e2e-talos', PROVIDERS.filter((p) => p.type === 'talos'));
});

afterAll(() => ws.cleanup());

function cdktf(args: string[], outDir: string) {
  return run(cdktfBin, [...args, '-o', outDir], {
    cwd: REPO_ROOT,
    env: ws.env({ CI: 'true', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', FORCE_COLOR: '0', DISABLE_VERSION_CHECK: '1' }),
    timeoutMs: 600_000,
  });
}

function machineSecretsFromState(stackDir: string): MachineSecretsValue {
  const state = JSON.parse(fs.readFileSync(path.join(stackDir, `terraform.${STACK}.tfstate`), 'utf8'));
  const res = state.resources.find((r: { type: string }) => r.type === 'talos_machine_secrets');
  return res.instances[0].attributes.machine_secrets as MachineSecretsValue;
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

    const replan = await tf('plan', '-no-color', '-detailed-exitcode');
    expect(replan.code).toBe(0);
    const shown = ok(await tf('show', '-no-color'));
    for (const secret of [secrets.cluster.secret, secrets.secrets.bootstrap_token, secrets.certs.os.key]) {
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
    const state = JSON.parse(fs.readFileSync(path.join(stackDir, `terraform.${STACK}.tfstate`), 'utf8'));
    expect(state.resources).toEqual([]);
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
