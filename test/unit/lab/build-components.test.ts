/**
 * The build component table: why a build is due (first run vs pins changed) from what the cache
 * holds, the "it builds" markers agree with what the entry points print, and selection by name.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../tools/build/catalog';
import { BPG_PROXMOX } from '../../../tools/build/proxmox-provider';
import { BPG_PROVIDER, BUILD_COMPONENTS, DEPLOY_BUILDS, LAB_BUILDS, LAB_CAPI, LAB_CCM, LAB_K8S, OUR_PROVIDERS, selectComponents, TALOSCTL, TOFU } from '../../lab/build/components';

let cache: string;
beforeEach(() => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-build-components-'));
});
afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

const touch = (...parts: string[]): void => {
  const file = path.join(cache, ...parts);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
};

test('lab-k8s: first run until a complete build of other pins is cached', () => {
  expect(LAB_K8S.reason(cache)).toMatch(/^first run/);
  touch('lab-k8s', 'bin', '0123456789abcdef.partial.42', 'kube-apiserver');
  expect(LAB_K8S.reason(cache)).toMatch(/^first run/);
  touch('lab-k8s', 'bin', '0123456789abcdef', '.complete');
  expect(LAB_K8S.reason(cache)).toMatch(/^pins changed \(/);
});

test('bpg-proxmox: first run, pin changed (naming the cached version), or a bad cached binary', () => {
  fs.mkdirSync(path.join(cache, 'go', 'bin', `bpg-proxmox-${BPG_PROXMOX.version}`), { recursive: true });
  fs.mkdirSync(path.join(cache, 'go', 'bin', `bpg-proxmox-${BPG_PROXMOX.version}.partial-7`), { recursive: true });
  expect(BPG_PROVIDER.reason(cache)).toMatch(/^first run/);
  touch('go', 'bin', 'bpg-proxmox-0.100.0', 'terraform-provider-proxmox');
  expect(BPG_PROVIDER.reason(cache)).toBe('pin changed (cached: 0.100.0)');
  touch('go', 'bin', `bpg-proxmox-${BPG_PROXMOX.version}`, 'terraform-provider-proxmox');
  expect(BPG_PROVIDER.reason(cache)).toBe('the cached binary does not report the pinned version');
});

test('lab-capi: first run until a complete build of other pins is cached', () => {
  expect(LAB_CAPI.reason(cache)).toMatch(/^first run/);
  touch('lab-capi', 'bin', '0123456789abcdef.partial.42', 'capi-manager');
  expect(LAB_CAPI.reason(cache)).toMatch(/^first run/);
  touch('lab-capi', 'bin', '0123456789abcdef', '.complete');
  expect(LAB_CAPI.reason(cache)).toMatch(/^pins changed \(/);
});

test('tofu: first run until a complete build of other pins is cached', () => {
  expect(TOFU.reason(cache)).toMatch(/^first run/);
  touch('tofu', 'bin', '0123456789abcdef.partial.42', 'tofu');
  expect(TOFU.reason(cache)).toMatch(/^first run/);
  touch('tofu', 'bin', '0123456789abcdef', '.complete');
  expect(TOFU.reason(cache)).toMatch(/^pins changed \(test\/lab\/tofu\/go/);
});

test('talosctl: first run, or another version cached', () => {
  expect(TALOSCTL.reason(cache)).toMatch(/^first run/);
  touch('bin', 'talosctl');
  expect(TALOSCTL.reason(cache)).toMatch(/^pin changed/);
});

test.each([
  ['lab-k8s', LAB_K8S, 'test/lab/k8s/build.sh', "printf '[lab-k8s build] %s\\n'", 'cold: building into $bin_dir', '[lab-k8s build] cold: building into /c/lab-k8s/bin/x with go1.26.8'],
  [
    'bpg-proxmox',
    BPG_PROVIDER,
    'tools/build/proxmox-provider.ts',
    'process.stderr.write(`[proxmox-provider] ${line}\\n`)',
    'log(`building ${pin.goModule}@v${pin.version}',
    '[proxmox-provider] building github.com/bpg/terraform-provider-proxmox@v0.111.1 with go1.26.8',
  ],
  ['lab-capi', LAB_CAPI, 'test/lab/capi/build.sh', "printf '[lab-capi build] %s\\n'", 'log "cold: building into $bin_dir', '[lab-capi build] cold: building into /c/lab-capi/bin/x with go1.26.8'],
  [
    'lab-ccm',
    LAB_CCM,
    'test/lab/ccm/build.sh',
    "printf '[lab-ccm build] %s\\n'",
    'log "cold: building lab-ccm into $bin_dir',
    '[lab-ccm build] cold: building lab-ccm into /c/lab-ccm/bin/x with go1.26.8',
  ],
  [
    'tofu',
    TOFU,
    'test/lab/tofu/build.sh',
    "printf '[tofu build] %s\\n'",
    'log "cold: building tofu v$version into $bin_dir',
    '[tofu build] cold: building tofu v1.12.6 into /c/tofu/bin/x with go1.26.8',
  ],
  ['talosctl', TALOSCTL, 'test/lab/talos/talosctl/build.sh', "printf '[talosctl build] %s\\n'", 'log "building talosctl $version', '[talosctl build] building talosctl v1.13.9 (this takes a while)'],
])("%s's marker is the line its entry point prints when it builds", (_name, component, file, prefix, message, line) => {
  const source = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  expect(source).toContain(prefix);
  expect(source).toContain(message);
  expect(component.buildsWhen?.test(line)).toBe(true);
  // Its warm message is not taken for a build.
  expect(component.buildsWhen?.test(line.replace(/building/, 'warm:'))).toBe(false);
});

test('our providers always build (no marker); selection keeps table order and names unknown components', () => {
  expect(OUR_PROVIDERS.buildsWhen).toBeUndefined();
  expect(selectComponents(['providers', 'lab-k8s']).map((c) => c.name)).toEqual(['lab-k8s', 'providers']);
  expect(() => selectComponents(['lab-k8s', 'k8s'])).toThrow("unknown build component 'k8s'; known: terminal-addon, lab-k8s, bpg-proxmox, providers, lab-capi, lab-ccm, talosctl, tofu");
  // bpg/proxmox is mirrored before build-providers writes dist/terraformrc listing the mirror's providers.
  expect(DEPLOY_BUILDS.map((c) => c.name)).toEqual(['terminal-addon', 'lab-k8s', 'bpg-proxmox', 'providers', 'lab-capi', 'lab-ccm']);
  expect(LAB_BUILDS).toEqual([LAB_K8S, LAB_CAPI, LAB_CCM]);
  expect(new Set(BUILD_COMPONENTS.map((c) => c.name)).size).toBe(BUILD_COMPONENTS.length);
});
