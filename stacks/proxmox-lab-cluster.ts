/**
 * The embedded lab cluster's Proxmox side: the same node names and loopback addresses as
 * LAB_CLUSTER (lab-talos), on the lab's Proxmox VE simulator (three nodes, `local` + `local-lvm`),
 * behind an SDN simple zone. Non-loopback image URLs resolve to synthetic files in the lab.
 */
import type { ProxmoxClusterSpec } from './plan/cluster-spec';

/** Where the lab starts its PVE simulator unless told otherwise. */
export const LAB_PROXMOX_ENDPOINT = 'https://127.0.0.1:8006/';

export function proxmoxLabCluster(endpoint: string = LAB_PROXMOX_ENDPOINT): ProxmoxClusterSpec {
  return {
    clusterName: 'lab',
    vmidBase: 1101,
    proxmox: {
      endpoint,
      credentials: { apiTokenEnv: 'PROXMOX_VE_API_TOKEN' },
      nodes: ['pve1', 'pve2', 'pve3'],
      datastores: [
        { id: 'local', content: ['backup', 'import', 'iso', 'snippets', 'vztmpl'] },
        { id: 'local-lvm', content: ['images', 'rootdir'] },
      ],
    },
    talos: { version: 'v1.13.9', extensions: ['siderolabs/qemu-guest-agent'] },
    network: {
      cidr: '127.0.10.0/24',
      gateway: '127.0.10.1',
      dnsServers: ['127.0.0.53'],
      searchDomain: 'lab.internal',
      vip: '127.0.10.10',
      attachment: { kind: 'sdn', zoneType: 'simple', zoneId: 'lab', vnetId: 'labnet' },
    },
    nodePools: [
      { name: 'cp', role: 'controlplane', count: 3, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: '127.0.10.11' },
      { name: 'worker', role: 'worker', count: 2, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: '127.0.10.21' },
    ],
    firewall: { managementCidrs: ['127.0.0.0/8'] },
  };
}
