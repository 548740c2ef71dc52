/**
 * `talos_image_factory_schematic` under real Terraform, with HCL as written for siderolabs'
 * provider (provider `image_factory_url`, `schematic = yamlencode(...)`), against the lab's Image
 * Factory on loopback: the ID is shown at plan, registered at apply, stable on re-plan, and a
 * changed schematic updates it in place.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../../tools/build/catalog';
import { startImageServer, type ImageServer } from '../../lab/images/image-server';
import { ok, TerraformWorkspace } from '../../support/terraform';

jest.setTimeout(120_000);

const QEMU_ID = 'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515';

let ws: TerraformWorkspace;
let factory: ImageServer;
let work: string;

/** HCL as in siderolabs' provider documentation: the catalogue picks the extensions, the schematic registers them. */
function writeConfig(nameFilters: readonly string[]): void {
  fs.writeFileSync(
    path.join(work, 'main.tf'),
    `
terraform {
  required_providers {
    talos = { source = "ptc.internal/ptc/talos", version = "0.1.0" }
  }
}
provider "talos" {
  image_factory_url = "${factory.url}"
}
data "talos_image_factory_versions" "this" {
  filters = { stable_versions_only = true }
}
data "talos_image_factory_extensions_versions" "this" {
  talos_version = element(data.talos_image_factory_versions.this.talos_versions, length(data.talos_image_factory_versions.this.talos_versions) - 1)
  filters       = { names = ${JSON.stringify(nameFilters)} }
}
resource "talos_image_factory_schematic" "this" {
  schematic = yamlencode({
    customization = {
      systemExtensions = {
        officialExtensions = data.talos_image_factory_extensions_versions.this.extensions_info.*.name
      }
    }
  })
}
output "schematic_id" {
  value = talos_image_factory_schematic.this.id
}
output "talos_version" {
  value = data.talos_image_factory_extensions_versions.this.talos_version
}
`,
  );
}

const tf = (cmd: string, ...args: string[]) => ws.run([cmd, '-no-color', '-input=false', ...args], { cwd: work, timeoutMs: 100_000 });
const outputs = async () => JSON.parse(ok(await ws.run(['output', '-json'], { cwd: work })).stdout) as Record<'schematic_id' | 'talos_version', { value: string }>;
const output = async () => (await outputs()).schematic_id.value;

beforeAll(async () => {
  ws = new TerraformWorkspace(
    'ptc-e2e-image-factory',
    PROVIDERS.filter((p) => p.type === 'talos'),
  );
  work = ws.dir('work');
  factory = await startImageServer(1024);
  writeConfig(['qemu-guest-agent']);
  ok(await ws.run(['init', '-input=false', '-no-color'], { cwd: work }));
}, 60_000);

afterAll(async () => {
  await factory?.close();
  ws?.cleanup();
});

test('the ID is planned, registered with the factory and stable', async () => {
  writeConfig(['qemu-guest-agent']);
  const plan = ok(await tf('plan'));
  expect(plan.stdout).toContain(`+ id        = "${QEMU_ID}"`);
  ok(await tf('apply', '-auto-approve'));
  expect(await output()).toBe(QEMU_ID);
  // The newest release the lab factory lists (v1.13.9): its v1.14.0-beta.1 is left out by stable_versions_only.
  expect((await outputs()).talos_version.value).toBe('v1.13.9');
  expect(factory.schematics.get(QEMU_ID)).toContain('siderolabs/qemu-guest-agent');
  const again = await tf('plan', '-detailed-exitcode');
  expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('No changes.')]);
});

test('a changed schematic updates the ID in place', async () => {
  writeConfig(['qemu-guest-agent', 'iscsi']);
  const plan = ok(await tf('plan'));
  expect(plan.stdout).toContain('1 to change, 0 to destroy');
  ok(await tf('apply', '-auto-approve'));
  const id = await output();
  expect(id).not.toBe(QEMU_ID);
  expect(factory.schematics.get(id)).toContain('siderolabs/iscsi-tools');
  ok(await tf('destroy', '-auto-approve'));
});
