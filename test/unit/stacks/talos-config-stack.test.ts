import { App, Testing } from '../../../stacks/cdk';
import { LAB_CLUSTER } from '../../../stacks/lab-cluster';
import { TalosConfigStack, type TalosConfigStackProps } from '../../../stacks/talos-config-stack';

function synth(props: TalosConfigStackProps) {
  const app = Testing.app();
  const stack = new TalosConfigStack(app, 'test-talos', props);
  return JSON.parse(Testing.synth(stack));
}

describe('TalosConfigStack', () => {
  test('one machine configuration per node, secrets passed by reference, provider pinned', () => {
    const json = synth(LAB_CLUSTER);
    const configs = json.data.talos_machine_configuration;
    expect(Object.keys(configs)).toHaveLength(5);
    for (const cfg of Object.values(configs) as Record<string, unknown>[]) {
      expect(cfg.machine_secrets).toMatch(/^\$\{talos_machine_secrets\.[^}]+\.machine_secrets\}$/);
    }
    const cp1 = Object.values(configs).find((c) => (c as { hostname: string }).hostname === 'lab-cp-1') as Record<string, unknown>;
    expect(cp1).toMatchObject({ machine_type: 'controlplane', cluster_endpoint: 'https://127.0.10.10:6443', provider_id: expect.stringMatching(/^proxmox:\/\//) });
    expect(json.terraform.required_providers.talos).toEqual({ source: 'ptc.internal/ptc/talos', version: '0.1.0' });
    expect(json.terraform.backend.local.path).toBe('../test-talos/terraform.test-talos.tfstate');
    expect(json.output.talosconfig.sensitive).toBe(true);
  });

  test('talosconfig endpoints are the control planes', () => {
    const json = synth(LAB_CLUSTER);
    const [talosconfig] = Object.values(json.data.talos_client_configuration) as { endpoints: string[] }[];
    expect(talosconfig.endpoints).toEqual(['127.0.10.11', '127.0.10.12', '127.0.10.13']);
  });

  test.each([
    ['no control plane', { nodes: [{ name: 'w1', role: 'worker', address: '10.0.0.1' }] }, /at least one controlplane/],
    [
      'duplicate name',
      {
        nodes: [
          { name: 'a', role: 'controlplane', address: '10.0.0.1' },
          { name: 'a', role: 'worker', address: '10.0.0.2' },
        ],
      },
      /nodes\[1\]\.name "a" is also used by a/,
    ],
    [
      'duplicate address',
      {
        nodes: [
          { name: 'a', role: 'controlplane', address: '10.0.0.1' },
          { name: 'b', role: 'worker', address: '10.0.0.1' },
        ],
      },
      /nodes\[1\]\.address "10\.0\.0\.1" is also used by a/,
    ],
    ['bad node name', { nodes: [{ name: 'Bad_Name', role: 'controlplane', address: '10.0.0.1' }] }, /nodes\[0\]\.name "Bad_Name": use lowercase/],
    ['bad talos version', { talosVersion: '1.13' }, /talosVersion "1.13" is not a Talos version/],
  ] as const)('fails on %s', (_name, override, message) => {
    expect(() => synth({ ...LAB_CLUSTER, ...(override as Partial<TalosConfigStackProps>) })).toThrow(message);
  });

  test('the app synthesizes the lab default with no configuration', () => {
    const app = new App({ outdir: Testing.app().outdir });
    expect(() => new TalosConfigStack(app, 'lab-talos', LAB_CLUSTER)).not.toThrow();
  });
});
