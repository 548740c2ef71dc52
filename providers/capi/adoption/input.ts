/**
 * The adoption input as the domain uses it: everything the Terraform stacks know about the
 * running cluster (spec cluster-api.md §7.1 item 4), already validated. The Terraform resource
 * reads and checks its configuration into this shape (resources/cluster-adoption/input.ts).
 */
import type { SecretsBundle } from '../../machinery/secrets';
import type { MachineSecretsValue } from '../../machinery/secrets/secrets-value';
import type { Ipv4Cidr } from '../../kernel/ipv4';
import type { PatchFacts } from './patches';
import type { NodeRole } from '../../kernel/node-role';
export type { NodeRole };
export type RolloutStrategy = 'OnDelete' | 'RollingUpdate';

export interface AdoptedNode {
  /** Node name = Talos hostname = Proxmox VM name = ProxmoxMachine and Machine name (spec §7.1). */
  readonly name: string;
  readonly role: NodeRole;
  readonly vmId: number;
  /** The Proxmox VM name as Terraform set it (must equal `name`, checked by a guard). */
  readonly vmName: string;
  readonly proxmoxNode: string;
  readonly ip: string;
  readonly smbiosUuid: string;
  /** Whether Terraform reports the VM running (a stopped VM would be re-bootstrapped, spec §6.3). */
  readonly started: boolean;
  /** Index in the `node` list, for messages. */
  readonly index: number;
}

export type TemplateSource =
  | { readonly kind: 'vm'; readonly sourceNode: string; readonly templateId: number }
  | { readonly kind: 'tags'; readonly tags: readonly string[]; readonly matchPolicy: 'exact' | 'uniqueSubset' | 'bestSubset' };

export interface MachineTemplateInput {
  readonly source: TemplateSource;
  readonly sockets: number;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly bootVolume?: { readonly disk: string; readonly sizeGb: number };
  readonly bridge: string;
  readonly vlan?: number;
  readonly nicModel: 'virtio' | 'e1000' | 'rtl8139' | 'vmxnet3';
  readonly mtu?: number;
  readonly fullClone: boolean;
  readonly storage?: string;
  readonly format?: 'raw' | 'qcow2' | 'vmdk';
  readonly pool?: string;
  readonly tags: readonly string[];
  readonly vmIdRange?: { readonly start: number; readonly end: number };
  readonly skipCloudInitStatus: boolean;
  readonly skipQemuGuestAgent: boolean;
  readonly providerIdInjection: boolean;
}

export type ProxmoxCredentials =
  /** The manager-wide `capmox-manager-credentials` (no credentialsRef). */
  | { readonly kind: 'manager' }
  | { readonly kind: 'ref'; readonly name: string; readonly namespace?: string }
  | { readonly kind: 'inline'; readonly url: string; readonly tokenId: string; readonly tokenSecret: string; readonly insecure?: boolean; readonly rootCa?: string };

export interface NetworkInput {
  readonly cidr: Ipv4Cidr;
  readonly gateway: string;
  readonly dnsServers: readonly string[];
  /** The disjoint range CAPI hands to new nodes (ProxmoxCluster ipv4Config.addresses). */
  readonly newNodeAddresses: readonly string[];
}

export interface AdoptionInput {
  readonly clusterName: string;
  readonly namespace: string;
  readonly endpoint: { readonly host: string; readonly port: number };
  /** `v1.36.3`: the running Kubernetes version. */
  readonly kubernetesVersion: string;
  /** The Talos version as given (`v1.13.9` or `v1.13`). */
  readonly talosVersion: string;
  /** The machine-config contract CABPT generates for, e.g. `v1.13`. */
  readonly talosContract: string;
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly serviceDomain: string;
  readonly machineSecrets: MachineSecretsValue;
  readonly bundle: SecretsBundle;
  readonly talosconfig: string;
  readonly workloadKubeconfig: string;
  readonly patches: { readonly common: readonly string[]; readonly controlPlane: readonly string[]; readonly worker: readonly string[] };
  /** What the patches set that guards care about. */
  readonly patchFacts: PatchFacts;
  readonly credentials: ProxmoxCredentials;
  readonly allowedNodes: readonly string[];
  readonly network: NetworkInput;
  readonly controlPlaneTemplate: MachineTemplateInput;
  readonly workerTemplate: MachineTemplateInput;
  readonly nodes: readonly AdoptedNode[];
  readonly controlPlaneReplicas: number;
  readonly workerReplicas: number;
  readonly controlPlaneRolloutStrategy: RolloutStrategy;
  readonly workerRolloutStrategy: RolloutStrategy;
}

export const DEFAULTS = {
  port: 6443,
  podCidrs: ['10.244.0.0/16'],
  serviceCidrs: ['10.96.0.0/12'],
  serviceDomain: 'cluster.local',
  rolloutStrategy: 'OnDelete' as RolloutStrategy,
  nicModel: 'virtio' as const,
} as const;

/** PEM text compared without line-ending or trailing-whitespace differences. */
export function normalisePem(pem: string): string {
  return pem.replace(/\r\n/g, '\n').trim();
}

export function controlPlaneNodes(input: AdoptionInput): AdoptedNode[] {
  return input.nodes.filter((n) => n.role === 'controlplane');
}

export function workerNodes(input: AdoptionInput): AdoptedNode[] {
  return input.nodes.filter((n) => n.role === 'worker');
}
