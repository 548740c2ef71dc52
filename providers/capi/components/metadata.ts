/**
 * Provider release metadata (metadata.yaml, clusterctl.cluster.x-k8s.io/v1alpha3 Metadata) and the
 * contract checks clusterctl runs before installing: each release series maps to a Cluster API
 * contract, and every provider must implement a contract the core provider is compatible with.
 */
import { yamlLib } from '../../kernel/lazy';
import type { ReleaseVersion } from './versions';

export interface ReleaseSeries {
  readonly major: number;
  readonly minor: number;
  readonly contract: string;
}

export interface ProviderMetadata {
  readonly releaseSeries: readonly ReleaseSeries[];
}

export class MetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataError';
  }
}

const METADATA_API_VERSION = 'clusterctl.cluster.x-k8s.io/v1alpha3';

/** Parses metadata.yaml; `where` names the file and provider in errors. */
export function parseMetadata(text: string, where: string): ProviderMetadata {
  let doc: unknown;
  try {
    doc = yamlLib().parse(text);
  } catch (err) {
    throw new MetadataError(`${where} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const d = doc as { apiVersion?: unknown; kind?: unknown; releaseSeries?: unknown } | null;
  if (!d || d.apiVersion !== METADATA_API_VERSION || d.kind !== 'Metadata') {
    throw new MetadataError(`${where} must be a ${METADATA_API_VERSION} Metadata document (got apiVersion ${String(d?.apiVersion)}, kind ${String(d?.kind)})`);
  }
  if (!Array.isArray(d.releaseSeries) || d.releaseSeries.length === 0) throw new MetadataError(`${where} has no releaseSeries`);
  const releaseSeries = d.releaseSeries.map((s: unknown, i: number) => {
    const r = s as { major?: unknown; minor?: unknown; contract?: unknown };
    if (typeof r.contract !== 'string' || !r.contract) throw new MetadataError(`${where}: releaseSeries[${i}].contract is missing`);
    // clusterctl reads absent numbers as 0 (omitempty fields).
    const major = r.major === undefined ? 0 : Number(r.major);
    const minor = r.minor === undefined ? 0 : Number(r.minor);
    if (!Number.isInteger(major) || !Number.isInteger(minor)) throw new MetadataError(`${where}: releaseSeries[${i}] major/minor must be integers`);
    return { major, minor, contract: r.contract };
  });
  return { releaseSeries };
}

/** The contract of the release series `version` belongs to, or undefined when no series matches. */
export function contractOf(metadata: ProviderMetadata, version: ReleaseVersion): string | undefined {
  return metadata.releaseSeries.find((s) => s.major === version.major && s.minor === version.minor)?.contract;
}

/** Contracts a core provider of `contract` accepts: itself, and v1beta1 while v1beta2 keeps it "temporarily compatible". */
export function compatibleContracts(contract: string): ReadonlySet<string> {
  return new Set(contract === 'v1beta2' ? ['v1beta2', 'v1beta1'] : [contract]);
}
