/**
 * `talos_machine_disks` under real Terraform against one simulated Talos node whose VM has three
 * drives: the node's disks read in maintenance mode pick the install disk by a CEL selector
 * (`machine.install.disk` of the applied configuration), the same data source reads over mTLS once
 * the node is configured (the next plan is empty), the `disks[*]` attributes reach outputs, and a
 * selector that is not valid CEL for the disk fields fails at plan on `selector`, before anything
 * is changed. The library's `installDiskSelector` synthesizes the same data source per node, and
 * a selector no disk matches fails that stack's plan with the node named.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../tools/build/catalog';
import { App } from '../../stacks/cdk';
import { TalosConfigStack } from '../../stacks/talos-config-stack';
import { TalosSimulator } from '../lab/talos/simulator';
import { ok, TerraformWorkspace } from '../support/terraform';

jest.setTimeout(180_000);

const NODE = '127.0.78.11';
/** A second machine, still in maintenance mode, for the library stack. */
const NODE2 = '127.0.78.12';
const GiB = 1024 ** 3;

function hcl(selector: string): string {
  return `
terraform {
  required_providers {
    talos = { source = "ptc.internal/ptc/talos", version = "0.1.0" }
  }
}
resource "talos_machine_secrets" "this" {}

# Before the configuration: maintenance mode answers without credentials; afterwards the same
# client_configuration authenticates the read.
data "talos_machine_disks" "install" {
  client_configuration = talos_machine_secrets.this.client_configuration
  node                 = "${NODE}"
  selector             = ${JSON.stringify(selector)}
  timeouts             = { read = "1m" }
}
data "talos_machine_disks" "all" {
  client_configuration = talos_machine_secrets.this.client_configuration
  node                 = "${NODE}"
}
data "talos_machine_configuration" "cp" {
  cluster_name     = "disks"
  cluster_endpoint = "https://${NODE}:6443"
  machine_type     = "controlplane"
  machine_secrets  = talos_machine_secrets.this.machine_secrets
  install_disk     = data.talos_machine_disks.install.disks[0].dev_path
}
resource "talos_machine_configuration_apply" "cp" {
  node                        = "${NODE}"
  client_configuration        = talos_machine_secrets.this.client_configuration
  machine_configuration_input = data.talos_machine_configuration.cp.machine_configuration
  timeouts                    = { create = "2m" }
}
output "install_disk" { value = data.talos_machine_disks.install.disks[0].dev_path }
output "all_disks" { value = data.talos_machine_disks.all.disks[*].dev_path }
output "install_disk_size" { value = data.talos_machine_disks.install.disks[0].pretty_size }
`;
}

let ws: TerraformWorkspace;
let sim: TalosSimulator;
let work: string;
const tf = (cmd: string, ...args: string[]) => ws.run([cmd, '-no-color', ...args], { cwd: work, timeoutMs: 150_000 });
const write = (selector: string) => fs.writeFileSync(path.join(work, 'main.tf'), hcl(selector));

beforeAll(async () => {
  ws = new TerraformWorkspace(
    'ptc-e2e-machine-disks',
    PROVIDERS.filter((p) => p.type === 'talos'),
  );
  work = ws.dir('work');
  const drives = [
    { slot: 'scsi0', bytes: 16 * GiB },
    { slot: 'scsi1', bytes: 120 * GiB, ssd: true, serial: 'fast-1' },
    { slot: 'ide2', bytes: 104_857_600, cdrom: true },
  ];
  sim = await TalosSimulator.start({
    nodes: [NODE, NODE2],
    delays: { installMs: 200, rebootMs: 500, bootMs: 100, bootstrapReadyMs: 200 },
    hardware: { [NODE]: { drives }, [NODE2]: { drives } },
  });
  write('true');
  ok(await ws.run(['init', '-input=false', '-no-color'], { cwd: work }));
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  ws?.cleanup();
});

test('a selector that is not valid for the disk fields fails the plan on selector, before anything changes', async () => {
  write('disk.size > 100 * GB && !disk.rotational');
  const res = await tf('plan', '-input=false');
  expect(res.code).not.toBe(0);
  const message = res.stderr.replace(/\s+/g, ' ');
  expect(message).toContain("found no matching overload for '_*_' applied to '(int, uint)'");
  expect(message).toContain('write unsigned numbers with the suffix u (e.g. 6u * GB)');
  expect(message).toContain('selector');
  expect(sim.node(NODE).mode).toBe('maintenance');
  expect(fs.existsSync(path.join(work, 'terraform.tfstate'))).toBe(false);
});

test('the selected disk becomes the install disk; over mTLS afterwards the plan is empty', async () => {
  write('disk.size > 100u * GB && !disk.rotational && !disk.cdrom');
  ok(await tf('apply', '-auto-approve', '-input=false'));
  expect(sim.node(NODE).config?.installDisk).toBe('/dev/sdb');
  expect(sim.node(NODE).mode).toBe('secure');
  const out = JSON.parse(ok(await tf('output', '-json')).stdout) as Record<string, { value: unknown }>;
  expect(out.install_disk.value).toBe('/dev/sdb');
  expect(out.install_disk_size.value).toBe('129 GB');
  expect(out.all_disks.value).toEqual(['/dev/sda', '/dev/sdb', '/dev/sr0']);

  // The data sources read again, now through the authenticated API, and find the same disks.
  const plan = await tf('plan', '-detailed-exitcode', '-input=false');
  expect([plan.code, plan.stdout + plan.stderr]).toEqual([0, expect.stringContaining('No changes.')]);

  const state = JSON.parse(fs.readFileSync(path.join(work, 'terraform.tfstate'), 'utf8')) as {
    resources: { mode: string; type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
  };
  const install = state.resources.find((r) => r.mode === 'data' && r.type === 'talos_machine_disks' && r.name === 'install')!.instances[0].attributes;
  expect(install).toMatchObject({ id: 'machine_disks', endpoint: NODE, timeouts: { read: '1m' } });
  expect(install.disks).toEqual([expect.objectContaining({ dev_path: '/dev/sdb', serial: 'fast-1', rotational: false, transport: 'virtio', size: 120 * GiB })]);
});

test('TalosConfigStack installDiskSelector: the node disks pick the install disk; none matching names the node', async () => {
  // Configuration only (no bring-up): the stack reads the node's disks and renders its configuration.
  const synth = (selector: string): string => {
    const outdir = path.join(ws.root, 'synth');
    const app = new App({ outdir });
    new TalosConfigStack(app, 'disks', {
      clusterName: 'disks',
      clusterEndpoint: `https://${NODE2}:6443`,
      talosVersion: 'v1.13',
      kubernetesVersion: '1.36.3',
      nodes: [{ name: 'cp-1', role: 'controlplane', address: NODE2 }],
      installDiskSelector: selector,
    });
    app.synth();
    return path.join(outdir, 'stacks', 'disks');
  };
  const run = (dir: string, ...args: string[]) => ws.run([`-chdir=${dir}`, ...args, '-no-color', '-input=false'], { cwd: ws.root, timeoutMs: 150_000 });
  const dir = synth('disk.transport == "nvme"');
  ok(await run(dir, 'init'));
  // The secrets are new, so the disks are read during apply; the postcondition stops it there.
  const none = await run(dir, 'apply', '-auto-approve');
  expect(none.code).not.toBe(0);
  expect(none.stderr.replace(/\s+/g, ' ')).toContain(`no disk of node cp-1 (${NODE2}) matches installDiskSelector: disk.transport == "nvme"`);
  synth('disk.serial == "fast-1"');
  ok(await run(dir, 'apply', '-auto-approve'));
  const state = JSON.parse(fs.readFileSync(path.join(dir, '..', 'disks', 'terraform.disks.tfstate'), 'utf8')) as {
    resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[];
  };
  expect(state.resources.find((r) => r.type === 'talos_machine_configuration')!.instances[0].attributes.install_disk).toBe('/dev/sdb');
  // Read again at plan now that the secrets exist: nothing to change.
  const again = await run(dir, 'plan', '-detailed-exitcode');
  expect([again.code, again.stdout + again.stderr]).toEqual([0, expect.stringContaining('No changes.')]);
});
