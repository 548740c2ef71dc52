/**
 * Where credential outputs may go, over real temporary app directories (`<app>/clusters/*.yaml`):
 * inside the app unless `outputs.allowOutsideApp`, never a definition file, a file a definition
 * reads, a directory, a link, a path through a link loop or cdktf.out, and never one file for two
 * outputs (after links, across clusters). Every refusal is a definition problem naming the file,
 * the field and the fix: never a stack trace, and nothing is written.
 */
import * as fs from 'node:fs';
import { readAppEnvironment } from '../../../stacks/app-environment';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { buildApp, loadAppDefinitions } from '../../../stacks/app';
import { App } from '../../../stacks/cdk';
import { ClusterDefinitionError, DEFINITION_EXTENSIONS, loadClusterDefinitions } from '../../../stacks/definition';
import { DEFINITION_FILE_EXTENSIONS } from '../../../stacks/definition/outputs';
import { goodInput, type Mutable } from './fixtures';

let app: string;
let clusters: string;
beforeEach(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-def-outputs-'));
  clusters = path.join(app, 'clusters');
  fs.mkdirSync(clusters);
});
afterEach(() => fs.rmSync(app, { recursive: true, force: true }));

function writeDef(file: string, outputs: Record<string, unknown>, change: (d: Mutable) => void = () => undefined): void {
  const d = goodInput();
  d.outputs = outputs;
  change(d);
  fs.writeFileSync(path.join(clusters, file), stringify(d));
}

/** A second cluster that clashes with nothing of goodInput(). */
function other(d: Mutable): void {
  d.name = 'staging';
  d.vmidBase = 4100;
  d.network.attachment.vlanId = 30;
}

/** The problem lines of loading the app, `Example:` cut off; [] when it loads. */
function problems(): string[] {
  try {
    loadClusterDefinitions('clusters', { cwd: app });
    return [];
  } catch (err) {
    if (!(err instanceof ClusterDefinitionError)) throw err;
    return err.message.split('\n').slice(1);
  }
}

const line = (field: string, message: string) => `clusters/prod.yaml: outputs.${field}: ${message}`;

test('the extensions this check treats as definition files are the loader’s', () => {
  expect(DEFINITION_FILE_EXTENSIONS).toEqual(DEFINITION_EXTENSIONS);
});

test('inside the app directory: fine (under clusters/ or beside it)', () => {
  writeDef('prod.yaml', { kubeconfig: 'out/prod.kubeconfig', talosconfig: '../out/prod.talosconfig' });
  expect(problems()).toEqual([]);
});

test.each([
  ['the home kubeconfig', '~/.kube/config'],
  ['an absolute path elsewhere', '/etc/ptc-kubeconfig'],
  ['a relative path leaving the app', '../../elsewhere/kubeconfig'],
])('outside the app directory (%s) is refused with the opt-in named; allowOutsideApp accepts it', (_name, p) => {
  writeDef('prod.yaml', { kubeconfig: p });
  const [first, ...rest] = problems();
  expect(rest).toEqual([]);
  expect(first).toMatch(
    new RegExp(`^clusters/prod\\.yaml: outputs\\.kubeconfig: .* is outside the app directory ${app}; .*set outputs\\.allowOutsideApp: true .*Example: kubeconfig: \\.\\./out/prod\\.kubeconfig$`),
  );
  writeDef('prod.yaml', { kubeconfig: p, allowOutsideApp: true });
  expect(problems()).toEqual([]);
});

test('a link inside the app pointing outside it counts as outside', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-def-outside-'));
  try {
    fs.symlinkSync(outside, path.join(app, 'out'));
    writeDef('prod.yaml', { kubeconfig: '../out/kubeconfig' });
    expect(problems()[0]).toContain(`outputs.kubeconfig: ${path.join(app, 'out', 'kubeconfig')} (${path.join(outside, 'kubeconfig')} once links are followed) is outside the app directory`);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('the definition file itself, another definition file, or a name that would load as one', () => {
  writeDef('prod.yaml', { kubeconfig: 'prod.yaml' });
  expect(problems()).toEqual([
    expect.stringMatching(new RegExp(`^${line('kubeconfig', `${path.join(clusters, 'prod.yaml')} is the definition file itself; a credential file would overwrite it\\.`)}`.replace(/\//g, '\\/'))),
  ]);
  writeDef('prod.yaml', { kubeconfig: 'new-cluster.yml' });
  expect(problems()[0]).toContain(`outputs.kubeconfig: ${path.join(clusters, 'new-cluster.yml')} is a definition file name in ${clusters} (it would be read as a cluster definition)`);
  writeDef('prod.yaml', { talosconfig: 'staging.yaml' });
  writeDef('staging.yaml', {}, other);
  expect(problems()).toEqual([expect.stringContaining(`clusters/prod.yaml: outputs.talosconfig: ${path.join(clusters, 'staging.yaml')} is a definition file name`)]);
});

test('a patch file, the CA file or the management kubeconfig a definition reads', () => {
  fs.mkdirSync(path.join(clusters, 'patches'));
  fs.writeFileSync(path.join(clusters, 'patches', 'common.yaml'), 'machine:\n  install:\n    wipe: true\n');
  writeDef('prod.yaml', { kubeconfig: 'patches/common.yaml' }, (d) => (d.patches = { common: [{ file: 'patches/common.yaml' }] }));
  expect(problems()).toEqual([
    expect.stringContaining(`outputs.kubeconfig: ${path.join(clusters, 'patches', 'common.yaml')} is the patch file of patches.common[0]; a credential file would overwrite it`),
  ]);

  writeDef('prod.yaml', { kubeconfig: '../mgmt.kubeconfig' }, (d) => (d.clusterApi.management = { kind: 'existing', kubeconfig: '../mgmt.kubeconfig' }));
  expect(problems()).toEqual([expect.stringContaining('is the management cluster kubeconfig of clusterApi.management.kubeconfig')]);

  // Another cluster's patch file.
  writeDef('prod.yaml', { kubeconfig: 'patches/common.yaml' });
  writeDef('staging.yaml', {}, (d) => {
    other(d);
    d.patches = { common: [{ file: 'patches/common.yaml' }] };
  });
  expect(problems()).toEqual([
    expect.stringContaining(`clusters/prod.yaml: outputs.kubeconfig: ${path.join(clusters, 'patches', 'common.yaml')} is the patch file of patches.common[0] of clusters/staging.yaml`),
  ]);
});

test('a directory, a symbolic link, a link loop above it, a file where a directory must be, cdktf.out', () => {
  fs.mkdirSync(path.join(app, 'out', 'kube'), { recursive: true });
  writeDef('prod.yaml', { kubeconfig: '../out/kube' });
  expect(problems()[0]).toContain(`outputs.kubeconfig: ${path.join(app, 'out', 'kube')} is a directory; give the path of a file`);

  fs.symlinkSync(path.join(app, 'out', 'real'), path.join(app, 'out', 'link'));
  writeDef('prod.yaml', { kubeconfig: '../out/link' });
  expect(problems()[0]).toContain(`${path.join(app, 'out', 'link')} is a symbolic link; credential files are never written through links`);

  fs.symlinkSync(path.join(app, 'loop-b'), path.join(app, 'loop-a'));
  fs.symlinkSync(path.join(app, 'loop-a'), path.join(app, 'loop-b'));
  writeDef('prod.yaml', { kubeconfig: '../loop-a/kubeconfig' });
  expect(problems()[0]).toContain(`a directory above ${path.join(app, 'loop-a', 'kubeconfig')} is a symbolic link loop`);

  fs.writeFileSync(path.join(app, 'plain'), 'x');
  writeDef('prod.yaml', { kubeconfig: '../plain/sub/kubeconfig' });
  expect(problems()[0]).toContain(`part of ${path.join(app, 'plain', 'sub')} is a file, not a directory`);

  writeDef('prod.yaml', { kubeconfig: '../cdktf.out/stacks/prod-talos/kubeconfig' });
  expect(problems()[0]).toContain('is inside cdktf.out/, which synth rewrites and where Terraform keeps its state');
});

test('two outputs on one file: written differently, through a link, or across clusters', () => {
  writeDef('prod.yaml', { kubeconfig: 'out/creds', talosconfig: './out/../out/creds' });
  expect(problems()).toEqual([expect.stringContaining(`outputs.talosconfig: is the same file as outputs.kubeconfig (${path.join(clusters, 'out', 'creds')}); give each its own file`)]);

  fs.mkdirSync(path.join(app, 'real'));
  fs.symlinkSync(path.join(app, 'real'), path.join(app, 'alias'));
  writeDef('prod.yaml', { kubeconfig: '../real/creds', talosconfig: '../alias/creds' });
  expect(problems()).toEqual([
    expect.stringContaining(`outputs.talosconfig: is the same file as outputs.kubeconfig (${path.join(app, 'alias', 'creds')} (${path.join(app, 'real', 'creds')} once links are followed))`),
  ]);

  writeDef('prod.yaml', { kubeconfig: '../real/creds' });
  writeDef('staging.yaml', { talosconfig: '../alias/creds' }, other);
  expect(problems()).toEqual([
    expect.stringMatching(/^clusters\/staging\.yaml: outputs\.talosconfig: .*alias\/creds is also where clusters\/prod\.yaml writes its kubeconfig\. Example: talosconfig: out\/staging\.talosconfig$/),
  ]);
});

test('main.ts path: a refused output is a definition error (message, exit 1), never a stack trace; adoptExisting reaches the resource', () => {
  writeDef('prod.yaml', { kubeconfig: '~/.kube/config' });
  expect(() => loadAppDefinitions(readAppEnvironment({}, app))).toThrow(ClusterDefinitionError);

  writeDef('prod.yaml', { kubeconfig: '../out/prod.kubeconfig', talosconfig: '../out/prod.talosconfig', adoptExisting: true }, (d) => delete d.clusterApi);
  const outdir = path.join(app, 'cdktf.out');
  const cdk = new App({ outdir });
  const env = { PROXMOX_VE_API_TOKEN: 'root@pam!ci=00000000-1111-2222-3333-444444444444' };
  buildApp(cdk, loadAppDefinitions(readAppEnvironment(env, app)), { environment: readAppEnvironment(env, app) });
  cdk.synth();
  const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'prod-talos', 'cdk.tf.json'), 'utf8'));
  const files = Object.values(json.resource.talos_local_file) as Record<string, unknown>[];
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) expect(f.adopt_existing).toBe(true);
  expect(files.map((f) => f.path)).toContain(path.join(app, 'out', 'prod.talosconfig'));
  expect(fs.existsSync(path.join(app, 'out'))).toBe(false);
});
