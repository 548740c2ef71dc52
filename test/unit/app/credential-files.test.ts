/**
 * The definition's `outputs` through the whole app: the lab default writes .lab/kubeconfig and
 * .lab/talosconfig under the repository root, a definition file's relative paths resolve against
 * its own directory, and the synthesized JSON holds absolute paths (Terraform runs in
 * cdktf.out/stacks/<stack>) and references, never the credentials.
 */
import * as fs from 'node:fs';
import { readAppEnvironment } from '../../../stacks/app-environment';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { App } from '../../../stacks/cdk';
import { buildApp, loadAppDefinitions } from '../../../stacks/app';
import { APP_ENV } from '../../../stacks/app-environment';
import { goodInput } from '../definition/fixtures';

type Json = Record<string, any>;
const ENV = { [APP_ENV.labProxmoxEndpoint]: 'https://127.0.0.1:18006/', PROXMOX_VE_API_TOKEN: 'root@pam!lab=00000000-1111-2222-3333-444444444444' };

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-app-outputs-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function talosStack(name: string): Json {
  const outdir = path.join(root, 'cdktf.out');
  const app = new App({ outdir });
  buildApp(app, loadAppDefinitions(readAppEnvironment(ENV, root)), { environment: readAppEnvironment(ENV, root) });
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', `${name}-talos`, 'cdk.tf.json'), 'utf8'));
}

const files = (json: Json) => Object.values(json.resource.talos_local_file ?? {}) as Json[];

test('the lab default: .lab/kubeconfig and .lab/talosconfig under the root, 0600, by reference', () => {
  const json = talosStack('lab');
  expect(
    files(json)
      .map((f) => [f.path, f.file_permission, f.content])
      .sort(),
  ).toEqual([
    [path.join(root, '.lab', 'kubeconfig'), '0600', expect.stringMatching(/^\$\{talos_cluster_kubeconfig\.[^}]+\.kubeconfig_raw\}$/)],
    [path.join(root, '.lab', 'talosconfig'), '0600', expect.stringMatching(/^\$\{data\.talos_client_configuration\.[^}]+\.talos_config\}$/)],
  ]);
});

function writeCluster(outputs: Record<string, string>): void {
  const d = goodInput();
  d.outputs = outputs;
  fs.mkdirSync(path.join(root, 'clusters'), { recursive: true });
  fs.writeFileSync(path.join(root, 'clusters', 'prod.yaml'), stringify(d));
}

test("a definition file: relative outputs resolve against the file's directory", () => {
  writeCluster({ kubeconfig: 'out/prod.kubeconfig', talosconfig: '../secrets/prod.talosconfig' });
  expect(
    files(talosStack('prod'))
      .map((f) => f.path)
      .sort(),
  ).toEqual([path.join(root, 'clusters', 'out', 'prod.kubeconfig'), path.join(root, 'secrets', 'prod.talosconfig')]);
});

test('a definition without outputs: no file resource', () => {
  writeCluster({});
  expect(talosStack('prod').resource.talos_local_file).toBeUndefined();
});
