/**
 * The typed description of one Talos cluster on Proxmox VE: where the API is, what the Proxmox
 * side has (nodes, datastores), the cluster network, the Talos image and the node pools.
 * `planProxmoxCluster` (cluster-plan.ts) validates it and derives every per-node value.
 */
import type { TalosDiskImageFormat } from './image-factory';
import type { NodeRole } from './rules';

/** Which variables hold the Proxmox credentials: an API token, or a user name and a password. */
export type ProxmoxCredentialNames = { readonly apiTokenEnv: string } | { readonly usernameEnv: string; readonly passwordEnv: string };

export type { NodeRole } from './rules';

/** PVE storage content types (Datacenter > Storage > Content). */
export type DatastoreContent = 'images' | 'import' | 'iso' | 'rootdir' | 'snippets' | 'vztmpl' | 'backup';

export interface DatastoreSpec {
  /** Storage ID, e.g. `local`, `local-lvm`, `ceph-vm`. */
  readonly id: string;
  /** Content types enabled on it: VM disks need `images`, the Talos image download needs `import`. */
  readonly content: readonly DatastoreContent[];
  /** Shared storage (NFS, Ceph, …) is visible from every node: the image is downloaded once. @default false */
  readonly shared?: boolean;
}

export interface ProxmoxApiSpec {
  /** PVE API URL, `https://pve.example.com:8006/` (the bpg provider rejects http). */
  readonly endpoint: string;
  /**
   * The environment variables (names, never values) holding this API's credentials; the
   * provider reads exactly these where Terraform runs.
   */
  readonly credentials: ProxmoxCredentialNames;
  /** Where the credential names come from (a definition file), for error messages. */
  readonly credentialsOrigin?: string;
  /** Skip TLS verification of the API. Prefer trusting its CA (`caPem`). @default false */
  readonly insecure?: boolean;
  /** PEM of the CA the API certificate must verify with, and the file it came from (absolute). */
  readonly caPem?: string;
  readonly caFile?: string;
  /** Proxmox node names VMs may be placed on (round-robin unless a pool lists its own). */
  readonly nodes: readonly string[];
  /** The datastores this cluster may use; every datastore named elsewhere must be listed here. */
  readonly datastores: readonly DatastoreSpec[];
  /** Where the Talos image is downloaded (content `import`). @default 'local' */
  readonly imageDatastore?: string;
  /** Where VM disks, EFI vars and the cloud-init drive live (content `images`). @default 'local-lvm' */
  readonly vmDatastore?: string;
}

/** An existing Linux bridge (e.g. `vmbr0`), optionally VLAN-tagged per NIC; or one this stack creates. */
export interface BridgeAttachment {
  readonly kind: 'bridge';
  readonly bridge: string;
  /** Tag the VM NICs with this VLAN (the bridge must be VLAN-aware; a created one is). */
  readonly vlanId?: number;
  /** Create the bridge on every listed Proxmox node, enslaving these ports (none = host-internal). */
  readonly create?: { readonly ports?: readonly string[]; readonly mtu?: number };
}

/** A VLAN interface `<device>.<vlanId>` on every node with a bridge over it; NICs stay untagged. */
export interface VlanAttachment {
  readonly kind: 'vlan';
  readonly bridge: string;
  /** Host NIC or bond carrying the VLAN, e.g. `eno1`, `bond0`. */
  readonly device: string;
  readonly vlanId: number;
  readonly mtu?: number;
}

/** A Proxmox SDN zone (simple or VLAN) + VNet + subnet, applied with `proxmox_sdn_applier`. */
export interface SdnAttachment {
  readonly kind: 'sdn';
  readonly zoneType: 'simple' | 'vlan';
  /** Zone ID, 2..8 letters/digits. */
  readonly zoneId: string;
  /** VNet ID (becomes the bridge name on every node), 2..8 letters/digits. */
  readonly vnetId: string;
  /** VLAN zones: the existing bridge on every node that carries the VLAN. */
  readonly zoneBridge?: string;
  /** VLAN zones: the VNet's VLAN tag. */
  readonly vlanTag?: number;
  /** Simple zones: NAT the subnet through the node (the gateway lives on the node). @default true for simple, false for vlan */
  readonly snat?: boolean;
  readonly mtu?: number;
}

export type NetworkAttachment = BridgeAttachment | VlanAttachment | SdnAttachment;

export interface ClusterNetworkSpec {
  /** The node subnet, e.g. `10.20.0.0/24` (network address, no host bits). */
  readonly cidr: string;
  /** Default gateway of the nodes, inside `cidr`. */
  readonly gateway: string;
  readonly dnsServers: readonly string[];
  readonly searchDomain?: string;
  /** Shared Kubernetes API address (Talos Layer 2 VIP) inside `cidr`, not used by any node. */
  readonly vip?: string;
  readonly attachment: NetworkAttachment;
}

export interface TalosImageSpec {
  /** Full Talos release of the boot image, e.g. `v1.13.9`. */
  readonly version: string;
  /** Official extensions baked into the image. @default ['siderolabs/qemu-guest-agent'] */
  readonly extensions?: readonly string[];
  readonly extraKernelArgs?: readonly string[];
  /** A schematic registered elsewhere; skips the offline ID computation. */
  readonly schematicId?: string;
  /** Image Factory base URL (a lab serves the same paths from loopback). @default 'https://factory.talos.dev' */
  readonly factoryUrl?: string;
  /** Registry host of the installer image. @default 'factory.talos.dev' */
  readonly installerRegistry?: string;
  /** Disk image format imported into PVE (uncompressed; PVE cannot decompress `import` content). @default 'qcow2' */
  readonly format?: TalosDiskImageFormat;
}

export interface NodePoolSpec {
  /** Pool name; nodes are named `<cluster>-<pool>-<n>` (n from 1). */
  readonly name: string;
  readonly role: NodeRole;
  readonly count: number;
  readonly cores: number;
  /** Memory in MiB (4096 = 4 GiB); ballooning is off. */
  readonly memoryMiB: number;
  readonly diskGiB: number;
  /** First node IP; the pool's nodes take consecutive addresses. Give this or `ips`. */
  readonly firstIp?: string;
  /** One IP per node (length = count). */
  readonly ips?: readonly string[];
  /** Proxmox nodes to spread over, round-robin (list a node several times to weight it). @default proxmox.nodes */
  readonly proxmoxNodes?: readonly string[];
  /** VMID of the pool's first node. @default the cluster's vmidBase plus the node's position in the cluster */
  readonly vmidBase?: number;
  readonly tags?: readonly string[];
  /** Kubernetes node labels of the pool's nodes (the Talos stage sets them). @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ClusterFirewallSpec {
  /** Per-VM firewall (options + rules) on every node. @default true */
  readonly enabled?: boolean;
  /** Sources (CIDRs) allowed to reach the Talos API (50000) and Kubernetes API (6443). @default any source */
  readonly managementCidrs?: readonly string[];
  /**
   * Also switch on the datacenter firewall (VM rules only take effect when it is on). It is
   * datacenter-wide and stays on after destroy; host policies are left at ACCEPT. @default false
   */
  readonly enableDatacenterFirewall?: boolean;
}

/** The Talos template VM Cluster API (CAPMOX) clones new machines from (see template-plan.ts). */
export interface CapiTemplateSpec {
  /** @default vmidBase - 1 (below the node VMIDs, so growing pools never moves it) */
  readonly vmid?: number;
}

export interface ProxmoxClusterSpec {
  /** Cluster name: a DNS label; prefixes node names, names the resource pool, tags every VM. */
  readonly clusterName: string;
  readonly proxmox: ProxmoxApiSpec;
  readonly talos: TalosImageSpec;
  readonly network: ClusterNetworkSpec;
  readonly nodePools: readonly NodePoolSpec[];
  /** VMIDs are `vmidBase + i` for the i-th node of the cluster (0-based, pools in order). */
  readonly vmidBase: number;
  readonly firewall?: ClusterFirewallSpec;
  /** Extra tags on every VM (the cluster name, `talos` and the role are always added). */
  readonly tags?: readonly string[];
  /** Build the template VM Cluster API clones new machines from (clusters handed to Cluster API). */
  readonly capiTemplate?: CapiTemplateSpec;
}
