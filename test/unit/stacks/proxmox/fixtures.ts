/** A small valid cluster spec the Proxmox stack tests vary. */
import type { ProxmoxClusterSpec } from '../../../../stacks/plan/cluster-spec';

export function baseSpec(): ProxmoxClusterSpec {
  return {
    clusterName: 'demo',
    vmidBase: 1100,
    proxmox: {
      endpoint: 'https://pve.example.com:8006/',
      credentials: { apiTokenEnv: 'PROXMOX_VE_API_TOKEN' },
      nodes: ['pve1', 'pve2', 'pve3'],
      datastores: [
        { id: 'local', content: ['import', 'iso'] },
        { id: 'local-lvm', content: ['images', 'rootdir'] },
      ],
    },
    talos: { version: 'v1.13.9' },
    network: {
      cidr: '10.20.0.0/24',
      gateway: '10.20.0.1',
      dnsServers: ['10.20.0.1'],
      vip: '10.20.0.10',
      attachment: { kind: 'bridge', bridge: 'vmbr0' },
    },
    nodePools: [
      { name: 'cp', role: 'controlplane', count: 3, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: '10.20.0.11' },
      { name: 'worker', role: 'worker', count: 2, cores: 4, memoryMiB: 8192, diskGiB: 40, firstIp: '10.20.0.21' },
    ],
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep copy of the base spec, changed by `edit`. */
export function specWith(edit: (s: Mutable<ProxmoxClusterSpec>) => void): ProxmoxClusterSpec {
  const s = structuredClone(baseSpec()) as Mutable<ProxmoxClusterSpec>;
  edit(s);
  return s;
}
