/**
 * What a simulated node looks like to the API server: the Node object a kubelet would register
 * (name, providerID, labels) and the status fields it would report (addresses, node info). kwok
 * adopts nodes carrying KWOK_NODE_ANNOTATION and keeps their Ready condition and lease fresh.
 */
import { isIP } from 'node:net';

export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
export const KWOK_NODE_ANNOTATION_VALUE = 'fake';

export type NodeAddressType = 'InternalIP' | 'ExternalIP' | 'Hostname' | 'InternalDNS' | 'ExternalDNS';

export interface NodeAddress {
  readonly type: NodeAddressType;
  readonly address: string;
}

export interface LabNodeSpec {
  /** Node name (a DNS subdomain, as kubelets use the host name). */
  readonly name: string;
  /** spec.providerID, e.g. `proxmox://<vm uuid>` as the Proxmox cloud provider / CAPMOX set it. */
  readonly providerID?: string;
  readonly addresses: readonly NodeAddress[];
  /** status.nodeInfo.kubeletVersion; default the API server's version. */
  readonly kubeletVersion?: string;
  /** status.nodeInfo.osImage, e.g. `Talos (v1.13.9)`. */
  readonly osImage?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Adds the node-role.kubernetes.io/control-plane label (Talos also taints such nodes; the lab does not). */
  readonly controlPlane?: boolean;
  /** Extra metadata.annotations, e.g. the provided node IP a kubelet for an external cloud provider writes. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly taints?: readonly NodeTaint[];
}

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** What a kubelet started with --cloud-provider=external adds until a cloud controller initialises the Node. */
export const UNINITIALIZED_TAINT: NodeTaint = { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' };
export const PROVIDED_NODE_IP_ANNOTATION = 'alpha.kubernetes.io/provided-node-ip';

const ADDRESS_TYPES: readonly NodeAddressType[] = ['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS'];
const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const KUBE_VERSION = /^v\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$/;

export function validateLabNodeSpec(spec: LabNodeSpec, field = 'node'): void {
  if (spec === null || typeof spec !== 'object') throw new Error(`${field} must be an object with name and addresses`);
  if (typeof spec.name !== 'string' || spec.name.length > 253 || !DNS_SUBDOMAIN.test(spec.name)) {
    throw new Error(`${field}.name must be a lower-case DNS subdomain (what a kubelet registers), got ${JSON.stringify(spec.name)}`);
  }
  if (spec.providerID !== undefined && (typeof spec.providerID !== 'string' || !/^[a-z0-9-]+:\/\/.+/.test(spec.providerID))) {
    throw new Error(`${field}.providerID must look like <provider>://<id>, got ${JSON.stringify(spec.providerID)}`);
  }
  if (!Array.isArray(spec.addresses)) throw new Error(`${field}.addresses must be an array of { type, address }`);
  spec.addresses.forEach((a: NodeAddress, i: number) => {
    if (!ADDRESS_TYPES.includes(a?.type)) throw new Error(`${field}.addresses[${i}].type must be one of ${ADDRESS_TYPES.join(', ')}`);
    if (typeof a.address !== 'string' || a.address === '') throw new Error(`${field}.addresses[${i}].address must be a non-empty string`);
    if ((a.type === 'InternalIP' || a.type === 'ExternalIP') && isIP(a.address) === 0) {
      throw new Error(`${field}.addresses[${i}].address must be an IP address for type ${a.type}, got ${JSON.stringify(a.address)}`);
    }
  });
  if (spec.kubeletVersion !== undefined && !KUBE_VERSION.test(spec.kubeletVersion)) {
    throw new Error(`${field}.kubeletVersion must look like v1.36.3, got ${JSON.stringify(spec.kubeletVersion)}`);
  }
}

/**
 * The Node object to create. Like a kubelet, the lab sends the status it reports (addresses, node
 * info) in the create call itself: kwok adopts the node as soon as it appears, and a status sent
 * later could race with the status kwok writes from what it saw first.
 */
export function nodeObject(spec: LabNodeSpec, defaultKubeletVersion: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      annotations: { ...spec.annotations, [KWOK_NODE_ANNOTATION]: KWOK_NODE_ANNOTATION_VALUE, 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        type: 'kwok',
        ...(spec.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        ...spec.labels,
      },
    },
    spec: {
      ...(spec.providerID === undefined ? {} : { providerID: spec.providerID }),
      ...(spec.taints?.length ? { taints: spec.taints.map((t) => ({ ...t })) } : {}),
    },
    // What a kubelet reports before it is Ready; kwok then adds the conditions, capacity and phase.
    status: {
      addresses: spec.addresses.map((a) => ({ type: a.type, address: a.address })),
      nodeInfo: {
        kubeletVersion: spec.kubeletVersion ?? defaultKubeletVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
        ...(spec.osImage === undefined ? {} : { osImage: spec.osImage }),
      },
    },
  };
}
