import type { MachineConfigInput, MachineType } from '../../../../providers/machinery/config';
import type { SecretsBundle } from '../../../../providers/machinery/secrets';

/** Inputs of the golden files (shared by the golden and schema tests). */
export interface GoldenCase {
  readonly name: string;
  readonly input: (secrets: SecretsBundle, machineType: MachineType) => MachineConfigInput;
  /** --config-patch, then the per-type patches, as talosctl applies them. */
  readonly patches?: readonly string[];
  readonly patchesControlPlane?: readonly string[];
  readonly patchesWorker?: readonly string[];
}

const common = (secrets: SecretsBundle, machineType: MachineType) => ({
  machineType,
  clusterName: 'demo',
  endpoint: 'https://10.0.0.10:6443',
  secrets,
});

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: 'default', input: (s, t) => ({ ...common(s, t), kubernetesVersion: '1.36.3', contract: 'v1.13' }) },
  {
    name: 'proxmox-node',
    input: (s, t) => ({
      ...common(s, t),
      endpoint: 'https://10.0.0.5:6443',
      installDisk: '/dev/vda',
      additionalSans: ['10.0.0.5', 'k8s.example.com'],
      dnsDomain: 'demo.internal',
      podSubnets: ['10.200.0.0/16'],
      serviceSubnets: ['10.201.0.0/16'],
      hostname: t === 'controlplane' ? 'demo-cp-1' : 'demo-worker-1',
      providerId: t === 'controlplane' ? 'proxmox://6c3fa683-bef9-4425-b413-eaa45a9d6191' : 'proxmox://0b8e5a6d-2f51-4c1a-9a47-1d2e3f405162',
      nodeLabels: { 'topology.kubernetes.io/zone': 'pve-a' },
      ...(t === 'controlplane' ? { vip: { address: '10.0.0.5', link: 'eth0' } } : {}),
    }),
  },
  {
    name: 'patched',
    input: (s, t) => common(s, t),
    patches: [
      'cluster:\n  network:\n    cni:\n      name: none\n  proxy:\n    disabled: true\n  inlineManifests:\n    - name: cilium-namespace\n      contents: |\n        apiVersion: v1\n        kind: Namespace\n        metadata:\n          name: cilium\n',
      'apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nup: true\naddresses:\n  - address: 10.0.0.21/24\nroutes:\n  - gateway: 10.0.0.1\n---\napiVersion: v1alpha1\nkind: ResolverConfig\nnameservers:\n  - address: 10.0.0.1\n',
    ],
    patchesControlPlane: ['cluster:\n  allowSchedulingOnControlPlanes: true\n  apiServer:\n    extraArgs:\n      oidc-issuer-url: https://sso.example.com\n'],
    patchesWorker: [
      'machine:\n  kubelet:\n    extraMounts:\n      - destination: /var/lib/longhorn\n        type: bind\n        source: /var/lib/longhorn\n        options: [bind, rshared, rw]\n  nodeLabels:\n    node.longhorn.io/create-default-disk: "true"\n',
    ],
  },
  { name: 'contract-v1.12', input: (s, t) => ({ ...common(s, t), contract: 'v1.12', kubernetesVersion: '1.35.4' }) },
];
