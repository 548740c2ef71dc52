import { App, TerraformOutput, TerraformStack, Testing } from '../../../stacks/cdk';
import { EphemeralResource } from '../../../stacks/constructs/ephemeral-resource';
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

  describe('writeOnly', () => {
    test('with bring-up: ephemeral configurations, write-only arguments, Terraform >= 1.11 declared', () => {
      const json = synth({ ...LAB_CLUSTER, bootstrap: {}, writeOnly: true });
      expect(json.terraform.required_version).toBe('>= 1.11.0');
      expect(json.data.talos_machine_configuration).toBeUndefined();
      const configs = json.ephemeral.talos_machine_configuration as Record<string, Record<string, unknown>>;
      expect(Object.keys(configs)).toHaveLength(5);
      const [name, cp1] = Object.entries(configs).find(([, c]) => c.hostname === 'lab-cp-1')!;
      // The same arguments the data source takes, secrets by reference, unset ones left out.
      expect(cp1).toMatchObject({ machine_type: 'controlplane', cluster_endpoint: 'https://127.0.10.10:6443', cluster_name: 'lab', provider_id: expect.stringMatching(/^proxmox:\/\//) });
      expect(cp1.machine_secrets).toMatch(/^\$\{talos_machine_secrets\.[^}]+\.machine_secrets\}$/);
      expect(Object.values(cp1)).not.toContain(undefined);
      const applies = json.resource.talos_machine_configuration_apply as Record<string, Record<string, unknown>>;
      const applyCp1 = Object.values(applies).find((a) => a.node === '127.0.10.11')!;
      expect(applyCp1.machine_configuration_input_wo).toBe(`\${ephemeral.talos_machine_configuration.${name}.machine_configuration}`);
      // Destroy resets the nodes by default, which needs the stored credentials.
      expect(applyCp1.client_configuration).toMatch(/^\$\{talos_machine_secrets\./);
      expect(applyCp1.client_configuration_wo).toBeUndefined();
      for (const type of ['talos_machine_bootstrap', 'talos_cluster_kubeconfig']) {
        const [r] = Object.values(json.resource[type]) as Record<string, unknown>[];
        expect(r.client_configuration_wo).toMatch(/^\$\{talos_machine_secrets\.[^}]+\.client_configuration\}$/);
        expect(r.client_configuration).toBeUndefined();
      }
    });

    test('without reset on destroy the applies take the client configuration write-only too', () => {
      const json = synth({ ...LAB_CLUSTER, bootstrap: { onDestroy: { reset: false } }, writeOnly: true });
      for (const a of Object.values(json.resource.talos_machine_configuration_apply) as Record<string, unknown>[]) {
        expect(a.client_configuration_wo).toMatch(/^\$\{talos_machine_secrets\./);
        expect(a.client_configuration).toBeUndefined();
      }
    });

    test('without bring-up the configurations stay data sources: state is their only consumer', () => {
      const json = synth({ ...LAB_CLUSTER, writeOnly: true });
      expect(json.ephemeral).toBeUndefined();
      expect(json.terraform.required_version).toBeUndefined();
      expect(Object.keys(json.data.talos_machine_configuration)).toHaveLength(5);
    });
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

describe('EphemeralResource', () => {
  test('writes an ephemeral block with resolved arguments and hands out references', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'eph');
    const eph = new EphemeralResource(stack, 'creds', { type: 'talos_proxmox_credentials', arguments: { endpoint: 'https://pve:8006/', api_token_env: 'TOKEN', insecure: undefined } });
    new TerraformOutput(stack, 'ref', { value: eph.attribute('api_token'), sensitive: true });
    eph.addOverride('lifecycle.precondition', [{ condition: true, error_message: 'x' }]);
    const json = JSON.parse(Testing.synth(stack));
    expect(json.ephemeral.talos_proxmox_credentials.creds).toEqual({ endpoint: 'https://pve:8006/', api_token_env: 'TOKEN', lifecycle: { precondition: [{ condition: true, error_message: 'x' }] } });
    expect(json.output.ref.value).toBe('${ephemeral.talos_proxmox_credentials.creds.api_token}');
  });

  test('refuses a name that is not a Terraform type, naming the field', () => {
    const stack = new TerraformStack(Testing.app(), 'eph');
    expect(() => new EphemeralResource(stack, 'x', { type: 'Bad Type', arguments: {} })).toThrow(/eph\/x: type "Bad Type" is not a Terraform type name; use <provider>_<type>/);
  });
});
