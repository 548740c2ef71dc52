/**
 * The Terraform schema of `capi_cluster_adoption`. Attribute names are what the raw input
 * (input.ts) reads; everything the stacks know about the running cluster goes in, and the
 * machines Cluster API runs afterwards come out.
 */
import { attr, block, defineSchema, t, type Model } from '../../../runtime';
import { machineSecretsType, type MachineSecretsValue } from '../../../machinery/secrets/secrets-value';
import type { MachineInventoryEntry } from '../../adoption/inventory';
import * as check from './field-checks';

const { oneOf, each, wholeNumber } = check;
const vmid = wholeNumber(...check.VMID_RANGE);

const positive = (v: number) => (Number.isInteger(v) && v >= 0 ? undefined : 'must be a whole number of seconds, 0 or more');

export const machinesType = t.list(
  t.object({
    name: t.string,
    role: t.string,
    adopted: t.bool,
    vm_id: t.number,
    proxmox_node: t.string,
    provider_id: t.string,
    node_ref: t.string,
    phase: t.string,
    deleting: t.bool,
  }),
);

const template = (role: string) =>
  block.single({
    description: `What new ${role} machines are cloned from (a ProxmoxMachineTemplate). Give source_node + template_id, or template_tags.`,
    attributes: {
      source_node: attr.string({ mode: 'optional', description: 'Proxmox node holding the Talos nocloud template VM.', validators: [check.pveNodeName] }),
      template_id: attr.number({
        mode: 'optional',
        description: 'VMID of the Talos nocloud template VM (same schematic as the installer image, no Proxmox cloud-init drive).',
        validators: [vmid],
      }),
      template_tags: attr.stringList({ mode: 'optional', description: 'Find the template by VM tags instead.' }),
      template_match_policy: attr.string({ mode: 'optional', description: 'exact (default), uniqueSubset or bestSubset.', validators: [oneOf(check.TEMPLATE_MATCH_POLICIES)] }),
      sockets: attr.number({ mode: 'optional', description: 'CPU sockets (default 1).', validators: [wholeNumber(1, 4)] }),
      cores: attr.number({ mode: 'required', description: 'CPU cores per socket.', validators: [wholeNumber(1, 512)] }),
      memory_mib: attr.number({ mode: 'required', description: 'Memory in MiB, a multiple of 8.', validators: [check.memoryMiB] }),
      boot_disk: attr.string({ mode: 'optional', description: 'Boot disk to grow, e.g. scsi0 (with boot_disk_size_gb).' }),
      boot_disk_size_gb: attr.number({ mode: 'optional', description: 'Boot disk size in GB (grow only).', validators: [wholeNumber(5, 1_000_000)] }),
      bridge: attr.string({ mode: 'required', description: 'Bridge of net0, e.g. vmbr0.' }),
      vlan: attr.number({ mode: 'optional', validators: [wholeNumber(1, 4094)] }),
      nic_model: attr.string({ mode: 'optional', description: 'virtio (default), e1000, rtl8139 or vmxnet3.', validators: [oneOf(check.NIC_MODELS)] }),
      mtu: attr.number({ mode: 'optional', validators: [check.mtu] }),
      full_clone: attr.bool({ mode: 'optional', description: 'Full clone (default true); storage and format need it.' }),
      storage: attr.string({ mode: 'optional' }),
      format: attr.string({ mode: 'optional', description: 'raw, qcow2 or vmdk.', validators: [oneOf(check.DISK_FORMATS)] }),
      pool: attr.string({ mode: 'optional', description: 'Proxmox resource pool for new VMs.' }),
      tags: attr.stringList({ mode: 'optional', description: 'Tags of new VMs.' }),
      vmid_range_start: attr.number({ mode: 'optional', validators: [vmid] }),
      vmid_range_end: attr.number({ mode: 'optional', validators: [vmid] }),
      skip_cloud_init_status: attr.bool({ mode: 'optional', description: 'Default true (Talos has no cloud-init).' }),
      skip_qemu_guest_agent: attr.bool({ mode: 'optional', description: 'Default true (no guest agent unless the extension is installed).' }),
      provider_id_injection: attr.bool({ mode: 'optional', description: 'Default true: CAPMOX puts provider-id into the nocloud metadata for talos-cloud-controller-manager.' }),
    },
  });

export const adoptionSchema = defineSchema({
  description:
    'Hands a running, Terraform-built Talos cluster on Proxmox over to Cluster API on the management cluster, without re-provisioning a VM: ' +
    'the objects of the adoption recipe are created with the Cluster paused, every failure-mode guard is checked, then the Cluster is unpaused.',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep', description: '<namespace>/<cluster name>.' }),
    cluster_name: attr.string({
      mode: 'required',
      description: 'The Talos cluster name; the Cluster API Cluster gets the same name. Cannot change after adoption.',
      validators: [check.dnsLabel],
    }),
    namespace: attr.string({
      mode: 'optional',
      description: 'Management-cluster namespace of this cluster (default: the cluster name). Cannot change after adoption.',
      validators: [check.namespaceName],
    }),
    control_plane_endpoint_host: attr.string({ mode: 'required', description: 'Kubernetes API VIP or DNS name (no scheme, no port).', validators: [check.endpointHost] }),
    control_plane_endpoint_port: attr.number({ mode: 'optional', default: 6443, validators: [wholeNumber(1, 65_535)] }),
    kubernetes_version: attr.string({
      mode: 'required',
      description: 'Exact running Kubernetes version, e.g. v1.36.3. Changing it later upgrades through Cluster API.',
      validators: [check.kubernetesVersion],
    }),
    talos_version: attr.string({ mode: 'required', description: 'Talos version the nodes run, e.g. v1.13.9 (its minor is the config contract CABPT generates).' }),
    pod_cidrs: attr.stringList({ mode: 'optional', default: ['10.244.0.0/16'], validators: [each(check.anyCidr)] }),
    service_cidrs: attr.stringList({ mode: 'optional', default: ['10.96.0.0/12'], validators: [each(check.anyCidr)] }),
    service_domain: attr.string({ mode: 'optional', default: 'cluster.local', validators: [check.dnsDomain] }),
    machine_secrets: attr.typed<MachineSecretsValue>(machineSecretsType)({
      mode: 'required',
      sensitive: true,
      description: 'talos_machine_secrets.machine_secrets of the cluster: Cluster API must reuse this PKI. Cannot change after adoption.',
    }),
    talosconfig: attr.string({ mode: 'required', sensitive: true, description: 'The cluster talosconfig (talos_client_configuration.talos_config).' }),
    workload_kubeconfig: attr.string({ mode: 'required', sensitive: true, description: 'Admin kubeconfig of the running cluster; its Nodes are checked before adoption.' }),
    config_patches: attr.stringList({ mode: 'optional', default: [], description: 'Talos strategic patches of every node, as Terraform applied them.' }),
    control_plane_patches: attr.stringList({ mode: 'optional', default: [], description: 'Talos strategic patches of control planes (VIP, install settings...).' }),
    worker_patches: attr.stringList({ mode: 'optional', default: [], description: 'Talos strategic patches of workers.' }),
    control_plane_replicas: attr.number({
      mode: 'optional',
      description: 'TalosControlPlane replicas. Must equal the adopted control planes at adoption; scale afterwards (keep odd counts).',
      validators: [wholeNumber(1, 99)],
    }),
    worker_replicas: attr.number({ mode: 'optional', description: 'MachineDeployment replicas. Must equal the adopted workers at adoption.', validators: [wholeNumber(0, 10_000)] }),
    control_plane_rollout_strategy: attr.string({
      mode: 'optional',
      default: 'OnDelete',
      description: 'OnDelete during adoption (nothing is replaced automatically); RollingUpdate once adoption is verified.',
      validators: [oneOf(check.ROLLOUT_STRATEGIES)],
    }),
    worker_rollout_strategy: attr.string({ mode: 'optional', default: 'OnDelete', validators: [oneOf(check.ROLLOUT_STRATEGIES)] }),
    on_destroy: attr.string({
      mode: 'optional',
      default: 'detach',
      description: 'detach: pause and remove the Cluster API objects, VMs keep running and return to Terraform; delete: delete the cluster through Cluster API (its VMs too).',
      validators: [oneOf(['detach', 'delete'])],
    }),
    adoption_timeout_seconds: attr.number({ mode: 'optional', default: 600, description: 'How long to watch the controllers after unpausing (0: do not wait).', validators: [positive] }),
    destroy_timeout_seconds: attr.number({ mode: 'optional', default: 1800, description: 'How long a destroy waits for Cluster API to delete the cluster.', validators: [positive] }),
    phase: attr.string({ mode: 'computed', description: 'adopting (paused, guards pending) or adopted.' }),
    paused: attr.bool({ mode: 'computed', description: 'Whether the Cluster is paused now.' }),
    cluster_uid: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    adoption_confirmed: attr.bool({
      mode: 'computed',
      description:
        'The controllers report the adoption complete: Cluster Available, TalosControlPlane Ready with etcd and components healthy, every Machine Running with a nodeRef, every ProxmoxMachine ready with addresses.',
    }),
    machines: attr.typed<MachineInventoryEntry[]>(machinesType)({
      mode: 'computed',
      description: 'Machines Cluster API runs for the cluster (adopted or created by it), with VMIDs for the hand-back.',
    }),
    proxmox_token_sha256: attr.string({
      mode: 'computed',
      computedPlan: 'keep',
      description: 'SHA-256 (hex) of the API token proxmox.token_env named when last applied; the token itself is never stored.',
    }),
    drift: attr.stringList({ mode: 'computed', description: 'Managed objects that differ from the configuration (corrected by the next apply).' }),
  },
  blocks: {
    proxmox: block.single({
      description: 'CAPMOX facts: credentials (a Secret reference, inline API token, or none for the manager-wide credentials) and placement.',
      attributes: {
        credentials_secret_name: attr.string({ mode: 'optional', description: 'Existing Secret with keys url, token, secret.', validators: [check.secretName] }),
        credentials_secret_namespace: attr.string({ mode: 'optional', validators: [check.namespaceName] }),
        url: attr.string({ mode: 'optional', description: 'Proxmox API URL, e.g. https://pve.example.com:8006.' }),
        token_id: attr.string({ mode: 'optional', description: 'API token id, e.g. capmox@pve!capi.' }),
        token_secret: attr.string({ mode: 'optional', sensitive: true }),
        token_env: attr.string({
          mode: 'optional',
          description:
            'Name of the environment variable (where Terraform runs) holding the API token user@realm!tokenid=secret, instead of token_id + token_secret: read at plan and apply, never stored (state keeps its SHA-256, proxmox_token_sha256, so a rotated token plans an update).',
        }),
        token_env_origin: attr.string({ mode: 'optional', description: 'Where token_env comes from (e.g. a cluster definition file), for messages.' }),
        insecure: attr.bool({ mode: 'optional', description: 'Skip TLS verification of the Proxmox API (CAPMOX default when unset: true).' }),
        root_ca: attr.string({ mode: 'optional', description: 'PEM CA of the Proxmox API.' }),
        allowed_nodes: attr.stringList({ mode: 'optional', description: 'Proxmox nodes new VMs may be placed on.', validators: [each(check.pveNodeName)] }),
      },
    }),
    network: block.single({
      description: 'The node network, and the range Cluster API gives new nodes (disjoint from every existing node IP and the VIP).',
      attributes: {
        cidr: attr.string({ mode: 'required', description: 'IPv4 network of the nodes, e.g. 10.10.0.0/24.', validators: [check.ipv4Network] }),
        gateway: attr.string({ mode: 'required', validators: [check.ipv4Address] }),
        dns_servers: attr.stringList({ mode: 'required', validators: [each(check.ipAddress)] }),
        new_node_addresses: attr.stringList({ mode: 'required', description: 'Addresses for new nodes: IPs, a-b ranges or CIDRs.', validators: [each(check.addressExpression)] }),
      },
    }),
    control_plane_template: template('control-plane'),
    worker_template: template('worker'),
    node: block.list({
      minItems: 1,
      description: 'Every running node, from the Terraform VM and machine-config resources.',
      attributes: {
        name: attr.string({ mode: 'required', description: 'Kubernetes node name = Talos hostname = Proxmox VM name.', validators: [check.dnsLabel] }),
        role: attr.string({ mode: 'required', validators: [oneOf(check.NODE_ROLES)] }),
        vm_id: attr.number({ mode: 'required', validators: [vmid] }),
        vm_name: attr.string({ mode: 'required', description: 'The Proxmox VM name Terraform set (must equal name).' }),
        proxmox_node: attr.string({ mode: 'required', validators: [check.pveNodeName] }),
        ip: attr.string({ mode: 'required', validators: [check.ipv4Address] }),
        smbios_uuid: attr.string({ mode: 'required', description: 'SMBIOS uuid of the VM; the node providerID is proxmox://<uuid>.', validators: [check.smbiosUuid] }),
        started: attr.bool({ mode: 'required', description: 'Whether the VM runs (the Terraform VM resource started attribute).' }),
      },
    }),
  },
});

export type AdoptionState = Model<typeof adoptionSchema>;
