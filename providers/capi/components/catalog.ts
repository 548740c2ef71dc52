/**
 * The Cluster API providers this project installs, as clusterctl knows them: name, type, manifest
 * label, release repository, components file and target namespace; plus the pinned, verified set
 * of versions (CAPI v1.12 core with CABPT v0.6, CACPPT v0.5, CAPMOX v0.9, IPAM in-cluster v1.1).
 */

export type ProviderType = 'CoreProvider' | 'BootstrapProvider' | 'ControlPlaneProvider' | 'InfrastructureProvider' | 'IPAMProvider';

/** The resource attribute that pins each provider's version. */
export type VersionAttribute = 'core_version' | 'bootstrap_version' | 'control_plane_version' | 'infrastructure_version' | 'ipam_version';

export interface ProviderSpec {
  /** clusterctl provider name (`providerName` of the inventory object). */
  readonly name: string;
  readonly type: ProviderType;
  /** `cluster.x-k8s.io/provider` label value and inventory object name. */
  readonly manifestLabel: string;
  /** GitHub owner/repo whose releases carry the components. */
  readonly repository: string;
  readonly componentsFile: string;
  /** Namespace the provider runs in (clusterctl's default target namespace). */
  readonly namespace: string;
  readonly versionAttribute: VersionAttribute;
  readonly defaultVersion: string;
}

/** clusterctl's manifest label: the type prefix plus the provider name (core: the name alone). */
export function manifestLabel(name: string, type: ProviderType): string {
  const prefix: Record<ProviderType, string> = {
    CoreProvider: '',
    BootstrapProvider: 'bootstrap-',
    ControlPlaneProvider: 'control-plane-',
    InfrastructureProvider: 'infrastructure-',
    IPAMProvider: 'ipam-',
  };
  return `${prefix[type]}${name}`;
}

function spec(s: Omit<ProviderSpec, 'manifestLabel'>): ProviderSpec {
  return { ...s, manifestLabel: manifestLabel(s.name, s.type) };
}

/** In clusterctl's install order: core, bootstrap, control plane, infrastructure, IPAM. */
export const PROVIDERS: readonly ProviderSpec[] = [
  spec({
    name: 'cluster-api',
    type: 'CoreProvider',
    repository: 'kubernetes-sigs/cluster-api',
    componentsFile: 'core-components.yaml',
    namespace: 'capi-system',
    versionAttribute: 'core_version',
    defaultVersion: 'v1.12.10',
  }),
  spec({
    name: 'talos',
    type: 'BootstrapProvider',
    repository: 'siderolabs/cluster-api-bootstrap-provider-talos',
    componentsFile: 'bootstrap-components.yaml',
    namespace: 'cabpt-system',
    versionAttribute: 'bootstrap_version',
    defaultVersion: 'v0.6.12',
  }),
  spec({
    name: 'talos',
    type: 'ControlPlaneProvider',
    repository: 'siderolabs/cluster-api-control-plane-provider-talos',
    componentsFile: 'control-plane-components.yaml',
    namespace: 'cacppt-system',
    versionAttribute: 'control_plane_version',
    defaultVersion: 'v0.5.13',
  }),
  spec({
    name: 'proxmox',
    type: 'InfrastructureProvider',
    repository: 'ionos-cloud/cluster-api-provider-proxmox',
    componentsFile: 'infrastructure-components.yaml',
    namespace: 'capmox-system',
    versionAttribute: 'infrastructure_version',
    defaultVersion: 'v0.9.0',
  }),
  spec({
    name: 'in-cluster',
    type: 'IPAMProvider',
    repository: 'kubernetes-sigs/cluster-api-ipam-provider-in-cluster',
    componentsFile: 'ipam-components.yaml',
    namespace: 'capi-ipam-in-cluster-system',
    versionAttribute: 'ipam_version',
    defaultVersion: 'v1.1.0',
  }),
];

/** Every release carries this file next to the components. */
export const METADATA_FILE = 'metadata.yaml';

/** cert-manager as clusterctl installs it (the `cert-manager` overrides folder, release asset cert-manager.yaml). */
export const CERT_MANAGER = {
  label: 'cert-manager',
  repository: 'cert-manager/cert-manager',
  componentsFile: 'cert-manager.yaml',
  namespace: 'cert-manager',
  /** clusterctl v1.12.10's default (CertManagerDefaultVersion), i.e. what `clusterctl init` of the pinned core installs. */
  defaultVersion: 'v1.20.3',
} as const;

/** The pinned release of the provider behind a version attribute. */
export function defaultVersionOf(attribute: VersionAttribute): string {
  const p = PROVIDERS.find((x) => x.versionAttribute === attribute);
  if (!p) throw new Error(`no provider for ${attribute}`);
  return p.defaultVersion;
}

export function providerByLabel(label: string): ProviderSpec | undefined {
  return PROVIDERS.find((p) => p.manifestLabel === label);
}

/** Install order as clusterctl sorts provider types. */
export function typeOrder(type: ProviderType): number {
  return ['CoreProvider', 'BootstrapProvider', 'ControlPlaneProvider', 'InfrastructureProvider', 'IPAMProvider'].indexOf(type);
}
