/**
 * The role patch reproduces, on a configuration another generator made with its own defaults
 * (CABPT's installer image, no VIP, no labels), what our generator gives a role for the same
 * settings: document for document, field for field.
 */
import { generateMachineConfigDocuments, roleSettingsPatch, type MachineConfigInput, type RoleSettings } from '../../../../providers/machinery/config';
import { applyPatchStrings } from '../../../../providers/machinery/patch';
import { loadTestSecrets } from './support/fixtures';

const secrets = loadTestSecrets();
const common = { clusterName: 'demo', endpoint: 'https://10.0.0.10:6443', secrets } as const;
// What another generator (CABPT v0.6 with its machinery) starts from: Talos defaults, its own installer.
const foreign = (machineType: MachineConfigInput['machineType']) => generateMachineConfigDocuments({ ...common, machineType, installImage: 'ghcr.io/siderolabs/installer:v1.12.6' });

describe('roleSettingsPatch', () => {
  it.each<[string, RoleSettings]>([
    [
      'a control plane with a VIP, an install disk, SANs and labels',
      {
        machineType: 'controlplane',
        installDisk: '/dev/vda',
        vip: { address: '10.0.0.10', link: 'eth0' },
        additionalSans: ['k8s.example.org'],
        nodeLabels: { 'topology.kubernetes.io/zone': 'rack1' },
      },
    ],
    ['a worker with labels and the default disk and image', { machineType: 'worker', nodeLabels: { role: 'storage' } }],
    ['a worker with its own installer image', { machineType: 'worker', installImage: 'factory.talos.dev/installer/abc:v1.13.9' }],
  ])('on another generator’s defaults gives our configuration of %s', (_, settings) => {
    const patched = applyPatchStrings(foreign(settings.machineType), [roleSettingsPatch(settings)]);
    expect(patched).toEqual(generateMachineConfigDocuments({ ...common, ...settings }));
  });

  it('refuses a VIP on workers, as Talos does', () => {
    expect(() => roleSettingsPatch({ machineType: 'worker', vip: { address: '10.0.0.10', link: 'eth0' } })).toThrow('only allowed on control-plane nodes');
  });
});
