/**
 * TalosCredentialFiles and its wiring in TalosConfigStack: one talos_local_file per requested
 * credential, absolute paths, mode 0600, content only as a reference to the sensitive attribute
 * (never a literal in the JSON), the kubeconfig only with bring-up, nothing without `outputs`.
 */
import { Testing, TerraformStack, TerraformVariable } from '../../../stacks/cdk';
import { TalosCredentialFiles } from '../../../stacks/constructs/talos-credential-files';
import { LAB_CLUSTER } from '../../../stacks/lab-cluster';
import { TalosConfigStack, type TalosConfigStackProps } from '../../../stacks/talos-config-stack';

type Json = Record<string, any>;

function synth(props: TalosConfigStackProps): Json {
  const stack = new TalosConfigStack(Testing.app(), 'test-talos', props);
  return JSON.parse(Testing.synth(stack));
}

const OUTPUTS = { kubeconfig: '/home/me/.kube/lab.kubeconfig', talosconfig: '/home/me/.talos/lab.talosconfig' };
const BOOTSTRAP = { timeouts: { health: '5m' } };

function localFiles(json: Json): Json[] {
  return Object.values(json.resource?.talos_local_file ?? {});
}

describe('TalosConfigStack outputs', () => {
  test('with bring-up: kubeconfig and talosconfig files, absolute, 0600, contents by reference', () => {
    const json = synth({ ...LAB_CLUSTER, bootstrap: BOOTSTRAP, outputs: OUTPUTS });
    const files = localFiles(json);
    expect(files.map((f) => f.path).sort()).toEqual([OUTPUTS.kubeconfig, OUTPUTS.talosconfig]);
    const kube = files.find((f) => f.path === OUTPUTS.kubeconfig)!;
    const talos = files.find((f) => f.path === OUTPUTS.talosconfig)!;
    expect(kube.content).toMatch(/^\$\{talos_cluster_kubeconfig\.[^}]+\.kubeconfig_raw\}$/);
    expect(talos.content).toMatch(/^\$\{data\.talos_client_configuration\.[^}]+\.talos_config\}$/);
    for (const f of files) expect(f.file_permission).toBe('0600');
  });

  test('configuration only: the talosconfig file; the kubeconfig does not exist yet', () => {
    const json = synth({ ...LAB_CLUSTER, outputs: OUTPUTS });
    expect(localFiles(json).map((f) => f.path)).toEqual([OUTPUTS.talosconfig]);
  });

  test('one of them: only that file', () => {
    const json = synth({ ...LAB_CLUSTER, bootstrap: BOOTSTRAP, outputs: { kubeconfig: OUTPUTS.kubeconfig } });
    expect(localFiles(json).map((f) => f.path)).toEqual([OUTPUTS.kubeconfig]);
  });

  test.each([
    ['no outputs', undefined],
    ['empty outputs', {}],
  ])('%s: no file resource', (_name, outputs) => {
    const json = synth({ ...LAB_CLUSTER, bootstrap: BOOTSTRAP, outputs });
    expect(json.resource.talos_local_file).toBeUndefined();
  });
});

describe('TalosCredentialFiles', () => {
  let stack: TerraformStack;
  let ref: string;
  beforeEach(() => {
    stack = new TerraformStack(Testing.app(), 'files');
    ref = new TerraformVariable(stack, 'kubeconfig', { type: 'string', sensitive: true }).stringValue;
  });

  test('a relative path is refused with the fix', () => {
    expect(() => new TalosCredentialFiles(stack, 'files', { kubeconfig: { path: 'out/kubeconfig', content: ref } })).toThrow(
      /files\/files: kubeconfig.path "out\/kubeconfig" is relative; resolve it first \(Terraform runs in cdktf.out\/stacks\/<stack>\)/,
    );
  });

  test('literal content is refused, so no secret can reach the synthesized JSON', () => {
    expect(() => new TalosCredentialFiles(stack, 'files', { talosconfig: { path: '/tmp/talosconfig', content: 'context: lab\n' } })).toThrow(
      /talosconfig.content: is a literal string; pass the sensitive attribute that holds it/,
    );
  });

  test('both to one file is refused', () => {
    expect(() => new TalosCredentialFiles(stack, 'files', { kubeconfig: { path: '/tmp/creds', content: ref }, talosconfig: { path: '/tmp/x/../creds', content: ref } })).toThrow(
      /talosconfig.path "\/tmp\/x\/..\/creds" is also the kubeconfig file/,
    );
  });

  test('a reference synthesizes as a reference, the path normalized', () => {
    new TalosCredentialFiles(stack, 'files', { kubeconfig: { path: '/tmp/a/../kubeconfig', content: ref } });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.talos_local_file)).toEqual([{ path: '/tmp/kubeconfig', content: '${var.kubeconfig}', file_permission: '0600' }]);
  });
});
