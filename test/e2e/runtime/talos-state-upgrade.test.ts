/**
 * `timeouts` and `on_destroy` became nested attributes (schema version 1), as in siderolabs'
 * provider. Under real Terraform against one simulated Talos node: the nested HCL applies and
 * stores exactly the JSON the block-declaring version 0 stored (fixture captured from it), a state
 * of version 0 plans with no changes and is upgraded to version 1 by a refresh, the old block
 * syntax fails with a clear error, and destroy still resets the node as on_destroy says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../../tools/build/catalog';
import { TalosSimulator } from '../../lab/talos/simulator';
import { ok, TerraformWorkspace } from '../../support/terraform';

jest.setTimeout(180_000);

const NODE = '127.0.77.11';
const UPGRADED = ['talos_cluster_kubeconfig.cp', 'talos_machine_bootstrap.cp', 'talos_machine_configuration_apply.cp'];

interface Fixture {
  readonly resources: Record<string, { schema_version: number } & Record<string, unknown>>;
}
const v0 = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'talos-v0-block-state.json'), 'utf8')) as Fixture;

/** The configuration the fixture was captured with; `nested` picks the attribute syntax (version 1) or the block syntax (version 0). */
function hcl(nested: boolean): string {
  const eq = nested ? ' =' : '';
  return `
terraform {
  required_providers {
    talos = { source = "ptc.internal/ptc/talos", version = "0.1.0" }
  }
}
locals { node = "${NODE}" }
resource "talos_machine_secrets" "this" {}
data "talos_machine_configuration" "cp" {
  cluster_name     = "upgrade"
  cluster_endpoint = "https://${NODE}:6443"
  machine_type     = "controlplane"
  machine_secrets  = talos_machine_secrets.this.machine_secrets
  install_disk     = "/dev/sda"
}
resource "talos_machine_configuration_apply" "cp" {
  node                        = local.node
  client_configuration        = talos_machine_secrets.this.client_configuration
  machine_configuration_input = data.talos_machine_configuration.cp.machine_configuration
  on_destroy${eq} {
    reset    = true
    graceful = false
  }
  timeouts${eq} {
    create = "2m"
    delete = "1m"
  }
}
resource "talos_machine_bootstrap" "cp" {
  node                 = local.node
  client_configuration = talos_machine_secrets.this.client_configuration
  depends_on           = [talos_machine_configuration_apply.cp]
  timeouts${eq} {
    create = "2m"
  }
}
resource "talos_cluster_kubeconfig" "cp" {
  node                 = local.node
  client_configuration = talos_machine_secrets.this.client_configuration
  depends_on           = [talos_machine_bootstrap.cp]
}
`;
}

interface StateFile {
  serial: number;
  resources: { mode: string; type: string; name: string; instances: { schema_version: number; attributes: Record<string, unknown> }[] }[];
}

let ws: TerraformWorkspace;
let sim: TalosSimulator;
let work: string;
const statePath = () => path.join(work, 'terraform.tfstate');
const readState = () => JSON.parse(fs.readFileSync(statePath(), 'utf8')) as StateFile;
const managed = (s: StateFile) => new Map(s.resources.filter((r) => r.mode === 'managed').map((r) => [`${r.type}.${r.name}`, r.instances[0]]));
const tf = (cmd: string, ...args: string[]) => ws.run([cmd, '-no-color', ...args], { cwd: work, timeoutMs: 150_000 });

beforeAll(async () => {
  ws = new TerraformWorkspace(
    'ptc-e2e-talos-upgrade',
    PROVIDERS.filter((p) => p.type === 'talos'),
  );
  work = ws.dir('work');
  sim = await TalosSimulator.start({ nodes: [NODE], delays: { installMs: 200, rebootMs: 500, bootMs: 100, bootstrapReadyMs: 200 } });
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  ws?.cleanup();
});

test('nested attributes store what version 0 stored; a version 0 state plans no changes and is upgraded', async () => {
  fs.writeFileSync(path.join(work, 'main.tf'), hcl(true));
  ok(await ws.run(['init', '-input=false', '-no-color'], { cwd: work }));
  ok(await tf('apply', '-auto-approve', '-input=false'));

  // The same JSON as the block-declaring version wrote (captured from it), only the version differs.
  const applied = managed(readState());
  for (const [address, old] of Object.entries(v0.resources)) {
    const inst = applied.get(address);
    expect(inst?.schema_version).toBe(1);
    for (const [name, value] of Object.entries(old)) if (name !== 'schema_version') expect([address, name, inst?.attributes[name]]).toEqual([address, name, value]);
  }

  // Make the state what version 0 left behind, then plan with version 1.
  const state = readState();
  for (const r of state.resources) if (UPGRADED.includes(`${r.type}.${r.name}`)) for (const i of r.instances) i.schema_version = 0;
  fs.writeFileSync(statePath(), JSON.stringify(state, null, 2));
  const plan = await tf('plan', '-detailed-exitcode', '-input=false');
  expect([plan.code, plan.stdout + plan.stderr]).toEqual([0, expect.stringContaining('No changes.')]);

  ok(await tf('apply', '-refresh-only', '-auto-approve', '-input=false'));
  const upgraded = managed(readState());
  for (const address of UPGRADED) expect([address, upgraded.get(address)?.schema_version]).toEqual([address, 1]);
  expect(upgraded.get('talos_machine_configuration_apply.cp')?.attributes.on_destroy).toEqual({ graceful: false, reboot: false, reset: true });
});

test('the block syntax of version 0 is refused with the attribute syntax to use', async () => {
  fs.writeFileSync(path.join(work, 'main.tf'), hcl(false));
  try {
    const res = await tf('plan', '-input=false');
    expect(res.code).not.toBe(0);
    const message = res.stderr.replace(/\s+/g, ' ');
    expect(message).toContain('Blocks of type "on_destroy" are not expected here. Did you mean to define argument "on_destroy"? If so, use the equals sign');
    expect(message).toContain('Blocks of type "timeouts" are not expected here.');
  } finally {
    fs.writeFileSync(path.join(work, 'main.tf'), hcl(true));
  }
});

test('destroy resets the node as the upgraded on_destroy says', async () => {
  ok(await tf('destroy', '-auto-approve', '-input=false'));
  // reset = true wiped the configuration; reboot = false halts the node instead of rebooting it.
  expect(sim.node(NODE).config).toBeUndefined();
  expect(sim.node(NODE).mode).toBe('off');
});
