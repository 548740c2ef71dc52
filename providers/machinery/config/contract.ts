/**
 * The Talos machine-config contract: which Talos minor release a generated config must be
 * compatible with (talosctl --talos-version, TF talos_version). It selects the emitted fields, not
 * the installed Talos version.
 */
export interface TalosContract {
  readonly major: number;
  readonly minor: number;
}

export class ContractError extends Error {}

/** The Talos release whose machinery this generator mirrors (default installer tag). */
export const TALOS_MACHINERY_VERSION = 'v1.13.9';
export const DEFAULT_INSTALLER_REPOSITORY = 'ghcr.io/siderolabs/installer';

interface ContractFacts {
  /** Oldest supported Kubernetes minor (inclusive). */
  readonly kubernetesMin: readonly [number, number];
  /** Newest supported Kubernetes minor (inclusive). */
  readonly kubernetesMax: readonly [number, number];
  /** DefaultKubernetesVersion of that Talos line. */
  readonly defaultKubernetes: string;
}

/** Contracts this generator emits, with the Kubernetes range of each Talos line (compatibility/talos1xx). */
const SUPPORTED: ReadonlyMap<string, ContractFacts> = new Map([
  ['v1.12', { kubernetesMin: [1, 30], kubernetesMax: [1, 35], defaultKubernetes: '1.35.4' }],
  ['v1.13', { kubernetesMin: [1, 31], kubernetesMax: [1, 36], defaultKubernetes: '1.36.3' }],
]);

/** Contracts Talos knows but this generator does not emit, with the reason. */
const KNOWN_UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ['v1.14', 'Talos 1.14 moves most settings into new documents (KubeletConfig, KubeAPIServerConfig, ...); that generator is not implemented yet'],
]);

export const SUPPORTED_CONTRACTS: readonly string[] = [...SUPPORTED.keys()];
export const DEFAULT_CONTRACT: TalosContract = { major: 1, minor: 13 };

export function formatContract(contract: TalosContract): string {
  return `v${contract.major}.${contract.minor}`;
}

/**
 * Parses `v1.13`, `1.13` or a full Talos version (`v1.13.9`) into a supported contract.
 * @throws ContractError naming the value and the supported contracts.
 */
export function parseContract(text: string, field = 'talosVersion'): TalosContract {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+(?:[-+][0-9A-Za-z.+-]*)?)?$/.exec(typeof text === 'string' ? text.trim() : '');
  if (!m) throw new ContractError(`${field}: "${String(text)}" is not a Talos version; expected vMAJOR.MINOR such as v1.13`);
  const contract = { major: Number(m[1]), minor: Number(m[2]) };
  const name = formatContract(contract);
  if (!SUPPORTED.has(name)) {
    const why = KNOWN_UNSUPPORTED.get(name);
    throw new ContractError(`${field}: contract ${name} is not supported${why ? ` (${why})` : ''}; supported: ${SUPPORTED_CONTRACTS.join(', ')}`);
  }
  return contract;
}

export function isSupportedContract(contract: TalosContract): boolean {
  return SUPPORTED.has(formatContract(contract));
}

/** Talos' VersionContract.Greater: strictly newer than major.minor. */
export function contractNewerThan(contract: TalosContract, major: number, minor: number): boolean {
  return contract.major > major || (contract.major === major && contract.minor > minor);
}

export function compareContracts(a: TalosContract, b: TalosContract): number {
  return a.major - b.major || a.minor - b.minor;
}

function facts(contract: TalosContract): ContractFacts {
  const f = SUPPORTED.get(formatContract(contract));
  if (!f) throw new ContractError(`contract ${formatContract(contract)} is not supported; supported: ${SUPPORTED_CONTRACTS.join(', ')}`);
  return f;
}

export function defaultKubernetesVersion(contract: TalosContract = DEFAULT_CONTRACT): string {
  return facts(contract).defaultKubernetes;
}

export interface KubernetesRange {
  readonly min: string;
  readonly max: string;
}

/** Supported Kubernetes minors for a contract, e.g. 1.31–1.36 for v1.13. */
export function kubernetesRange(contract: TalosContract): KubernetesRange {
  const f = facts(contract);
  return { min: f.kubernetesMin.join('.'), max: f.kubernetesMax.join('.') };
}

/**
 * Validates a Kubernetes version (`1.36.3` or `v1.36.3`, pre-releases allowed) against the contract
 * and returns it without the leading `v`, as Talos uses it in image tags.
 */
export function validateKubernetesVersion(version: string, contract: TalosContract, field = 'kubernetesVersion'): string {
  const text = typeof version === 'string' ? version.trim().replace(/^v/, '') : '';
  const m = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(text);
  if (!m) throw new ContractError(`${field}: "${String(version)}" is not a Kubernetes version; expected MAJOR.MINOR.PATCH such as ${defaultKubernetesVersion(contract)}`);
  const f = facts(contract);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const below = major < f.kubernetesMin[0] || (major === f.kubernetesMin[0] && minor < f.kubernetesMin[1]);
  const above = major > f.kubernetesMax[0] || (major === f.kubernetesMax[0] && minor > f.kubernetesMax[1]);
  if (below || above) {
    const range = kubernetesRange(contract);
    throw new ContractError(`${field}: Kubernetes ${text} is too ${below ? 'old' : 'new'} for Talos contract ${formatContract(contract)}; supported ${range.min}.x to ${range.max}.x`);
  }
  return text;
}

// Contract-dependent generator behaviour (Talos VersionContract predicates used by the generator).
export const contractFeatures = {
  /** `machine.network: {}` placeholder: up to 1.12. */
  emptyMachineNetwork: (c: TalosContract) => !contractNewerThan(c, 1, 12),
  /** KubeSpan as a KubeSpanConfig document rather than machine.network.kubespan: from 1.13. */
  kubeSpanDocument: (c: TalosContract) => contractNewerThan(c, 1, 12),
  /** HostnameConfig document, Layer2VIPConfig, grubUseUKICmdline, multi-doc registry mirrors: from 1.12. */
  multidocNetwork: (c: TalosContract) => contractNewerThan(c, 1, 11),
  /** apiServer.certSANs gets the endpoint host: up to 1.11 only. */
  endpointInAPIServerSANs: (c: TalosContract) => !contractNewerThan(c, 1, 11),
} as const;
