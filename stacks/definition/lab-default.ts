/**
 * The built-in definition: the lab cluster `npm start` deploys when `clusters/` holds no
 * definition. It matches stacks/lab-cluster.ts (3 control planes + 2 workers on loopback
 * 127.0.10.x, endpoint https://127.0.10.10:6443, Talos v1.13, Kubernetes 1.36.3) and the lab's
 * Proxmox VE simulator defaults (nodes pve1..pve3, storages `local` and `local-lvm`, port 8006).
 */
import { parseClusterDefinition, type ClusterDefinition } from './definition';
import { defineCluster, type ClusterDefinitionInput } from './schema';

export const LAB_DEFAULT_SOURCE = '(built-in lab default)';

export const LAB_DEFAULT_INPUT: ClusterDefinitionInput = defineCluster({
  name: 'lab',
  proxmox: {
    endpoint: 'https://127.0.0.1:8006/',
    credentials: { apiTokenEnv: 'PROXMOX_VE_API_TOKEN' },
    nodes: ['pve1', 'pve2', 'pve3'],
    datastores: [
      { id: 'local', content: ['backup', 'import', 'iso', 'snippets', 'vztmpl'] },
      { id: 'local-lvm', content: ['images', 'rootdir'] },
    ],
    imageDatastore: 'local',
    vmDatastore: 'local-lvm',
  },
  network: {
    attachment: { kind: 'sdn', zoneType: 'simple', zoneId: 'lab', vnetId: 'labnet' },
    cidr: '127.0.10.0/24',
    gateway: '127.0.10.1',
    dnsServers: ['127.0.0.53'],
    searchDomain: 'lab.internal',
    vip: '127.0.10.10',
  },
  talos: { version: 'v1.13', extensions: ['siderolabs/qemu-guest-agent'] },
  kubernetes: { version: '1.36.3' },
  vmidBase: 1100,
  controlPlane: { name: 'cp', count: 3, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: '127.0.10.11' },
  workers: [{ name: 'worker', count: 2, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: '127.0.10.21' }],
  clusterApi: { management: { kind: 'lab' }, nodeAddresses: ['127.0.10.100-127.0.10.149'] },
  backend: { kind: 'local' },
  // Written by the lab-talos stage (mode 0600) under the repository root; `npm start` points at them.
  outputs: { kubeconfig: '.lab/kubeconfig', talosconfig: '.lab/talosconfig' },
  firewall: { enabled: true, managementCidrs: ['127.0.0.0/8'] },
});

export interface LabDefaultOptions {
  /** Base of the output paths. @default process.cwd() (the repository root under cdktf) */
  readonly baseDir?: string;
  /** The simulator's URL when it does not listen on the default port. */
  readonly proxmoxEndpoint?: string;
  /** A loopback Image Factory stand-in. */
  readonly factoryUrl?: string;
  /** The simulator's CA certificate file (absolute): the definition's caFile, so every client verifies it. */
  readonly proxmoxCaFile?: string;
}

/** The lab cluster, validated and derived like any definition file. */
export function labDefaultDefinition(options: LabDefaultOptions = {}): ClusterDefinition {
  const input: ClusterDefinitionInput = {
    ...LAB_DEFAULT_INPUT,
    proxmox: {
      ...LAB_DEFAULT_INPUT.proxmox,
      ...(options.proxmoxEndpoint ? { endpoint: options.proxmoxEndpoint } : {}),
      ...(options.proxmoxCaFile ? { caFile: options.proxmoxCaFile } : {}),
    },
    talos: { ...LAB_DEFAULT_INPUT.talos, ...(options.factoryUrl ? { factoryUrl: options.factoryUrl } : {}) },
  };
  return parseClusterDefinition(input, { source: LAB_DEFAULT_SOURCE, baseDir: options.baseDir ?? process.cwd() });
}
