/**
 * A valid definition to mutate in tests (a fresh deep copy each call), and helpers to run the
 * validator and read its problems.
 */
import { checkClusterDefinition, type ClusterDefinitionInput, type DefinitionProblem } from '../../../stacks/definition';

/** Mutable view of the input for tests that break it on purpose. */
export type Mutable = Record<string, any>;

export function goodInput(): Mutable {
  const def: ClusterDefinitionInput = {
    name: 'prod',
    proxmox: {
      endpoint: 'https://pve1.example.com:8006/',
      credentials: { apiTokenEnv: 'PROXMOX_VE_API_TOKEN' },
      nodes: ['pve1', 'pve2', 'pve3'],
      datastores: [
        { id: 'local', content: ['import', 'iso'] },
        { id: 'local-lvm', content: ['images', 'rootdir'] },
      ],
    },
    network: {
      attachment: { kind: 'bridge', bridge: 'vmbr0', vlanId: 20 },
      cidr: '10.20.0.0/24',
      gateway: '10.20.0.1',
      dnsServers: ['10.20.0.1'],
      vip: '10.20.0.10',
    },
    talos: { version: 'v1.13.9' },
    kubernetes: { version: '1.36.3' },
    vmidBase: 3100,
    controlPlane: { count: 3, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: '10.20.0.11' },
    workers: [{ name: 'worker', count: 2, cores: 4, memoryMiB: 8192, diskGiB: 40, ips: ['10.20.0.21', '10.20.0.22'] }],
    clusterApi: { management: { kind: 'existing', kubeconfig: '~/.kube/management.yaml' }, nodeAddresses: ['10.20.0.100-10.20.0.150'] },
  };
  return JSON.parse(JSON.stringify(def)) as Mutable;
}

export function withChange(change: (d: Mutable) => void): Mutable {
  const d = goodInput();
  change(d);
  return d;
}

/** Moves goodInput() to 10.30.0.0/24 and VMIDs from 4100: a second cluster beside the first. */
export function onSecondNetwork(d: Mutable): void {
  d.vmidBase = 4100;
  d.network.cidr = '10.30.0.0/24';
  d.network.gateway = '10.30.0.1';
  d.network.dnsServers = ['10.30.0.1'];
  d.network.vip = '10.30.0.10';
  d.controlPlane.firstIp = '10.30.0.11';
  d.workers[0].ips = ['10.30.0.21', '10.30.0.22'];
}

export const SOURCE = 'clusters/prod.yaml';

export function problemsOf(raw: unknown, baseDir = '/nonexistent'): DefinitionProblem[] {
  return checkClusterDefinition(raw, { source: SOURCE, baseDir }).problems;
}
