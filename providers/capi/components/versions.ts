/** Release versions as clusterctl reads them: `v` + semver, with optional pre-release (e.g. v1.1.0-rc.2). */

export interface ReleaseVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly string[];
  readonly raw: string;
}

const SEMVER = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export class VersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VersionError';
  }
}

/** Parses a release tag; `field` names the attribute in the error. */
export function parseReleaseVersion(raw: string, field = 'version'): ReleaseVersion {
  const m = SEMVER.exec(raw);
  if (!m) throw new VersionError(`${field} must be a release tag such as v1.12.11 (v + semantic version), got ${JSON.stringify(raw)}`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ? m[4].split('.') : [], raw };
}

/** Problem with a release tag, for schema validators (undefined when fine). */
export function releaseVersionProblem(raw: string): string | undefined {
  return SEMVER.test(raw) ? undefined : `must be a release tag such as v1.12.11 (v + semantic version), got ${JSON.stringify(raw)}`;
}

function comparePre(a: readonly string[], b: readonly string[]): number {
  // A release (no pre-release part) sorts after any of its pre-releases.
  if (a.length === 0 || b.length === 0) return (a.length === 0 ? 1 : 0) - (b.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const na = /^\d+$/.test(a[i]);
    const nb = /^\d+$/.test(b[i]);
    if (na && nb) {
      const d = Number(a[i]) - Number(b[i]);
      if (d !== 0) return Math.sign(d);
    } else if (na !== nb) return na ? -1 : 1;
    else if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Semantic-version order (a pre-release sorts before its release). */
export function compareVersions(a: ReleaseVersion, b: ReleaseVersion): number {
  return Math.sign(a.major - b.major) || Math.sign(a.minor - b.minor) || Math.sign(a.patch - b.patch) || comparePre(a.prerelease, b.prerelease);
}

/** Parses a Kubernetes server gitVersion such as v1.36.3 or v1.31.2+k3s1 into major.minor.patch. */
export function parseKubernetesVersion(gitVersion: string): ReleaseVersion | undefined {
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(gitVersion);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: [], raw: gitVersion } : undefined;
}
