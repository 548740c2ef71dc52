/**
 * One engine choice for everything that runs Terraform or OpenTofu: the cdktf CLI's
 * TERRAFORM_BINARY_NAME, read by one function that the tools, the lab and the tests share; and a
 * filesystem mirror that serves bpg/proxmox under both engines' registry host names.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliConfig, mirroredAddresses } from '../../../tools/build/build-providers';
import { ENGINE_VARIABLE, engineVersionLabel, parseEngineVersion, terraformBinary } from '../../../tools/build/engine';
import { BPG_PROXMOX, mirrorExecutablePath } from '../../../tools/build/proxmox-provider';
import { terraformBinary as planToolsBinary } from '../../../tools/plan-summary/terraform-cli';
import { terraformBinary as testsBinary } from '../../support/terraform';

test('the engine is TERRAFORM_BINARY_NAME (the variable cdktf reads), else terraform', () => {
  expect(ENGINE_VARIABLE).toBe('TERRAFORM_BINARY_NAME');
  expect(terraformBinary({ TERRAFORM_BINARY_NAME: 'tofu' })).toBe('tofu');
  expect(terraformBinary({ TERRAFORM_BINARY_NAME: '/opt/tofu/bin/tofu' })).toBe('/opt/tofu/bin/tofu');
  expect(terraformBinary({ TERRAFORM_BINARY_NAME: '' })).toBe('terraform');
  expect(terraformBinary({})).toBe('terraform');
  // The plan tools and the test helpers use that very function, not copies of it.
  expect(planToolsBinary).toBe(terraformBinary);
  expect(testsBinary).toBe(terraformBinary);
});

test('the engine and its version from `version` (whose -json names both terraform_version)', () => {
  expect(parseEngineVersion('Terraform v1.11.4\non linux_amd64\n')).toEqual({ kind: 'terraform', version: '1.11.4' });
  // OpenTofu may print a CLI config warning first.
  const tofu = parseEngineVersion('\nWarning: Unable to open CLI configuration file\n\nOpenTofu v1.12.6\non linux_amd64\n');
  expect(tofu).toEqual({ kind: 'opentofu', version: '1.12.6' });
  expect(engineVersionLabel(tofu!)).toBe('OpenTofu 1.12.6');
  expect(engineVersionLabel({ kind: 'terraform', version: '1.11.4' })).toBe('1.11.4');
  expect(parseEngineVersion('{"terraform_version":"1.12.6"}')).toBeUndefined();
});

test('bpg/proxmox is mirrored under registry.terraform.io and registry.opentofu.org, and the CLI config takes both from the mirror', () => {
  const mirror = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-engine-mirror-'));
  try {
    expect(BPG_PROXMOX.mirrorHosts).toEqual(['registry.terraform.io', 'registry.opentofu.org']);
    for (const host of BPG_PROXMOX.mirrorHosts) {
      const exe = mirrorExecutablePath(mirror, 'linux_amd64', host);
      expect(exe).toBe(path.join(mirror, host, 'bpg', 'proxmox', BPG_PROXMOX.version, 'linux_amd64', `terraform-provider-proxmox_v${BPG_PROXMOX.version}`));
      fs.mkdirSync(path.dirname(exe), { recursive: true });
      fs.writeFileSync(exe, '');
    }
    expect(mirroredAddresses(mirror)).toEqual(['registry.opentofu.org/bpg/proxmox', 'registry.terraform.io/bpg/proxmox']);
    const config = cliConfig(mirror);
    expect(config).toContain('include = ["registry.opentofu.org/bpg/proxmox", "registry.terraform.io/bpg/proxmox"]');
    expect(config).toContain('exclude = ["registry.opentofu.org/bpg/proxmox", "registry.terraform.io/bpg/proxmox"]');
  } finally {
    fs.rmSync(mirror, { recursive: true, force: true });
  }
});
