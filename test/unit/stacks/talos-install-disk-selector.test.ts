/** TalosConfigStack with `installDiskSelector`: each node's install disk comes from its talos_machine_disks. */
import { Testing } from '../../../stacks/cdk';
import { LAB_CLUSTER } from '../../../stacks/lab-cluster';
import { TalosConfigStack, type TalosConfigStackProps } from '../../../stacks/talos-config-stack';

function synth(props: TalosConfigStackProps) {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new TalosConfigStack(app, 'test-talos', props)));
}

const SELECTOR = 'disk.size > 6u * GB && !disk.rotational && !disk.cdrom';

test('one talos_machine_disks per node; its first match is the install disk, an empty match fails the plan', () => {
  const json = synth({ ...LAB_CLUSTER, installDiskSelector: SELECTOR });
  const disks = json.data.talos_machine_disks as Record<string, Record<string, unknown>>;
  expect(Object.keys(disks)).toHaveLength(LAB_CLUSTER.nodes.length);
  const configs = Object.values(json.data.talos_machine_configuration) as Record<string, unknown>[];
  for (const n of LAB_CLUSTER.nodes) {
    const [name, ds] = Object.entries(disks).find(([, d]) => d.node === n.address)!;
    expect(ds).toMatchObject({ selector: SELECTOR });
    // Credentials by reference (maintenance mode needs none; configured nodes answer mTLS).
    expect(ds.client_configuration).toMatch(/^\$\{talos_machine_secrets\.[^}]+\.client_configuration\}$/);
    expect(ds.lifecycle).toEqual({
      postcondition: [{ condition: '${length(self.disks) > 0}', error_message: `no disk of node ${n.name} (${n.address}) matches installDiskSelector: ${SELECTOR}` }],
    });
    const config = configs.find((c) => c.hostname === n.name)!;
    expect(config.install_disk).toBe(`\${data.talos_machine_disks.${name}.disks[0].dev_path}`);
  }
});

test('without it nothing changes: no disks data source, installDisk as given', () => {
  const json = synth({ ...LAB_CLUSTER, installDisk: '/dev/vda' });
  expect(json.data.talos_machine_disks).toBeUndefined();
  for (const c of Object.values(json.data.talos_machine_configuration) as Record<string, unknown>[]) expect(c.install_disk).toBe('/dev/vda');
});

test.each([
  [{ installDiskSelector: SELECTOR, installDisk: '/dev/sda' }, 'installDiskSelector: and installDisk are both set: keep one'],
  [{ installDiskSelector: ' ' }, 'installDiskSelector: is empty'],
  [{ installDiskSelector: SELECTOR, bootstrap: {}, writeOnly: true }, 'installDiskSelector: reads the disks with a data source, which keeps the client configuration in state'],
] as const)('refuses %j', (over, message) => {
  expect(() => synth({ ...LAB_CLUSTER, ...over } as TalosConfigStackProps)).toThrow(message);
});
