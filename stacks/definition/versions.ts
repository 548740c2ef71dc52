/**
 * Talos and Kubernetes versions of a definition. `talos.version` is either a full release
 * (`v1.13.9`: the image and installer tag) or a contract (`v1.13`: the newest release of that line
 * we know). The contract selects the machine-config shape and the Kubernetes range.
 */
import { ContractError, defaultKubernetesVersion, formatContract, kubernetesRange, parseContract, validateKubernetesVersion, type TalosContract } from '../../providers/machinery/config/contract';

/** Newest release of each supported Talos line (talos.md §1). */
export const LATEST_TALOS_RELEASES: Readonly<Record<string, string>> = {
  'v1.12': 'v1.12.11',
  'v1.13': 'v1.13.9',
};

const FULL_RELEASE = /^v(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;
/** Talos pre-release tags: `-alpha.N`, `-beta.N`, `-rc.N`. */
const PRE_RELEASE = /^-(alpha|beta|rc)\.\d+$/;

/** The patch number of `v1.13.9`. */
function patchOf(release: string): number {
  return Number((FULL_RELEASE.exec(release) as RegExpExecArray)[3]);
}

/** Every release of the supported lines we know: `v1.13.0` up to the newest of each line. */
export const KNOWN_TALOS_RELEASES: readonly string[] = Object.entries(LATEST_TALOS_RELEASES).flatMap(([line, latest]) => Array.from({ length: patchOf(latest) + 1 }, (_, p) => `${line}.${p}`));

/** The known release closest to `value` (same line; else the newest release we know). */
export function nearestTalosRelease(value: string): string {
  const m = FULL_RELEASE.exec(value) ?? /^v(\d+)\.(\d+)$/.exec(value);
  const line = m ? `v${Number(m[1])}.${Number(m[2])}` : undefined;
  const latest = line !== undefined ? LATEST_TALOS_RELEASES[line] : undefined;
  if (latest === undefined) return LATEST_TALOS_RELEASES[formatContract({ major: 1, minor: 13 })] ?? Object.values(LATEST_TALOS_RELEASES).at(-1) ?? 'v1.13.9';
  const patch = m?.[3] !== undefined ? Number(m[3]) : patchOf(latest);
  return `${line}.${Math.min(patch, patchOf(latest))}`;
}
const CONTRACT_ONLY = /^v\d+\.\d+$/;

export interface TalosVersions {
  /** Machine-config contract, e.g. `v1.13`. */
  readonly contract: string;
  /** Talos release of the boot image and the installer, e.g. `v1.13.9`. */
  readonly release: string;
  /** Kubernetes version without `v`, e.g. `1.36.3`. */
  readonly kubernetesVersion: string;
}

function stripField(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

/** The problem with a `talos.version` value, or undefined when it is usable. */
export function checkTalosVersion(value: string): string | undefined {
  if (!FULL_RELEASE.test(value) && !CONTRACT_ONLY.test(value)) {
    return `${JSON.stringify(value)} is not a Talos version; write a release such as v1.13.9 or a contract such as v1.13 (with the leading v)`;
  }
  try {
    const contract = formatContract(parseContract(value, 'version'));
    const latest = LATEST_TALOS_RELEASES[contract];
    if (CONTRACT_ONLY.test(value) && !latest) return `no known release for ${contract}; give the full release, e.g. ${contract}.0`;
    const m = FULL_RELEASE.exec(value);
    if (m && latest) {
      // An unknown release has no boot image or installer: the deploy would fail at download time.
      if (Number(m[3]) > patchOf(latest)) return `${JSON.stringify(value)} is not a known Talos release; the newest ${contract} release is ${latest} (known: ${contract}.0 to ${latest})`;
      if (m[4] !== undefined && !PRE_RELEASE.test(m[4])) return `${JSON.stringify(value)} is not a Talos release tag; pre-releases are written like ${contract}.0-beta.1 or ${contract}.0-rc.1`;
      if (/^v0\d|\.0\d/.test(value)) return `${JSON.stringify(value)} has leading zeros; Talos tags have none`;
    }
  } catch (err) {
    if (err instanceof ContractError) return stripField(err.message, 'version');
    throw err;
  }
  return undefined;
}

export function talosContract(value: string): TalosContract {
  return parseContract(value, 'talos.version');
}

export function talosRelease(value: string): string {
  return CONTRACT_ONLY.test(value) ? LATEST_TALOS_RELEASES[formatContract(talosContract(value))] : value;
}

/** The problem with a Kubernetes version under the given Talos version, or undefined. */
export function checkKubernetesVersion(value: unknown, talosVersion: string): string | undefined {
  if (typeof value !== 'string') return `${JSON.stringify(value)} is not a version string (quote it in YAML: "1.36.3")`;
  const contract = talosContract(talosVersion);
  try {
    validateKubernetesVersion(value, contract, 'version');
    return undefined;
  } catch (err) {
    if (err instanceof ContractError) return stripField(err.message, 'version');
    throw err;
  }
}

/** An example Kubernetes version that fits the Talos version (its default). */
export function kubernetesExample(talosVersion: string): string {
  return defaultKubernetesVersion(talosContract(talosVersion));
}

export function describeKubernetesRange(talosVersion: string): string {
  const r = kubernetesRange(talosContract(talosVersion));
  return `${r.min}.x to ${r.max}.x`;
}

/** Resolves the versions of a validated definition (the Kubernetes default is the contract's). */
export function resolveVersions(talosVersion: string, kubernetesVersion: string | undefined): TalosVersions {
  const contract = talosContract(talosVersion);
  return {
    contract: formatContract(contract),
    release: talosRelease(talosVersion),
    kubernetesVersion: validateKubernetesVersion(kubernetesVersion ?? defaultKubernetesVersion(contract), contract, 'kubernetes.version'),
  };
}
