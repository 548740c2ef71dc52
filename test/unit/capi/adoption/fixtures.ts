/**
 * A 3 control planes + 2 workers Talos cluster as the Terraform stacks describe it, with a real
 * secrets bundle and talosconfig, plus the Nodes such a cluster reports. Shared by the unit and
 * integration tests of adoption.
 */
import { generateTalosconfig } from '../../../../providers/machinery/clientconfig';
import { issueAdminClientCertificate } from '../../../../providers/machinery/clientconfig/admin-certificate';
import { pemToBase64 } from '../../../../providers/pki';
import { generateSecretsBundle, type SecretsBundle } from '../../../../providers/machinery/secrets';
import { secretsToValue } from '../../../../providers/machinery/secrets/secrets-value';
import type { RawAdoptionInput, RawNode } from '../../../../providers/capi/resources/cluster-adoption/input';
import type { WorkloadNode } from '../../../../providers/capi/adoption/observed';

export interface ClusterFixture {
  readonly bundle: SecretsBundle;
  readonly talosconfig: string;
  /** An admin kubeconfig as Talos hands it out (client certificate signed by the Kubernetes CA). */
  readonly kubeconfig: string;
  readonly raw: RawAdoptionInput;
}

export const NODES: readonly RawNode[] = [
  { name: 'talos-cp-1', role: 'controlplane', vm_id: 201, vm_name: 'talos-cp-1', proxmox_node: 'pve1', ip: '10.10.0.11', smbios_uuid: '4a3e5e1c-0000-4000-8000-000000000011', started: true },
  { name: 'talos-cp-2', role: 'controlplane', vm_id: 202, vm_name: 'talos-cp-2', proxmox_node: 'pve2', ip: '10.10.0.12', smbios_uuid: '4a3e5e1c-0000-4000-8000-000000000012', started: true },
  { name: 'talos-cp-3', role: 'controlplane', vm_id: 203, vm_name: 'talos-cp-3', proxmox_node: 'pve3', ip: '10.10.0.13', smbios_uuid: '4a3e5e1c-0000-4000-8000-000000000013', started: true },
  { name: 'talos-worker-1', role: 'worker', vm_id: 211, vm_name: 'talos-worker-1', proxmox_node: 'pve1', ip: '10.10.0.21', smbios_uuid: '4a3e5e1c-0000-4000-8000-000000000021', started: true },
  { name: 'talos-worker-2', role: 'worker', vm_id: 212, vm_name: 'talos-worker-2', proxmox_node: 'pve2', ip: '10.10.0.22', smbios_uuid: '4a3e5e1c-0000-4000-8000-000000000022', started: true },
];

export const KUBERNETES_VERSION = 'v1.36.3';
export const TALOS_VERSION = 'v1.13.9';

type Pki = { bundle: SecretsBundle; talosconfig: string; kubeconfig: string };
let cached: Promise<Pki> | undefined;

/** One bundle per test process (key generation takes a moment). */
function pki(): Promise<Pki> {
  cached ??= (async () => {
    const bundle = await generateSecretsBundle();
    const talosconfig = await generateTalosconfig({ clusterName: 'lab', endpoints: ['10.10.0.11', '10.10.0.12', '10.10.0.13'], bundle });
    const admin = await issueAdminClientCertificate({ certs: { os: bundle.certs.k8s } }, { roles: ['system:masters'] });
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: lab',
      '    cluster:',
      '      server: https://10.10.0.10:6443',
      `      certificate-authority-data: ${pemToBase64(bundle.certs.k8s.crt)}`,
      'users:',
      '  - name: admin@lab',
      '    user:',
      `      client-certificate-data: ${pemToBase64(admin.crt)}`,
      `      client-key-data: ${pemToBase64(admin.key)}`,
      'contexts:',
      '  - name: admin@lab',
      '    context:',
      '      cluster: lab',
      '      user: admin@lab',
      'current-context: admin@lab',
      '',
    ].join('\n');
    return { bundle, talosconfig, kubeconfig };
  })();
  return cached;
}

export async function clusterFixture(overrides: Partial<RawAdoptionInput> = {}): Promise<ClusterFixture> {
  const { bundle, talosconfig, kubeconfig } = await pki();
  const raw: RawAdoptionInput = {
    cluster_name: 'lab',
    namespace: 'lab-capi',
    control_plane_endpoint_host: '10.10.0.10',
    control_plane_endpoint_port: 6443,
    kubernetes_version: KUBERNETES_VERSION,
    talos_version: TALOS_VERSION,
    pod_cidrs: ['10.244.0.0/16'],
    service_cidrs: ['10.96.0.0/12'],
    service_domain: 'cluster.local',
    machine_secrets: secretsToValue(bundle),
    talosconfig,
    workload_kubeconfig: kubeconfig,
    config_patches: ['machine:\n  install:\n    disk: /dev/sda\n    image: factory.talos.dev/installer/abc:v1.13.9\n'],
    control_plane_patches: ['apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: 10.10.0.10\nlink: eth0\n'],
    worker_patches: ['machine:\n  nodeLabels:\n    role: worker\n'],
    proxmox: { url: 'https://pve.example.com:8006', token_id: 'capmox@pve!capi', token_secret: 'token-secret-value', allowed_nodes: ['pve1', 'pve2', 'pve3'] },
    network: { cidr: '10.10.0.0/24', gateway: '10.10.0.1', dns_servers: ['10.10.0.1'], new_node_addresses: ['10.10.0.100-10.10.0.150'] },
    control_plane_template: { source_node: 'pve1', template_id: 9000, cores: 2, memory_mib: 4096, boot_disk: 'scsi0', boot_disk_size_gb: 20, bridge: 'vmbr0' },
    worker_template: { source_node: 'pve1', template_id: 9000, cores: 4, memory_mib: 8192, boot_disk: 'scsi0', boot_disk_size_gb: 40, bridge: 'vmbr0' },
    node: NODES,
    ...overrides,
  };
  return { bundle, talosconfig, kubeconfig, raw };
}

/** The Nodes the running cluster reports (what the workload API server would list). */
export function workloadNodes(nodes: readonly RawNode[] = NODES): WorkloadNode[] {
  return nodes.map((n) => ({
    name: n.name!,
    providerID: `proxmox://${n.smbios_uuid}`,
    controlPlane: n.role === 'controlplane',
    ready: true,
    internalIPs: [n.ip!],
    externalIPs: [],
    hostnames: [n.name!],
    kubeletVersion: KUBERNETES_VERSION,
    osImage: `Talos (${TALOS_VERSION})`,
    podCIDRs: [],
    deleting: false,
  }));
}
