/**
 * The package as a construct library: `npm run build:lib` emits JavaScript and declarations, the
 * `exports` map serves them by the package's name, and an app written against that name alone
 * (test/library/example-app) type-checks as a consumer's would and synthesizes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CDK_CORE } from '../../../stacks/cdk';

const ROOT = path.resolve(__dirname, '../../..');
const APP_DIR = path.join(ROOT, 'test', 'library', 'example-app');

function run(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const res = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

type Json = Record<string, any>;

describe('the construct library', () => {
  let outdir: string;
  const stack = (id: string): Json => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as Json;

  beforeAll(() => {
    run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json']);
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-library-'));
  }, 300_000);

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('the example imports the package by its name only, resolved to the built files', () => {
    const source = fs.readFileSync(path.join(APP_DIR, 'main.ts'), 'utf8');
    const specifiers = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(specifiers).toContain('proxmox-talos-capi');
    expect(specifiers.filter((s) => s.startsWith('.'))).toEqual([]);
    const resolved = run(['-e', `process.stdout.write(require.resolve('proxmox-talos-capi', { paths: [${JSON.stringify(APP_DIR)}] }))`]);
    expect(resolved).toBe(path.join(ROOT, 'dist', 'lib', 'stacks', 'index.js'));
    expect(fs.existsSync(path.join(ROOT, 'dist', 'lib', 'stacks', 'index.d.ts'))).toBe(true);
  });

  test('it type-checks against the declarations with Node’s module resolution', () => {
    run([require.resolve('typescript/bin/tsc'), '-p', path.join(APP_DIR, 'tsconfig.json')]);
  }, 300_000);

  test('it synthesizes its own stack of our constructs and a cluster from a definition', () => {
    run(['--import', 'tsx', path.join(APP_DIR, 'main.ts'), outdir]);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(['edge-configs', 'shop-proxmox', 'shop-talos']);

    const edge = stack('edge-configs');
    expect(Object.keys(edge.provider)).toEqual(['talos']);
    expect(Object.keys(edge.resource.talos_machine_secrets)).toHaveLength(1);
    const configs = Object.values(edge.data.talos_machine_configuration) as Json[];
    expect(configs.map((c) => [c.machine_type, c.cluster_name, (c.config_patches ?? []).length]).sort()).toEqual([
      ['controlplane', 'edge', 0],
      ['worker', 'edge', 1],
      ['worker', 'edge', 1],
    ]);
    // The secrets flow by reference, never as literals.
    for (const c of configs) expect(String(c.machine_secrets)).toMatch(/^\$\{talos_machine_secrets\.[^}]+\.machine_secrets\}$/);

    const vms = Object.values(stack('shop-proxmox').resource.proxmox_virtual_environment_vm) as Json[];
    expect(vms.map((v) => v.name).sort()).toEqual(['shop-cp-1', 'shop-cp-2', 'shop-cp-3', 'shop-worker-1', 'shop-worker-2']);
    // Synthesized by the core this process loaded too (cdktf unless PTC_CDK says otherwise).
    expect(manifest).toMatchObject({ version: CDK_CORE.version });
  }, 300_000);

  test('with PTC_CDK=cdktn the same app synthesizes the same stacks with CDK Terrain', () => {
    const cdktn = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-library-cdktn-'));
    try {
      run(['--import', 'tsx', path.join(APP_DIR, 'main.ts'), cdktn], { ...process.env, PTC_CDK: 'cdktn' });
      // The core records its own version in the manifest and in every stack's metadata.
      const version = (require('cdktn/package.json') as { version: string }).version;
      const manifest = JSON.parse(fs.readFileSync(path.join(cdktn, 'manifest.json'), 'utf8')) as { version: string; stacks: Record<string, unknown> };
      expect(manifest.version).toBe(version);
      const ids = Object.keys(manifest.stacks).sort();
      expect(ids).toEqual(['edge-configs', 'shop-proxmox', 'shop-talos']);
      for (const id of ids) {
        const cdktnStack = JSON.parse(fs.readFileSync(path.join(cdktn, 'stacks', id, 'cdk.tf.json'), 'utf8')) as Json;
        expect(cdktnStack['//'].metadata.version).toBe(version);
        // Apart from the metadata, what Terraform reads is the same as with cdktf.
        const { '//': _cdktn, ...withoutMetadata } = cdktnStack;
        const { '//': _cdktf, ...cdktfWithoutMetadata } = stack(id);
        expect(withoutMetadata).toEqual(cdktfWithoutMetadata);
      }
    } finally {
      fs.rmSync(cdktn, { recursive: true, force: true });
    }
  }, 300_000);
});
