/**
 * Bad cluster definitions, one mutation of a good definition each: every one is rejected with a
 * problem at the expected path whose message says what is wrong, with an example fix, and the
 * mutation causes no unrelated problems. Then the rules between definitions for management
 * clusters the app declares itself (kind cluster and self), with their exact lines.
 */
import { checkAcrossClusters, formatProblem, parseClusterDefinition, type ClusterDefinition } from '../../../stacks/definition';
import { README_HINT, sortProblems } from '../../../stacks/definition/problems';
import { goodInput, problemsOf, SOURCE, withChange, type Mutable } from './fixtures';

interface BadCase {
  readonly name: string;
  readonly change: (d: Mutable) => void;
  /** Expected problem path as printed, e.g. `workers[0].ips[1]`. */
  readonly path: string;
  readonly message: RegExp;
  readonly example?: RegExp;
  /** Paths of further problems the mutation rightly causes (none for most). */
  readonly others?: readonly string[];
}

const PEM_KEY = ['-----BEGIN', 'PRIVATE KEY-----\nMIIEvQ\n-----END', 'PRIVATE KEY-----'].join(' ');

const CASES: readonly BadCase[] = [
  // Structure and unknown keys
  { name: 'misspelt top-level key', change: (d) => ((d.vmidbase = 3100), delete d.vmidBase), path: 'vmidbase', message: /not a known key; did you mean "vmidBase"/, example: /^vmidBase: 3100$/ },
  { name: 'snake_case key', change: (d) => (d.controlPlane.memory_mib = 4096), path: 'controlPlane.memory_mib', message: /did you mean "memoryMiB"/ },
  { name: 'misspelt nested key', change: (d) => (d.network.gatway = '10.20.0.1'), path: 'network.gatway', message: /did you mean "gateway"/ },
  { name: 'unrelated unknown key', change: (d) => (d.network.colour = 'blue'), path: 'network.colour', message: /not a known key \(accepted here: attachment, cidr, gateway/ },
  { name: 'missing section', change: (d) => delete d.network, path: 'network', message: /^is required$/, example: /^network|cidr/ },
  { name: 'section of the wrong type', change: (d) => (d.proxmox = 'pve1'), path: 'proxmox', message: /"pve1" is text; expected a mapping/ },
  { name: 'kubernetes version written as a YAML number', change: (d) => (d.kubernetes.version = 1.36), path: 'kubernetes.version', message: /quote it/ },
  // Secrets
  {
    name: 'inline API token under its own key',
    change: (d) => (d.proxmox.credentials = { apiToken: 'root@pam!ci=0a1b2c3d-aaaa-bbbb-cccc-0123456789ab' }),
    path: 'proxmox.credentials.apiToken',
    message: /looks like a Proxmox API token; .*environment variable/,
    example: /apiTokenEnv: PROXMOX_VE_API_TOKEN/,
  },
  {
    name: 'API token where the variable name goes',
    change: (d) => (d.proxmox.credentials.apiTokenEnv = 'terraform@pve!deploy=0a1b2c3d-aaaa-bbbb-cccc-0123456789ab'),
    path: 'proxmox.credentials.apiTokenEnv',
    message: /looks like a Proxmox API token/,
  },
  {
    name: 'password key with a plain value',
    change: (d) => (d.proxmox.credentials = { usernameEnv: 'PVE_USER', passwordEnv: 'PVE_PASS', password: 'hunter2' }),
    path: 'proxmox.credentials.password',
    message: /never holds secrets/,
    others: ['proxmox.credentials'],
  },
  {
    name: 'Terraform Cloud token in the backend',
    change: (d) => (d.backend = { kind: 'cloud', organization: 'acme', token: 'x' }),
    path: 'backend.token',
    message: /never holds secrets/,
    example: /environment|Env/,
  },
  {
    name: 'private key in an inline patch',
    change: (d) => (d.patches = { common: [{ inline: { machine: { ca: { key: PEM_KEY } } } }] }),
    path: 'patches.common[0].inline.machine.ca.key',
    message: /looks like a private key/,
    others: ['patches.common[0].inline'],
  },
  { name: 'credentials in the endpoint URL', change: (d) => (d.proxmox.endpoint = 'https://root:secret@pve1:8006/'), path: 'proxmox.endpoint', message: /must not carry credentials/ },
  // Proxmox
  { name: 'http endpoint', change: (d) => (d.proxmox.endpoint = 'http://pve1:8006/'), path: 'proxmox.endpoint', message: /uses http; use https/, example: /^endpoint: https:/ },
  {
    name: 'token and password credentials together',
    change: (d) => (d.proxmox.credentials = { apiTokenEnv: 'A', usernameEnv: 'B', passwordEnv: 'C' }),
    path: 'proxmox.credentials',
    message: /choose one method/,
  },
  {
    name: 'username/password with clusterApi',
    change: (d) => (d.proxmox.credentials = { usernameEnv: 'PVE_USER', passwordEnv: 'PVE_PASS' }),
    path: 'proxmox.credentials',
    message: /clusterApi needs an API token: .*CAPMOX.* accepts only tokens/,
    example: /apiTokenEnv: PROXMOX_VE_API_TOKEN/,
  },
  { name: 'username without password', change: (d) => (d.proxmox.credentials = { usernameEnv: 'PVE_USER' }), path: 'proxmox.credentials.passwordEnv', message: /is required with the other half/ },
  { name: 'bad env var name', change: (d) => (d.proxmox.credentials.apiTokenEnv = 'PVE-TOKEN'), path: 'proxmox.credentials.apiTokenEnv', message: /not an environment variable name/ },
  {
    name: 'insecure together with a CA file',
    change: (d) => Object.assign(d.proxmox, { insecure: true, caFile: 'ca.pem' }),
    path: 'proxmox.insecure',
    message: /caFile is set/,
    example: /^insecure: false$/,
  },
  { name: 'no Proxmox nodes', change: (d) => (d.proxmox.nodes = []), path: 'proxmox.nodes', message: /has 0 items; at least 1/ },
  { name: 'Proxmox node listed twice', change: (d) => (d.proxmox.nodes = ['pve1', 'pve1']), path: 'proxmox.nodes[1]', message: /listed twice/, example: /nodes: \[pve1\]/ },
  { name: 'bad Proxmox node name', change: (d) => (d.proxmox.nodes[2] = 'pve_3'), path: 'proxmox.nodes[2]', message: /not a Proxmox node name/ },
  { name: 'bad datastore ID', change: (d) => (d.proxmox.datastores[1].id = 'local-'), path: 'proxmox.datastores[1].id', message: /not a PVE storage ID/ },
  { name: 'misspelt content type', change: (d) => (d.proxmox.datastores[1].content = ['image']), path: 'proxmox.datastores[1].content[0]', message: /"image" is not one of .*did you mean "images"/ },
  {
    name: 'image datastore without import content',
    change: (d) => (d.proxmox.datastores[0].content = ['iso']),
    path: 'proxmox.imageDatastore',
    message: /"local" does not have content type 'import'/,
    example: /content: \[iso, import\]/,
  },
  { name: 'VM datastore not listed', change: (d) => (d.proxmox.vmDatastore = 'ceph'), path: 'proxmox.vmDatastore', message: /"ceph" is not in proxmox.datastores \(local, local-lvm\)/ },
  // Network
  {
    name: 'unknown attachment kind',
    change: (d) => (d.network.attachment = { kind: 'brigde', bridge: 'vmbr0' }),
    path: 'network.attachment.kind',
    message: /"brigde" is not one of bridge, vlan, sdn \(did you mean "bridge"\?\)/,
  },
  { name: 'attachment without kind', change: (d) => (d.network.attachment = { bridge: 'vmbr0' }), path: 'network.attachment.kind', message: /is required: one of bridge, vlan, sdn/ },
  { name: 'bridge name PVE refuses', change: (d) => (d.network.attachment.bridge = 'vmbr-prod-01'), path: 'network.attachment.bridge', message: /not a Linux bridge name/ },
  { name: 'VLAN ID out of range', change: (d) => (d.network.attachment.vlanId = 4095), path: 'network.attachment.vlanId', message: /4095 is above the maximum 4094/ },
  {
    name: 'SDN VLAN zone without bridge',
    change: (d) => (d.network.attachment = { kind: 'sdn', zoneType: 'vlan', zoneId: 'prod', vnetId: 'prodnet', vlanTag: 20 }),
    path: 'network.attachment.zoneBridge',
    message: /required for a VLAN zone/,
  },
  {
    name: 'SDN ID with a dash',
    change: (d) => (d.network.attachment = { kind: 'sdn', zoneType: 'simple', zoneId: 'pr-od', vnetId: 'prodnet' }),
    path: 'network.attachment.zoneId',
    message: /not an SDN ID/,
  },
  { name: 'CIDR with host bits', change: (d) => (d.network.cidr = '10.20.0.5/24'), path: 'network.cidr', message: /host bits set; the network is 10\.20\.0\.0\/24/ },
  { name: 'subnet too small', change: (d) => (d.network.cidr = '10.20.0.0/30'), path: 'network.cidr', message: /too small/ },
  {
    name: 'gateway outside the subnet',
    change: (d) => (d.network.gateway = '10.30.0.1'),
    path: 'network.gateway',
    message: /10\.30\.0\.1 is not a host address in network.cidr 10\.20\.0\.0\/24/,
    example: /^gateway: 10\.20\.0\.1$/,
  },
  { name: 'malformed DNS server', change: (d) => (d.network.dnsServers = ['10.20.0.01']), path: 'network.dnsServers[0]', message: /not an IPv4 address/ },
  { name: 'VIP outside the subnet', change: (d) => (d.network.vip = '10.30.0.5'), path: 'network.vip', message: /10\.30\.0\.5 is not a host address in network.cidr/, example: /^vip: 10\.20\.0\.2$/ },
  { name: 'VIP is a node address', change: (d) => (d.network.vip = '10.20.0.12'), path: 'network.vip', message: /address of node prod-cp-2 \(controlPlane.firstIp\)/ },
  { name: 'VIP is the gateway', change: (d) => (d.network.vip = '10.20.0.1'), path: 'network.vip', message: /is the gateway address/ },
  // Versions and image
  { name: 'unsupported Talos contract', change: (d) => (d.talos.version = 'v1.14.0'), path: 'talos.version', message: /contract v1\.14 is not supported .*supported: v1\.12, v1\.13/ },
  { name: 'Talos version without v', change: (d) => (d.talos.version = 'latest'), path: 'talos.version', message: /not a Talos version/ },
  {
    name: 'Kubernetes too new for the contract',
    change: (d) => (d.kubernetes.version = '1.37.0'),
    path: 'kubernetes.version',
    message: /too new for Talos contract v1\.13; supported 1\.31\.x to 1\.36\.x/,
    example: /^version: 1\.36\.3$/,
  },
  {
    name: 'Kubernetes too old for v1.12',
    change: (d) => ((d.talos.version = 'v1.12'), (d.kubernetes.version = '1.29.4')),
    path: 'kubernetes.version',
    message: /too old for Talos contract v1\.12/,
    example: /^version: 1\.35\.4$/,
  },
  {
    name: 'image without the guest agent',
    change: (d) => (d.talos.extensions = ['siderolabs/iscsi-tools']),
    path: 'talos.extensions',
    message: /lacks siderolabs\/qemu-guest-agent/,
    example: /qemu-guest-agent, siderolabs\/iscsi-tools/,
  },
  { name: 'malformed extension name', change: (d) => (d.talos.extensions = ['qemu-guest-agent']), path: 'talos.extensions[0]', message: /not an official Talos extension name/ },
  // Pools
  { name: 'VMID base below 100', change: (d) => (d.vmidBase = 99), path: 'vmidBase', message: /99 is below the minimum 100/ },
  { name: 'even control-plane count', change: (d) => (d.controlPlane.count = 2), path: 'controlPlane.count', message: /2 is even: etcd needs a majority/, example: /^count: 3$/ },
  { name: 'control-plane count above 7', change: (d) => (d.controlPlane.count = 9), path: 'controlPlane.count', message: /above the maximum 7/ },
  { name: 'control plane below Talos minimum memory', change: (d) => (d.controlPlane.memoryMiB = 1024), path: 'controlPlane.memoryMiB', message: /needs at least 2048 MiB/ },
  { name: 'worker memory given in GiB', change: (d) => (d.workers[0].memoryMiB = 8), path: 'workers[0].memoryMiB', message: /needs at least 1024 MiB; the unit is MiB/ },
  { name: 'control plane with one core', change: (d) => (d.controlPlane.cores = 1), path: 'controlPlane.cores', message: /control plane needs at least 2/ },
  { name: 'disk below 10 GiB', change: (d) => (d.workers[0].diskGiB = 8), path: 'workers[0].diskGiB', message: /needs at least 10 GiB/ },
  { name: 'fractional cores', change: (d) => (d.workers[0].cores = 1.5), path: 'workers[0].cores', message: /1\.5 is not a whole number/ },
  { name: 'IP list shorter than count', change: (d) => (d.workers[0].count = 3), path: 'workers[0].ips', message: /lists 2 addresses for count 3/ },
  { name: 'both firstIp and ips', change: (d) => (d.workers[0].firstIp = '10.20.0.21'), path: 'workers[0].ips', message: /both set/ },
  { name: 'no addresses for a pool', change: (d) => delete d.controlPlane.firstIp, path: 'controlPlane.firstIp', message: /is required \(or ips\)/ },
  { name: 'node IP outside the subnet', change: (d) => (d.workers[0].ips[1] = '10.21.0.22'), path: 'workers[0].ips[1]', message: /10\.21\.0\.22 is outside network.cidr 10\.20\.0\.0\/24/ },
  {
    name: 'consecutive addresses run into the broadcast address',
    change: (d) => (d.controlPlane.firstIp = '10.20.0.253'),
    path: 'controlPlane.firstIp',
    message: /10\.20\.0\.255 \(node prod-cp-3, firstIp \+ 2\) is the broadcast address/,
  },
  { name: 'node IP is the gateway', change: (d) => (d.workers[0].ips[0] = '10.20.0.1'), path: 'workers[0].ips[0]', message: /is the gateway address/ },
  { name: 'two nodes with one IP', change: (d) => (d.workers[0].ips[0] = '10.20.0.13'), path: 'workers[0].ips[0]', message: /node prod-worker-1 is also the address of node prod-cp-3/ },
  {
    name: 'two pools with one name',
    change: (d) => d.workers.push({ ...d.workers[0], ips: ['10.20.0.31', '10.20.0.32'] }),
    path: 'workers[1].name',
    message: /already the name of workers\[0\]\.name/,
  },
  { name: 'pool VMIDs collide', change: (d) => (d.workers[0].vmidBase = 3102), path: 'workers[0].vmidBase', message: /gives node prod-worker-1 VMID 3102, already the VMID of node prod-cp-3/ },
  {
    name: 'placement on an unknown Proxmox node',
    change: (d) => (d.workers[0].proxmoxNodes = ['pve9']),
    path: 'workers[0].proxmoxNodes[0]',
    message: /"pve9" is not in proxmox.nodes \(pve1, pve2, pve3\)/,
  },
  { name: 'cluster name not a DNS label', change: (d) => (d.name = 'Prod_1'), path: 'name', message: /not a DNS label/ },
  { name: 'cluster name too long', change: (d) => (d.name = 'a'.repeat(41)), path: 'name', message: /at most 40 characters/ },
  { name: 'pool name too long', change: (d) => (d.workers[0].name = 'general-purpose-pool'), path: 'workers[0].name', message: /at most 16 characters/ },
  { name: 'bad node label key', change: (d) => (d.workers[0].labels = { 'bad key': 'x' }), path: 'workers[0].labels.bad key', message: /not a Kubernetes label key/ },
  { name: 'bad Proxmox tag', change: (d) => (d.tags = ['Prod']), path: 'tags[0]', message: /not a Proxmox tag/ },
  // Cluster API
  {
    name: 'CAPI range overlaps the nodes',
    change: (d) => (d.clusterApi.nodeAddresses = ['10.20.0.20-10.20.0.40']),
    path: 'clusterApi.nodeAddresses[0]',
    message: /overlaps node prod-worker-1 \(10\.20\.0\.21\); .*disjoint/,
    example: /^10\.20\.0\.23-10\.20\.0\.72$/,
  },
  { name: 'CAPI range outside the subnet', change: (d) => (d.clusterApi.nodeAddresses = ['10.20.1.0/28']), path: 'clusterApi.nodeAddresses[0]', message: /not inside network.cidr/ },
  { name: 'CAPI range holds the VIP', change: (d) => (d.clusterApi.nodeAddresses = ['10.20.0.5-10.20.0.10']), path: 'clusterApi.nodeAddresses[0]', message: /contains the VIP 10\.20\.0\.10/ },
  {
    name: 'CAPI ranges overlap each other',
    change: (d) => (d.clusterApi.nodeAddresses = ['10.20.0.100-10.20.0.150', '10.20.0.128/28']),
    path: 'clusterApi.nodeAddresses[1]',
    message: /overlaps clusterApi.nodeAddresses\[0\]/,
  },
  { name: 'CAPI range reversed', change: (d) => (d.clusterApi.nodeAddresses = ['10.20.0.150-10.20.0.100']), path: 'clusterApi.nodeAddresses[0]', message: /inclusive a-b range \(low to high\)/ },
  { name: 'CAPI without a VIP', change: (d) => delete d.network.vip, path: 'network.vip', message: /required with clusterApi/ },
  { name: 'management kubeconfig twice', change: (d) => (d.clusterApi.management.kubeconfigEnv = 'MGMT_KUBECONFIG'), path: 'clusterApi.management.kubeconfig', message: /both set/ },
  { name: 'unknown management kind', change: (d) => (d.clusterApi.management = { kind: 'kind' }), path: 'clusterApi.management.kind', message: /^"kind" is not one of existing, lab, cluster, self$/ },
  {
    name: 'misspelt management kind self',
    change: (d) => (d.clusterApi.management = { kind: 'selff' }),
    path: 'clusterApi.management.kind',
    message: /^"selff" is not one of existing, lab, cluster, self \(did you mean "self"\?\)$/,
  },
  { name: 'management cluster without a name', change: (d) => (d.clusterApi.management = { kind: 'cluster' }), path: 'clusterApi.management.name', message: /^is required$/, example: /^name: mgmt$/ },
  {
    name: 'management cluster name that is no cluster name',
    change: (d) => (d.clusterApi.management = { kind: 'cluster', name: 'Mgmt' }),
    path: 'clusterApi.management.name',
    message: /^"Mgmt" is not a DNS label/,
  },
  {
    name: 'a self-managed cluster with a kubeconfig',
    change: (d) => (d.clusterApi.management = { kind: 'self', kubeconfig: 'mgmt.yaml' }),
    path: 'clusterApi.management.kubeconfig',
    message: /^is not a known key \(accepted here: kind\)$/,
  },
  {
    name: 'management cluster that is the cluster itself',
    change: (d) => (d.clusterApi.management = { kind: 'cluster', name: 'prod' }),
    path: 'clusterApi.management.name',
    message: /^"prod" is this cluster itself; a cluster that runs its own Cluster API is kind self$/,
    example: /^management: \{kind: self\}$/,
  },
  {
    name: 'a self-managed cluster deleted through Cluster API',
    change: (d) => Object.assign(d.clusterApi, { management: { kind: 'self' }, onDestroy: 'delete' }),
    path: 'clusterApi.onDestroy',
    message:
      /^delete on a self-managed cluster \(management kind self\) would have its own Cluster API controllers delete the nodes they and the API server run on, so the deletion stops half-way with VMs left and finalizers stuck; use detach, or manage the cluster from another cluster to delete it through Cluster API$/,
    example: /^onDestroy: detach$/,
  },
  // Backend, outputs, patches
  { name: 'cloud backend without organization', change: (d) => (d.backend = { kind: 'cloud' }), path: 'backend.organization', message: /^is required$/, example: /^organization: my-org$/ },
  {
    name: 'kubeconfig and talosconfig to one file',
    change: (d) => (d.outputs = { kubeconfig: 'out/a', talosconfig: 'out/a' }),
    path: 'outputs.talosconfig',
    message: /same file as outputs.kubeconfig/,
  },
  {
    name: 'JSON 6902 patch',
    change: (d) => (d.patches = { common: ['- op: add\n  path: /machine/network\n  value: {}\n'] }),
    path: 'patches.common[0]',
    message: /JSON \(RFC 6902\) patch.*strategic merge/,
  },
  {
    name: 'patch with an unknown Talos field',
    change: (d) => (d.patches = { worker: [{ inline: { machine: { kubelett: {} } } }] }),
    path: 'patches.worker[0].inline',
    message: /field kubelett not found/,
  },
  {
    name: 'patch entry of the wrong shape',
    change: (d) => (d.patches = { controlPlane: [{ path: 'x.yaml' }] }),
    path: 'patches.controlPlane[0]',
    message: /must be inline YAML text, \{inline: <mapping>\} or \{file: <path>\}/,
  },
  // Machine ownership (Cluster API adoption)
  {
    name: 'machines owned by Cluster API with onDestroy detach (the default)',
    change: (d) => (d.clusterApi.machineOwner = 'clusterApi'),
    path: 'clusterApi.machineOwner',
    message: /leave the node VMs running with nothing owning them after cdktf destroy.*onDestroy: delete.*importMachines: true/,
    example: /^onDestroy: delete$/,
  },
  {
    name: 'machines owned by Cluster API with an explicit onDestroy detach',
    change: (d) => Object.assign(d.clusterApi, { machineOwner: 'clusterApi', onDestroy: 'detach' }),
    path: 'clusterApi.machineOwner',
    message: /nothing owning them/,
  },
  {
    name: 'importMachines while Cluster API owns the machines',
    change: (d) => Object.assign(d.clusterApi, { machineOwner: 'clusterApi', onDestroy: 'delete', importMachines: true }),
    path: 'clusterApi.importMachines',
    message: /hands the machines back to Terraform, but machineOwner is clusterApi/,
    example: /^machineOwner: terraform$/,
  },
  { name: 'unknown machine owner', change: (d) => (d.clusterApi.machineOwner = 'capi'), path: 'clusterApi.machineOwner', message: /"capi" is not one of terraform, clusterApi/ },
  {
    name: 'an even control-plane replica count after adoption',
    change: (d) => (d.clusterApi.replicas = { controlPlane: 4 }),
    path: 'clusterApi.replicas.controlPlane',
    message: /4 is even: etcd needs a majority/,
    example: /^controlPlane: 5$/,
  },
  {
    name: 'control-plane replicas below the adopted count while Terraform owns the machines',
    change: (d) => (d.clusterApi.replicas = { controlPlane: 1 }),
    path: 'clusterApi.replicas.controlPlane',
    message: /1 is below the 3 adopted control planes: Cluster API would delete adopted VMs that Terraform still owns/,
    example: /^machineOwner: clusterApi$/,
  },
  {
    name: 'worker replicas below the adopted count while Terraform owns the machines',
    change: (d) => (d.clusterApi.replicas = { workers: 1 }),
    path: 'clusterApi.replicas.workers',
    message: /1 is below the 2 adopted workers/,
  },
  { name: 'unknown replicas key', change: (d) => (d.clusterApi.replicas = { worker: 3 }), path: 'clusterApi.replicas.worker', message: /is not a known key; did you mean "workers"/ },
  { name: 'machineOwner without clusterApi', change: (d) => (delete d.clusterApi, (d.machineOwner = 'clusterApi')), path: 'machineOwner', message: /not a known key/ },
];

describe('bad cluster definitions are rejected before synth', () => {
  test('the table has at least 30 cases and a good definition has no problem', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(problemsOf(goodInput())).toEqual([]);
  });

  test.each(CASES.map((c) => [c.name, c]))('%s', (_name, c) => {
    const problems = problemsOf(withChange(c.change));
    const lines = problems.map(formatProblem);
    const at = problems.filter((p) => formatProblem(p).startsWith(`${SOURCE}: ${c.path}: `));
    if (!at.length) throw new Error(`no problem at ${c.path}; got:\n${lines.join('\n')}`);
    expect(at.map((p) => p.message).join('\n')).toMatch(c.message);
    // One mutation, one problem: no cascade of follow-up noise.
    expect(problems.filter((p) => !at.includes(p)).map((p) => formatProblem(p).split(': ')[1])).toEqual([...(c.others ?? [])]);
    expect(at).toHaveLength(1);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${SOURCE.replace(/\./g, '\\.')}: [^:]+: .+[.?] Example: .+$`));
    expect(at[0].example).not.toBe(README_HINT);
    if (c.example) expect(at[0].example).toMatch(c.example);
  });
});

/** A good definition named `name` on its own Proxmox VE (so only management rules can meet). */
function clusterNamed(name: string, change: (d: Mutable) => void = () => undefined): ClusterDefinition {
  const d = goodInput();
  d.name = name;
  d.proxmox.endpoint = `https://pve-${name}.example.com:8006/`;
  change(d);
  return parseClusterDefinition(d, { source: `clusters/${name}.yaml`, baseDir: '/nonexistent' });
}
const managedBy = (cluster: string) => (d: Mutable) => (d.clusterApi.management = { kind: 'cluster', name: cluster });
const selfManaged = (d: Mutable) => (d.clusterApi.management = { kind: 'self' });
const noWorkers = (d: Mutable) => (d.workers = []);
const linesAcross = (defs: readonly ClusterDefinition[]) => sortProblems(checkAcrossClusters(defs)).map(formatProblem);

interface AcrossCase {
  readonly name: string;
  readonly defs: () => ClusterDefinition[];
  readonly lines: readonly string[];
}

const ACROSS: readonly AcrossCase[] = [
  {
    name: 'a management cluster that is not defined (a typo)',
    defs: () => [clusterNamed('mgmt'), clusterNamed('prod', managedBy('mgnt'))],
    lines: [
      'clusters/prod.yaml: clusterApi.management.name: "mgnt" is not a cluster of this app (clusters: mgmt); a management cluster of kind cluster is a definition in clusters/ beside this one (did you mean "mgmt"?). Example: name: mgmt',
    ],
  },
  {
    name: 'a management cluster in an app of one cluster',
    defs: () => [clusterNamed('prod', managedBy('mgmt'))],
    lines: [
      'clusters/prod.yaml: clusterApi.management.name: "mgmt" is not a cluster of this app (it defines no other cluster); a management cluster of kind cluster is a definition in clusters/ beside this one. Example: management: {kind: existing, kubeconfig: ~/.kube/management.yaml}',
    ],
  },
  {
    name: 'two clusters managing each other',
    defs: () => [clusterNamed('a', managedBy('b')), clusterNamed('b', managedBy('a'))],
    lines: [
      "clusters/a.yaml: clusterApi.management.name: management clusters form a cycle (a → b → a): each one's Cluster API would run in another, so none can be brought back on its own once one is lost. Example: management: {kind: self} in one of them, or an existing cluster",
      "clusters/b.yaml: clusterApi.management.name: management clusters form a cycle (b → a → b): each one's Cluster API would run in another, so none can be brought back on its own once one is lost. Example: management: {kind: self} in one of them, or an existing cluster",
    ],
  },
  {
    name: 'a cycle of three (a cluster managed from inside it is not in the cycle)',
    defs: () => [clusterNamed('a', managedBy('b')), clusterNamed('b', managedBy('c')), clusterNamed('c', managedBy('a')), clusterNamed('d', managedBy('a'))],
    lines: [
      "clusters/a.yaml: clusterApi.management.name: management clusters form a cycle (a → b → c → a): each one's Cluster API would run in another, so none can be brought back on its own once one is lost. Example: management: {kind: self} in one of them, or an existing cluster",
      "clusters/b.yaml: clusterApi.management.name: management clusters form a cycle (b → c → a → b): each one's Cluster API would run in another, so none can be brought back on its own once one is lost. Example: management: {kind: self} in one of them, or an existing cluster",
      "clusters/c.yaml: clusterApi.management.name: management clusters form a cycle (c → a → b → c): each one's Cluster API would run in another, so none can be brought back on its own once one is lost. Example: management: {kind: self} in one of them, or an existing cluster",
    ],
  },
  {
    name: 'a management cluster without workers',
    defs: () => [clusterNamed('mgmt', noWorkers), clusterNamed('prod', managedBy('mgmt'))],
    lines: [
      'clusters/prod.yaml: clusterApi.management.name: cluster "mgmt" (clusters/mgmt.yaml) has no worker and Talos taints its control planes NoSchedule, which the controllers of CABPT, CACPPT, CAPMOX and IPAM do not tolerate, so they could not be scheduled there. Example: give mgmt a worker pool (workers: [{name: worker, count: 1, ...}]), or a control-plane patch cluster: {allowSchedulingOnControlPlanes: true}',
    ],
  },
  {
    name: 'a self-managed cluster whose patch keeps control planes unschedulable',
    defs: () => [clusterNamed('prod', (d) => (selfManaged(d), noWorkers(d), (d.patches = { controlPlane: [{ inline: { cluster: { allowSchedulingOnControlPlanes: false } } }] })))],
    lines: [
      'clusters/prod.yaml: clusterApi.management.kind: this cluster has no worker and Talos taints its control planes NoSchedule, which the controllers of CABPT, CACPPT, CAPMOX and IPAM do not tolerate, so they could not be scheduled there. Example: give prod a worker pool (workers: [{name: worker, count: 1, ...}]), or a control-plane patch cluster: {allowSchedulingOnControlPlanes: true}',
    ],
  },
  {
    name: 'a self-managed cluster that also manages another',
    defs: () => [clusterNamed('mgmt', selfManaged), clusterNamed('prod', managedBy('mgmt'))],
    lines: [
      'clusters/prod.yaml: clusterApi.management.name: cluster "mgmt" already receives Cluster API components from mgmt-capi (it manages itself); one capi_components per management cluster, because destroying one stage\'s components is refused while another stage\'s Cluster exists. Example: management: {kind: existing, kubeconfig: ~/.kube/management.yaml} (a management cluster outside this app)',
    ],
  },
  {
    name: 'two clusters managed by the same cluster',
    defs: () => [clusterNamed('a', managedBy('mgmt')), clusterNamed('b', managedBy('mgmt')), clusterNamed('mgmt', (d) => delete d.clusterApi)],
    lines: [
      'clusters/b.yaml: clusterApi.management.name: cluster "mgmt" already receives Cluster API components from a-capi (clusters/a.yaml); one capi_components per management cluster, because destroying one stage\'s components is refused while another stage\'s Cluster exists. Example: management: {kind: existing, kubeconfig: ~/.kube/management.yaml} (a management cluster outside this app)',
    ],
  },
];

describe('management clusters declared by the app are checked across definitions', () => {
  test.each(ACROSS.map((c) => [c.name, c]))('%s', (_name, c) => {
    expect(linesAcross(c.defs())).toEqual(c.lines);
  });

  test('each reported definition is on its own valid', () => {
    for (const c of ACROSS) for (const def of c.defs()) expect(problemsOf({ ...def.spec, patches: {} })).toEqual([]);
  });
});
