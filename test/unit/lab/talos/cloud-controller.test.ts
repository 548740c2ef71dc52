/**
 * The lab's side of an external cloud provider: what the simulated node reads from a configuration
 * carrying the product's cloud-controller patches, the Node its kubelet then registers (tainted,
 * with the provided node IP and no providerID of its own), and when the stand-in controller runs.
 */
import { cloudControllerPatches, generateMachineConfigDocuments, serializeMachineConfig, type MachineType } from '../../../../providers/machinery/config';
import { applyPatchStrings } from '../../../../providers/machinery/patch';
import { nodeObject } from '../../../lab/k8s';
import { ensureTalosSchema, TalosConfigSchema } from '../../../lab/talos/config-schema';
import { kubeletCloudProviderExternal, parseMachineConfig, type ParsedMachineConfig } from '../../../lab/talos/machine-config';
import type { NodeRegistration } from '../../../lab/talos/node';
import { cloudControllerBlocker } from '../../../lab/workload/cloud-controller';
import { nodeSpecOf } from '../../../lab/workload/from-talos';
import { loadTestSecrets } from '../../talos/config/support/fixtures';

let schema: TalosConfigSchema;
beforeAll(async () => {
  schema = TalosConfigSchema.load(await ensureTalosSchema());
});

const secrets = loadTestSecrets();
function parsed(machineType: MachineType, patches: readonly string[]): ParsedMachineConfig {
  const docs = applyPatchStrings(generateMachineConfigDocuments({ machineType, clusterName: 'demo', endpoint: 'https://127.0.10.10:6443', secrets }), patches);
  return parseMachineConfig(serializeMachineConfig(docs), schema, { inMaintenance: false, requiresInstall: false });
}

describe('a configuration with the cloud-controller patches', () => {
  const ccm = cloudControllerPatches();

  test('control plane: external cloud provider and os:reader API access from kube-system; the controller runs', () => {
    const cfg = parsed('controlplane', [ccm.common, ccm.controlPlane]);
    expect(cfg.externalCloudProvider).toBe(true);
    expect(cfg.kubernetesTalosApiAccess).toEqual({ allowedRoles: ['os:reader'], allowedKubernetesNamespaces: ['kube-system'] });
    expect(kubeletCloudProviderExternal(cfg)).toBe(true);
    expect(cloudControllerBlocker(cfg)).toBeUndefined();
  });

  test('worker: only the kubelet changes', () => {
    const cfg = parsed('worker', [ccm.common]);
    expect(kubeletCloudProviderExternal(cfg)).toBe(true);
    expect(cfg.kubernetesTalosApiAccess).toBeUndefined();
  });

  test.each([
    ['no patches', [] as string[], 'cluster.externalCloudProvider is not enabled'],
    ['no Talos API access', [ccm.common], 'kubernetesTalosAPIAccess is not enabled'],
    ['another role', [ccm.common, ccm.controlPlane.replace('os:reader', 'os:operator')], 'allowedRoles lacks os:reader'],
    ['another namespace', [ccm.common, ccm.controlPlane.replace('kube-system', 'capi-system')], 'allowedKubernetesNamespaces lacks kube-system'],
  ])('the stand-in does not run with %s, as the real Pod would never get its talosconfig', (_, patches, why) => {
    expect(cloudControllerBlocker(parsed('controlplane', patches))).toContain(why);
  });

  test('a kubelet flag alone also makes the kubelet external', () => {
    expect(kubeletCloudProviderExternal(parsed('worker', ['machine:\n  kubelet:\n    extraArgs:\n      cloud-provider: external\n']))).toBe(true);
    expect(kubeletCloudProviderExternal(parsed('worker', []))).toBe(false);
  });
});

describe('the Node a kubelet registers', () => {
  const registration = (cloudProviderExternal: boolean, providerId?: string): NodeRegistration => ({
    clusterId: 'c',
    clusterName: 'demo',
    name: 'demo-md-0-abcde',
    providerId,
    role: 'worker',
    addresses: [
      { type: 'InternalIP', address: '127.0.10.100' },
      { type: 'Hostname', address: 'demo-md-0-abcde' },
    ],
    labels: {},
    cloudProviderExternal,
  });

  test('for an external cloud provider: the uninitialized taint and the provided node IP, no providerID', () => {
    const node = nodeObject(nodeSpecOf(registration(true), 'v1.13.9'), 'v1.36.3') as { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
    expect(node.spec).toEqual({ taints: [{ key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' }] });
    expect(node.metadata.annotations['alpha.kubernetes.io/provided-node-ip']).toBe('127.0.10.100');
  });

  test('a --provider-id flag still sets the providerID; without an external provider nothing is added', () => {
    const withFlag = nodeObject(nodeSpecOf(registration(true, 'proxmox://00000000-0000-4000-8000-000000000001'), 'v1.13.9'), 'v1.36.3') as { spec: { providerID?: string } };
    expect(withFlag.spec.providerID).toBe('proxmox://00000000-0000-4000-8000-000000000001');
    const plain = nodeObject(nodeSpecOf(registration(false), 'v1.13.9'), 'v1.36.3') as { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
    expect(plain.spec).toEqual({});
    expect(plain.metadata.annotations).not.toHaveProperty(['alpha.kubernetes.io/provided-node-ip']);
  });
});
