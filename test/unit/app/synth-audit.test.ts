/**
 * The audit of synthesized stacks: a secret in a cdk.tf.json is reported (stack, JSON path, what
 * it looks like, origin, fix, never the value) and that file alone is removed; main.ts refuses
 * synth when a definition's credential value reaches the JSON; state directories are 0700.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { auditStackJson, auditSynthesizedStacks, formatSynthFindings } from '../../../stacks/synth-audit';
import { goodInput } from '../definition/fixtures';

const REPO = path.resolve(__dirname, '../../..');
const KEY = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAsecretkeymaterial', '-----END RSA PRIVATE KEY-----', ''].join('\n');

let outdir: string;
beforeEach(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-synth-audit-'))));
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

function writeStack(id: string, json: unknown): string {
  const file = path.join(outdir, 'stacks', id, 'cdk.tf.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

test('a private key and a patch password are reported with path, kind and origin, never the value', () => {
  const patch = 'machine:\n  registries:\n    config:\n      r.example.com:\n        auth:\n          password: hunter2-registry\n';
  const json = {
    '//': { metadata: { stackName: 'x' } },
    resource: { capi_cluster_adoption: { a: { proxmox: { root_ca: KEY, token_secret: '${element(split("=", var.proxmox_api_token), 1)}' } } } },
    data: { talos_machine_configuration: { n: { config_patches: ['machine: {install: {disk: /dev/sda}}', patch] } } },
  };
  const found = auditStackJson('prod-capi', '/x/prod-capi/cdk.tf.json', JSON.stringify(json), {
    origins: [{ text: patch, where: 'clusters/prod.yaml: patches.common[0] (clusters/patches/registry.yaml)' }],
  });
  const text = formatSynthFindings(found);
  expect(text).toContain('prod-capi: resource.capi_cluster_adoption.a.proxmox.root_ca: looks like a private key (PEM);');
  expect(text).toContain(
    'prod-capi: data.talos_machine_configuration.n.config_patches[1] → document 1: machine.registries.config["r.example.com"].auth.password: looks like a literal value under the key "password", from clusters/prod.yaml: patches.common[0] (clusters/patches/registry.yaml); remove the secret from the patch',
  );
  expect(text).not.toMatch(/hunter2|secretkeymaterial/);
});

test('only the offending cdk.tf.json is removed; clean stacks and other files stay', () => {
  const bad = writeStack('a-talos', { output: { x: { value: 'terraform@pve!ci=0a1b2c3d-aaaa-bbbb-cccc-0123456789ab' } } });
  const good = writeStack('a-proxmox', { provider: { proxmox: [{ api_token: '${var.proxmox_api_token}' }] } });
  const state = path.join(path.dirname(bad), 'terraform.a-talos.tfstate');
  fs.writeFileSync(state, '{}');
  const found = auditSynthesizedStacks(outdir, ['a-proxmox', 'a-talos', 'a-capi']);
  expect(found.map((f) => [f.stack, f.match.kind])).toEqual([['a-talos', 'a Proxmox API token']]);
  expect(fs.existsSync(bad)).toBe(false);
  expect(fs.existsSync(good)).toBe(true);
  expect(fs.existsSync(state)).toBe(true);
});

test('main.ts: a credential value in the JSON fails synth, removes the file, prints no secret; state dirs are 0700', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-main-audit-'));
  try {
    const out = path.join(cwd, 'out');
    const env = { ...process.env, CDKTF_OUTDIR: out, PTC_LAB_ROOT: cwd };
    const run = (extra: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['--import', require.resolve('tsx'), path.join(REPO, 'main.ts')], { cwd, encoding: 'utf8', env: { ...env, ...extra }, timeout: 90_000 });
    const clean = run({ PROXMOX_VE_API_TOKEN: 'terraform@pve!ptc=0a1b2c3d-aaaa-bbbb-cccc-0123456789ab' });
    expect(clean.stderr).not.toMatch(/synth refused/);
    expect(clean.status).toBe(0);
    for (const stack of ['lab-proxmox', 'lab-talos', 'lab-capi']) expect(fs.statSync(path.join(out, 'stacks', stack)).mode & 0o777).toBe(0o700);
    // A credential that reached the JSON by any path (here: a password equal to a value the stacks write anyway, the endpoint host).
    fs.mkdirSync(path.join(cwd, 'clusters'));
    const d = goodInput();
    delete d.clusterApi;
    d.proxmox.credentials = { usernameEnv: 'PVE_USER', passwordEnv: 'PVE_PASSWORD' };
    fs.writeFileSync(path.join(cwd, 'clusters', 'prod.yaml'), stringify(d));
    const leaked = run({ PVE_USER: 'root@pam', PVE_PASSWORD: 'pve1.example.com' });
    expect(leaked.status).toBe(1);
    expect(leaked.stderr).toMatch(/^synth refused: \d+ secrets? would be written in clear text/);
    expect(leaked.stderr).toMatch(
      /^prod-proxmox: .*looks like the value of \$PVE_PASSWORD \(clusters\/prod\.yaml: proxmox\.credentials\.passwordEnv\); leave it in the environment variable the definition names/m,
    );
    const offending = [...leaked.stderr.matchAll(/^(prod-\w+): /gm)].map((m) => m[1]);
    expect(offending.length).toBeGreaterThan(0);
    for (const stack of new Set(offending)) expect(fs.existsSync(path.join(out, 'stacks', stack, 'cdk.tf.json'))).toBe(false);
    expect(leaked.stderr).not.toContain('pve1.example.com');
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}, 120_000);
