/**
 * The TalosClusterBootstrap construct as the Talos stack synthesizes it: one apply per node fed
 * by that node's configuration, bootstrap on the first control plane after its apply, the
 * kubeconfig after the bootstrap, the health gate after everything; references only, no secrets.
 */
import { Testing } from '../../../../stacks/cdk';
import { LAB_CLUSTER } from '../../../../stacks/lab-cluster';
import { TalosConfigStack, type TalosConfigStackProps } from '../../../../stacks/talos-config-stack';

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

function synth(props: TalosConfigStackProps): Json {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new TalosConfigStack(app, 'test-talos', props))) as Json;
}

const CONTROL_PLANE_ADDRESSES = LAB_CLUSTER.nodes.filter((n) => n.role === 'controlplane').map((n) => n.address);

const address = (type: string, json: Json, pick: (r: Record<string, unknown>) => boolean): string => {
  const [name] = Object.entries(json.resource[type]).find(([, r]) => pick(r))!;
  return `${type}.${name}`;
};

describe('TalosConfigStack with bootstrap', () => {
  const json = synth({ ...LAB_CLUSTER, bootstrap: { timeouts: { apply: '5m', health: '15m' } } });

  test('one apply per node, each fed its own configuration by reference', () => {
    const applies = json.resource.talos_machine_configuration_apply;
    expect(Object.keys(applies)).toHaveLength(5);
    const configs = json.data.talos_machine_configuration;
    for (const node of LAB_CLUSTER.nodes) {
      const apply = Object.values(applies).find((a) => a.node === node.address)!;
      const [configName] = Object.entries(configs).find(([, c]) => c.hostname === node.name)!;
      expect(apply.machine_configuration_input).toBe(`\${data.talos_machine_configuration.${configName}.machine_configuration}`);
      expect(apply.client_configuration).toMatch(/^\$\{talos_machine_secrets\.[^}]+\.client_configuration\}$/);
      expect(apply.on_destroy).toEqual({ reset: true, graceful: false, reboot: true });
      expect(apply.timeouts).toEqual({ create: '5m', update: '5m' });
    }
  });

  test('workers are configured after the control planes (their API certificate comes from a control plane)', () => {
    const applies = json.resource.talos_machine_configuration_apply;
    const cpApplies = CONTROL_PLANE_ADDRESSES.map((a) => address('talos_machine_configuration_apply', json, (r) => r.node === a));
    for (const apply of Object.values(applies)) {
      if (CONTROL_PLANE_ADDRESSES.includes(apply.node as string)) expect(apply.depends_on).toBeUndefined();
      else expect(apply.depends_on).toEqual(cpApplies);
    }
  });

  test('bootstrap on the first control plane after its apply; kubeconfig after bootstrap; health after all', () => {
    const cp1Apply = address('talos_machine_configuration_apply', json, (r) => r.node === '127.0.10.11');
    const [bootstrapName, bootstrap] = Object.entries(json.resource.talos_machine_bootstrap)[0];
    expect(bootstrap.node).toBe('127.0.10.11');
    expect(bootstrap.depends_on).toEqual([cp1Apply]);
    const [, kubeconfig] = Object.entries(json.resource.talos_cluster_kubeconfig)[0];
    expect(kubeconfig.node).toBe('127.0.10.11');
    expect(kubeconfig.depends_on).toEqual([`talos_machine_bootstrap.${bootstrapName}`]);
    const [, health] = Object.entries(json.data.talos_cluster_health)[0];
    expect(health.control_plane_nodes).toEqual(['127.0.10.11', '127.0.10.12', '127.0.10.13']);
    expect(health.endpoints).toEqual(['127.0.10.11', '127.0.10.12', '127.0.10.13']);
    expect(health.worker_nodes).toEqual(['127.0.10.21', '127.0.10.22']);
    expect(health.timeouts).toEqual({ read: '15m' });
    expect(health.depends_on).toHaveLength(7);
    expect(health.depends_on).toContain(cp1Apply);
  });

  test('the kubeconfig is a sensitive output; no key material in the synthesized JSON', () => {
    const out = (json as unknown as { output: Record<string, { value: string; sensitive: boolean }> }).output.kubeconfig;
    expect(out.sensitive).toBe(true);
    expect(out.value).toMatch(/^\$\{talos_cluster_kubeconfig\.[^}]+\.kubeconfig_raw\}$/);
    expect(JSON.stringify(json)).not.toMatch(/BEGIN|PRIVATE KEY/);
  });

  test('without bootstrap the stack stays configuration-only', () => {
    const plain = synth(LAB_CLUSTER);
    expect(plain.resource.talos_machine_configuration_apply).toBeUndefined();
    expect((plain as unknown as { output: Record<string, unknown> }).output.kubeconfig).toBeUndefined();
  });

  test.each([
    [{ bootstrapNode: 'lab-worker-1' }, /bootstrapNode "lab-worker-1" is a worker/],
    [{ bootstrapNode: 'nope' }, /bootstrapNode "nope" is not one of the nodes/],
    [{ timeouts: { apply: '10 minutes' } }, /timeouts\.apply "10 minutes" is not a Go duration/],
  ])('rejects %j', (bootstrap, message) => {
    expect(() => synth({ ...LAB_CLUSTER, bootstrap })).toThrow(message);
  });

  test('bootstrapNode picks the control plane that bootstraps', () => {
    const other = synth({ ...LAB_CLUSTER, bootstrap: { bootstrapNode: 'lab-cp-2', onDestroy: { reset: false } } });
    expect(Object.values(other.resource.talos_machine_bootstrap)[0].node).toBe('127.0.10.12');
    expect(Object.values(other.resource.talos_machine_configuration_apply)[0].on_destroy).toEqual({ reset: false });
  });
});
