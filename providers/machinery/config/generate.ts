import type { SecretsBundle } from '../secrets/bundle';
import { encodeMachineConfig } from './codec';
import {
  contractFeatures,
  DEFAULT_CONTRACT,
  DEFAULT_INSTALLER_REPOSITORY,
  defaultKubernetesVersion,
  formatContract,
  parseContract,
  TALOS_MACHINERY_VERSION,
  validateKubernetesVersion,
  type TalosContract,
} from './contract';
import type { ConfigDocument, ConfigObject } from './document';
import {
  cidrsOverlap,
  MachineConfigInputError,
  validateClusterName,
  validateDnsName,
  validateEndpoint,
  validateHostname,
  validateIpAddress,
  validateNodeLabels,
  validateProviderId,
  validateSubnets,
} from './validate-input';

export type MachineType = 'controlplane' | 'worker';

/** Where the kubelet gets `--provider-id`: a kubelet flag (extraArgs) or the KubeletConfiguration field. */
export type ProviderIdPlacement = 'extraArgs' | 'extraConfig';

export interface MachineConfigInput {
  readonly machineType: MachineType;
  readonly clusterName: string;
  /** Kubernetes API URL, `https://host[:port]`. */
  readonly endpoint: string;
  readonly secrets: SecretsBundle;
  /** Config contract, e.g. `v1.13` (default). */
  readonly contract?: TalosContract | string;
  /** Default: the contract's DefaultKubernetesVersion (1.36.3 for v1.13). A leading `v` is accepted. */
  readonly kubernetesVersion?: string;
  /** Default `/dev/sda` (talosctl's default); `''` leaves install.disk out (Talos library default). */
  readonly installDisk?: string;
  /** Default `ghcr.io/siderolabs/installer:v1.13.9`; `''` leaves install.image out. */
  readonly installImage?: string;
  /** Extra SANs for the Talos API (machine.certSANs) and kube-apiserver (control planes). */
  readonly additionalSans?: readonly string[];
  readonly dnsDomain?: string;
  readonly podSubnets?: readonly string[];
  readonly serviceSubnets?: readonly string[];
  /** Cluster discovery (default true). */
  readonly discovery?: boolean;
  /** KubeSpan (talosctl --with-kubespan). */
  readonly kubeSpan?: boolean;
  /** Control planes only: allowSchedulingOnControlPlanes. */
  readonly allowSchedulingOnControlPlanes?: boolean;
  /** Control planes only: a Layer 2 shared VIP announced on `link`. */
  readonly vip?: { readonly address: string; readonly link: string };
  /** `proxmox://<SMBIOS uuid>`, the Node providerID CAPMOX expects. */
  readonly providerId?: string;
  /** Default `extraArgs` (kubelet `--provider-id`). */
  readonly providerIdPlacement?: ProviderIdPlacement;
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /** Static hostname (HostnameConfig `hostname`, `auto: off`); default: Talos' stable generated name. */
  readonly hostname?: string;
}

/** Inputs after validation and defaults. */
export interface ResolvedMachineConfigInput {
  readonly machineType: MachineType;
  readonly clusterName: string;
  readonly endpoint: string;
  readonly secrets: SecretsBundle;
  readonly contract: TalosContract;
  readonly kubernetesVersion: string;
  readonly installDisk: string;
  readonly installImage: string;
  readonly additionalSans: readonly string[];
  readonly dnsDomain: string;
  readonly podSubnets: readonly string[];
  readonly serviceSubnets: readonly string[];
  readonly discovery: boolean;
  readonly kubeSpan: boolean;
  readonly allowSchedulingOnControlPlanes: boolean;
  readonly vip?: { readonly address: string; readonly link: string };
  readonly providerId?: string;
  readonly providerIdPlacement: ProviderIdPlacement;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly hostname?: string;
}

export const DEFAULT_INSTALL_DISK = '/dev/sda';
export const DEFAULT_INSTALL_IMAGE = `${DEFAULT_INSTALLER_REPOSITORY}:${TALOS_MACHINERY_VERSION}`;
export const DEFAULT_POD_SUBNETS: readonly string[] = ['10.244.0.0/16'];
export const DEFAULT_SERVICE_SUBNETS: readonly string[] = ['10.96.0.0/12'];
export const DEFAULT_DNS_DOMAIN = 'cluster.local';

/** Validates inputs (errors name the field) and applies talosctl's defaults. */
export function resolveMachineConfigInput(input: MachineConfigInput): ResolvedMachineConfigInput {
  if (input.machineType !== 'controlplane' && input.machineType !== 'worker') {
    throw new MachineConfigInputError('machineType', `"${String(input.machineType)}" must be controlplane or worker`);
  }
  const contract = typeof input.contract === 'string' ? parseContract(input.contract, 'contract') : (input.contract ?? DEFAULT_CONTRACT);
  if (typeof input.contract === 'object') parseContract(formatContract(input.contract), 'contract');
  const kubernetesVersion = validateKubernetesVersion(input.kubernetesVersion ?? defaultKubernetesVersion(contract), contract);
  const podSubnets = input.podSubnets ?? DEFAULT_POD_SUBNETS;
  const serviceSubnets = input.serviceSubnets ?? DEFAULT_SERVICE_SUBNETS;
  const pods = validateSubnets(podSubnets, 'podSubnets');
  const services = validateSubnets(serviceSubnets, 'serviceSubnets');
  for (const p of pods) {
    for (const s of services) {
      if (cidrsOverlap(p, s)) throw new MachineConfigInputError('serviceSubnets', `${s.text} overlaps pod subnet ${p.text}; pick disjoint ranges`);
    }
  }
  if (input.vip && input.machineType !== 'controlplane') {
    throw new MachineConfigInputError('vip', 'a shared VIP is only allowed on control-plane nodes (Talos rejects VIPs on workers)');
  }
  if (input.vip) {
    validateIpAddress(input.vip.address, 'vip.address');
    if (typeof input.vip.link !== 'string' || !/^[A-Za-z0-9_.:-]{1,15}$/.test(input.vip.link)) {
      throw new MachineConfigInputError('vip.link', `"${String(input.vip.link)}" must be a link name such as eth0 or ens18`);
    }
  }
  if (input.allowSchedulingOnControlPlanes && input.machineType !== 'controlplane') {
    throw new MachineConfigInputError('allowSchedulingOnControlPlanes', 'only applies to control-plane nodes');
  }
  const sans = input.additionalSans ?? [];
  sans.forEach((san, i) => {
    if (typeof san !== 'string' || !san.trim() || /\s/.test(san)) throw new MachineConfigInputError(`additionalSans[${i}]`, `"${String(san)}" must be a DNS name or IP address`);
  });
  if (input.nodeLabels) validateNodeLabels(input.nodeLabels);
  checkSecrets(input.secrets);
  return {
    machineType: input.machineType,
    clusterName: validateClusterName(input.clusterName),
    endpoint: validateEndpoint(input.endpoint),
    secrets: input.secrets,
    contract,
    kubernetesVersion,
    installDisk: input.installDisk ?? DEFAULT_INSTALL_DISK,
    installImage: input.installImage ?? DEFAULT_INSTALL_IMAGE,
    additionalSans: [...sans],
    dnsDomain: validateDnsName(input.dnsDomain ?? DEFAULT_DNS_DOMAIN, 'dnsDomain', DEFAULT_DNS_DOMAIN),
    podSubnets: [...podSubnets],
    serviceSubnets: [...serviceSubnets],
    discovery: input.discovery ?? true,
    kubeSpan: input.kubeSpan ?? false,
    allowSchedulingOnControlPlanes: input.allowSchedulingOnControlPlanes ?? false,
    vip: input.vip ? { address: input.vip.address, link: input.vip.link } : undefined,
    providerId: input.providerId === undefined ? undefined : validateProviderId(input.providerId),
    providerIdPlacement: input.providerIdPlacement ?? 'extraArgs',
    nodeLabels: { ...(input.nodeLabels ?? {}) },
    hostname: input.hostname === undefined ? undefined : validateHostname(input.hostname),
  };
}

function checkSecrets(secrets: SecretsBundle): void {
  if (!secrets || typeof secrets !== 'object') throw new MachineConfigInputError('secrets', 'a secrets bundle is required (ptc talos gen secrets)');
  const required: [string, unknown][] = [
    ['secrets.cluster.id', secrets.cluster?.id],
    ['secrets.cluster.secret', secrets.cluster?.secret],
    ['secrets.secrets.bootstrapToken', secrets.secrets?.bootstrapToken],
    ['secrets.secrets.secretboxEncryptionSecret', secrets.secrets?.secretboxEncryptionSecret],
    ['secrets.trustdInfo.token', secrets.trustdInfo?.token],
    ['secrets.certs.os.crt', secrets.certs?.os?.crt],
    ['secrets.certs.os.key', secrets.certs?.os?.key],
    ['secrets.certs.k8s.crt', secrets.certs?.k8s?.crt],
    ['secrets.certs.k8s.key', secrets.certs?.k8s?.key],
    ['secrets.certs.k8sAggregator.crt', secrets.certs?.k8sAggregator?.crt],
    ['secrets.certs.k8sAggregator.key', secrets.certs?.k8sAggregator?.key],
    ['secrets.certs.k8sServiceAccount.key', secrets.certs?.k8sServiceAccount?.key],
    ['secrets.certs.etcd.crt', secrets.certs?.etcd?.crt],
    ['secrets.certs.etcd.key', secrets.certs?.etcd?.key],
  ];
  for (const [field, value] of required) {
    if (typeof value !== 'string' || value === '') {
      const hint = field.endsWith('secretboxEncryptionSecret') ? ' (bundles for contracts up to 1.2 carry an AES-CBC secret instead; regenerate for v1.13)' : '';
      throw new MachineConfigInputError(field, `missing from the secrets bundle${hint}`);
    }
  }
}

/** Configs carry certificates and keys as base64 of the PEM text. */
function b64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}

/**
 * One generator per config shape. The v1.12/v1.13 contracts share the classic v1alpha1 layout;
 * a 1.14 multi-document generator would be another implementation selected by contract.
 */
export interface ConfigShapeGenerator {
  readonly supports: (contract: TalosContract) => boolean;
  readonly generate: (input: ResolvedMachineConfigInput) => ConfigDocument[];
}

const v1alpha1Generator: ConfigShapeGenerator = {
  supports: (c) => c.major === 1 && (c.minor === 12 || c.minor === 13),
  generate: (input) => (input.machineType === 'controlplane' ? controlPlaneDocuments(input) : workerDocuments(input)),
};

const GENERATORS: readonly ConfigShapeGenerator[] = [v1alpha1Generator];

function kubelet(input: ResolvedMachineConfigInput): ConfigObject {
  const k: ConfigObject = { image: `ghcr.io/siderolabs/kubelet:v${input.kubernetesVersion}` };
  if (input.providerId !== undefined) {
    if (input.providerIdPlacement === 'extraConfig') k.extraConfig = { providerID: input.providerId };
    else k.extraArgs = { 'provider-id': input.providerId };
  }
  k.defaultRuntimeSeccompProfileEnabled = true;
  k.disableManifestsDirectory = true;
  return k;
}

function install(input: ResolvedMachineConfigInput): ConfigObject {
  const i: ConfigObject = {};
  if (input.installDisk) i.disk = input.installDisk;
  if (input.installImage) i.image = input.installImage;
  i.wipe = false;
  if (contractFeatures.multidocNetwork(input.contract)) i.grubUseUKICmdline = true;
  return i;
}

function features(): ConfigObject {
  return {
    diskQuotaSupport: true,
    kubePrism: { enabled: true, port: 7445 },
    hostDNS: { enabled: true, forwardKubeDNSToHost: true },
  };
}

function network(input: ResolvedMachineConfigInput): ConfigObject {
  return { dnsDomain: input.dnsDomain, podSubnets: [...input.podSubnets], serviceSubnets: [...input.serviceSubnets] };
}

function discovery(input: ResolvedMachineConfigInput): ConfigObject {
  return { enabled: input.discovery, registries: { kubernetes: { disabled: true } } };
}

function machineBase(input: ResolvedMachineConfigInput, ca: ConfigObject): ConfigObject {
  const m: ConfigObject = {
    type: input.machineType,
    token: input.secrets.trustdInfo.token,
    ca,
  };
  // certSANs is always emitted (`[]` when empty); the object form keeps Go's canonical "absent = empty".
  if (input.additionalSans.length > 0) m.certSANs = [...input.additionalSans];
  m.kubelet = kubelet(input);
  if (contractFeatures.emptyMachineNetwork(input.contract)) m.network = {};
  m.install = install(input);
  m.features = features();
  return m;
}

function controlPlaneDocuments(input: ResolvedMachineConfigInput): ConfigDocument[] {
  const s = input.secrets;
  const k8s = input.kubernetesVersion;
  const machine = machineBase(input, { crt: b64(s.certs.os.crt), key: b64(s.certs.os.key) });
  machine.nodeLabels = { 'node.kubernetes.io/exclude-from-external-load-balancers': '', ...input.nodeLabels };
  const apiServer: ConfigObject = { image: `registry.k8s.io/kube-apiserver:v${k8s}` };
  if (input.additionalSans.length > 0) apiServer.certSANs = [...input.additionalSans];
  apiServer.admissionControl = [
    {
      name: 'PodSecurity',
      configuration: {
        apiVersion: 'pod-security.admission.config.k8s.io/v1alpha1',
        kind: 'PodSecurityConfiguration',
        defaults: {
          enforce: 'baseline',
          'enforce-version': 'latest',
          audit: 'restricted',
          'audit-version': 'latest',
          warn: 'restricted',
          'warn-version': 'latest',
        },
        exemptions: { usernames: [], runtimeClasses: [], namespaces: ['kube-system'] },
      },
    },
  ];
  apiServer.auditPolicy = { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] };
  const cluster: ConfigObject = {
    id: s.cluster.id,
    secret: s.cluster.secret,
    controlPlane: { endpoint: input.endpoint },
    clusterName: input.clusterName,
    network: network(input),
    token: s.secrets.bootstrapToken,
    secretboxEncryptionSecret: s.secrets.secretboxEncryptionSecret ?? '',
    ca: { crt: b64(s.certs.k8s.crt), key: b64(s.certs.k8s.key) },
    aggregatorCA: { crt: b64(s.certs.k8sAggregator.crt), key: b64(s.certs.k8sAggregator.key) },
    serviceAccount: { key: b64(s.certs.k8sServiceAccount.key) },
    apiServer,
    controllerManager: { image: `registry.k8s.io/kube-controller-manager:v${k8s}` },
    proxy: { image: `registry.k8s.io/kube-proxy:v${k8s}` },
    scheduler: { image: `registry.k8s.io/kube-scheduler:v${k8s}` },
    discovery: discovery(input),
    etcd: { ca: { crt: b64(s.certs.etcd.crt), key: b64(s.certs.etcd.key) } },
  };
  if (input.allowSchedulingOnControlPlanes) cluster.allowSchedulingOnControlPlanes = true;
  return [{ version: 'v1alpha1', debug: false, persist: true, machine, cluster }, ...extraDocuments(input)];
}

function workerDocuments(input: ResolvedMachineConfigInput): ConfigDocument[] {
  const s = input.secrets;
  const machine = machineBase(input, { crt: b64(s.certs.os.crt), key: '' });
  if (Object.keys(input.nodeLabels).length > 0) machine.nodeLabels = { ...input.nodeLabels };
  const cluster: ConfigObject = {
    id: s.cluster.id,
    secret: s.cluster.secret,
    controlPlane: { endpoint: input.endpoint },
    clusterName: input.clusterName,
    network: network(input),
    token: s.secrets.bootstrapToken,
    ca: { crt: b64(s.certs.k8s.crt), key: '' },
    discovery: discovery(input),
  };
  return [{ version: 'v1alpha1', debug: false, persist: true, machine, cluster }, ...extraDocuments(input)];
}

/** Documents after the v1alpha1 one, in the order Talos appends them (then ours, as patches would). */
function extraDocuments(input: ResolvedMachineConfigInput): ConfigDocument[] {
  const docs: ConfigDocument[] = [];
  if (contractFeatures.multidocNetwork(input.contract)) {
    docs.push(
      input.hostname === undefined ? { apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' } : { apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: input.hostname },
    );
  }
  if (input.kubeSpan) {
    if (!contractFeatures.kubeSpanDocument(input.contract)) {
      throw new MachineConfigInputError('kubeSpan', `KubeSpan for contract ${formatContract(input.contract)} needs machine.network.kubespan; use contract v1.13`);
    }
    docs.push({ apiVersion: 'v1alpha1', kind: 'KubeSpanConfig', enabled: true });
  }
  if (input.vip) docs.push({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: input.vip.address, link: input.vip.link });
  return docs;
}

/**
 * The machine configuration as documents (plain objects, YAML field names), for callers that patch
 * before serialising. Deterministic: the same input always gives the same documents.
 */
export function generateMachineConfigDocuments(input: MachineConfigInput): ConfigDocument[] {
  const resolved = resolveMachineConfigInput(input);
  const generator = GENERATORS.find((g) => g.supports(resolved.contract));
  if (!generator) throw new MachineConfigInputError('contract', `no generator for contract ${formatContract(resolved.contract)}`);
  return generator.generate(resolved);
}

/** Serialises documents exactly as Talos encodes them (v1alpha1 first, `---` separators, 4-space indent). */
export function serializeMachineConfig(docs: readonly ConfigDocument[]): string {
  return encodeMachineConfig(docs);
}

/** The machine configuration YAML as `talosctl gen config` writes it (without comments). */
export function generateMachineConfig(input: MachineConfigInput): string {
  return serializeMachineConfig(generateMachineConfigDocuments(input));
}
