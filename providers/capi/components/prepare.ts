/**
 * Prepares an install without touching any cluster: reads every provider's components and
 * metadata, checks the contracts the way clusterctl does, substitutes variables and runs the
 * transformations. All problems are collected, so one run reports every missing variable and
 * every unreachable file, and nothing is changed when any is found.
 */
import { PROVIDERS, METADATA_FILE, type ProviderSpec, type VersionAttribute } from './catalog';
import type { ImageOverride } from './images';
import { inventoryObject, type InventoryProvider } from './inventory';
import { compatibleContracts, contractOf, MetadataError, parseMetadata } from './metadata';
import { ComponentFetchError, readReleaseFile, type SourceOptions } from './source';
import { commonLabels, ComponentsError, processComponents, type ProcessedComponents } from './transform';
import { MissingVariablesError, TemplateError } from './variables';
import { compareVersions, parseReleaseVersion, VersionError, type ReleaseVersion } from './versions';

export type ProviderVersions = Readonly<Record<VersionAttribute, string>>;

export interface PrepareInput {
  readonly versions: ProviderVersions;
  readonly variables: ReadonlyMap<string, string>;
  readonly imageOverrides: readonly ImageOverride[];
  readonly source: SourceOptions;
}

export interface PreparedProvider {
  readonly spec: ProviderSpec;
  readonly version: string;
  readonly contract: string;
  readonly components: ProcessedComponents;
  readonly inventory: InventoryProvider;
  /** Path or URL the components came from. */
  readonly origin: string;
}

export interface PreparedInstall {
  readonly providers: readonly PreparedProvider[];
  readonly warnings: readonly string[];
}

/** What went wrong, and which resource attribute it concerns. */
export interface PrepareProblem {
  readonly attribute: VersionAttribute | 'variables' | 'overrides_dir';
  readonly message: string;
}

export class PrepareError extends Error {
  constructor(readonly problems: readonly PrepareProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'PrepareError';
  }
}

/** The contract this project's objects are written for (cluster.x-k8s.io/v1beta2). */
export const REQUIRED_CORE_CONTRACT = 'v1beta2';

function attributeForError(err: unknown, spec: ProviderSpec): PrepareProblem['attribute'] {
  if (err instanceof MissingVariablesError) return 'variables';
  return spec.versionAttribute;
}

/** Pairs of releases known to work together, beyond the contract rules (from the providers' READMEs). */
function combinationWarnings(v: Record<string, ReleaseVersion>): string[] {
  const out: string[] = [];
  const core = v.core_version;
  const infra = v.infrastructure_version;
  if (infra.major === 0 && infra.minor === 9 && !(core.major === 1 && (core.minor === 11 || core.minor === 12))) {
    out.push(`CAPMOX ${infra.raw} is documented for Cluster API v1.11 and v1.12, not ${core.raw}; test this combination before relying on it`);
  }
  return out;
}

/** Hard compatibility rules that metadata.yaml does not express. */
function combinationErrors(v: Record<string, ReleaseVersion>): PrepareProblem[] {
  const infra = v.infrastructure_version;
  const ipam = v.ipam_version;
  if (infra.major === 0 && infra.minor >= 8 && compareVersions(ipam, parseReleaseVersion('v1.1.0-rc.0')) < 0) {
    return [{ attribute: 'ipam_version', message: `CAPMOX ${infra.raw} needs the in-cluster IPAM provider v1.1.0 or later (its v1beta2 contract), got ${ipam.raw}` }];
  }
  return [];
}

export async function prepareInstall(input: PrepareInput): Promise<PreparedInstall> {
  const problems: PrepareProblem[] = [];
  const parsed: Record<string, ReleaseVersion> = {};
  for (const spec of PROVIDERS) {
    try {
      parsed[spec.versionAttribute] = parseReleaseVersion(input.versions[spec.versionAttribute], spec.versionAttribute);
    } catch (err) {
      if (!(err instanceof VersionError)) throw err;
      problems.push({ attribute: spec.versionAttribute, message: err.message });
    }
  }
  if (problems.length > 0) throw new PrepareError(problems);
  problems.push(...combinationErrors(parsed));

  // Read every provider's files (in parallel: they are independent downloads).
  const fetched = await Promise.all(
    PROVIDERS.map(async (spec) => {
      const version = input.versions[spec.versionAttribute];
      const file = (name: string) => readReleaseFile({ component: spec.manifestLabel, repository: spec.repository, version, file: name }, input.source);
      try {
        const [metadata, components] = await Promise.all([file(METADATA_FILE), file(spec.componentsFile)]);
        return { spec, version, metadata, components };
      } catch (err) {
        if (!(err instanceof ComponentFetchError)) throw err;
        problems.push({ attribute: spec.versionAttribute, message: err.message });
        return undefined;
      }
    }),
  );

  const contracts = new Map<string, string>();
  for (const f of fetched) {
    if (!f) continue;
    try {
      const metadata = parseMetadata(f.metadata.text, `${f.spec.manifestLabel} ${f.version} ${METADATA_FILE} (${f.metadata.origin})`);
      const contract = contractOf(metadata, parsed[f.spec.versionAttribute]);
      if (!contract) {
        const series = metadata.releaseSeries.map((s) => `${s.major}.${s.minor}`).join(', ');
        throw new MetadataError(`${f.spec.manifestLabel} ${f.version} does not match any release series of its metadata.yaml (available: ${series})`);
      }
      contracts.set(f.spec.manifestLabel, contract);
    } catch (err) {
      if (!(err instanceof MetadataError)) throw err;
      problems.push({ attribute: f.spec.versionAttribute, message: err.message });
    }
  }
  const coreSpec = PROVIDERS[0];
  const coreContract = contracts.get(coreSpec.manifestLabel);
  if (coreContract !== undefined) {
    if (coreContract !== REQUIRED_CORE_CONTRACT) {
      problems.push({
        attribute: 'core_version',
        message: `cluster-api ${input.versions.core_version} implements the ${coreContract} contract; this project writes ${REQUIRED_CORE_CONTRACT} objects, so use Cluster API v1.11 or later`,
      });
    } else {
      const accepted = compatibleContracts(coreContract);
      for (const spec of PROVIDERS.slice(1)) {
        const c = contracts.get(spec.manifestLabel);
        if (c !== undefined && !accepted.has(c)) {
          problems.push({
            attribute: spec.versionAttribute,
            message: `${spec.manifestLabel} ${input.versions[spec.versionAttribute]} implements the ${c} contract, while the core provider ${input.versions.core_version} accepts ${[...accepted].join(', ')}`,
          });
        }
      }
    }
  }

  const providers: PreparedProvider[] = [];
  for (const f of fetched) {
    if (!f) continue;
    try {
      const components = processComponents({
        component: f.spec.manifestLabel,
        rawYaml: f.components.text,
        targetNamespace: f.spec.namespace,
        variables: input.variables,
        imageOverrides: input.imageOverrides,
        labels: commonLabels(f.spec.manifestLabel),
      });
      providers.push({
        spec: f.spec,
        version: f.version,
        contract: contracts.get(f.spec.manifestLabel) ?? '',
        components,
        inventory: inventoryObject(f.spec, f.version),
        origin: f.components.origin,
      });
    } catch (err) {
      if (!(err instanceof MissingVariablesError || err instanceof ComponentsError || err instanceof TemplateError)) throw err;
      problems.push({ attribute: attributeForError(err, f.spec), message: `${err.message} (${f.components.origin})` });
    }
  }
  if (problems.length > 0) throw new PrepareError(problems);

  const warnings = combinationWarnings(parsed);
  const used = new Set(providers.flatMap((p) => p.components.variables.map((v) => v.name)));
  const unused = [...input.variables.keys()].filter((k) => !used.has(k)).sort();
  if (unused.length > 0) warnings.push(`variables not used by any provider's components (typo?): ${unused.join(', ')}`);
  return { providers, warnings };
}
