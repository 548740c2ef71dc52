/**
 * The cluster definition file (`clusters/<name>.yaml|.json|.ts`) as a zod schema. Objects are
 * strict (unknown keys are problems, with a "did you mean"), every leaf has an example, and the
 * cross-field rules (cross-field.ts) run even when some fields are wrong, so one run reports
 * every problem of a file.
 */
import { z } from 'zod';
import { MAX_CLUSTER_NAME } from '../plan/cluster-plan';
import { MACHINE_LIMITS, MAX_CORES, MAX_DISK_GIB, MAX_MEMORY_MIB } from '../plan/rules';
import { checkDefinition } from './cross-field';
import { MACHINE_OWNERS } from '../plan/machine-ownership';
import {
  addressExpression,
  bridgeName,
  DATASTORE_CONTENT,
  dnsLabel,
  documented,
  domainName,
  envVarName,
  extensionName,
  filePath,
  interfaceName,
  intRange,
  ipv4Address,
  ipv4Cidr,
  labelKey,
  labelValue,
  MAX_POOL_NAME,
  pveNodeName,
  pveTag,
  registryHost,
  schematicIdField,
  sdnId,
  show,
  storageId,
  tfcName,
  urlField,
  vmid,
} from './fields';
import { suggest } from './suggest';
import { checkPatchText, inlinePatchText, STRATEGIC_EXAMPLE } from './patches';
import { checkTalosVersion, nearestTalosRelease } from './versions';

export const DEFAULT_API_TOKEN_ENV = 'PROXMOX_VE_API_TOKEN';
export const DEFAULT_FACTORY_URL = 'https://factory.talos.dev';
export const DEFAULT_INSTALLER_REGISTRY = 'factory.talos.dev';
export const GUEST_AGENT_EXTENSION = 'siderolabs/qemu-guest-agent';
export const DEFAULT_VIP_LINK = 'ens18';
/** etcd clusters larger than 7 members only add write latency. */
export const MAX_CONTROL_PLANES = 7;
export const MAX_WORKERS_PER_POOL = 1000;

/** Message for a discriminated union whose `kind` is missing or unknown. */
function kindError(kinds: readonly string[]) {
  return (iss: { code?: string; input?: unknown }): string | undefined => {
    if (iss.code !== 'invalid_union') return undefined;
    const kind = iss.input !== null && typeof iss.input === 'object' ? (iss.input as { kind?: unknown }).kind : undefined;
    if (kind === undefined) return `is required: one of ${kinds.join(', ')}`;
    const hint = typeof kind === 'string' ? suggest(kind, kinds) : undefined;
    return `${show(kind)} is not one of ${kinds.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`;
  };
}

const credentials = z
  .strictObject({
    apiTokenEnv: envVarName(`apiTokenEnv: ${DEFAULT_API_TOKEN_ENV}`).optional(),
    usernameEnv: envVarName('usernameEnv: PROXMOX_VE_USERNAME').optional(),
    passwordEnv: envVarName('passwordEnv: PROXMOX_VE_PASSWORD').optional(),
  })
  .superRefine((c, ctx) => {
    const token = c.apiTokenEnv !== undefined;
    const user = c.usernameEnv !== undefined || c.passwordEnv !== undefined;
    const example = `apiTokenEnv: ${DEFAULT_API_TOKEN_ENV}`;
    if (token && user) ctx.addIssue({ code: 'custom', message: 'names both an API token and a username/password; choose one method', params: { example } });
    else if (!token && !user) ctx.addIssue({ code: 'custom', message: 'names no credentials; give apiTokenEnv, or usernameEnv and passwordEnv', params: { example } });
    else if (user && (c.usernameEnv === undefined || c.passwordEnv === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.usernameEnv === undefined ? 'usernameEnv' : 'passwordEnv'],
        message: 'is required with the other half of username/password credentials',
        params: { example: c.usernameEnv === undefined ? 'usernameEnv: PROXMOX_VE_USERNAME' : 'passwordEnv: PROXMOX_VE_PASSWORD' },
      });
    }
  });

const datastore = documented(
  z.strictObject({
    id: storageId('id: local-lvm'),
    content: documented(z.array(documented(z.enum(DATASTORE_CONTENT), 'images')).min(1), 'content: [images, rootdir]'),
    shared: documented(z.boolean(), 'shared: false').default(false),
  }),
  '{id: local-lvm, content: [images, rootdir]}',
);

const proxmox = z.strictObject({
  endpoint: urlField(['https'], 'endpoint: https://pve1.example.com:8006/'),
  credentials: documented(credentials, `credentials: {apiTokenEnv: ${DEFAULT_API_TOKEN_ENV}}`).default({ apiTokenEnv: DEFAULT_API_TOKEN_ENV }),
  insecure: documented(z.boolean(), 'insecure: false').default(false),
  caFile: filePath('caFile: certs/pve-root-ca.pem').optional(),
  nodes: documented(z.array(pveNodeName('pve1')).min(1), 'nodes: [pve1, pve2, pve3]'),
  datastores: documented(z.array(datastore).min(1), 'datastores: [{id: local, content: [import, iso]}, {id: local-lvm, content: [images]}]'),
  imageDatastore: storageId('imageDatastore: local').default('local'),
  vmDatastore: storageId('vmDatastore: local-lvm').default('local-lvm'),
});

const mtu = () => intRange(576, 65520, 'mtu: 1500');
const vlanId = (key: string) => intRange(1, 4094, `${key}: 20`, 'VLAN IDs are 1..4094');

const bridgeAttachment = z.strictObject({
  kind: z.literal('bridge'),
  bridge: bridgeName('bridge: vmbr0'),
  vlanId: vlanId('vlanId').optional(),
  create: documented(z.strictObject({ ports: z.array(interfaceName('eno1')).optional(), mtu: mtu().optional() }), 'create: {ports: [eno2]}').optional(),
});

const vlanAttachment = z.strictObject({
  kind: z.literal('vlan'),
  bridge: bridgeName('bridge: vmbr20'),
  device: interfaceName('device: bond0'),
  vlanId: vlanId('vlanId'),
  mtu: mtu().optional(),
});

const sdnAttachment = z
  .strictObject({
    kind: z.literal('sdn'),
    zoneType: documented(z.enum(['simple', 'vlan']), 'zoneType: simple'),
    zoneId: sdnId('zoneId: talos'),
    vnetId: sdnId('vnetId: talosnet'),
    zoneBridge: bridgeName('zoneBridge: vmbr0').optional(),
    vlanTag: vlanId('vlanTag').optional(),
    snat: documented(z.boolean(), 'snat: true').optional(),
    mtu: mtu().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.zoneType === 'vlan') {
      if (a.zoneBridge === undefined)
        ctx.addIssue({ code: 'custom', path: ['zoneBridge'], message: 'is required for a VLAN zone (the bridge that carries the VLAN on every node)', params: { example: 'zoneBridge: vmbr0' } });
      if (a.vlanTag === undefined) ctx.addIssue({ code: 'custom', path: ['vlanTag'], message: "is required for a VLAN zone (the VNet's VLAN ID)", params: { example: 'vlanTag: 20' } });
    } else {
      for (const key of ['zoneBridge', 'vlanTag'] as const) {
        if (a[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'only applies to zoneType vlan', params: { example: 'zoneType: vlan' } });
      }
    }
  });

const attachment = documented(
  z.discriminatedUnion('kind', [bridgeAttachment, vlanAttachment, sdnAttachment], {
    error: kindError(['bridge', 'vlan', 'sdn']),
  }),
  'attachment: {kind: bridge, bridge: vmbr0, vlanId: 20}',
);

const network = z.strictObject({
  attachment,
  cidr: ipv4Cidr('cidr: 10.20.0.0/24'),
  gateway: ipv4Address('gateway: 10.20.0.1'),
  dnsServers: documented(z.array(ipv4Address('10.20.0.1')).min(1), 'dnsServers: [10.20.0.1]'),
  searchDomain: domainName('searchDomain: lab.example.com').optional(),
  vip: ipv4Address('vip: 10.20.0.10').optional(),
  vipLink: interfaceName(`vipLink: ${DEFAULT_VIP_LINK}`).default(DEFAULT_VIP_LINK),
});

const talos = z.strictObject({
  version: documented(
    z.string().superRefine((v, ctx) => {
      const problem = checkTalosVersion(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { example: `version: ${nearestTalosRelease(v)}` } });
    }),
    'version: v1.13.9',
  ),
  extensions: documented(z.array(extensionName(GUEST_AGENT_EXTENSION)), `extensions: [${GUEST_AGENT_EXTENSION}]`).default([GUEST_AGENT_EXTENSION]),
  extraKernelArgs: documented(z.array(documented(z.string().min(1), 'console=ttyS0')), 'extraKernelArgs: [console=ttyS0]').default([]),
  factoryUrl: urlField(['https', 'http'], `factoryUrl: ${DEFAULT_FACTORY_URL}`).default(DEFAULT_FACTORY_URL),
  installerRegistry: registryHost(`installerRegistry: ${DEFAULT_INSTALLER_REGISTRY}`).default(DEFAULT_INSTALLER_REGISTRY),
  schematicId: schematicIdField('schematicId: ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515').optional(),
  imageFormat: documented(z.enum(['qcow2', 'raw']), 'imageFormat: qcow2').default('qcow2'),
  installDisk: documented(
    z.string().refine((v) => /^\/dev\/[A-Za-z0-9/_-]+$/.test(v), { error: (iss) => `${show(iss.input)} is not a device path` }),
    'installDisk: /dev/sda',
  ).default('/dev/sda'),
});

const kubernetes = z.strictObject({
  version: documented(z.string(), 'version: 1.36.3').optional(),
});

function poolShape(role: 'controlplane' | 'worker') {
  const min = MACHINE_LIMITS[role];
  const who = role === 'controlplane' ? 'a Talos control plane' : 'a Talos worker';
  return {
    cores: intRange(min.cores, MAX_CORES, `cores: ${Math.max(min.cores, 2)}`, `${who} needs at least ${min.cores}`),
    memoryMiB: intRange(min.memoryMiB, MAX_MEMORY_MIB, `memoryMiB: ${role === 'controlplane' ? 4096 : 8192}`, `${who} needs at least ${min.memoryMiB} MiB; the unit is MiB, 4096 = 4 GiB`),
    diskGiB: intRange(min.diskGiB, MAX_DISK_GIB, 'diskGiB: 20', `${who} needs at least ${min.diskGiB} GiB`),
    firstIp: ipv4Address(role === 'controlplane' ? 'firstIp: 10.20.0.11' : 'firstIp: 10.20.0.21').optional(),
    ips: documented(z.array(ipv4Address('10.20.0.21')).min(1), role === 'controlplane' ? 'ips: [10.20.0.11, 10.20.0.12, 10.20.0.13]' : 'ips: [10.20.0.21, 10.20.0.22]').optional(),
    proxmoxNodes: documented(z.array(pveNodeName('pve1')).min(1), 'proxmoxNodes: [pve1, pve2]').optional(),
    vmidBase: vmid('vmidBase: 3200').optional(),
    tags: documented(z.array(pveTag('prod')), 'tags: [prod]').optional(),
    labels: documented(z.record(labelKey('node.example.com/pool'), labelValue('general')), 'labels: {node.example.com/pool: general}').optional(),
  };
}

interface PoolIps {
  readonly count: number;
  readonly firstIp?: string;
  readonly ips?: readonly string[];
}

function checkPoolIps(p: PoolIps, ctx: z.RefinementCtx, firstExample: string): void {
  if (p.firstIp !== undefined && p.ips !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['ips'], message: 'and firstIp are both set; give one of them', params: { example: firstExample } });
  } else if (p.firstIp === undefined && p.ips === undefined && p.count > 0) {
    ctx.addIssue({ code: 'custom', path: ['firstIp'], message: 'is required (or ips): the nodes need static addresses', params: { example: firstExample } });
  } else if (p.ips !== undefined && p.ips.length !== p.count) {
    ctx.addIssue({
      code: 'custom',
      path: ['ips'],
      message: `lists ${p.ips.length} address${p.ips.length === 1 ? '' : 'es'} for count ${p.count}; give exactly one per node`,
      params: { example: `count: ${p.ips.length}` },
    });
  }
}

const controlPlane = z
  .strictObject({
    name: dnsLabel(MAX_POOL_NAME, 'name: cp').default('cp'),
    count: intRange(1, MAX_CONTROL_PLANES, 'count: 3', `etcd: 1, 3, 5 or ${MAX_CONTROL_PLANES} members`),
    ...poolShape('controlplane'),
  })
  .superRefine((p, ctx) => {
    if (p.count % 2 === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: `${p.count} is even: etcd needs a majority, so ${p.count} members tolerate no more failures than ${p.count - 1} and split votes can stall it; use an odd count`,
        params: { example: `count: ${p.count + 1}` },
      });
    }
    checkPoolIps(p, ctx, 'firstIp: 10.20.0.11');
  });

const workerPool = documented(
  z
    .strictObject({
      name: dnsLabel(MAX_POOL_NAME, 'name: worker'),
      count: intRange(0, MAX_WORKERS_PER_POOL, 'count: 2'),
      ...poolShape('worker'),
    })
    .superRefine((p, ctx) => checkPoolIps(p, ctx, 'firstIp: 10.20.0.21')),
  '{name: worker, count: 2, cores: 4, memoryMiB: 8192, diskGiB: 40, firstIp: 10.20.0.21}',
);

/** One patch: inline YAML text, `{inline: <text or mapping>}`, or `{file: <path relative to the definition>}`. */
const patch = documented(
  z
    .union(
      [
        documented(z.string().min(1), 'machine: {time: {servers: [time.cloudflare.com]}}'),
        z.strictObject({ file: filePath('file: patches/cni.yaml') }),
        z.strictObject({ inline: documented(z.union([z.string().min(1), z.record(z.string(), z.unknown())]), 'inline: {machine: {time: {servers: [time.cloudflare.com]}}}') }),
      ],
      { error: (iss) => (iss.code === 'invalid_union' ? 'must be inline YAML text, {inline: <mapping>} or {file: <path>}' : undefined) },
    )
    .superRefine((entry, ctx) => {
      // File patches are read and checked by the loader; inline ones are checked here.
      const text = inlinePatchText(entry);
      const problem = text === undefined ? undefined : checkPatchText(text);
      if (problem) ctx.addIssue({ code: 'custom', path: typeof entry === 'string' ? [] : ['inline'], message: problem, params: { example: STRATEGIC_EXAMPLE } });
    }),
  '{file: patches/cni.yaml}',
);

const patchList = (example: string) => documented(z.array(patch), example).default([]);

const patches = z.strictObject({
  common: patchList('common: [{file: patches/common.yaml}]'),
  controlPlane: patchList('controlPlane: [{file: patches/controlplane.yaml}]'),
  worker: patchList('worker: [{file: patches/worker.yaml}]'),
});

const existingManagement = z
  .strictObject({
    kind: z.literal('existing'),
    kubeconfig: filePath('kubeconfig: ~/.kube/management.yaml').optional(),
    kubeconfigEnv: envVarName('kubeconfigEnv: MANAGEMENT_KUBECONFIG').optional(),
    context: documented(z.string().min(1), 'context: kind-management').optional(),
  })
  .superRefine((m, ctx) => {
    if ((m.kubeconfig === undefined) === (m.kubeconfigEnv === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['kubeconfig'],
        message: m.kubeconfig === undefined ? 'is required (or kubeconfigEnv): where the management cluster kubeconfig is' : 'and kubeconfigEnv are both set; give one of them',
        params: { example: 'kubeconfig: ~/.kube/management.yaml' },
      });
    }
  });

/** Another cluster of the same app: its Talos stage's kubeconfig reaches the management cluster. */
const clusterManagement = z.strictObject({
  kind: z.literal('cluster'),
  name: dnsLabel(MAX_CLUSTER_NAME, 'name: mgmt'),
});

export const MANAGEMENT_KINDS = ['existing', 'lab', 'cluster', 'self'] as const;

const management = documented(
  z.discriminatedUnion('kind', [existingManagement, z.strictObject({ kind: z.literal('lab') }), clusterManagement, z.strictObject({ kind: z.literal('self') })], {
    error: kindError(MANAGEMENT_KINDS),
  }),
  'management: {kind: existing, kubeconfig: ~/.kube/management.yaml}',
);

const clusterApi = z.strictObject({
  management,
  namespace: dnsLabel(63, 'namespace: capi-prod').optional(),
  nodeAddresses: documented(z.array(addressExpression('10.20.0.100-10.20.0.150')).min(1), 'nodeAddresses: [10.20.0.100-10.20.0.150]'),
  onDestroy: documented(z.enum(['detach', 'delete']), 'onDestroy: detach').default('detach'),
  // Who owns the node VMs: Terraform until adoption is confirmed, then Cluster API (README, Operations).
  machineOwner: documented(z.enum(MACHINE_OWNERS), 'machineOwner: clusterApi').default('terraform'),
  // The hand-back: import the VMs Cluster API held into the Proxmox stage's state in this deploy.
  importMachines: documented(z.boolean(), 'importMachines: true').default(false),
  // Scaling after adoption is Cluster API's: the TalosControlPlane and MachineDeployment replicas.
  // Unset, they stay the adopted counts (controlPlane.count, the sum of the worker pools' counts).
  // New machines' Nodes get their providerID (which Cluster API matches Machines by) from a cloud
  // controller reading the platform metadata: talos-cloud-controller-manager by default.
  cloudController: documented(
    z.strictObject({
      enabled: documented(z.boolean(), 'enabled: false').default(true),
      manifests: documented(z.array(urlField(['https', 'http'], 'manifests: [https://example.com/ccm.yaml]')).min(1), 'manifests: [https://example.com/ccm.yaml]').optional(),
    }),
    'cloudController: {enabled: true}',
  ).optional(),
  replicas: documented(
    z.strictObject({
      controlPlane: intRange(1, MAX_CONTROL_PLANES, 'controlPlane: 3', `etcd: 1, 3, 5 or ${MAX_CONTROL_PLANES} members`).optional(),
      workers: intRange(0, 1000, 'workers: 4').optional(),
    }),
    'replicas: {controlPlane: 3, workers: 4}',
  ).optional(),
});

const backend = documented(
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('local') }),
      z.strictObject({
        kind: z.literal('cloud'),
        organization: tfcName(40, 'organization: my-org'),
        workspacePrefix: documented(
          z.string().refine((v) => /^[A-Za-z0-9_-]{0,40}$/.test(v), { error: (iss) => `${show(iss.input)} is not a workspace name prefix (letters, digits, - and _, at most 40)` }),
          'workspacePrefix: ptc-',
        ).default(''),
        hostname: domainName('hostname: app.terraform.io').default('app.terraform.io'),
        project: documented(z.string().min(1).max(40), 'project: platform').optional(),
      }),
    ],
    { error: kindError(['local', 'cloud']) },
  ),
  'backend: {kind: cloud, organization: my-org, workspacePrefix: ptc-}',
);

const outputs = z.strictObject({
  kubeconfig: filePath('kubeconfig: out/prod.kubeconfig').optional(),
  talosconfig: filePath('talosconfig: out/prod.talosconfig').optional(),
  /** Credential files may go outside the app directory (e.g. ~/.kube/prod.yaml); see outputs.ts. */
  allowOutsideApp: documented(z.boolean(), 'allowOutsideApp: true').optional(),
  /** Take over files already at the output paths (overwritten, removed on destroy); else the plan fails. */
  adoptExisting: documented(z.boolean(), 'adoptExisting: true').optional(),
});

const firewall = z.strictObject({
  enabled: documented(z.boolean(), 'enabled: true').default(true),
  managementCidrs: documented(z.array(ipv4Cidr('192.168.1.0/24')), 'managementCidrs: [192.168.1.0/24]').optional(),
  enableDatacenterFirewall: documented(z.boolean(), 'enableDatacenterFirewall: false').default(false),
});

export const clusterDefinitionSchema = documented(
  z
    .strictObject({
      name: dnsLabel(MAX_CLUSTER_NAME, 'name: prod'),
      proxmox: documented(proxmox, 'proxmox: {endpoint: https://pve1.example.com:8006/, nodes: [pve1], datastores: [{id: local, content: [import]}, {id: local-lvm, content: [images]}]}'),
      network: documented(network, 'network: {attachment: {kind: bridge, bridge: vmbr0}, cidr: 10.20.0.0/24, gateway: 10.20.0.1, dnsServers: [10.20.0.1], vip: 10.20.0.10}'),
      talos: documented(talos, 'talos: {version: v1.13.9}'),
      kubernetes: documented(kubernetes, 'kubernetes: {version: 1.36.3}').default({}),
      vmidBase: vmid('vmidBase: 3100'),
      controlPlane: documented(controlPlane, 'controlPlane: {count: 3, cores: 2, memoryMiB: 4096, diskGiB: 20, firstIp: 10.20.0.11}'),
      workers: documented(z.array(workerPool), 'workers: [{name: worker, count: 2, cores: 4, memoryMiB: 8192, diskGiB: 40, firstIp: 10.20.0.21}]').default([]),
      patches: documented(patches, 'patches: {common: [{file: patches/common.yaml}]}').default({ common: [], controlPlane: [], worker: [] }),
      clusterApi: documented(clusterApi, 'clusterApi: {management: {kind: existing, kubeconfig: ~/.kube/management.yaml}, nodeAddresses: [10.20.0.100-10.20.0.150]}').optional(),
      backend: backend.default({ kind: 'local' }),
      outputs: documented(outputs, 'outputs: {kubeconfig: out/prod.kubeconfig, talosconfig: out/prod.talosconfig}').default({}),
      firewall: documented(firewall, 'firewall: {enabled: true, managementCidrs: [192.168.1.0/24]}').default({ enabled: true, enableDatacenterFirewall: false }),
      tags: documented(z.array(pveTag('prod')), 'tags: [prod]').default([]),
    })
    // Runs even when fields above failed, so every problem of a file is reported in one go.
    .superRefine((value, ctx) => checkDefinition(value, ctx), { when: () => true }),
  'a mapping of name, proxmox, network, talos, vmidBase, controlPlane, ... as in clusters/example.yaml.sample',
);

/** What a definition file holds (defaults optional): the type of `defineCluster`'s argument. */
export type ClusterDefinitionInput = z.input<typeof clusterDefinitionSchema>;
/** A validated definition with every default applied. */
export type ClusterDefinitionSpec = z.output<typeof clusterDefinitionSchema>;
export type NetworkAttachmentSpec = ClusterDefinitionSpec['network']['attachment'];
export type WorkerPoolSpec = ClusterDefinitionSpec['workers'][number];
export type ControlPlanePoolSpec = ClusterDefinitionSpec['controlPlane'];
export type ManagementClusterSpec = NonNullable<ClusterDefinitionSpec['clusterApi']>['management'];
export type BackendSpec = ClusterDefinitionSpec['backend'];

/** Identity helper for `clusters/<name>.ts`: `export default defineCluster({ ... })` type-checks the file. */
export function defineCluster(definition: ClusterDefinitionInput): ClusterDefinitionInput {
  return definition;
}
