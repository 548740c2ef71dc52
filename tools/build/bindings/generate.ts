/**
 * CDKTF TypeScript bindings from a provider schema, without a registry or `cdktf get`: the
 * generator cdktf-cli bundles (`@cdktf/provider-generator`) fed a `terraform providers schema -json`
 * document. Output is what `cdktf get` writes to `.gen/providers/<name>/`, placed in `outDir`,
 * plus a `bindings.json` manifest. Reused for bpg/proxmox and for our own providers.
 *
 * One set of bindings serves both CDK flavours: the generator writes `import * as cdktf from 'cdktf'`,
 * rewritten here to the core module beside the provider folders (providers/bindings/cdk-core.ts),
 * which loads cdktf or CDK Terrain's cdktn. Apart from that import, CDK Terrain's generator
 * (@cdktn/provider-generator 0.24) writes the same code for our schemas.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listTree, schemaSha256, treeSha256 } from './digest';
import { MANIFEST_FILE, serializeManifest, type BindingsManifest } from './manifest';
import { assertExactVersion, parseProviderSource } from './provider-address';
import { parseProviderSchemaDocument, selectEntities, type EntitySelection } from './schema-document';

export type { BindingsManifest } from './manifest';
export type { EntitySelection, ProviderSchemaDocument } from './schema-document';
export { MANIFEST_FILE, readBindingsManifest } from './manifest';

export const GENERATOR_PACKAGE = '@cdktf/provider-generator';

/** The core module the bindings import, beside the provider folders (`<outDir>/../cdk-core.ts`). */
export const CORE_MODULE = 'cdk-core';
const GENERATED_CORE_IMPORT = "import * as cdktf from 'cdktf';";

/**
 * Points every generated file's core import at CORE_MODULE (relative to where outDir will be);
 * fails when the generator wrote the import in a form this does not know, rather than leave a
 * file importing 'cdktf' directly.
 */
export async function retargetCoreImports(producedDir: string, files: readonly string[]): Promise<void> {
  for (const rel of files.filter((f) => f.endsWith('.ts'))) {
    const file = path.join(producedDir, rel);
    const text = await fs.readFile(file, 'utf8');
    const count = text.split(GENERATED_CORE_IMPORT).length - 1;
    if (count === 0 && !/['"]cdktf['"]/.test(text)) continue;
    if (count !== 1 || /from ['"]cdktf['"]/.test(text.replace(GENERATED_CORE_IMPORT, ''))) {
      throw new Error(`${rel}: the generator imports the CDK core in an unexpected form (expected one line ${GENERATED_CORE_IMPORT}); update retargetCoreImports`);
    }
    // outDir's parent holds CORE_MODULE: the specifier depends only on the file's depth in outDir.
    const target = path.posix.relative(path.posix.dirname(`parent/out/${rel}`), `parent/${CORE_MODULE}`);
    await fs.writeFile(file, text.replace(GENERATED_CORE_IMPORT, `import * as cdktf from '${target}';`));
  }
}

export interface GenerateProviderBindingsOptions {
  /** Parsed `terraform providers schema -json` output holding the provider. Validated here. */
  schemaJson: unknown;
  /** `bpg/proxmox` or `ptc.internal/ptc/talos`; written as-is into `required_providers.source`. */
  source: string;
  /**
   * Exact provider version the schema came from (`0.111.1`). cdktf 0.21 writes this exact version
   * into `required_providers` (its generated metadata prefers it over any constraint), so the
   * bindings pin it, as `cdktf get` does for `ns/name@0.111.1`.
   */
  version: string;
  /** Directory that will hold exactly the bindings (replaced on every run). */
  outDir: string;
  /** Generate only these entities (a deliberate filter to keep compile time down). Default: all. */
  include?: EntitySelection;
}

export interface GeneratedBindings {
  outDir: string;
  manifest: BindingsManifest;
  /** Provider name as used for the bindings' folder and `ProviderName`Provider class (`proxmox`). */
  providerName: string;
  resourceTypes: string[];
  dataSourceTypes: string[];
  /** Generated files relative to outDir (the manifest excluded). */
  files: string[];
}

/** Version of the installed generator: recorded in the manifest, since its output changes with it. */
export async function generatorVersion(): Promise<string> {
  const pkg = JSON.parse(await fs.readFile(require.resolve(`${GENERATOR_PACKAGE}/package.json`), 'utf8')) as { version: string };
  return pkg.version;
}

/** outDir is wiped on each run; refuse when it holds something other than generated bindings. */
async function assertReplaceable(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(outDir);
  } catch {
    return;
  }
  if (entries.length > 0 && !entries.includes(MANIFEST_FILE)) {
    throw new Error(`outDir ${outDir}: not empty and has no ${MANIFEST_FILE}; refusing to replace it (pick an empty or generated directory)`);
  }
}

export async function generateProviderBindings(options: GenerateProviderBindingsOptions): Promise<GeneratedBindings> {
  if (!options || typeof options !== 'object') throw new Error('generateProviderBindings: options object required');
  if (typeof options.outDir !== 'string' || options.outDir === '') throw new Error('outDir: required (directory for the bindings)');
  const address = parseProviderSource(options.source);
  const version = assertExactVersion(options.version);
  const outDir = path.resolve(options.outDir);
  await assertReplaceable(outDir);

  const doc = parseProviderSchemaDocument(options.schemaJson, address.fqpn);
  const selected = selectEntities(doc, address.fqpn, options.include);
  // The cdktf sanitizer mutates; clone so callers' documents stay as read.
  const schema = structuredClone(selected);
  schema.provider_versions = { [address.fqpn]: version };

  // Loaded lazily (require, not import(), so the CommonJS test transform keeps it synchronous):
  // @cdktf/commons runs `terraform version` when first loaded.
  const { TerraformProviderGenerator, CodeMaker } = require('@cdktf/provider-generator') as typeof import('@cdktf/provider-generator');
  const commons = require('@cdktf/commons') as typeof import('@cdktf/commons');
  // `cdktf get` sanitizes every schema it reads (doubled collection types); do the same.
  const { sanitizeProviderSchema } = require('@cdktf/provider-schema/src/provider-schema') as typeof import('@cdktf/provider-schema/src/provider-schema');
  sanitizeProviderSchema(schema);
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  const target = new commons.ConstructsMakerProviderTarget(new commons.TerraformProviderConstraint(`${address.source}@${version}`), commons.Language.TYPESCRIPT);
  generator.generate(target);

  // Stage beside outDir so the final move is a rename on the same filesystem.
  await fs.mkdir(path.dirname(outDir), { recursive: true });
  const staging = await fs.mkdtemp(path.join(path.dirname(outDir), `.${path.basename(outDir)}.staging-`));
  try {
    await code.save(staging);
    const produced = path.join(staging, 'providers', target.name);
    await retargetCoreImports(produced, await listTree(produced));
    const digest = await treeSha256(produced);
    const providerEntry = schema.provider_schemas?.[address.fqpn];
    const manifest: BindingsManifest = {
      source: address.source,
      fqpn: address.fqpn,
      version,
      schemaSha256: schemaSha256(doc),
      generator: { package: GENERATOR_PACKAGE, version: await generatorVersion() },
      include: options.include ? { resources: [...options.include.resources].sort(), dataSources: [...options.include.dataSources].sort() } : null,
      files: digest.files.length,
      filesSha256: digest.sha256,
    };
    await fs.writeFile(path.join(produced, MANIFEST_FILE), serializeManifest(manifest));
    await fs.rm(outDir, { recursive: true, force: true });
    await fs.rename(produced, outDir);
    return {
      outDir,
      manifest,
      providerName: target.name,
      resourceTypes: Object.keys(providerEntry?.resource_schemas ?? {}),
      dataSourceTypes: Object.keys(providerEntry?.data_source_schemas ?? {}),
      files: digest.files,
    };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}
